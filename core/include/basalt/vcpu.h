/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Virtual CPUs: what a vCPU is, how it runs, blocks and is woken. The arch
 * part (registers, EL1 system registers, FP/SIMD, virtual timer) is struct
 * arch_vcpu from <asm/domain.h>; the virtual GIC's per-vCPU state is struct
 * vgic_cpu from <basalt/vgic.h>; XEN hangs its per-vCPU state off ->xen.
 */
#ifndef BASALT_VCPU_H
#define BASALT_VCPU_H

#include <basalt/types.h>
#include <basalt/percpu.h>
#include <basalt/sched.h>
#include <basalt/vgic.h>
#include <asm/domain.h>

struct domain;
struct vcpu_xen; /* XEN's per-vCPU state (vcpu_info, runstate area, ...) */

/* Reasons a vCPU cannot run (vcpu->pause_flags bits). */
#define VPF_BLOCKED BIT(0) /* WFI: waits for an interrupt or its timer */
#define VPF_DOWN    BIT(1) /* powered off (PSCI), until CPU_ON */
#define VPF_PAUSED  BIT(2) /* paused by the hypervisor (domain shutdown/pause) */

struct vcpu {
	unsigned int id; /* index in the domain, == guest MPIDR Aff0 */
	struct domain *domain;

	unsigned long pause_flags; /* VPF_*; under the scheduler lock */
	bool is_running;	   /* its context is live on ->processor */
	unsigned int processor;	   /* pCPU it runs on or last ran on */

	uint64_t run_time_ns;	/* total time spent running */
	uint64_t last_start_ns; /* when it was last put on a pCPU */
	uint64_t nr_exits;	/* traps taken, for debug key 'q' */

	struct sched_unit sched;
	struct vgic_cpu vgic;
	struct arch_vcpu arch;
	struct vcpu_xen *xen;
};

/* No reason (VPF_*) keeps @v from running. */
static inline bool vcpu_runnable(const struct vcpu *v)
{
	return v->pause_flags == 0;
}

/* The vCPU running on this pCPU, or NULL in the idle loop. */
#ifdef BASALT_HOST_TEST
struct vcpu *current_vcpu(void);
#else
static inline struct vcpu *current_vcpu(void)
{
	return this_cpu()->curr;
}
#endif

/*
 * Create vCPU @id of @d (down: it starts with VPF_DOWN until vcpu_power_on).
 * Calls vgic_vcpu_init, vcpu_arch_init and sched_vcpu_init.
 */
struct vcpu *vcpu_create(struct domain *d, unsigned int id);
/* Free a vCPU that is not running (the domain is dying). */
void vcpu_destroy(struct vcpu *v);

/* Reset registers and start @v at @entry (EL1h, MMU off) with x0 = @context_id. */
void vcpu_power_on(struct vcpu *v, register_t entry, register_t context_id);
/* PSCI CPU_OFF / domain teardown: mark down and deschedule. */
void vcpu_power_off(struct vcpu *v);
bool vcpu_is_down(const struct vcpu *v);

/*
 * Wake @v if it is blocked (in WFI) and make sure it notices new work: a vCPU
 * running on another pCPU gets a reschedule SGI so it exits and sees its new
 * interrupts. Safe from interrupt context and from any pCPU.
 */
void vcpu_kick(struct vcpu *v);
/* Block the current vCPU until vcpu_kick (WFI). Returns at once if work is pending. */
void vcpu_block(void);
/* Give up the pCPU to another runnable vCPU if there is one (WFE, SCHEDOP_yield). */
void vcpu_yield(void);

/* Set/clear a pause reason, waking or descheduling as needed. */
void vcpu_pause_flag_set(struct vcpu *v, unsigned long flag);
void vcpu_pause_flag_clear(struct vcpu *v, unsigned long flag);

/* Faults delivered to the guest (at EL1, through its VBAR_EL1). */
void vcpu_inject_dabt(struct vcpu *v, vaddr_t far);
void vcpu_inject_iabt(struct vcpu *v, vaddr_t far);
void vcpu_inject_undef(struct vcpu *v);

/* Arch hooks (core/arch/arm64/vcpu_arch.c). */
int vcpu_arch_init(struct vcpu *v);
void vcpu_arch_destroy(struct vcpu *v);
void vcpu_arch_reset(struct vcpu *v, register_t entry, register_t context_id);
/* Save/restore the full guest context of @v on this pCPU (world switch). */
void vcpu_arch_save(struct vcpu *v);
void vcpu_arch_restore(struct vcpu *v);
/*
 * Whether @v's WFI and WFE trap (true, the default) or run natively: WFI then
 * sleeps the pCPU inside the guest until an interrupt arrives, WFE waits for
 * its event. For @v, loaded on this pCPU, alone on it: its wake-ups then cost
 * no block, world switch or idle loop, its spin-waits no yield. Called by the
 * scheduler at every decision.
 */
void vcpu_arch_set_wfx_trap(struct vcpu *v, bool trap);
/* Whether @v has something that ends a WFI: a pending vIRQ or an expired vtimer. */
bool vcpu_arch_wake_pending(struct vcpu *v);
/* First entry of this pCPU into a guest: load @v's saved frame and ERET. */
void __noreturn vcpu_arch_enter(struct vcpu *v);
/* Print @v's exit counts by class (debug key 'q'). */
void vcpu_arch_dump(const struct vcpu *v);
/* Program-counter of @v as last saved (debug output). */
register_t vcpu_arch_pc(const struct vcpu *v);

#endif
