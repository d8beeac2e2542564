/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Entry of a bare-metal test guest, loaded like a Linux arm64 Image (so the
 * dom0less builder takes it as a kernel) and entered at EL1 with x0 = DT.
 * Code is position-independent (ADRP/ADD only), so any 2 MiB-aligned load
 * address in RAM works.
 */
	.section .head, "ax"
	.globl _start
_start:
	b	1f			/* code0 */
	.long	0			/* code1 */
	.quad	0			/* text_offset */
	.quad	_image_size		/* image_size */
	.quad	0xa			/* flags: LE, 4K pages, anywhere */
	.quad	0, 0, 0			/* reserved */
	.ascii	"ARM\x64"		/* magic */
	.long	0			/* reserved (PE offset) */
1:	msr	daifset, #0xf
	mov	x19, x0
	adrp	x1, __stack_top
	add	x1, x1, :lo12:__stack_top
	mov	sp, x1
	adrp	x1, __bss_start
	add	x1, x1, :lo12:__bss_start
	adrp	x2, __bss_end
	add	x2, x2, :lo12:__bss_end
2:	cmp	x1, x2
	b.hs	3f
	str	xzr, [x1], #8
	b	2b
3:	adrp	x0, _start
	add	x0, x0, :lo12:_start
	bl	rt_mmu_on
	mov	x0, x19
	bl	rt_main
4:	wfi
	b	4b

	/* long xen_hypercall(nr, a0, a1, a2, a3, a4): HVC #0xEA1, x16 = nr. */
	.text
	.globl xen_hypercall
xen_hypercall:
	mov	x16, x0
	mov	x0, x1
	mov	x1, x2
	mov	x2, x3
	mov	x3, x4
	mov	x4, x5
	hvc	#0xea1
	ret

	/* uint64_t smccc_call(fid, a1, a2, a3): HVC #0 (PSCI). */
	.globl smccc_call
smccc_call:
	hvc	#0
	ret

	/* Execute HVC with an immediate other than 0 and 0xEA1 (must be undefined). */
	.globl hvc_bad_imm
hvc_bad_imm:
	hvc	#0x1234
	ret
