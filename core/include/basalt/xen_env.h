/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the Xen ABI code needs from the rest of the hypervisor: the current
 * vCPU, scheduling, stage-2 updates, memory, time and the console. The
 * hypervisor implements these in core/common/xen_env.c on top of VM's,
 * MEM's, VGIC's and PLAT's interfaces; host unit tests implement them over a
 * simulated guest physical memory.
 */
#ifndef BASALT_XEN_ENV_H
#define BASALT_XEN_ENV_H

#include <basalt/types.h>
#ifndef BASALT_HOST_TEST
#include <basalt/vcpu.h>
#endif

struct xen_domain;
struct xen_vcpu;

/* The vCPU whose hypercall is being handled (inline: several times per hypercall). */
#ifdef BASALT_HOST_TEST
struct xen_vcpu *xen_current(void);
#else
static inline struct xen_vcpu *xen_current(void)
{
	struct vcpu *v = current_vcpu();

	return v ? (struct xen_vcpu *)v->xen : NULL;
}
#endif

/* Drive the event upcall PPI (31) of @xv's vCPU. */
void xen_env_upcall_level(struct xen_vcpu *xv, bool asserted);
/*
 * The same from @xv's own pCPU on its way into the guest, where the line
 * nearly always has that level already: then it costs no vGIC lock.
 */
void xen_env_upcall_resample(struct xen_vcpu *xv, bool asserted);
/* Wake @xv if it is blocked (event, poll). */
void xen_env_vcpu_kick(struct xen_vcpu *xv);
/*
 * Block the current vCPU after this hypercall until kicked or @deadline_ns
 * (0: none). A kick after this call cancels the block.
 */
void xen_env_vcpu_block(struct xen_vcpu *xv, uint64_t deadline_ns);
void xen_env_vcpu_yield(struct xen_vcpu *xv);
/* SHUTDOWN_* for the domain (poweroff/crash destroy it, reboot rebuilds it). */
int xen_env_domain_shutdown(struct xen_domain *xd, unsigned int reason);

/* Stage-2 of a domain. */
enum xen_map_kind { XEN_MAP_RW, XEN_MAP_RO };
/*
 * Hold / drop a reference on host page @pa, so it is not freed (or reused)
 * while the Xen ABI code relies on it. -EINVAL if @pa is not an allocated page.
 */
int xen_env_page_ref(paddr_t pa);
void xen_env_page_unref(paddr_t pa);
/*
 * Remove @gfn only if it still maps host page @pa as xen_env_physmap_add put
 * it there (a grant mapping the guest may since have replaced). -ENOENT if not.
 */
int xen_env_physmap_remove_mapping(struct xen_domain *xd, uint64_t gfn, paddr_t pa);
/* Map host page @pa at @gfn (replacing what was there), holding a page reference. */
int xen_env_physmap_add(struct xen_domain *xd, uint64_t gfn, paddr_t pa, enum xen_map_kind k);
/* Remove whatever is at @gfn (a RAM page there is given back). 0 or -ENOENT. */
int xen_env_physmap_remove(struct xen_domain *xd, uint64_t gfn);
/* Is @gfn writable/readable RAM of @xd (not a foreign or hypervisor page)? Its PA. */
int xen_env_ram_lookup(struct xen_domain *xd, uint64_t gfn, paddr_t *pa, bool *writable);
/* Balloon: put a fresh RAM page at @gfn. */
int xen_env_ram_populate(struct xen_domain *xd, uint64_t gfn);
uint64_t xen_env_ram_pages(struct xen_domain *xd);

/* Hypervisor memory. */
void *xen_env_zalloc(size_t size);
void xen_env_free(void *p);
void *xen_env_alloc_page(void); /* zeroed 4 KiB page, NULL if none */
void xen_env_free_page(void *va);

/* Data cache maintenance on a host range (GNTTABOP_cache_flush). */
void xen_env_cache_clean(paddr_t pa, size_t len);
void xen_env_cache_inval(paddr_t pa, size_t len);

uint64_t xen_env_now_ns(void);
/* Wall clock seconds at boot (shared_info.wc_*), 0 if unknown. */
uint64_t xen_env_boot_wallclock(void);

/* Console: output of a domain (tagged "(dN)"), and the hypervisor console input. */
void xen_env_console_write(domid_t id, const char *buf, size_t len);
/* Register @xd's PV console as input target; @input is called with received chars. */
void xen_env_console_attach(struct xen_domain *xd, void (*input)(domid_t id, char c, void *data),
			    void *data);
void xen_env_console_detach(struct xen_domain *xd);
/*
 * A console owner's CONSOLEIO input: while the console input is on @xd, hand
 * each character to @reader as well (before its vPL011 or PV ring gets it).
 * Detach returns once no call to @reader is in flight.
 */
void xen_env_console_reader_attach(struct xen_domain *xd,
				   void (*reader)(domid_t id, char c, void *data), void *data);
void xen_env_console_reader_detach(struct xen_domain *xd);

/* Hypervisor command line (XENVER_commandline). */
const char *xen_env_cmdline(void);

#endif
