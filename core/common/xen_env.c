/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The Xen ABI's view of the rest of the hypervisor (xen_env.h) on top of
 * VM's domains and vCPUs, MEM's p2m and allocator, VGIC and PLAT's console
 * and timers; and the VM-facing hooks of hypercall.h.
 */
#include <basalt/xen_env.h>
#include <basalt/console.h>
#include <basalt/dom0less.h>
#include <basalt/domain.h>
#include <basalt/errno.h>
#include <basalt/fdt.h>
#include <basalt/guest_layout.h>
#include <basalt/hypercall.h>
#include <basalt/lib.h>
#include <basalt/p2m.h>
#include <basalt/page_alloc.h>
#include <basalt/time.h>
#include <basalt/vcpu.h>
#include <basalt/vgic.h>
#include <basalt/xen_domain.h>
#include <basalt/xmalloc.h>
#include <asm/cache.h>
#include <libfdt.h>

/* VM keeps opaque pointers to our state (struct domain_xen / vcpu_xen). */
static struct xen_domain *xd_of(struct domain *d)
{
	return (struct xen_domain *)d->xen;
}

static struct xen_vcpu *xv_of(struct vcpu *v)
{
	return v ? (struct xen_vcpu *)v->xen : NULL;
}

struct xen_vcpu_env {
	struct timer poll_timer; /* ends a SCHEDOP_poll with a timeout */
};

static void poll_timeout(void *data)
{
	struct xen_vcpu *xv = data;

	xv->polling = false;
	vcpu_kick(xv->vcpu);
}

int domain_xen_init(struct domain *d, const struct xen_domain_config *cfg)
{
	struct xen_domain_config defaults = {
	    .console_backend = true,
	    .console_gfn = GUEST_MAGIC_BASE >> PAGE_SHIFT,
	    /* basalt,console-io in its dom0less node: reads the console (console_input.h) */
	    .console_owner = d->cfg && d->cfg->console_io,
	};
	static bool options_read;
	struct xen_domain *xd;
	unsigned int i;

	/* Domains are built at boot, one at a time: read our options before the first. */
	if (!options_read) {
		xen_abi_cmdline(xen_env_cmdline());
		options_read = true;
	}
	/* The vCPU links first: creation may already raise events (console port). */
	xd = xen_domain_create(d->id, d->max_vcpus, d, cfg ? cfg : &defaults);
	if (!xd)
		return -ENOMEM;
	for (i = 0; i < xd->nr_vcpus; i++) {
		struct xen_vcpu *xv = &xd->vcpus[i];
		struct xen_vcpu_env *env = xzalloc(struct xen_vcpu_env);

		if (!env) {
			domain_xen_destroy(d);
			return -ENOMEM;
		}
		timer_init(&env->poll_timer, poll_timeout, xv);
		xv->env = env;
		xv->vcpu = domain_vcpu(d, i);
		if (xv->vcpu)
			xv->vcpu->xen = (struct vcpu_xen *)xv;
	}
	d->xen = (struct domain_xen *)xd;
	return 0;
}

void domain_xen_destroy(struct domain *d)
{
	struct xen_domain *xd = xd_of(d);
	unsigned int i;

	if (!xd)
		return;
	for (i = 0; i < xd->nr_vcpus; i++) {
		struct xen_vcpu *xv = &xd->vcpus[i];

		if (xv->env) {
			timer_stop(&((struct xen_vcpu_env *)xv->env)->poll_timer);
			xfree(xv->env);
		}
		if (xv->vcpu)
			xv->vcpu->xen = NULL;
	}
	d->xen = NULL;
	xen_domain_destroy(xd);
}

