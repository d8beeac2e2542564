// SPDX-License-Identifier: GPL-2.0-only
/*
 * Dom0less domain building: for each "xen,domain" node MEM's dom0less_parse
 * found under /chosen, create the domain, give it RAM, load the kernel
 * (honouring the arm64 Image header), the ramdisk and a generated DT, and
 * start vCPU0 at the kernel entry with x0 = the DT's address. Each phase is
 * printed so that a guest that does not boot can be diagnosed from one screen.
 */
#include <basalt/dom0less.h>
#include <basalt/domain.h>
#include <basalt/errno.h>
#include <basalt/event.h>
#include <basalt/guest_fdt.h>
#include <basalt/hypercall.h>
#include <basalt/guest_layout.h>
#include <basalt/irq.h>
#include <basalt/lib.h>
#include <basalt/p2m.h>
#include <basalt/page_alloc.h>
#include <basalt/fdt.h>
#include <basalt/xen_domain.h>
#include <basalt/xmalloc.h>
#include <libfdt.h>

#define SZ_2M	       (2UL << 20)
#define GUEST_FDT_SIZE (64UL << 10)
#define GUEST_NR_SPIS  64 /* virtual SPIs 32..95: the vPL011 and room for more */

/* arm64 Image header (Documentation/arch/arm64/booting.rst), little-endian. */
#define IMAGE_MAGIC	      0x644d5241U /* "ARM\x64" */
#define IMAGE_HDR_TEXT_OFFSET 8
#define IMAGE_HDR_IMAGE_SIZE  16
#define IMAGE_HDR_MAGIC	      56
#define IMAGE_HDR_SIZE	      64

/* The descriptions live as long as the hypervisor: reboot rebuilds from them. */
static struct dom0less_domain dom0less_cfgs[DOM0LESS_MAX_DOMAINS];
/* The id each description got at boot (< 0: not built); a reboot keeps it. */
static int dom0less_domids[DOM0LESS_MAX_DOMAINS];
/* Set once the boot-time static channels are bound: later builds rejoin theirs. */
static bool static_evtchns_bound;

struct kernel_layout {
	ipa_t load;    /* where the image is copied; also the entry point */
	uint64_t span; /* bytes the kernel may use from @load (image_size) */
	bool is_image; /* had an arm64 Image header */
};

static uint64_t le64_at(const uint8_t *p)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

/* Where the kernel goes: a 2 MiB aligned base in bank 0 plus text_offset. */
static int kernel_place(const struct dom0less_domain *cfg, ipa_t ram_base, uint64_t ram_size,
			struct kernel_layout *k)
{
	const uint8_t *hdr = phys_to_virt(cfg->kernel.start);
	uint64_t text_offset = 0, image_size = cfg->kernel.size;

	k->is_image = cfg->kernel.size >= IMAGE_HDR_SIZE &&
		      (uint32_t)le64_at(hdr + IMAGE_HDR_MAGIC) == IMAGE_MAGIC;
	if (k->is_image) {
		text_offset = le64_at(hdr + IMAGE_HDR_TEXT_OFFSET);
		image_size = le64_at(hdr + IMAGE_HDR_IMAGE_SIZE);
		/* image_size 0: a pre-3.17 kernel with the historical text_offset. */
		if (image_size == 0) {
			text_offset = 0x80000;
			image_size = cfg->kernel.size;
		}
	}
	image_size = MAX(image_size, cfg->kernel.size);
	k->load = ALIGN_UP(ram_base, SZ_2M) + text_offset;
	k->span = image_size;
	if (k->load + k->span > ram_base + ram_size)
		return -ENOMEM;
	return 0;
}

static int domain_load_ram(struct domain *d, const struct dom0less_domain *cfg,
			   struct guest_fdt_params *fp)
{
	uint64_t base[GUEST_RAM_BANKS], len[GUEST_RAM_BANKS];
	unsigned int i, n;
	int rc;

