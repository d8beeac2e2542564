// SPDX-License-Identifier: GPL-2.0-only
/*
 * A tiny bare-metal guest for the VM board tests (test_vm_payload.py): runs
 * at EL1 with the MMU off, prints on the emulated PL011, asks PSCI for its
 * version, starts vCPU 1 with CPU_ON, reads an unmapped address (expecting
 * the hypervisor to inject a data abort) and powers off with SYSTEM_OFF.
 * Built raw (no Image header): the hypervisor enters it at the RAM base.
 */
	.equ	UART_DR, 0x22000000
	.equ	UART_FR, 0x22000018
	.equ	UNMAPPED, 0x10000000

	.text
	.globl	_start
_start:
	mrs	x19, mpidr_el1
	and	x19, x19, #0xff
	cbnz	x19, secondary
	adr	x0, vectors
	msr	vbar_el1, x0
	isb
	adr	x0, msg_hello
	bl	puts

	mov	x0, #0x84000000			// PSCI_VERSION
	hvc	#0
	mov	x1, x0
	adr	x0, msg_psci
	bl	puts_hex

	mov	x0, #0x0003			// CPU_ON (SMC64 id 0xc4000003)
	movk	x0, #0xc400, lsl #16
	mov	x1, #1				// target MPIDR: vCPU 1
	adr	x2, _start			// it branches to secondary itself
	mov	x3, #0
	hvc	#0
	mov	x21, x0
	/* Print only once vCPU 1 is done printing: the two would interleave. */
	adr	x20, cpu1_flag
	cbnz	x21, 7f
1:	ldr	w1, [x20]
	cbz	w1, 1b
7:	mov	x1, x21
	adr	x0, msg_cpu_on
	bl	puts_hex

	mov	x1, #UNMAPPED
	ldr	x2, [x1]			// must fault: the handler skips it
	adr	x0, msg_after
	bl	puts

	mov	x0, #0x0008			// SYSTEM_OFF
	movk	x0, #0x8400, lsl #16
	hvc	#0
	adr	x0, msg_still
	bl	puts
2:	wfi
	b	2b

secondary:
	adr	x0, vectors
	msr	vbar_el1, x0
	isb
	adr	x0, msg_cpu1
	bl	puts
	adr	x20, cpu1_flag
	mov	w1, #1
	str	w1, [x20]
	mov	x0, #0x0002			// CPU_OFF
	movk	x0, #0x8400, lsl #16
	hvc	#0
3:	b	3b

/* puts(x0 = NUL-terminated string); clobbers x0-x3 */
puts:
	mov	x2, #UART_DR
4:	ldrb	w1, [x0], #1
	cbz	w1, 5f
	strb	w1, [x2]
	b	4b
5:	ret

/* puts_hex(x0 = string, x1 = value): prints the string, the value in hex, a newline */
puts_hex:
	mov	x9, x30
	mov	x10, x1
	bl	puts
	mov	x2, #UART_DR
	mov	x3, #60
6:	lsr	x1, x10, x3
	and	x1, x1, #0xf
	cmp	x1, #10
	add	x4, x1, #'0'
	add	x5, x1, #('a' - 10)
	csel	x1, x4, x5, lt
	strb	w1, [x2]
	subs	x3, x3, #4
	b.ge	6b
	mov	w1, #'\n'
	strb	w1, [x2]
	mov	x30, x9
	ret

/* Synchronous exception at EL1 (SPx): report ESR and FAR, skip the instruction. */
sync_handler:
	adr	x0, msg_abort
	mrs	x1, esr_el1
	bl	puts_hex
	adr	x0, msg_far
	mrs	x1, far_el1
	bl	puts_hex
	mrs	x1, elr_el1
	add	x1, x1, #4
	msr	elr_el1, x1
	eret

	.balign	0x800
vectors:
	.rept	4				// current EL with SP0
	b	.
	.balign	0x80
	.endr
	b	sync_handler			// current EL with SPx: synchronous
	.balign	0x80
	.rept	11
	b	.
	.balign	0x80
	.endr

	.text
	.balign	8
cpu1_flag:	.word	0
msg_hello:	.asciz	"payload: hello\n"
msg_psci:	.asciz	"payload: psci version "
msg_cpu_on:	.asciz	"payload: cpu_on returned "
msg_cpu1:	.asciz	"payload: cpu1 up\n"
msg_abort:	.asciz	"payload: abort esr "
msg_far:	.asciz	"payload: abort far "
msg_after:	.asciz	"payload: survived the abort\n"
msg_still:	.asciz	"payload: still running after SYSTEM_OFF\n"
