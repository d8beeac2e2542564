/* SPDX-License-Identifier: GPL-2.0-only */
/* Cache and TLB maintenance at EL2 (cache.S). */
#ifndef ASM_CACHE_H
#define ASM_CACHE_H

#include <basalt/types.h>

/* Clean and invalidate [va, va+len) to the point of coherency. */
void cache_clean_inval_range(void *va, size_t len);
/* Clean only (e.g. data written for a CPU or device that reads with caches off). */
void cache_clean_range(void *va, size_t len);
/* Invalidate only (discard, e.g. before reading what a non-coherent agent wrote). */
void cache_inval_range(void *va, size_t len);
/* Invalidate all instruction caches to PoU, Inner Shareable (after writing code). */
void icache_inval_all(void);
/* Invalidate all EL2 TLB entries on every CPU (Inner Shareable). */
void flush_tlb_el2_all(void);

#endif
