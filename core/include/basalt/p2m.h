/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Per-domain stage-2 translation (guest IPA -> host PA), arch/arm64/p2m.c.
 *
 * Geometry: 4 KiB granule, 40-bit IPA (VTCR_EL2.T0SZ = 24), walks start at
 * level 1 with two concatenated root pages (1024 entries of 1 GiB). 40 bits
 * cover the whole guest map (RAM1 at 8 GiB .. 1 TiB) and every CPU we run on
 * supports at least 40-bit PAs (Cortex-A53). Leaves are 4 KiB pages (level
 * 3) or 2 MiB blocks (level 2), chosen automatically where IPA, PA and size
 * are 2 MiB aligned.
 *
 * References: every RAM or foreign entry holds one reference on each page it
 * maps (page_alloc.h). p2m_populate_ram() hands the allocation's own
 * reference to the p2m; p2m_map() of RAM/foreign types takes a new one.
 * Unmapping, replacing or tearing down drops it after the TLB is clean, so a
 * page is freed when its last user lets go (e.g. a grant still mapped by a
 * backend outlives the granting domain's teardown). MMIO entries hold none.
 *
 * Mapping over an existing entry replaces it (break-before-make). All calls
 * take the p2m's lock and may be made from any pCPU.
 */
#ifndef BASALT_P2M_H
#define BASALT_P2M_H

#include <basalt/types.h>
#include <basalt/spinlock.h>

struct page_info;

#define P2M_IPA_BITS  40
#define P2M_IPA_LIMIT (1UL << P2M_IPA_BITS)

/* Stored in the descriptors' software bits (4 bits: keep < 16). */
enum p2m_type {
	p2m_invalid = 0,
	p2m_ram_rw,	    /* domain RAM, read/write, Normal WB */
	p2m_ram_ro,	    /* domain RAM, read-only, Normal WB */
	p2m_mmio_direct,    /* device, Device-nGnRE, never executable */
	p2m_map_foreign_rw, /* another owner's page (grant/foreign map), Normal WB */
	p2m_map_foreign_ro,
};

struct p2m {
	spinlock_t lock;
	uint64_t *root; /* 2 concatenated level-1 tables (8 KiB) */
	uint16_t vmid;
	domid_t owner;	    /* set by p2m_set_owner(); recorded in populated pages */
	size_t table_pages; /* page-table pages currently allocated (root included) */
	size_t ram_pages;   /* pages mapped as p2m_ram_* */
};

/*
 * Once per pCPU before it runs a guest: program VTCR_EL2 for the geometry
 * above (PS from ID_AA64MMFR0, 16-bit VMIDs if ID_AA64MMFR1 has them).
 */
void p2m_cpu_init(void);

/* A free VMID (>= 1), or -ENOSPC. */
int vmid_alloc(void);
void vmid_free(uint16_t vmid);
/* How many VMIDs the hardware has (256 or 65536). */
unsigned int vmid_count(void);

/* Empty stage-2 with the given VMID; flushes stale TLB entries of the VMID. */
int p2m_init(struct p2m *p2m, uint16_t vmid);
void p2m_set_owner(struct p2m *p2m, domid_t owner);
/*
 * Unmap everything, drop every page reference (freeing the domain's RAM),
 * free all table pages and flush the VMID. The VMID itself is not freed.
 */
void p2m_teardown(struct p2m *p2m);

/*
 * Back [base, base + size) with fresh zeroed RAM from anywhere in host memory
 * (2 MiB blocks where possible, then 4 KiB pages), mapped p2m_ram_rw and
 * owned by the p2m's owner. On failure nothing stays mapped (-ENOMEM,
 * -EINVAL for a misaligned or out-of-range request).
 */
int p2m_populate_ram(struct p2m *p2m, ipa_t base, uint64_t size);

/*
 * Map [ipa, ipa + size) to [pa, pa + size); page aligned, replacing what was
 * mapped there. RAM and foreign types need frames managed by the page
 * allocator that are allocated (-EINVAL otherwise, nothing changed) and take
 * a reference on each. -ENOMEM (table pages) leaves the range unmapped.
 */
int p2m_map(struct p2m *p2m, ipa_t ipa, paddr_t pa, uint64_t size, enum p2m_type t);
/* Unmap a range (holes are fine), splitting blocks at the edges. */
int p2m_unmap(struct p2m *p2m, ipa_t ipa, uint64_t size);
/* Translate one address; -ENOENT if unmapped. @pa and @t may be NULL. */
int p2m_lookup(struct p2m *p2m, ipa_t ipa, paddr_t *pa, enum p2m_type *t);
/*
 * Translate and take a page reference atomically with respect to unmapping
 * (for mapping a guest page into the hypervisor). Only RAM/foreign entries;
 * -ENOENT otherwise. Drop with page_put().
 */
int p2m_get_page(struct p2m *p2m, ipa_t ipa, struct page_info **pg, enum p2m_type *t);

/*
 * For the stage-2 abort handlers: a guest access can fault while another
 * pCPU is in the middle of a break-before-make on its entry (a block being
 * split, a page replaced). This waits for any change in progress (the p2m
 * lock) and says whether @ipa is now mapped so that the access (a write if
 * @write, an instruction fetch if @exec) would succeed; then the right
 * response is to return to the guest and let it retry, not to emulate or
 * inject an abort.
 */
bool p2m_fault_resolved(struct p2m *p2m, ipa_t ipa, bool write, bool exec);

/* VTTBR_EL2 value: VMID and root table address. */
uint64_t p2m_vttbr(const struct p2m *p2m);

/*
 * Copy into / out of guest RAM by IPA (domain building: kernel, initrd, DT).
 * Writes are cleaned to the point of coherency, since the guest starts with
 * its MMU and caches off. -EFAULT if part of the range is not RAM.
 */
int p2m_copy_to_ipa(struct p2m *p2m, ipa_t dst, const void *src, size_t len);
int p2m_copy_from_ipa(struct p2m *p2m, void *dst, ipa_t src, size_t len);

/* Pages mapped as domain RAM (p2m_ram_rw / p2m_ram_ro). */
size_t p2m_ram_pages(const struct p2m *p2m);

#endif