	d->ram_bytes = cfg->memory_kib * 1024;
	n = guest_ram_split(d->ram_bytes, base, len);
	for (i = 0; i < n; i++) {
		rc = p2m_populate_ram(&d->p2m, base[i], len[i]);
		if (rc) {
			printk_level(LOG_ERROR, "d%u: RAM %#llx+%#llx: %d\n", d->id,
				     (unsigned long long)base[i], (unsigned long long)len[i], rc);
			return rc;
		}
		printk("d%u: RAM %#llx-%#llx (%llu MiB)\n", d->id, (unsigned long long)base[i],
		       (unsigned long long)(base[i] + len[i] - 1),
		       (unsigned long long)(len[i] >> 20));
		fp->mem[i].base = base[i];
		fp->mem[i].size = len[i];
	}
	fp->nr_mem = n;
	return 0;
}

/*
 * Load kernel, ramdisk and DT: kernel near the start of bank 0, the DT in the
 * last 2 MiB of bank 0 and the ramdisk right below it (as Xen does).
 */
static int domain_load_images(struct domain *d, const struct dom0less_domain *cfg,
			      struct guest_fdt_params *fp, ipa_t *entry, ipa_t *dtb)
{
	ipa_t bank0_end = fp->mem[0].base + fp->mem[0].size;
	struct kernel_layout k;
	void *fdt = NULL;
	ipa_t initrd = 0;
	int rc;

	rc = kernel_place(cfg, fp->mem[0].base, fp->mem[0].size, &k);
	if (rc) {
		printk_level(LOG_ERROR, "d%u: kernel (%llu bytes) does not fit in RAM\n", d->id,
			     (unsigned long long)k.span);
		return rc;
	}
	*dtb = ALIGN_DOWN(bank0_end - SZ_2M, SZ_2M);
	if (cfg->ramdisk.size) {
		initrd = ALIGN_DOWN(*dtb - cfg->ramdisk.size, PAGE_SIZE);
		if (initrd < k.load + k.span) {
			printk_level(LOG_ERROR, "d%u: kernel and ramdisk do not fit in %llu MiB\n",
				     d->id, (unsigned long long)(fp->mem[0].size >> 20));
			return -ENOMEM;
		}
	}
	rc = p2m_copy_to_ipa(&d->p2m, k.load, phys_to_virt(cfg->kernel.start), cfg->kernel.size);
	if (rc)
		return rc;
	printk("d%u: kernel %s %#llx-%#llx (%llu KiB) from %#llx, entry %#llx\n", d->id,
	       k.is_image ? "Image" : "raw", (unsigned long long)k.load,
	       (unsigned long long)(k.load + k.span - 1),
	       (unsigned long long)(cfg->kernel.size >> 10), (unsigned long long)cfg->kernel.start,
	       (unsigned long long)k.load);
	if (cfg->ramdisk.size) {
		rc = p2m_copy_to_ipa(&d->p2m, initrd, phys_to_virt(cfg->ramdisk.start),
				     cfg->ramdisk.size);
		if (rc)
			return rc;
		printk("d%u: ramdisk %#llx-%#llx (%llu KiB)\n", d->id, (unsigned long long)initrd,
		       (unsigned long long)(initrd + cfg->ramdisk.size - 1),
		       (unsigned long long)(cfg->ramdisk.size >> 10));
	}
	fp->initrd_start = initrd;
	fp->initrd_size = cfg->ramdisk.size;

	fdt = xmalloc_bytes(GUEST_FDT_SIZE);
	if (!fdt)
		return -ENOMEM;
	rc = guest_fdt_build(fp, fdt, GUEST_FDT_SIZE);
	if (rc == 0)
		rc = p2m_copy_to_ipa(&d->p2m, *dtb, fdt, fdt_totalsize(fdt));
	if (rc == 0)
		printk("d%u: DT at %#llx (%u bytes), %u vCPUs, GICv%u%s, bootargs \"%s\"\n", d->id,
		       (unsigned long long)*dtb, fdt_totalsize(fdt), fp->nr_vcpus, fp->gic_version,
		       fp->uart ? ", vPL011" : "", fp->bootargs ? fp->bootargs : "");
	xfree(fdt);
	*entry = k.load;
	return rc;
}

/*
 * A domain rebuilt after a reboot gets its static event channels back on the
 * ports its description declares: each one re-attaches to the peer port the
 * previous incarnation left unbound, or waits for a peer that is down itself.
 */
