/* SPDX-License-Identifier: GPL-2.0-only */
/* Data/instruction cache and TLB maintenance by VA, line size from CTR_EL0. */
#include <asm/asm.h>

/* x2 = smallest D-cache line size in bytes; clobbers x3. */
.macro dcache_line_size
	mrs	x3, ctr_el0
	ubfx	x3, x3, #16, #4
	mov	x2, #4
	lsl	x2, x2, x3
.endm

/* Invalidate [x0, x1) to PoC; usable with the MMU off (no stack). */
ENTRY(dcache_inval_poc_range)
	dcache_line_size
	sub	x3, x2, #1
	bic	x0, x0, x3
1:	cmp	x0, x1
	b.hs	2f
	dc	ivac, x0
	add	x0, x0, x2
	b	1b
2:	dsb	sy
	ret
ENDPROC(dcache_inval_poc_range)

/* void cache_clean_inval_range(void *va, size_t len) */
ENTRY(cache_clean_inval_range)
	add	x1, x0, x1
	dcache_line_size
	sub	x3, x2, #1
	bic	x0, x0, x3
1:	cmp	x0, x1
	b.hs	2f
	dc	civac, x0
	add	x0, x0, x2
	b	1b
2:	dsb	sy
	ret
ENDPROC(cache_clean_inval_range)

/* void cache_clean_range(void *va, size_t len) */
ENTRY(cache_clean_range)
	add	x1, x0, x1
	dcache_line_size
	sub	x3, x2, #1
	bic	x0, x0, x3
1:	cmp	x0, x1
	b.hs	2f
	dc	cvac, x0
	add	x0, x0, x2
	b	1b
2:	dsb	sy
	ret
ENDPROC(cache_clean_range)

/* void cache_inval_range(void *va, size_t len) */
ENTRY(cache_inval_range)
	add	x1, x0, x1
	b	dcache_inval_poc_range
ENDPROC(cache_inval_range)

ENTRY(icache_inval_all)
	dsb	ish
	ic	ialluis
	dsb	ish
	isb
	ret
ENDPROC(icache_inval_all)

ENTRY(flush_tlb_el2_all)
	dsb	ishst
	tlbi	alle2is
	dsb	ish
	isb
	ret
ENDPROC(flush_tlb_el2_all)
