// SPDX-License-Identifier: GPL-2.0-only
/*
 * Save and restore of a guest's EL1 system registers (the world switch).
 * Registers whose EL1 copy the hypervisor never uses itself, so the guest's
 * values can sit in the hardware while it runs.
 */
#include <asm/guest.h>
#include <asm/sysregs.h>

void sysregs_save(struct el1_sysregs *s)
{
	s->sctlr = READ_SYSREG(sctlr_el1);
	s->actlr = READ_SYSREG(actlr_el1);
	s->cpacr = READ_SYSREG(cpacr_el1);
	s->ttbr0 = READ_SYSREG(ttbr0_el1);
	s->ttbr1 = READ_SYSREG(ttbr1_el1);
	s->tcr = READ_SYSREG(tcr_el1);
	s->mair = READ_SYSREG(mair_el1);
	s->amair = READ_SYSREG(amair_el1);
	s->vbar = READ_SYSREG(vbar_el1);
	s->contextidr = READ_SYSREG(contextidr_el1);
	s->tpidr_el0 = READ_SYSREG(tpidr_el0);
	s->tpidrro_el0 = READ_SYSREG(tpidrro_el0);
	s->tpidr_el1 = READ_SYSREG(tpidr_el1);
	s->sp_el1 = READ_SYSREG(sp_el1);
	s->elr_el1 = READ_SYSREG(elr_el1);
	s->spsr_el1 = READ_SYSREG(spsr_el1);
	s->esr = READ_SYSREG(esr_el1);
	s->far = READ_SYSREG(far_el1);
	s->afsr0 = READ_SYSREG(afsr0_el1);
	s->afsr1 = READ_SYSREG(afsr1_el1);
	s->par = READ_SYSREG(par_el1);
	s->cntkctl = READ_SYSREG(cntkctl_el1);
	s->csselr = READ_SYSREG(csselr_el1);
	s->mdscr = READ_SYSREG(mdscr_el1);
	s->vmpidr = READ_SYSREG(vmpidr_el2);
	s->vpidr = READ_SYSREG(vpidr_el2);
}

void sysregs_restore(const struct el1_sysregs *s)
{
	WRITE_SYSREG(vmpidr_el2, s->vmpidr);
	WRITE_SYSREG(vpidr_el2, s->vpidr);
	WRITE_SYSREG(sctlr_el1, s->sctlr);
	WRITE_SYSREG(actlr_el1, s->actlr);
	WRITE_SYSREG(cpacr_el1, s->cpacr);
	WRITE_SYSREG(ttbr0_el1, s->ttbr0);
	WRITE_SYSREG(ttbr1_el1, s->ttbr1);
	WRITE_SYSREG(tcr_el1, s->tcr);
	WRITE_SYSREG(mair_el1, s->mair);
	WRITE_SYSREG(amair_el1, s->amair);
	WRITE_SYSREG(vbar_el1, s->vbar);
	WRITE_SYSREG(contextidr_el1, s->contextidr);
	WRITE_SYSREG(tpidr_el0, s->tpidr_el0);
	WRITE_SYSREG(tpidrro_el0, s->tpidrro_el0);
	WRITE_SYSREG(tpidr_el1, s->tpidr_el1);
	WRITE_SYSREG(sp_el1, s->sp_el1);
	WRITE_SYSREG(elr_el1, s->elr_el1);
	WRITE_SYSREG(spsr_el1, s->spsr_el1);
	WRITE_SYSREG(esr_el1, s->esr);
	WRITE_SYSREG(far_el1, s->far);
	WRITE_SYSREG(afsr0_el1, s->afsr0);
	WRITE_SYSREG(afsr1_el1, s->afsr1);
	WRITE_SYSREG(par_el1, s->par);
	WRITE_SYSREG(cntkctl_el1, s->cntkctl);
	WRITE_SYSREG(csselr_el1, s->csselr);
	WRITE_SYSREG(mdscr_el1, s->mdscr);
}
