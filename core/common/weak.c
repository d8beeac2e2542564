// SPDX-License-Identifier: GPL-2.0-only
/*
 * Weak defaults for what other parts of the hypervisor provide, so the bare
 * platform boots on its own: VM's scheduler and guest trap handlers override
 * every one of these. None pretends to run guests: a guest trap without VM's
 * code panics.
 */
#include <basalt/lib.h>
#include <basalt/percpu.h>
#include <basalt/irq.h>
#include <asm/regs.h>
#include <asm/irqflags.h>

/* Idle: take interrupts (timers, debug keys, SGIs) and wait. */
__attribute__((weak)) void sched_start_cpu(void)
{
	local_irq_enable();
	for (;;)
		__asm__ volatile("wfi");
}

__attribute__((weak)) void sched_ipi(void)
{
}

__attribute__((weak)) void do_trap_guest_sync(struct cpu_user_regs *regs)
{
	panic("guest trap (ESR %#lx) without VM support", (unsigned long)regs->esr);
}

__attribute__((weak)) void do_trap_guest_irq(struct cpu_user_regs *regs)
{
	irq_handle();
}

__attribute__((weak)) void do_trap_guest_serror(struct cpu_user_regs *regs)
{
	printk_guest_ratelimited("SError from a guest at PC %#lx (ESR %#lx): ignored\n",
				 (unsigned long)regs->pc, (unsigned long)regs->esr);
}