int domain_xen_bind_static(const int *domids, const struct dom0less_domain *cfgs, unsigned int n)
{
	struct xen_domain *xds[DOM0LESS_MAX_DOMAINS] = {0};
	struct domain *doms[DOM0LESS_MAX_DOMAINS] = {0};
	unsigned int i;
	int rc;

	if (n > DOM0LESS_MAX_DOMAINS)
		return -EINVAL;
	for (i = 0; i < n; i++) {
		doms[i] = domids[i] >= 0 ? domain_find((domid_t)domids[i]) : NULL;
		xds[i] = doms[i] ? xd_of(doms[i]) : NULL;
	}
	rc = xen_dom0less_evtchns(xds, cfgs, n);
	for (i = 0; i < n; i++)
		if (doms[i])
			domain_put(doms[i]);
	return rc;
}

void xen_vcpu_runstate_change(struct vcpu *v, int new_state)
{
	struct xen_vcpu *xv = xv_of(v);

	if (xv)
		xen_vcpu_runstate(xv, new_state, now_ns());
}

void xen_env_upcall_level(struct xen_vcpu *xv, bool asserted)
{
	if (xv->vcpu)
		vgic_set_irq_level(xv->xd->dom, xv->vcpu, GUEST_XEN_EVTCHN_PPI, asserted);
}

void xen_env_upcall_resample(struct xen_vcpu *xv, bool asserted)
{
	/*
	 * Only this path lowers the line; a raise racing with the peek holds the
	 * vGIC lock, queues the interrupt and kicks us, so a stale peek is
	 * corrected at the next entry.
	 */
	if (xv->vcpu && vgic_irq_line_level(&xv->vcpu->vgic, GUEST_XEN_EVTCHN_PPI) != asserted)
		vgic_set_irq_level(xv->xd->dom, xv->vcpu, GUEST_XEN_EVTCHN_PPI, asserted);
}

void xen_env_vcpu_kick(struct xen_vcpu *xv)
{
	xv->polling = false;
	if (xv->vcpu)
		vcpu_kick(xv->vcpu);
}

void xen_env_vcpu_block(struct xen_vcpu *xv, uint64_t deadline_ns)
{
	struct xen_vcpu_env *env = xv->env;

	/* vcpu_block() only marks the vCPU: it sleeps when this exit ends. */
	if (deadline_ns)
		timer_set(&env->poll_timer, deadline_ns, xv->vcpu->processor);
	vcpu_block();
}

void xen_env_vcpu_yield(struct xen_vcpu *xv)
{
	vcpu_yield();
}

int xen_env_domain_shutdown(struct xen_domain *xd, unsigned int reason)
{
	return domain_shutdown(xd->dom, reason);
}

int xen_env_physmap_add(struct xen_domain *xd, uint64_t gfn, paddr_t pa, enum xen_map_kind k)
{
	return p2m_map(&xd->dom->p2m, gfn << PAGE_SHIFT, pa & PAGE_MASK, PAGE_SIZE,
		       k == XEN_MAP_RW ? p2m_map_foreign_rw : p2m_map_foreign_ro);
}

int xen_env_physmap_remove(struct xen_domain *xd, uint64_t gfn)
{
	if (p2m_lookup(&xd->dom->p2m, gfn << PAGE_SHIFT, NULL, NULL))
		return -ENOENT;
	return p2m_unmap(&xd->dom->p2m, gfn << PAGE_SHIFT, PAGE_SIZE);
}

int xen_env_physmap_remove_mapping(struct xen_domain *xd, uint64_t gfn, paddr_t pa)
{
	enum p2m_type t;
	paddr_t got;

	if (p2m_lookup(&xd->dom->p2m, gfn << PAGE_SHIFT, &got, &t) ||
	    (got & PAGE_MASK) != (pa & PAGE_MASK) ||
	    (t != p2m_map_foreign_rw && t != p2m_map_foreign_ro))
		return -ENOENT;
	return p2m_unmap(&xd->dom->p2m, gfn << PAGE_SHIFT, PAGE_SIZE);
}

int xen_env_page_ref(paddr_t pa)
{
	struct page_info *pg = pa_to_page(pa);

	return pg && page_get(pg) ? 0 : -EINVAL;
}

void xen_env_page_unref(paddr_t pa)
{
	page_put(pa_to_page(pa));
}

