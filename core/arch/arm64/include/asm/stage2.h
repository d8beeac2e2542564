/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Stage-2 MMU primitives used by p2m.c: ID registers, VTCR_EL2, descriptor
 * writes, TLB maintenance by VMID and cache cleaning for guest memory. The
 * host unit tests have a recording version in test/unit/host/asm/stage2.h.
 */
#ifndef ASM_STAGE2_H
#define ASM_STAGE2_H

#include <basalt/types.h>
#include <basalt/atomic.h>
#include <asm/irqflags.h>

#define STAGE2_SYSREG_READ(name)                                                                   \
	({                                                                                         \
		uint64_t _v;                                                                       \
		__asm__ volatile("mrs %0, " #name : "=r"(_v));                                     \
		_v;                                                                                \
	})

static inline uint64_t stage2_read_id_aa64mmfr0(void)
{
	return STAGE2_SYSREG_READ(id_aa64mmfr0_el1);
}

static inline uint64_t stage2_read_id_aa64mmfr1(void)
{
	return STAGE2_SYSREG_READ(id_aa64mmfr1_el1);
}

static inline void stage2_write_vtcr(uint64_t vtcr)
{
	__asm__ volatile("msr vtcr_el2, %0\n\tisb" : : "r"(vtcr) : "memory");
}

/* One descriptor; single-copy atomic so the table walker never sees half. */
static inline void stage2_write_pte(uint64_t *ptep, uint64_t val)
{
	WRITE_ONCE(*ptep, val);
}

/* Make descriptor writes visible to table walkers of all CPUs. */
static inline void stage2_pte_sync(void)
{
	__asm__ volatile("dsb ishst" ::: "memory");
}

/*
 * TLB maintenance names the VMID through VTTBR_EL2, so install the target's
 * (interrupts masked) and put the current one back.
 */
static inline uint64_t stage2_switch_vttbr(uint64_t vttbr)
{
	uint64_t old = STAGE2_SYSREG_READ(vttbr_el2);

	if (old != vttbr)
		__asm__ volatile("msr vttbr_el2, %0\n\tisb" : : "r"(vttbr) : "memory");
	return old;
}

static inline void stage2_restore_vttbr(uint64_t old, uint64_t vttbr)
{
	if (old != vttbr)
		__asm__ volatile("msr vttbr_el2, %0\n\tisb" : : "r"(old) : "memory");
}

/*
 * Invalidate the stage-2 entries (all levels, walk caches included) that
 * translate each of the @n IPAs, then the combined stage-1+2 entries of the
 * VMID. One address anywhere in a block or in the range of a removed table
 * is enough for that descriptor.
 */
static inline void stage2_tlb_flush_ipas(uint64_t vttbr, const ipa_t *ipas, size_t n)
{
	unsigned long flags = local_irq_save();
	uint64_t old = stage2_switch_vttbr(vttbr);

	__asm__ volatile("dsb ishst" ::: "memory");
	for (size_t i = 0; i < n; i++)
		__asm__ volatile("tlbi ipas2e1is, %0" : : "r"(ipas[i] >> 12) : "memory");
	__asm__ volatile("dsb ish\n\ttlbi vmalle1is\n\tdsb ish\n\tisb" ::: "memory");
	stage2_restore_vttbr(old, vttbr);
	local_irq_restore(flags);
}

/* Invalidate every stage-1 and stage-2 entry of the VMID. */
static inline void stage2_tlb_flush_vmid(uint64_t vttbr)
{
	unsigned long flags = local_irq_save();
	uint64_t old = stage2_switch_vttbr(vttbr);

	__asm__ volatile("dsb ishst\n\ttlbi vmalls12e1is\n\tdsb ish\n\tisb" ::: "memory");
	stage2_restore_vttbr(old, vttbr);
	local_irq_restore(flags);
}

static inline size_t stage2_dcache_line(void)
{
	uint64_t ctr = STAGE2_SYSREG_READ(ctr_el0);

	return 4UL << ((ctr >> 16) & 0xf);
}

/*
 * Clean and invalidate [va, va + len) to the point of coherency: a guest
 * with its MMU off reads memory, not our caches.
 */
static inline void stage2_clean_dcache(const void *va, size_t len)
{
	size_t line = stage2_dcache_line();
	uintptr_t p = (uintptr_t)va & ~(line - 1);
	uintptr_t end = (uintptr_t)va + len;

	for (; p < end; p += line)
		__asm__ volatile("dc civac, %0" : : "r"(p) : "memory");
	__asm__ volatile("dsb sy" ::: "memory");
}

/* Zero fresh guest RAM and push the zeroes to memory. */
static inline void stage2_zero_guest_ram(void *va, size_t len)
{
	uint64_t *p = va;

	for (size_t i = 0; i < len / 8; i += 8) {
		__asm__ volatile("stp xzr, xzr, [%0]\n\tstp xzr, xzr, [%0, #16]\n\t"
				 "stp xzr, xzr, [%0, #32]\n\tstp xzr, xzr, [%0, #48]"
				 :
				 : "r"(p + i)
				 : "memory");
	}
	stage2_clean_dcache(va, len);
}

#endif