static int domain_rejoin_static(struct domain *d, const struct dom0less_domain *cfg)
{
	struct xen_domain *xd = xen_domain_get(d->id);
	unsigned int i;
	int rc = 0;

	if (!xd)
		return -ESRCH;
	for (i = 0; i < cfg->nr_evtchns && rc >= 0; i++) {
		const struct dom0less_evtchn *e = &cfg->evtchn[i];
		int peer = e->peer_domain >= 0 ? dom0less_domids[e->peer_domain] : -1;

		if (peer < 0)
			continue; /* dom0's end, or a peer that was never built: as at boot */
		rc = evtchn_static_rejoin(xd, e->local_port, (domid_t)peer, e->peer_port);
		if (rc < 0)
			printk_level(LOG_ERROR, "d%u: static event channel %u -> d%d:%u: %d\n",
				     d->id, e->local_port, peer, e->peer_port, rc);
		else
			printk("d%u: static event channel %u %s d%d:%u\n", d->id, e->local_port,
			       rc ? "re-attached to" : "waits for", peer, e->peer_port);
	}
	xen_domain_put(xd);
	return rc < 0 ? rc : 0;
}

int domain_rebuild(const struct dom0less_domain *cfg, int domid)
{
	struct domain_create_params cp = {
	    .name = cfg->name,
	    .max_vcpus = cfg->cpus,
	    .gic_version = gic_hw()->version,
	    .nr_spis = GUEST_NR_SPIS,
	    /* A guest without the Xen ABI has no other console. */
	    .vpl011 = cfg->vpl011 || !cfg->xen_enhanced,
	    .domid = domid,
	};
	struct guest_fdt_params fp = {0};
	struct domain *d;
	ipa_t entry, dtb;
	int rc;

	d = domain_create(&cp, &rc);
	if (!d) {
		printk_level(LOG_ERROR, "%s: domain creation failed (%d)\n", cfg->name, rc);
		return rc;
	}
	d->cfg = cfg;
	printk("d%u (%s): building: %u vCPUs, %llu MiB, GICv%u\n", d->id, d->name, cfg->cpus,
	       (unsigned long long)(cfg->memory_kib >> 10), cp.gic_version);
	fp.nr_vcpus = cfg->cpus;
	fp.gic_version = cp.gic_version;
	fp.bootargs = cfg->bootargs[0] ? cfg->bootargs : NULL;
	fp.uart = cp.vpl011;
	/* xen,enhanced: the Xen ABI (hypercalls, PV console, /hypervisor node). */
	fp.xen = cfg->xen_enhanced;
	rc = domain_load_ram(d, cfg, &fp);
	if (rc == 0 && cfg->xen_enhanced)
		rc = domain_xen_init(d, NULL);
	if (rc == 0 && cfg->xen_enhanced &&
	    __atomic_load_n(&static_evtchns_bound, __ATOMIC_ACQUIRE))
		rc = domain_rejoin_static(d, cfg);
	if (rc == 0)
		rc = domain_load_images(d, cfg, &fp, &entry, &dtb);
	if (rc) {
		printk_level(LOG_ERROR, "d%u (%s): build failed (%d)\n", d->id, d->name, rc);
		domain_abort_build(d);
		return rc;
	}
	vcpu_arch_reset(d->vcpus[0], entry, dtb);
	rc = domain_start(d);
	printk("d%u (%s): started, %zu pages free\n", d->id, d->name, page_alloc_free_count());
	return rc ? rc : d->id;
}

int domain_build_dom0less(void)
{
	unsigned int i, count = 0;
	int rc, failed = 0;

	rc = dom0less_parse(host_fdt(), dom0less_cfgs, DOM0LESS_MAX_DOMAINS, &count);
	if (rc) {
		printk_level(LOG_ERROR, "dom0less: bad domain description in the host DT (%d)\n",
			     rc);
		return rc;
	}
	printk("dom0less: %u domain(s), %zu pages free before building\n", count,
	       page_alloc_free_count());
	for (i = 0; i < count; i++) {
		dom0less_domids[i] = domain_rebuild(&dom0less_cfgs[i], -1);
		if (dom0less_domids[i] < 0)
			failed = -EINVAL;
	}
	/* Static event channels (xen,evtchn) between the domains just built. */
	if (!failed && domain_xen_bind_static(dom0less_domids, dom0less_cfgs, count))
		failed = -EINVAL;
	__atomic_store_n(&static_evtchns_bound, true, __ATOMIC_RELEASE);
	return failed;
}
