/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * EL2 exception vectors. Exceptions from a guest (lower EL, AArch64 or
 * AArch32) save a struct cpu_user_regs frame on this pCPU's stack, call VM's
 * do_trap_guest_*() and ERET to the (possibly changed) frame. Exceptions taken
 * at EL2 itself: IRQs are handled and return; anything else panics.
 */
#include <asm/asm.h>
#include "asm-offsets.h"

/* Push a frame. \guest: SP_EL0 is the guest's; else record the EL2 SP. */
.macro save_frame, guest
	sub	sp, sp, #FRAME_SIZE
	stp	x0, x1, [sp, #FRAME_X0 + 8 * 0]
	stp	x2, x3, [sp, #FRAME_X0 + 8 * 2]
	stp	x4, x5, [sp, #FRAME_X0 + 8 * 4]
	stp	x6, x7, [sp, #FRAME_X0 + 8 * 6]
	stp	x8, x9, [sp, #FRAME_X0 + 8 * 8]
	stp	x10, x11, [sp, #FRAME_X0 + 8 * 10]
	stp	x12, x13, [sp, #FRAME_X0 + 8 * 12]
	stp	x14, x15, [sp, #FRAME_X0 + 8 * 14]
	stp	x16, x17, [sp, #FRAME_X0 + 8 * 16]
	stp	x18, x19, [sp, #FRAME_X0 + 8 * 18]
	stp	x20, x21, [sp, #FRAME_X0 + 8 * 20]
	stp	x22, x23, [sp, #FRAME_X0 + 8 * 22]
	stp	x24, x25, [sp, #FRAME_X0 + 8 * 24]
	stp	x26, x27, [sp, #FRAME_X0 + 8 * 26]
	stp	x28, x29, [sp, #FRAME_X0 + 8 * 28]
	str	x30, [sp, #FRAME_X0 + 8 * 30]
	.if \guest
	mrs	x0, sp_el0
	.else
	add	x0, sp, #FRAME_SIZE
	.endif
	str	x0, [sp, #FRAME_SP_EL0]
	mrs	x0, elr_el2
	str	x0, [sp, #FRAME_PC]
	mrs	x0, spsr_el2
	str	x0, [sp, #FRAME_CPSR]
	mrs	x0, esr_el2
	str	x0, [sp, #FRAME_ESR]
	mrs	x0, far_el2
	str	x0, [sp, #FRAME_FAR]
	mrs	x0, hpfar_el2
	str	x0, [sp, #FRAME_HPFAR]
	.if \guest
	mov	x29, xzr			/* the backtrace ends here, not in guest memory */
	.endif
	mov	x0, sp
.endm

/* Load the frame at x0 (ELR, SPSR, \guest: SP_EL0, GPRs) and ERET. */
.macro restore_frame_eret, guest
	ldr	x1, [x0, #FRAME_PC]
	msr	elr_el2, x1
	ldr	x1, [x0, #FRAME_CPSR]
	msr	spsr_el2, x1
	.if \guest
	ldr	x1, [x0, #FRAME_SP_EL0]
	msr	sp_el0, x1
	.endif
	ldp	x2, x3, [x0, #FRAME_X0 + 8 * 2]
	ldp	x4, x5, [x0, #FRAME_X0 + 8 * 4]
	ldp	x6, x7, [x0, #FRAME_X0 + 8 * 6]
	ldp	x8, x9, [x0, #FRAME_X0 + 8 * 8]
	ldp	x10, x11, [x0, #FRAME_X0 + 8 * 10]
	ldp	x12, x13, [x0, #FRAME_X0 + 8 * 12]
	ldp	x14, x15, [x0, #FRAME_X0 + 8 * 14]
	ldp	x16, x17, [x0, #FRAME_X0 + 8 * 16]
	ldp	x18, x19, [x0, #FRAME_X0 + 8 * 18]
	ldp	x20, x21, [x0, #FRAME_X0 + 8 * 20]
	ldp	x22, x23, [x0, #FRAME_X0 + 8 * 22]
	ldp	x24, x25, [x0, #FRAME_X0 + 8 * 24]
	ldp	x26, x27, [x0, #FRAME_X0 + 8 * 26]
	ldp	x28, x29, [x0, #FRAME_X0 + 8 * 28]
	ldr	x30, [x0, #FRAME_X0 + 8 * 30]
	ldp	x0, x1, [x0, #FRAME_X0]
	eret
	dsb	nsh				/* no speculation past the ERET */
	isb
.endm

/* A vector slot: 128 bytes, branching to the real handler. */
.macro vector, target
	.balign	128
	b	\target
.endm

	.section .text.vectors, "ax"
	.balign	2048
ENTRY(hyp_vectors)
	vector	hyp_bad_sp0		/* current EL, SP_EL0: never used */
	vector	hyp_bad_sp0
	vector	hyp_bad_sp0
	vector	hyp_bad_sp0
	vector	hyp_sync		/* current EL, SP_EL2 */
	vector	hyp_irq
	vector	hyp_fiq
	vector	hyp_serror
	vector	guest_sync		/* lower EL, AArch64 */
	vector	guest_irq
	vector	guest_fiq
	vector	guest_serror
	vector	guest_sync		/* lower EL, AArch32 (a guest's 32-bit EL0) */
	vector	guest_irq
	vector	guest_fiq
	vector	guest_serror
ENDPROC(hyp_vectors)

	.text
hyp_bad_sp0:
	save_frame 0
	bl	do_trap_hyp_bad
	b	.

hyp_sync:
	save_frame 0
	bl	do_trap_hyp_sync		/* panics */
	b	.

hyp_fiq:
	save_frame 0
	bl	do_trap_hyp_bad
	b	.

hyp_serror:
	save_frame 0
	bl	do_trap_hyp_serror		/* panics */
	b	.

hyp_irq:
	save_frame 0
	bl	do_trap_hyp_irq
	mov	x0, sp
	add	sp, sp, #FRAME_SIZE
	restore_frame_eret 0

guest_sync:
	save_frame 1
	bl	do_trap_guest_sync
	b	return_to_guest

guest_irq:
	save_frame 1
	bl	trap_guest_irq_entry
	b	return_to_guest

guest_fiq:
	save_frame 1
	bl	trap_guest_fiq_entry
	b	return_to_guest

guest_serror:
	save_frame 1
	bl	do_trap_guest_serror
	b	return_to_guest

/* The frame at SP goes back to the guest. */
ENTRY(return_to_guest)
	mov	x0, sp
	add	sp, sp, #FRAME_SIZE
	restore_frame_eret 1
ENDPROC(return_to_guest)

/* void enter_guest(const struct cpu_user_regs *frame): reset SP_EL2, ERET to @frame. */
ENTRY(enter_guest)
	msr	daifset, #0xf
	mrs	x1, tpidr_el2
	ldr	x1, [x1, #PCPU_STACK_TOP]
	mov	sp, x1
	restore_frame_eret 1
ENDPROC(enter_guest)
