// SPDX-License-Identifier: GPL-2.0-only
/*
 * Injection of synchronous exceptions into a guest's EL1 (AArch64): what the
 * hardware would have done had the fault been taken there, i.e. ESR/FAR/ELR/
 * SPSR_EL1 set and the vCPU resumed at the right VBAR_EL1 vector with
 * interrupts masked.
 */
#include <basalt/lib.h>
#include <basalt/vcpu.h>
#include <asm/guest.h>
#include <asm/sysregs.h>

#define EC_UNKNOWN  0x00
#define EC_IABT_LOW 0x20
#define EC_IABT_CUR 0x21
#define EC_DABT_LOW 0x24
#define EC_DABT_CUR 0x25
#define ESR_ELx_IL  BIT(25)
#define FSC_SEA	    0x10 /* synchronous external abort, not on a table walk */
#define SCTLR_SPAN  BIT(23)
#define PSR_PAN	    BIT(22)

#define VECTOR_CUR_SP0 0x000
#define VECTOR_CUR_SPX 0x200
#define VECTOR_LOW_A64 0x400
#define VECTOR_LOW_A32 0x600

static bool from_el0(const struct cpu_user_regs *regs)
{
	return (regs->cpsr & PSR_MODE_32) || (regs->cpsr & PSR_MODE_MASK) == PSR_MODE_EL0t;
}

static unsigned int vector_offset(const struct cpu_user_regs *regs)
{
	if (regs->cpsr & PSR_MODE_32)
		return VECTOR_LOW_A32;
	switch (regs->cpsr & PSR_MODE_MASK) {
	case PSR_MODE_EL0t:
		return VECTOR_LOW_A64;
	case PSR_MODE_EL1t:
		return VECTOR_CUR_SP0;
	default:
		return VECTOR_CUR_SPX;
	}
}

static bool cpu_has_pan(void)
{
	return ((READ_SYSREG(id_aa64mmfr1_el1) >> 20) & 0xf) != 0;
}

/* Take a synchronous exception to EL1 of @v (which is the current vCPU). */
static void inject_sync(struct vcpu *v, uint32_t esr, vaddr_t far)
{
	struct cpu_user_regs *regs = vcpu_regs(v);
	uint64_t cpsr = PSR_MODE_EL1h | PSR_DAIF;

	ASSERT(v == current_vcpu());
	if (cpu_has_pan() && !(READ_SYSREG(sctlr_el1) & SCTLR_SPAN))
		cpsr |= PSR_PAN;
	WRITE_SYSREG(esr_el1, esr);
	WRITE_SYSREG(far_el1, far);
	WRITE_SYSREG(elr_el1, regs->pc);
	WRITE_SYSREG(spsr_el1, regs->cpsr);
	regs->pc = READ_SYSREG(vbar_el1) + vector_offset(regs);
	regs->cpsr = cpsr;
}

void vcpu_inject_dabt(struct vcpu *v, vaddr_t far)
{
	uint32_t ec = from_el0(vcpu_regs(v)) ? EC_DABT_LOW : EC_DABT_CUR;

	inject_sync(v, (ec << 26) | ESR_ELx_IL | FSC_SEA, far);
}

void vcpu_inject_iabt(struct vcpu *v, vaddr_t far)
{
	uint32_t ec = from_el0(vcpu_regs(v)) ? EC_IABT_LOW : EC_IABT_CUR;

	inject_sync(v, (ec << 26) | ESR_ELx_IL | FSC_SEA, far);
}

void vcpu_inject_undef(struct vcpu *v)
{
	inject_sync(v, (EC_UNKNOWN << 26) | ESR_ELx_IL, 0);
}
