/* SPDX-License-Identifier: GPL-2.0-only */
/* What head.S loads on every CPU to turn its MMU on (filled by mmu_early_init). */
#ifndef ASM_MMU_BOOT_H
#define ASM_MMU_BOOT_H

#include <basalt/types.h>

struct mmu_boot_regs {
	uint64_t mair;
	uint64_t tcr;
	uint64_t ttbr;
};

extern struct mmu_boot_regs mmu_boot_regs;

#endif
