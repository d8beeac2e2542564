// SPDX-License-Identifier: GPL-2.0-only
/*
 * Structure offsets and constants for assembly. Compiled to assembly only;
 * core/Makefile.am turns the @@ASMOFF markers into asm-offsets.h.
 */
#include <basalt/types.h>
#include <basalt/percpu.h>
#include <asm/regs.h>
#include <asm/sysregs.h>
#include <asm/mmu_boot.h>

#define DEFINE(sym, val)	  __asm__ volatile("\n@@ASMOFF " #sym " %0" : : "i"((long)(val)))
#define OFFSET(sym, type, member) DEFINE(sym, offsetof(type, member))

void asm_offsets(void);

void asm_offsets(void)
{
	DEFINE(FRAME_SIZE, sizeof(struct cpu_user_regs));
	OFFSET(FRAME_X0, struct cpu_user_regs, x);
	OFFSET(FRAME_SP_EL0, struct cpu_user_regs, sp_el0);
	OFFSET(FRAME_PC, struct cpu_user_regs, pc);
	OFFSET(FRAME_CPSR, struct cpu_user_regs, cpsr);
	OFFSET(FRAME_ESR, struct cpu_user_regs, esr);
	OFFSET(FRAME_FAR, struct cpu_user_regs, far);
	OFFSET(FRAME_HPFAR, struct cpu_user_regs, hpfar);

	DEFINE(PCPU_SIZE, sizeof(struct pcpu));
	DEFINE(PCPU_STACK_SIZE_ASM, PCPU_STACK_SIZE);
	OFFSET(PCPU_STACK_TOP, struct pcpu, stack_top);

	OFFSET(MMU_BOOT_MAIR, struct mmu_boot_regs, mair);
	OFFSET(MMU_BOOT_TCR, struct mmu_boot_regs, tcr);
	OFFSET(MMU_BOOT_TTBR, struct mmu_boot_regs, ttbr);

	DEFINE(HCR_HOST_BOOT_VAL, HCR_HOST_BOOT);
}
