// SPDX-License-Identifier: GPL-2.0-only
/*
 * C side of the EL2 vectors for exceptions taken at EL2 itself (interrupts
 * while the hypervisor runs; anything else is a hypervisor bug and panics),
 * the interrupt entry from guests, and register dumps.
 */
#include <basalt/lib.h>
#include <basalt/percpu.h>
#include <basalt/irq.h>
#include <asm/regs.h>
#include <asm/sysregs.h>
#include <asm/backtrace.h>
#include <basalt/panic.h>

void do_trap_hyp_sync(struct cpu_user_regs *regs);
void do_trap_hyp_serror(struct cpu_user_regs *regs);
void do_trap_hyp_bad(struct cpu_user_regs *regs);
void do_trap_hyp_irq(struct cpu_user_regs *regs);
void trap_guest_irq_entry(struct cpu_user_regs *regs);
void trap_guest_fiq_entry(struct cpu_user_regs *regs);
void __noreturn panic_regs(const struct cpu_user_regs *regs, const char *what);

static const char *const esr_class_names[64] = {
    [ESR_EC_UNKNOWN] = "UNKNOWN",
    [ESR_EC_WFX] = "WFI/WFE",
    [ESR_EC_CP15_32] = "CP15_32",
    [ESR_EC_CP15_64] = "CP15_64",
    [ESR_EC_CP14_MR] = "CP14_MR",
    [ESR_EC_CP14_LS] = "CP14_LS",
    [ESR_EC_FP_ASIMD] = "FP_ASIMD",
    [ESR_EC_CP10_ID] = "CP10_ID",
    [ESR_EC_CP14_64] = "CP14_64",
    [ESR_EC_ILL] = "ILLEGAL_STATE",
    [ESR_EC_SVC32] = "SVC32",
    [ESR_EC_HVC32] = "HVC32",
    [ESR_EC_SMC32] = "SMC32",
    [ESR_EC_SVC64] = "SVC64",
    [ESR_EC_HVC64] = "HVC64",
    [ESR_EC_SMC64] = "SMC64",
    [ESR_EC_SYS64] = "SYSREG",
    [ESR_EC_SVE] = "SVE",
    [ESR_EC_IABT_LOW] = "IABT_LOW",
    [ESR_EC_IABT_CUR] = "IABT_CUR",
    [ESR_EC_PC_ALIGN] = "PC_ALIGN",
    [ESR_EC_DABT_LOW] = "DABT_LOW",
    [ESR_EC_DABT_CUR] = "DABT_CUR",
    [ESR_EC_SP_ALIGN] = "SP_ALIGN",
    [ESR_EC_FP_EXC64] = "FP_EXC64",
    [ESR_EC_SERROR] = "SERROR",
    [ESR_EC_BREAKPT_LOW] = "BREAKPT_LOW",
    [ESR_EC_BREAKPT_CUR] = "BREAKPT_CUR",
    [ESR_EC_SOFTSTP_LOW] = "SOFTSTP_LOW",
    [ESR_EC_SOFTSTP_CUR] = "SOFTSTP_CUR",
    [ESR_EC_WATCHPT_LOW] = "WATCHPT_LOW",
    [ESR_EC_WATCHPT_CUR] = "WATCHPT_CUR",
    [ESR_EC_BRK64] = "BRK64",
};

const char *esr_class_name(uint64_t esr)
{
	const char *n = esr_class_names[ESR_EC(esr)];

	return n ? n : "RESERVED";
}

void show_regs(const struct cpu_user_regs *regs)
{
	printk_level(LOG_ERROR, "PC  %016lx  CPSR %08lx (%s)  SP %016lx\n", (unsigned long)regs->pc,
		     (unsigned long)regs->cpsr, regs_from_guest(regs) ? "guest" : "EL2",
		     (unsigned long)regs->sp_el0);
	if (!regs_from_guest(regs)) {
		vaddr_t off = 0;
		const char *sym = symbol_lookup(regs->pc, &off);

		if (sym)
			printk_level(LOG_ERROR, "PC is at %s+%#lx\n", sym, (unsigned long)off);
	}
	printk_level(LOG_ERROR, "ESR %08lx (%s)  FAR %016lx  HPFAR %016lx\n",
		     (unsigned long)regs->esr, esr_class_name(regs->esr), (unsigned long)regs->far,
		     (unsigned long)regs->hpfar);
	for (unsigned int i = 0; i < 31; i += 3) {
		if (i + 2 < 31)
			printk_level(LOG_ERROR, "x%-2u %016lx  x%-2u %016lx  x%-2u %016lx\n", i,
				     (unsigned long)regs->x[i], i + 1,
				     (unsigned long)regs->x[i + 1], i + 2,
				     (unsigned long)regs->x[i + 2]);
		else
			printk_level(LOG_ERROR, "x%-2u %016lx\n", i, (unsigned long)regs->x[i]);
	}
}

void do_trap_hyp_sync(struct cpu_user_regs *regs)
{
	panic_regs(regs, "hypervisor synchronous exception");
}

void do_trap_hyp_serror(struct cpu_user_regs *regs)
{
	panic_regs(regs, "hypervisor SError");
}

void do_trap_hyp_bad(struct cpu_user_regs *regs)
{
	panic_regs(regs, "unexpected exception vector");
}

static void irq_with_regs(struct cpu_user_regs *regs)
{
	struct pcpu *c = this_cpu();
	struct cpu_user_regs *saved = c->irq_regs;

	c->irq_regs = regs;
	c->nr_irqs++;
	irq_handle();
	c->irq_regs = saved;
}

void do_trap_hyp_irq(struct cpu_user_regs *regs)
{
	irq_with_regs(regs);
}

void trap_guest_irq_entry(struct cpu_user_regs *regs)
{
	struct pcpu *c = this_cpu();

	c->irq_regs = regs;
	c->nr_irqs++;
	do_trap_guest_irq(regs);
	c->irq_regs = NULL;
}

/* The hypervisor uses Group 1 only; a FIQ is handled like an IRQ. */
void trap_guest_fiq_entry(struct cpu_user_regs *regs)
{
	irq_with_regs(regs);
}

void __noreturn panic_regs(const struct cpu_user_regs *regs, const char *what)
{
	panic_begin();
	printk_level(LOG_ERROR, "PANIC on CPU%u: %s: %s (ESR %#lx) at PC %#lx FAR %#lx\n",
		     smp_processor_id(), what, esr_class_name(regs->esr), (unsigned long)regs->esr,
		     (unsigned long)regs->pc, (unsigned long)regs->far);
	show_regs(regs);
	if (!regs_from_guest(regs))
		backtrace_print(regs->pc, regs->x[29]);
	panic_end();
}
