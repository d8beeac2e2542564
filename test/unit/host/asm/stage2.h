/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Host "fake arch" stage-2 primitives: descriptor writes and TLB maintenance
 * are recorded in host_stage2 so unit tests can check break-before-make and
 * that every change is followed by the right invalidation.
 */
#ifndef ASM_STAGE2_H
#define ASM_STAGE2_H

#include <basalt/types.h>
#include <string.h>

#define HOST_STAGE2_MAX_BROKEN 4096

struct host_stage2 {
	uint64_t id_aa64mmfr0; /* what the "CPU" reports; tests may change them */
	uint64_t id_aa64mmfr1;
	uint64_t vtcr;		     /* last VTCR_EL2 written */
	unsigned long ipa_flushes;   /* IPAs passed to stage2_tlb_flush_ipas */
	unsigned long range_flushes; /* calls to stage2_tlb_flush_ipas */
	unsigned long vmid_flushes;
	uint64_t last_flush_vttbr;
	ipa_t last_flush_ipa;
	unsigned long pte_writes;
	unsigned long syncs;
	unsigned long cleaned_bytes;
	/*
	 * Break-before-make checking: a valid descriptor may only become
	 * invalid; an entry broken since the last TLB flush may not be made
	 * valid again until a flush happened.
	 */
	unsigned long bbm_violations;
	unsigned int nr_broken;
	bool broken_overflow;
	uint64_t *broken[HOST_STAGE2_MAX_BROKEN];
};

extern struct host_stage2 host_stage2;

/* Reset the record (keeps the ID register values). */
void host_stage2_reset(void);

static inline uint64_t stage2_read_id_aa64mmfr0(void)
{
	return host_stage2.id_aa64mmfr0;
}

static inline uint64_t stage2_read_id_aa64mmfr1(void)
{
	return host_stage2.id_aa64mmfr1;
}

static inline void stage2_write_vtcr(uint64_t vtcr)
{
	host_stage2.vtcr = vtcr;
}

static inline void stage2_write_pte(uint64_t *ptep, uint64_t val)
{
	uint64_t old = *ptep;

	host_stage2.pte_writes++;
	if ((old & 1) && (val & 1) && old != val)
		host_stage2.bbm_violations++;
	if ((old & 1) && !(val & 1)) {
		if (host_stage2.nr_broken < HOST_STAGE2_MAX_BROKEN)
			host_stage2.broken[host_stage2.nr_broken++] = ptep;
		else
			host_stage2.broken_overflow = true;
	}
	if (!(old & 1) && (val & 1)) {
		for (unsigned int i = 0; i < host_stage2.nr_broken; i++)
			if (host_stage2.broken[i] == ptep)
				host_stage2.bbm_violations++;
	}
	*ptep = val;
}

static inline void stage2_pte_sync(void)
{
	host_stage2.syncs++;
}

static inline void stage2_tlb_flush_ipas(uint64_t vttbr, const ipa_t *ipas, size_t n)
{
	host_stage2.range_flushes++;
	host_stage2.ipa_flushes += n;
	host_stage2.last_flush_vttbr = vttbr;
	host_stage2.last_flush_ipa = n ? ipas[n - 1] : 0;
	host_stage2.nr_broken = 0;
}

static inline void stage2_tlb_flush_vmid(uint64_t vttbr)
{
	host_stage2.vmid_flushes++;
	host_stage2.last_flush_vttbr = vttbr;
	host_stage2.nr_broken = 0;
}

static inline void stage2_clean_dcache(const void *va, size_t len)
{
	(void)va;
	host_stage2.cleaned_bytes += len;
}

static inline void stage2_zero_guest_ram(void *va, size_t len)
{
	memset(va, 0, len);
	stage2_clean_dcache(va, len);
}

#endif