int xen_env_ram_lookup(struct xen_domain *xd, uint64_t gfn, paddr_t *pa, bool *writable)
{
	enum p2m_type t;

	if (gfn >= (1ULL << (48 - PAGE_SHIFT)) ||
	    p2m_lookup(&xd->dom->p2m, gfn << PAGE_SHIFT, pa, &t))
		return -EINVAL;
	if (t != p2m_ram_rw && t != p2m_ram_ro)
		return -EINVAL;
	*writable = t == p2m_ram_rw;
	return 0;
}

int xen_env_ram_populate(struct xen_domain *xd, uint64_t gfn)
{
	if (gfn >= (1ULL << (48 - PAGE_SHIFT)))
		return -EINVAL;
	if (!p2m_lookup(&xd->dom->p2m, gfn << PAGE_SHIFT, NULL, NULL))
		return -EBUSY;
	return p2m_populate_ram(&xd->dom->p2m, gfn << PAGE_SHIFT, PAGE_SIZE);
}

uint64_t xen_env_ram_pages(struct xen_domain *xd)
{
	return p2m_ram_pages(&xd->dom->p2m);
}

void *xen_env_zalloc(size_t size)
{
	return xzalloc_bytes(size);
}

void xen_env_free(void *p)
{
	xfree(p);
}

void *xen_env_alloc_page(void)
{
	return alloc_page_zeroed();
}

void xen_env_free_page(void *va)
{
	/* A reference, not free_pages(): a stage-2 mapping may still hold the frame. */
	page_put(pa_to_page(virt_to_phys(va)));
}

void xen_env_cache_clean(paddr_t pa, size_t len)
{
	cache_clean_range(phys_to_virt(pa), len);
}

void xen_env_cache_inval(paddr_t pa, size_t len)
{
	cache_inval_range(phys_to_virt(pa), len);
}

uint64_t xen_env_now_ns(void)
{
	return now_ns();
}

uint64_t xen_env_boot_wallclock(void)
{
	return 0; /* no RTC is read at boot: guests see 1970 + uptime */
}

void xen_env_console_write(domid_t id, const char *buf, size_t len)
{
	console_domain_write(id, buf, len);
}

void xen_env_console_attach(struct xen_domain *xd, void (*input)(domid_t, char, void *), void *data)
{
	const struct dom0less_domain *cfg = xd->dom->cfg;
	int rc = console_register_domain(xd->id, input, data);

	/*
	 * The vPL011 registered first. A guest whose console is hvc0 reads its
	 * input from the PV ring, so the ring takes the input over (the console
	 * history is kept); otherwise the vPL011 keeps it.
	 */
	if (rc == -EEXIST && cfg && strstr(cfg->bootargs, "console=hvc")) {
		console_unregister_domain(xd->id);
		rc = console_register_domain(xd->id, input, data);
	}
	xd->console_input_attached = !rc;
	if (rc)
		printk("d%u: PV console input not attached (%d): it stays on the vPL011\n", xd->id,
		       rc);
}

void xen_env_console_detach(struct xen_domain *xd)
{
	if (xd->console_input_attached)
		console_unregister_domain(xd->id);
	xd->console_input_attached = false;
}

void xen_env_console_reader_attach(struct xen_domain *xd, void (*reader)(domid_t, char, void *),
				   void *data)
{
	int rc = console_register_reader(xd->id, reader, data);

	if (rc)
		printk("d%u: console input for CONSOLEIO_read not attached (%d)\n", xd->id, rc);
}

void xen_env_console_reader_detach(struct xen_domain *xd)
{
	console_unregister_reader(xd->id);
}

/* The hypervisor's command line: /chosen xen,xen-bootargs of the host DT. */
const char *xen_env_cmdline(void)
{
	const void *fdt = host_fdt();
	int chosen = fdt ? fdt_path_offset(fdt, "/chosen") : -1;
	const char *args = chosen >= 0 ? fdt_getprop(fdt, chosen, "xen,xen-bootargs", NULL) : NULL;

	return args ? args : "";
}
