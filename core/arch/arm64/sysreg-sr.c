// SPDX-License-Identifier: GPL-2.0-only
/*
 * Save and restore of a guest's EL1 system registers (the world switch).
 * Registers whose EL1 copy the hypervisor never uses itself, so the guest's
 * values can sit in the hardware while it runs.
 */
#include <asm/guest.h>
#include <asm/sysregs.h>

/* Pointer authentication keys, in struct el1_sysregs' apkeys order. */
#define APIAKEYLO_EL1 S3_0_C2_C1_0
#define APIAKEYHI_EL1 S3_0_C2_C1_1
#define APIBKEYLO_EL1 S3_0_C2_C1_2
#define APIBKEYHI_EL1 S3_0_C2_C1_3
#define APDAKEYLO_EL1 S3_0_C2_C2_0
#define APDAKEYHI_EL1 S3_0_C2_C2_1
#define APDBKEYLO_EL1 S3_0_C2_C2_2
#define APDBKEYHI_EL1 S3_0_C2_C2_3
#define APGAKEYLO_EL1 S3_0_C2_C3_0
#define APGAKEYHI_EL1 S3_0_C2_C3_1

static void apkeys_save(uint64_t k[10])
{
	k[0] = READ_SYSREG(APIAKEYLO_EL1);
	k[1] = READ_SYSREG(APIAKEYHI_EL1);
	k[2] = READ_SYSREG(APIBKEYLO_EL1);
	k[3] = READ_SYSREG(APIBKEYHI_EL1);
	k[4] = READ_SYSREG(APDAKEYLO_EL1);
	k[5] = READ_SYSREG(APDAKEYHI_EL1);
	k[6] = READ_SYSREG(APDBKEYLO_EL1);
	k[7] = READ_SYSREG(APDBKEYHI_EL1);
	k[8] = READ_SYSREG(APGAKEYLO_EL1);
	k[9] = READ_SYSREG(APGAKEYHI_EL1);
}

static void apkeys_restore(const uint64_t k[10])
{
	WRITE_SYSREG(APIAKEYLO_EL1, k[0]);
	WRITE_SYSREG(APIAKEYHI_EL1, k[1]);
	WRITE_SYSREG(APIBKEYLO_EL1, k[2]);
	WRITE_SYSREG(APIBKEYHI_EL1, k[3]);
	WRITE_SYSREG(APDAKEYLO_EL1, k[4]);
	WRITE_SYSREG(APDAKEYHI_EL1, k[5]);
	WRITE_SYSREG(APDBKEYLO_EL1, k[6]);
	WRITE_SYSREG(APDBKEYHI_EL1, k[7]);
	WRITE_SYSREG(APGAKEYLO_EL1, k[8]);
	WRITE_SYSREG(APGAKEYHI_EL1, k[9]);
}

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
	if (cpu_has_pauth())
		apkeys_save(s->apkeys);
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
	/* Some implementations (QEMU's TCG) flush the EL1 TLBs on every TCR write. */
	if (READ_SYSREG(tcr_el1) != s->tcr)
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
	if (cpu_has_pauth())
		apkeys_restore(s->apkeys);
}
