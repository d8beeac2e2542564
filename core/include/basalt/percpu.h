/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Physical CPUs: per-CPU data (reached through TPIDR_EL2 on the hardware,
 * through a plain variable in host unit tests), bring-up and cross-CPU calls.
 */
#ifndef BASALT_PERCPU_H
#define BASALT_PERCPU_H

#include <basalt/types.h>

#define NR_CPUS		16 /* most pCPUs the hypervisor drives */
#define PCPU_STACK_SIZE (16 * 1024)

struct vcpu;
struct cpu_user_regs;

struct pcpu {
	unsigned int id;   /* logical CPU number, 0 = boot CPU */
	uint64_t mpidr;	   /* MPIDR_EL1 affinity (Aff3..Aff0) */
	struct vcpu *curr; /* VM: the vCPU running here, NULL when idle */
	void *sched;	   /* VM: scheduler's per-CPU state */
	bool online;	   /* finished bring-up */
	void *stack_top;   /* initial SP_EL2 (empty stack) */
	/* The frame an interrupt interrupted (debug key 'd'), or NULL. */
	struct cpu_user_regs *irq_regs;
	void *timers;	  /* PLAT: software timer queue (timer.c) */
	uint64_t nr_irqs; /* interrupts taken on this CPU */
	/* VM: the frame of the guest exit being handled here, or NULL. */
	struct cpu_user_regs *guest_frame;
	/* VM: re-run the scheduling policy at the next exit (any pCPU may set it). */
	bool sched_resched;
};

/*
 * This CPU's data; valid from the first instruction of C on every CPU:
 * struct pcpu *this_cpu(void) and unsigned int smp_processor_id(void). The
 * arch header makes them inline, since every guest exit uses them several
 * times (under QEMU's TCG each call and return is a translation-block lookup).
 */
#include <asm/percpu.h>
/* CPUs that completed bring-up (the boot CPU counts from the start). */
unsigned int nr_online_cpus(void);
/* CPUs the host DT lists (online or not). */
unsigned int nr_possible_cpus(void);
/* Per-CPU data of CPU @id (0 <= id < nr_possible_cpus()). */
struct pcpu *pcpu_of(unsigned int id);

/*
 * Run @fn(@data) on CPU @cpu in interrupt context (SGI 1). With @wait, return
 * only when it has finished. Calling it for the current CPU runs @fn directly.
 * Returns 0, or -EINVAL for a CPU that is not online.
 */
int smp_call_function(unsigned int cpu, void (*fn)(void *data), void *data, bool wait);

/* Stop every other CPU (SGI 2) and this one: used by panic. */
void __noreturn smp_halt_all(void);

/*
 * After bring-up every CPU calls this (VM's scheduler); PLAT's weak default
 * idles with WFI, taking interrupts, and VM's real scheduler overrides it.
 */
void __noreturn sched_start_cpu(void);

#endif
