// SPDX-License-Identifier: GPL-2.0-only
/*
 * FP/SIMD register file save/restore for the world switch: q0-q31, then FPSR
 * and FPCR, in the layout of struct fpsimd_state (asm/domain.h). Assembled
 * on its own, since the C code of the hypervisor is built general-regs-only.
 */
	.arch armv8-a+fp+simd
	.text

/* void fpsimd_save(struct fpsimd_state *fp) */
	.globl fpsimd_save
	.type fpsimd_save, %function
fpsimd_save:
	stp	q0, q1, [x0, #0x000]
	stp	q2, q3, [x0, #0x020]
	stp	q4, q5, [x0, #0x040]
	stp	q6, q7, [x0, #0x060]
	stp	q8, q9, [x0, #0x080]
	stp	q10, q11, [x0, #0x0a0]
	stp	q12, q13, [x0, #0x0c0]
	stp	q14, q15, [x0, #0x0e0]
	stp	q16, q17, [x0, #0x100]
	stp	q18, q19, [x0, #0x120]
	stp	q20, q21, [x0, #0x140]
	stp	q22, q23, [x0, #0x160]
	stp	q24, q25, [x0, #0x180]
	stp	q26, q27, [x0, #0x1a0]
	stp	q28, q29, [x0, #0x1c0]
	stp	q30, q31, [x0, #0x1e0]
	mrs	x1, fpsr
	mrs	x2, fpcr
	add	x3, x0, #0x200
	stp	w1, w2, [x3]
	ret
	.size fpsimd_save, . - fpsimd_save

/* void fpsimd_restore(const struct fpsimd_state *fp) */
	.globl fpsimd_restore
	.type fpsimd_restore, %function
fpsimd_restore:
	ldp	q0, q1, [x0, #0x000]
	ldp	q2, q3, [x0, #0x020]
	ldp	q4, q5, [x0, #0x040]
	ldp	q6, q7, [x0, #0x060]
	ldp	q8, q9, [x0, #0x080]
	ldp	q10, q11, [x0, #0x0a0]
	ldp	q12, q13, [x0, #0x0c0]
	ldp	q14, q15, [x0, #0x0e0]
	ldp	q16, q17, [x0, #0x100]
	ldp	q18, q19, [x0, #0x120]
	ldp	q20, q21, [x0, #0x140]
	ldp	q22, q23, [x0, #0x160]
	ldp	q24, q25, [x0, #0x180]
	ldp	q26, q27, [x0, #0x1a0]
	ldp	q28, q29, [x0, #0x1c0]
	ldp	q30, q31, [x0, #0x1e0]
	add	x3, x0, #0x200
	ldp	w1, w2, [x3]
	msr	fpsr, x1
	msr	fpcr, x2
	ret
	.size fpsimd_restore, . - fpsimd_restore
