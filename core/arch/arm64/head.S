/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Entry from the boot loader (as an arm64 Linux Image: EL2, MMU off, x0 = DTB)
 * and from PSCI CPU_ON for secondary CPUs (x0 = logical CPU number).
 */
#include <asm/asm.h>
#include "asm-offsets.h"

	.section .text.head, "ax"
	.globl	_start
/* The arm64 Image header (Documentation/arch/arm64/booting.rst in Linux). */
_start:
	b	primary_entry
	.long	0
	.quad	0x200000		/* text_offset: 2 MiB above a 2 MiB-aligned RAM base */
	.quad	__image_size		/* bytes to reserve, BSS included */
	.quad	0x2			/* little endian, 4K pages, base close to start of RAM */
	.quad	0, 0, 0
	.ascii	"ARM\x64"
	.long	0

primary_entry:
	msr	daifset, #0xf
	mov	x19, x0				/* the DTB */
	mrs	x1, CurrentEL
	cmp	x1, #(2 << 2)
	b.ne	boot_hang			/* not at EL2: nothing we can do */
	adr	x1, _start
	ldr	x2, =_start
	cmp	x1, x2
	b.ne	boot_hang			/* not loaded where linked (see basalt.lds) */
	bl	el2_setup

	/* Drop any stale cache lines over the image: we write it with caches off. */
	adr_l	x0, _start
	adr_l	x1, _end
	bl	dcache_inval_poc_range

	adr_l	x0, __bss_start
	adr_l	x1, __bss_end
1:	cmp	x0, x1
	b.hs	2f
	stp	xzr, xzr, [x0], #16
	b	1b
2:
	mov	x0, #0
	bl	cpu_stack_and_percpu
	mov	x0, x19
	bl	mmu_early_init			/* C with the MMU off: simple code only */
	bl	mmu_enable
	mov	x29, xzr
	mov	x30, xzr
	mov	x0, x19
	bl	start_basalt			/* never returns */
	b	boot_hang

/* PSCI CPU_ON lands here, MMU off, x0 = logical CPU number. */
ENTRY(secondary_entry)
	msr	daifset, #0xf
	mov	x19, x0
	bl	el2_setup
	mov	x0, x19
	bl	cpu_stack_and_percpu
	bl	mmu_enable
	mov	x29, xzr
	mov	x30, xzr
	mov	x0, x19
	bl	start_secondary			/* never returns */
	b	boot_hang
ENDPROC(secondary_entry)

/* EL2 state every CPU needs before C: exceptions, traps, interrupt routing. */
el2_setup:
	ldr	x1, =SCTLR_EL2_RES1
	msr	sctlr_el2, x1			/* MMU and caches off, little endian */
	isb
	adr_l	x1, hyp_vectors
	msr	vbar_el2, x1
	ldr	x1, =HCR_HOST_BOOT_VAL
	msr	hcr_el2, x1
	ldr	x1, =CPTR_EL2_RES1
	msr	cptr_el2, x1			/* FP/SIMD usable at EL2 (libfdt uses it) */
	mov	x1, #1				/* CNTHCTL_EL2.EL1PCTEN: EL1 may read CNTPCT */
	msr	cnthctl_el2, x1
	msr	cntvoff_el2, xzr
	msr	cnthp_ctl_el2, xzr
	msr	vttbr_el2, xzr
	msr	mdcr_el2, xzr
	mrs	x1, midr_el1
	msr	vpidr_el2, x1
	mrs	x1, mpidr_el1
	msr	vmpidr_el2, x1
	isb
	ret

/* x0 = CPU number: SP = top of its stack, TPIDR_EL2 = its struct pcpu. */
cpu_stack_and_percpu:
	adr_l	x1, pcpu_stacks
	add	x2, x0, #1
	mov	x3, #PCPU_STACK_SIZE_ASM
	madd	x1, x2, x3, x1
	mov	sp, x1
	adr_l	x1, pcpus
	mov	x3, #PCPU_SIZE
	madd	x1, x0, x3, x1
	msr	tpidr_el2, x1
	ret

/* Load the translation regime built by mmu_early_init and turn MMU and caches on. */
mmu_enable:
	adr_l	x1, mmu_boot_regs
	ldr	x2, [x1, #MMU_BOOT_MAIR]
	msr	mair_el2, x2
	ldr	x2, [x1, #MMU_BOOT_TCR]
	msr	tcr_el2, x2
	ldr	x2, [x1, #MMU_BOOT_TTBR]
	msr	ttbr0_el2, x2
	isb
	tlbi	alle2
	dsb	nsh
	isb
	mrs	x2, sctlr_el2
	ldr	x3, =(SCTLR_M | SCTLR_C | SCTLR_I | SCTLR_SA)
	orr	x2, x2, x3
	msr	sctlr_el2, x2
	isb
	ic	iallu
	dsb	nsh
	isb
	ret

boot_hang:
	wfe
	b	boot_hang
