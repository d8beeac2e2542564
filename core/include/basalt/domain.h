/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Domains: lifecycle (create, build, start, pause, shutdown, destroy), the
 * domain list, and the per-domain state other subsystems embed or hang here:
 * MEM's stage-2 tables (struct p2m), the virtual GIC (struct vgic_dist), the
 * emulated MMIO ranges, XEN's event/grant state (->xen).
 */
#ifndef BASALT_DOMAIN_H
#define BASALT_DOMAIN_H

#include <basalt/types.h>
#include <basalt/list.h>
#include <basalt/spinlock.h>
#include <basalt/mmio.h>
#include <basalt/p2m.h>
#include <basalt/vgic.h>
#include <basalt/vcpu.h>
#include <asm/domain.h>

struct dom0less_domain;
struct domain_xen; /* XEN's per-domain state (events, grants, shared_info, ...) */
struct vpl011;

#define DOMAIN_MAX_VCPUS  8
#define DOMAIN_NAME_LEN	  64
#define DOMID_FIRST_GUEST 1

enum domain_state {
	DOMAIN_BUILDING, /* created, being built, vCPUs not yet started */
	DOMAIN_RUNNING,	 /* started (may be paused: see pause_count) */
	DOMAIN_SHUTDOWN, /* shut down, waiting to be destroyed or rebuilt */
	DOMAIN_DYING,	 /* being torn down */
};

struct domain {
	domid_t id;
	char name[DOMAIN_NAME_LEN];
	enum domain_state state;
	unsigned int shutdown_reason; /* SHUTDOWN_* from <xen/sched.h> */
	unsigned int pause_count;     /* domain_pause nesting */
	int refcnt;		      /* domain_find/domain_put; list holds one */
	spinlock_t lock;
	struct list_head list; /* on the domain list */

	unsigned int max_vcpus;
	struct vcpu *vcpus[DOMAIN_MAX_VCPUS];
	unsigned int sched_weight;
	uint64_t ram_bytes;
	uint64_t created_ns;

	struct p2m p2m;
	struct vgic_dist vgic;
	bool vgic_ready; /* vgic_domain_init succeeded: destroy it on teardown */
	struct mmio_handlers mmio;
	struct vpl011 *vpl011;
	struct arch_domain arch;
	struct domain_xen *xen;

	/* dom0less description it was built from (kept for reboot), or NULL. */
	const struct dom0less_domain *cfg;
};

/* Parameters of domain_create. */
struct domain_create_params {
	const char *name;
	unsigned int max_vcpus;
	unsigned int gic_version; /* 2 or 3 */
	unsigned int nr_spis;	  /* virtual SPIs beyond INTID 32 */
	unsigned int weight;	  /* 0 = SCHED_DEFAULT_WEIGHT */
	bool vpl011;
	int domid; /* < 0: allocate */
};

/*
 * Create an empty domain: VMID and stage-2 tables, vGIC, vCPUs (all down),
 * optional vPL011. It is on the domain list in DOMAIN_BUILDING state.
 * Returns the domain or NULL with *@err set (negative errno).
 */
struct domain *domain_create(const struct domain_create_params *p, int *err);
/* Drop a domain whose build failed (it never ran). */
void domain_abort_build(struct domain *d);
/* Move a built domain to DOMAIN_RUNNING and power on vCPU0 (at the entry set by the builder). */
int domain_start(struct domain *d);
/* Pause/unpause every vCPU (nesting). */
void domain_pause(struct domain *d);
void domain_unpause(struct domain *d);
/*
 * Shut the domain down with a SHUTDOWN_* reason: its vCPUs stop at once; the
 * teardown happens soon after on a pCPU that runs none of them. poweroff and
 * crash destroy the domain (a crash keeps its console log), reboot destroys and
 * rebuilds it from the same dom0less description. Callable from the domain's
 * own vCPU. Returns -EINVAL for an unknown reason.
 */
int domain_shutdown(struct domain *d, unsigned int reason);
/* Tear down a domain that runs nowhere, returning all its memory. */
void domain_destroy(struct domain *d);
/* Destroy/rebuild the domains whose shutdown is pending. */
void domain_reap_pending(void);
/* Domains shut down and not yet reaped (domain.c). */
extern unsigned int shutdowns_pending;
/* The scheduler's check on every guest exit: inline, as it almost never has work. */
static inline void domain_reap(void)
{
	if (__atomic_load_n(&shutdowns_pending, __ATOMIC_ACQUIRE))
		domain_reap_pending();
}

/* Register debug key 'q' (domains and vCPUs). */
void domain_keys_init(void);

/* Look up by id, taking a reference; NULL if none. */
struct domain *domain_find(domid_t id);
void domain_put(struct domain *d);
struct vcpu *domain_vcpu(struct domain *d, unsigned int id);
/* The domain list (under domlist_lock) for walkers such as the scheduler. */
extern struct list_head domain_list;
extern spinlock_t domlist_lock;

/* Build and start every dom0less domain described in the host DT. */
int domain_build_dom0less(void);
/*
 * Create, build (RAM, kernel, ramdisk, guest DT, vCPU0 entry) and start the
 * domain @cfg describes, with domain id @domid (< 0: allocate one). Used at
 * boot and by reboot. Returns the domain id or a negative errno.
 */
int domain_rebuild(const struct dom0less_domain *cfg, int domid);

/* Arch hooks (core/arch/arm64/domain_arch.c). */
int domain_arch_init(struct domain *d, const struct domain_create_params *p);
void domain_arch_destroy(struct domain *d);

/* XEN's per-domain hooks domain_xen_init/destroy are in <basalt/hypercall.h>. */

#endif
