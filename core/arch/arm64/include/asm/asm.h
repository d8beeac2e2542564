/* SPDX-License-Identifier: GPL-2.0-only */
/* Assembler helpers shared by the .S files. */
#ifndef ASM_ASM_H
#define ASM_ASM_H

#ifdef __ASSEMBLY__
// clang-format off
/* Address of @sym, PC-relative (+/- 4 GiB), usable with the MMU off. */
.macro adr_l, reg, sym
	adrp	\reg, \sym
	add	\reg, \reg, :lo12:\sym
.endm

#define ENTRY(name)                                                                                \
	.globl name;                                                                               \
	.type name, % function;                                                                    \
	name:
#define ENDPROC(name) .size name, .- name
// clang-format on
#endif

/* SCTLR_EL2: RES1 bits, and what the hypervisor turns on. */
#define SCTLR_EL2_RES1 0x30c50830
#define SCTLR_M	       (1 << 0)
#define SCTLR_C	       (1 << 2)
#define SCTLR_SA       (1 << 3)
#define SCTLR_I	       (1 << 12)
/* CPTR_EL2 (non-VHE): RES1 bits; TFP (bit 10) clear so EL2 may use FP/SIMD. */
#define CPTR_EL2_RES1 0x33ff

#endif
