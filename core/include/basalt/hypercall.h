/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The Xen hypercall interface: HVC #0xEA1, number in x16, arguments x0-x4,
 * result in x0. traps.c calls hypercall_dispatch() for that immediate only.
 */
#ifndef BASALT_HYPERCALL_H
#define BASALT_HYPERCALL_H

#include <basalt/types.h>
#ifndef BASALT_HOST_TEST
#include <basalt/vcpu.h>
#endif

struct domain;
struct vcpu;

#define HYPERCALL_NR_ARGS    5

/*
 * Run hypercall @nr for the current vCPU with @args (x0-x4); returns the
 * value for x0 (negative Xen errno on failure, -ENOSYS for unknown numbers).
 * It may mark the current vCPU blocked (SCHEDOP_block/poll) or the domain
 * shut down; the caller then reschedules instead of returning to it.
 *
 * Long batches are cut into pieces (Xen's continuations): a hypercall that
 * did part of its work rewrites @args for the rest and returns args[0] with
 * *@restart set; the caller then moves the guest's PC back onto the HVC, so
 * the guest re-issues it (and can be preempted).
 */
long hypercall_dispatch(unsigned long nr, register_t args[HYPERCALL_NR_ARGS], bool *restart);
/* For the handlers: ask for a restart with @args already updated. */
void hypercall_set_restart(void);
/* The current hypercall's argument registers (x0-x4), to rewrite for a restart. */
register_t *hypercall_args(void);

/* Elements of a batch handled per piece. */
#define HYPERCALL_BATCH_PIECE 512

/* Domain life cycle hooks, called by VM's domain code. */
struct xen_domain_config {
	unsigned int max_grant_frames; /* 0: GNTTAB_DEFAULT_MAX_FRAMES */
	uint32_t max_evtchn_port;      /* 0: EVTCHN_DEFAULT_MAX_PORT */
	bool privileged;	       /* dom0 / control domain */
	bool console_owner;	       /* CONSOLEIO_read (privileged: always) */
	bool console_backend;	       /* hypervisor serves hvc0 (HVM params 17/18) */
	uint64_t console_gfn;	       /* frame for the PV console ring (outside RAM) */
};
int domain_xen_init(struct domain *d, const struct xen_domain_config *cfg);
void domain_xen_destroy(struct domain *d);

/*
 * vCPU hooks, called by VM's scheduler/world switch:
 * xen_vcpu_runstate_change() on every state change (keeps the registered
 * runstate area updated), xen_vcpu_enter() right before every entry into
 * the guest with the vCPU's EL1 state loaded (re-samples PPI 31's level from
 * evtchn_upcall_pending, which the guest clears itself, and writes the
 * runstate area through the guest's own translation).
 */
void xen_vcpu_runstate_change(struct vcpu *v, int new_state);
struct xen_vcpu;
/* Before entering the guest: PPI 31 level from upcall_pending, runstate area. */
void xen_vcpu_on_enter(struct xen_vcpu *xv);
#ifndef BASALT_HOST_TEST
/* Inline: on every guest entry (the work is xen_vcpu_on_enter, in xen_domain.c). */
static inline void xen_vcpu_enter(struct vcpu *v)
{
	if (v->xen)
		xen_vcpu_on_enter((struct xen_vcpu *)v->xen);
}
#endif

/* Boot options (xen_options.c): evtchn_fifo=, max_event_channels=, gnttab_max_frames=. */
void xen_abi_cmdline(const char *bootargs);
extern uint32_t xen_opt_max_evtchn_port;      /* 0: Xen's default */
extern unsigned int xen_opt_max_grant_frames; /* 0: Xen's default */

/*
 * Dom0less static event channels (xen,evtchn, parsed by MEM): bind every
 * link between the domains @xds[i] built from @cfgs[i]. Call once all are
 * created. 0 or the first error.
 */
struct xen_domain;
struct dom0less_domain;
int xen_dom0less_evtchns(struct xen_domain *const *xds, const struct dom0less_domain *cfgs,
			 unsigned int n);

/* The same for VM's dom0less builder: @domids[i] (< 0: not built) from @cfgs[i]. */
int domain_xen_bind_static(const int *domids, const struct dom0less_domain *cfgs, unsigned int n);

/* The individual hypercalls (one file each); all act for the current vCPU. */
long do_xen_version(unsigned long cmd, vaddr_t arg);
long do_memory_op(unsigned long cmd, vaddr_t arg);
long do_vcpu_op(unsigned long cmd, unsigned long vcpuid, vaddr_t arg);
long do_vm_assist(unsigned long cmd, unsigned long type);
long do_sched_op(unsigned long cmd, vaddr_t arg);
long do_hvm_op(unsigned long op, vaddr_t arg);
long do_console_io(unsigned long cmd, unsigned long count, vaddr_t buf);

#endif
