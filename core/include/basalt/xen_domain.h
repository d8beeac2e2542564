/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Per-domain and per-vCPU state of the Xen guest ABI. VM's struct domain
 * points at a struct xen_domain (created by domain_xen_init()); the ABI code
 * works on these and reaches the rest of the hypervisor only through
 * xen_env.h, so it is unit-tested natively.
 */
#ifndef BASALT_XEN_DOMAIN_H
#define BASALT_XEN_DOMAIN_H

#include <basalt/types.h>
#include <basalt/spinlock.h>
#include <basalt/list.h>
#include <basalt/guest_access.h>
#include <basalt/event.h>
#include <basalt/grant_table.h>
#include <basalt/hypercall.h>
#include <basalt/xen_abi.h>

struct domain;
struct vcpu;

#define XEN_NR_HVM_PARAMS HVM_NR_PARAMS

/* Rate limit of CONSOLEIO_write per domain: bytes per period. */
#define CONSOLEIO_BURST_BYTES 16384
#define CONSOLEIO_PERIOD_NS   100000000ULL /* refill of the burst */

struct xen_vcpu {
	struct xen_domain *xd;
	struct vcpu *vcpu; /* VM's vCPU */
	void *env;	   /* the environment's per-vCPU data (xen_env.c: poll timer) */
	unsigned int id;

	/* vcpu_info: shared_info slot (vCPU0 before registration) or registered page. */
	xen_vcpu_info_t *vcpu_info;
	struct guest_page vcpu_info_page;
	bool vcpu_info_registered;

	/* Runstate (VCPUOP_register_runstate_memory_area): a guest VA, 0 = none. */
	vaddr_t runstate_gva;
	struct vcpu_runstate_info runstate;
	bool runstate_dirty;

	/* FIFO control block and queues (after init_control for this vCPU). */
	struct evtchn_fifo_vcpu fifo;
	bool fifo_ready;

	/* The hypercall being handled asked to be re-issued (a continuation). */
	bool restart;
	register_t *hc_args; /* the guest's x0-x4 during a hypercall */

	/* SCHEDOP_poll: blocked until a port of the domain becomes pending. */
	bool polling;

	/* VIRQs bound on this vCPU (global ones on vCPU0): port or 0. */
	uint32_t virq_port[NR_VIRQS];
};

struct xen_domain {
	domid_t id;
	uint64_t serial; /* unique per creation, never reused */
	struct domain *dom;
	unsigned int nr_vcpus;
	struct xen_vcpu *vcpus;
	bool privileged;
	bool dying;
	unsigned int refcnt; /* registry lookups in flight + 1 */
	struct list_head link;

	spinlock_t lock;		/* shared_info, params, misc state below */
	xen_shared_info_t *shared_info; /* hypervisor-owned page */
	uint64_t shared_info_gfn;	/* ~0: not in the physmap */
	uint64_t params[XEN_NR_HVM_PARAMS];
	unsigned long vm_assist;
	int shutdown_code;  /* -1: none set */
	uint64_t max_pages; /* maximum reservation */

	struct evtchn_domain evtchn;
	struct grant_table gt;

	/* console_io rate limit */
	uint64_t conio_tokens;
	uint64_t conio_last_ns;
	/* CONSOLEIO_read input ring; NULL: not a console owner (<basalt/console_input.h>). */
	struct console_input *conio_in;

	/* PV console backend (console_backend.c), NULL if not served. */
	struct xen_console *console;
	bool console_input_attached; /* xen_env: hypervisor console input feeds the ring */
};

/* Registry of live domains (hypercall.c). */
struct xen_domain *xen_domain_get(domid_t id); /* takes a reference; NULL if none/dying */
void xen_domain_put(struct xen_domain *xd);
/* DOMID_SELF -> the caller's domain; other ids looked up (ref taken either way). */
struct xen_domain *xen_domain_get_or_self(domid_t id, struct xen_domain *self);
/* Like _get_or_self, but another domain needs @self privileged: -ESRCH/-EPERM in @err. */
struct xen_domain *xen_domain_get_target(struct xen_domain *self, domid_t id, long *err);

/* Create/destroy without a VM struct domain behind (used by domain_xen_init and tests). */
struct xen_domain *xen_domain_create(domid_t id, unsigned int nr_vcpus, struct domain *dom,
				     const struct xen_domain_config *cfg);
void xen_domain_destroy(struct xen_domain *xd);

static inline struct xen_vcpu *xen_domain_vcpu(struct xen_domain *xd, unsigned int id)
{
	return id < xd->nr_vcpus ? &xd->vcpus[id] : NULL;
}

/* vCPU state hooks (the VM-facing wrappers are in hypercall.h). */
/* Account a runstate change (RUNSTATE_*) at @now_ns. */
void xen_vcpu_runstate(struct xen_vcpu *xv, int state, uint64_t now_ns);
/* Write the runstate to the registered guest area (vCPU loaded on this pCPU). */
void xen_vcpu_runstate_flush(struct xen_vcpu *xv);
/* xen_vcpu_on_enter() is declared in hypercall.h, beside its inline caller. */

/* The ABI side of the shared_info page: (re)place it at @gfn. */
int xen_shared_info_map(struct xen_domain *xd, uint64_t gfn);

#endif
