/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The scheduler's check at the end of every guest exit. Inline: nearly every
 * exit goes straight back to the same vCPU, and under QEMU's TCG a call and
 * return cost more than the check itself.
 */
#ifndef BASALT_SCHED_EXIT_H
#define BASALT_SCHED_EXIT_H

#include <basalt/domain.h>
#include <basalt/percpu.h>
#include <basalt/sched.h>
#include <basalt/vcpu.h>

/*
 * Switch vCPU if a reschedule is due: one was requested, the current vCPU
 * blocked or paused, a woken vCPU's wait is still to be accounted, or a
 * domain waits to be reaped. Interrupts masked.
 */
static inline void sched_maybe_switch(void)
{
	struct pcpu *c = this_cpu();
	struct vcpu *v = c->curr;

	if (v && !__atomic_load_n(&c->sched_resched, __ATOMIC_RELAXED) && vcpu_runnable(v) &&
	    !v->sched.woken_ns && !__atomic_load_n(&shutdowns_pending, __ATOMIC_ACQUIRE))
		return;
	sched_decide();
}

#endif
