// SPDX-License-Identifier: GPL-2.0-only
/*
 * Stage-2 translation tables (see p2m.h for the geometry and the reference
 * rules).
 *
 * Changes follow break-before-make: a valid descriptor is only ever replaced
 * by an invalid one, and the TLB is invalidated for the VMID before the entry
 * is made valid again, before a table page is freed and before a page's
 * reference is dropped. Work that must wait for the invalidation (dropping
 * references, freeing tables) is queued in a struct p2m_op and done by
 * op_flush(), which batches the invalidations of a whole operation.
 */
#include <basalt/p2m.h>
#include <basalt/page_alloc.h>
#include <basalt/lib.h>
#include <basalt/errno.h>
#include <basalt/atomic.h>
#include <asm/stage2.h>

/* Descriptor bits (ARMv8 stage 2, 4 KiB granule) */
#define PTE_VALID      BIT(0)
#define PTE_TABLE      BIT(1) /* table at levels 1-2; must be set for a level-3 page */
#define PTE_MEMATTR(x) ((uint64_t)(x) << 2)
#define MEMATTR_NORMAL 0xfUL /* Normal, Outer and Inner Write-Back */
#define MEMATTR_DEVICE 0x1UL /* Device-nGnRE */
#define PTE_S2AP_R     BIT(6)
#define PTE_S2AP_W     BIT(7)
#define PTE_SH_INNER   (3UL << 8)
#define PTE_AF	       BIT(10)
#define PTE_XN	       BIT(54)
#define PTE_TYPE_SHIFT 55 /* software bits 58:55 hold the p2m_type */
#define PTE_TYPE_MASK  (0xfUL << PTE_TYPE_SHIFT)
#define PTE_ADDR_MASK  0x0000fffffffff000UL

#define ROOT_LEVEL   1
#define ROOT_ORDER   1 /* two concatenated level-1 tables */
#define ROOT_ENTRIES 1024
#define LEAF_LEVEL   3
#define BLOCK_LEVEL  2 /* 2 MiB blocks are the largest we create */

/* VTCR_EL2 fields */
#define VTCR_T0SZ(bits) ((uint64_t)(64 - (bits)))
#define VTCR_SL0_L1	(1UL << 6)
#define VTCR_IRGN0_WBWA (1UL << 8)
#define VTCR_ORGN0_WBWA (1UL << 10)
#define VTCR_SH0_INNER	(3UL << 12)
#define VTCR_TG0_4K	(0UL << 14)
#define VTCR_PS_SHIFT	16
#define VTCR_VS_16BIT	BIT(19)
#define VTCR_RES1	BIT(31)

/* Beyond this many descriptors one VMID-wide invalidation is cheaper. */
#define FLUSH_BY_IPA_MAX 32
#define OP_MAX_DEFERRED	 64

_Static_assert(P2M_IPA_BITS == 40, "root geometry assumes a 40-bit IPA");

struct p2m_op {
	struct p2m *p2m;
	bool flush_all;
	unsigned int nr_flush;
	ipa_t flush_ipa[FLUSH_BY_IPA_MAX];
	unsigned int nr_puts;
	struct {
		paddr_t pa;
		uint32_t pages;
	} puts[OP_MAX_DEFERRED];
	unsigned int nr_tables;
	uint64_t *tables[OP_MAX_DEFERRED];
};

static unsigned int vmid_bits;
static uint64_t vmid_map[65536 / 64];
static spinlock_t vmid_lock = SPINLOCK_INIT;

static uint64_t level_size(unsigned int level)
{
	return 1UL << (PAGE_SHIFT + 9 * (LEAF_LEVEL - level));
}

static unsigned int level_index(ipa_t ipa, unsigned int level)
{
	unsigned int idx = (unsigned int)(ipa >> (PAGE_SHIFT + 9 * (LEAF_LEVEL - level)));

	return level == ROOT_LEVEL ? idx : idx & 511;
}

static unsigned int level_entries(unsigned int level)
{
	return level == ROOT_LEVEL ? ROOT_ENTRIES : 512;
}

static bool pte_valid(uint64_t pte)
{
	return pte & PTE_VALID;
}

static bool pte_is_table(uint64_t pte, unsigned int level)
{
	return level < LEAF_LEVEL && (pte & (PTE_VALID | PTE_TABLE)) == (PTE_VALID | PTE_TABLE);
}

static uint64_t *pte_table(uint64_t pte)
{
	return phys_to_virt(pte & PTE_ADDR_MASK);
}

static enum p2m_type pte_type(uint64_t pte)
{
	return (enum p2m_type)((pte & PTE_TYPE_MASK) >> PTE_TYPE_SHIFT);
}

static bool type_holds_ref(enum p2m_type t)
{
	return t == p2m_ram_rw || t == p2m_ram_ro || t == p2m_map_foreign_rw ||
	       t == p2m_map_foreign_ro;
}

static bool type_is_ram(enum p2m_type t)
{
	return t == p2m_ram_rw || t == p2m_ram_ro;
}

static uint64_t type_attrs(enum p2m_type t)
{
	uint64_t normal = PTE_MEMATTR(MEMATTR_NORMAL) | PTE_SH_INNER | PTE_AF | PTE_S2AP_R;

	switch (t) {
	case p2m_ram_rw:
		return normal | PTE_S2AP_W;
	case p2m_ram_ro:
		return normal;
	case p2m_map_foreign_rw:
		return normal | PTE_S2AP_W | PTE_XN;
	case p2m_map_foreign_ro:
		return normal | PTE_XN;
	case p2m_mmio_direct:
		return PTE_MEMATTR(MEMATTR_DEVICE) | PTE_AF | PTE_S2AP_R | PTE_S2AP_W | PTE_XN;
	default:
		return 0;
	}
}

static uint64_t leaf_pte(paddr_t pa, enum p2m_type t, unsigned int level)
{
	uint64_t desc = level == LEAF_LEVEL ? (PTE_VALID | PTE_TABLE) : PTE_VALID;

	return desc | (pa & PTE_ADDR_MASK) | type_attrs(t) | ((uint64_t)t << PTE_TYPE_SHIFT);
}

/* ---- VTCR and VMIDs ---------------------------------------------------- */

static unsigned int detect_vmid_bits(void)
{
	return ((stage2_read_id_aa64mmfr1() >> 4) & 0xf) == 2 ? 16 : 8;
}

void p2m_cpu_init(void)
{
	uint64_t parange = stage2_read_id_aa64mmfr0() & 0xf;
	uint64_t vtcr = VTCR_T0SZ(P2M_IPA_BITS) | VTCR_SL0_L1 | VTCR_IRGN0_WBWA | VTCR_ORGN0_WBWA |
			VTCR_SH0_INNER | VTCR_TG0_4K | VTCR_RES1;

	/* Output size: what the CPU has, at most 48 bits (no 52-bit descriptors). */
	vtcr |= MIN(parange, 5UL) << VTCR_PS_SHIFT;
	if (detect_vmid_bits() == 16)
		vtcr |= VTCR_VS_16BIT;
	if (!vmid_bits)
		vmid_bits = detect_vmid_bits();
	stage2_write_vtcr(vtcr);
}

unsigned int vmid_count(void)
{
	if (!vmid_bits)
		vmid_bits = detect_vmid_bits();
	return 1U << vmid_bits;
}

int vmid_alloc(void)
{
	unsigned int n = vmid_count();
	unsigned long flags;
	int vmid = -ENOSPC;

	spin_lock_irqsave(&vmid_lock, flags);
	/* VMID 0 stays unused: it is what VTTBR holds when no guest is loaded. */
	for (unsigned int i = 1; i < n; i++) {
		if (!test_bit(i, vmid_map)) {
			set_bit_atomic(i, vmid_map);
			vmid = (int)i;
			break;
		}
	}
	spin_unlock_irqrestore(&vmid_lock, flags);
	return vmid;
}

void vmid_free(uint16_t vmid)
{
	if (vmid == 0 || vmid >= vmid_count())
		return;
	clear_bit_atomic(vmid, vmid_map);
}

/* ---- Deferred work and TLB maintenance --------------------------------- */

static void op_init(struct p2m_op *op, struct p2m *p2m)
{
	op->p2m = p2m;
	op->flush_all = false;
	op->nr_flush = 0;
	op->nr_puts = 0;
	op->nr_tables = 0;
}

static void free_table(struct p2m *p2m, uint64_t *table)
{
	free_page(table);
	p2m->table_pages--;
}

/* Invalidate what the operation broke, then do the work that waited for it. */
static void op_flush(struct p2m_op *op)
{
	uint64_t vttbr = p2m_vttbr(op->p2m);

	if (op->flush_all)
		stage2_tlb_flush_vmid(vttbr);
	else if (op->nr_flush)
		stage2_tlb_flush_ipas(vttbr, op->flush_ipa, op->nr_flush);
	op->flush_all = false;
	op->nr_flush = 0;
	for (unsigned int i = 0; i < op->nr_puts; i++)
		for (uint32_t j = 0; j < op->puts[i].pages; j++)
			page_put(pa_to_page(op->puts[i].pa + ((paddr_t)j << PAGE_SHIFT)));
	op->nr_puts = 0;
	for (unsigned int i = 0; i < op->nr_tables; i++)
		free_table(op->p2m, op->tables[i]);
	op->nr_tables = 0;
}

/* A descriptor translating @ipa was broken: invalidate it before reuse. */
static void op_need_flush(struct p2m_op *op, ipa_t ipa)
{
	if (op->flush_all)
		return;
	if (op->nr_flush && op->flush_ipa[op->nr_flush - 1] == ipa)
		return;
	if (op->nr_flush == FLUSH_BY_IPA_MAX) {
		op->flush_all = true;
		return;
	}
	op->flush_ipa[op->nr_flush++] = ipa;
}

static void op_defer_put(struct p2m_op *op, paddr_t pa, uint64_t size)
{
	if (op->nr_puts == OP_MAX_DEFERRED)
		op_flush(op);
	op->puts[op->nr_puts].pa = pa;
	op->puts[op->nr_puts].pages = (uint32_t)(size >> PAGE_SHIFT);
	op->nr_puts++;
}

static void op_defer_free_table(struct p2m_op *op, uint64_t *table)
{
	if (op->nr_tables == OP_MAX_DEFERRED)
		op_flush(op);
	op->tables[op->nr_tables++] = table;
}

static uint64_t *new_table(struct p2m *p2m)
{
	uint64_t *t = alloc_page_zeroed();

	if (!t)
		return NULL;
	p2m->table_pages++;
	/* The zeroes must reach the table walkers before the table is linked in. */
	stage2_pte_sync();
	return t;
}

/* ---- Unmapping ---------------------------------------------------------- */

/* Break a leaf of @size at @ipa; its references drop after the flush. */
static void clear_leaf(struct p2m_op *op, uint64_t *ptep, ipa_t ipa, uint64_t size)
{
	uint64_t pte = *ptep;
	enum p2m_type t = pte_type(pte);

	stage2_write_pte(ptep, 0);
	op_need_flush(op, ipa);
	if (type_is_ram(t))
		op->p2m->ram_pages -= size >> PAGE_SHIFT;
	if (type_holds_ref(t))
		op_defer_put(op, pte & PTE_ADDR_MASK, size);
}

/*
 * Replace the block at @ptep (level @level, IPA @ipa) by a table of the same
 * mappings one level down, with break-before-make.
 */
static int split_block(struct p2m_op *op, uint64_t *ptep, unsigned int level, ipa_t ipa)
{
	uint64_t pte = *ptep;
	uint64_t child = level_size(level + 1);
	uint64_t attrs = pte & ~PTE_ADDR_MASK & ~(PTE_VALID | PTE_TABLE);
	uint64_t desc = level + 1 == LEAF_LEVEL ? (PTE_VALID | PTE_TABLE) : PTE_VALID;
	paddr_t pa = pte & PTE_ADDR_MASK;
	uint64_t *t = new_table(op->p2m);

	if (!t)
		return -ENOMEM;
	for (unsigned int i = 0; i < 512; i++)
		t[i] = desc | attrs | (pa + i * child);
	stage2_write_pte(ptep, 0);
	op_need_flush(op, ipa);
	op_flush(op);
	stage2_write_pte(ptep, virt_to_phys(t) | PTE_VALID | PTE_TABLE);
	return 0;
}

static bool table_empty(const uint64_t *t)
{
	for (unsigned int i = 0; i < 512; i++)
		if (pte_valid(t[i]))
			return false;
	return true;
}

/* Unmap [start, end) within @table, which maps @level entries from @base. */
static int unmap_level(struct p2m_op *op, uint64_t *table, unsigned int level, ipa_t base,
		       ipa_t start, ipa_t end)
{
	uint64_t size = level_size(level);
	ipa_t ipa = start;

	while (ipa < end) {
		unsigned int idx = level_index(ipa - base, level);
		ipa_t lo = base + (ipa_t)idx * size;
		ipa_t hi = MIN(end, lo + size);
		uint64_t *ptep = &table[idx];
		int rc;

		ipa = hi;
		if (!pte_valid(*ptep))
			continue;
		if (!pte_is_table(*ptep, level)) {
			if (lo >= start && hi == lo + size) {
				clear_leaf(op, ptep, lo, size);
				continue;
			}
			rc = split_block(op, ptep, level, lo);
			if (rc)
				return rc;
		}
		rc = unmap_level(op, pte_table(*ptep), level + 1, lo, MAX(start, lo), hi);
		if (rc)
			return rc;
		if (table_empty(pte_table(*ptep))) {
			uint64_t *sub = pte_table(*ptep);

			/* Any address the table translated names it to the TLB. */
			stage2_write_pte(ptep, 0);
			op_need_flush(op, MAX(start, lo));
			op_defer_free_table(op, sub);
		}
	}
	return 0;
}

static int unmap_range(struct p2m_op *op, ipa_t ipa, uint64_t size)
{
	return unmap_level(op, op->p2m->root, ROOT_LEVEL, 0, ipa, ipa + size);
}

/* ---- Mapping ------------------------------------------------------------ */

/*
 * Map [start, end) -> @pa into @table (entries already invalid: the caller
 * unmapped the range first). 2 MiB blocks where IPA, PA and size allow.
 */
static int map_level(struct p2m *p2m, uint64_t *table, unsigned int level, ipa_t base, ipa_t start,
		     ipa_t end, paddr_t pa, enum p2m_type t)
{
	uint64_t size = level_size(level);
	ipa_t ipa = start;

	while (ipa < end) {
		unsigned int idx = level_index(ipa - base, level);
		ipa_t lo = base + (ipa_t)idx * size;
		ipa_t hi = MIN(end, lo + size);
		paddr_t epa = pa + (ipa - start);
		uint64_t *ptep = &table[idx];
		int rc;

		if (level == LEAF_LEVEL || (level == BLOCK_LEVEL && ipa == lo && hi == lo + size &&
					    IS_ALIGNED(epa, size) && !pte_valid(*ptep))) {
			ASSERT(!pte_valid(*ptep));
			stage2_write_pte(ptep, leaf_pte(epa, t, level));
			if (type_is_ram(t))
				p2m->ram_pages += size >> PAGE_SHIFT;
		} else {
			if (!pte_valid(*ptep)) {
				uint64_t *sub = new_table(p2m);

				if (!sub)
					return -ENOMEM;
				stage2_write_pte(ptep, virt_to_phys(sub) | PTE_VALID | PTE_TABLE);
			}
			ASSERT(pte_is_table(*ptep, level));
			rc = map_level(p2m, pte_table(*ptep), level + 1, lo, ipa, hi, epa, t);
			if (rc)
				return rc;
		}
		ipa = hi;
	}
	return 0;
}

static bool range_ok(ipa_t ipa, uint64_t size)
{
	return size && IS_ALIGNED(ipa, PAGE_SIZE) && IS_ALIGNED(size, PAGE_SIZE) &&
	       ipa < P2M_IPA_LIMIT && size <= P2M_IPA_LIMIT - ipa;
}

/* Take a reference on each page of [pa, pa + size); all or nothing. */
static int get_range_refs(paddr_t pa, uint64_t size)
{
	uint64_t n = size >> PAGE_SHIFT;

	for (uint64_t i = 0; i < n; i++) {
		struct page_info *pg = pa_to_page(pa + (i << PAGE_SHIFT));

		if (!pg || !page_get(pg)) {
			while (i--)
				page_put(pa_to_page(pa + (i << PAGE_SHIFT)));
			return -EINVAL;
		}
	}
	return 0;
}

static void put_range_refs(paddr_t pa, uint64_t size)
{
	for (uint64_t off = 0; off < size; off += PAGE_SIZE)
		page_put(pa_to_page(pa + off));
}

/*
 * Map a range whose references (if its type holds them) the caller already
 * owns; they pass to the p2m. On failure the range is left unmapped and the
 * references of the part not mapped are dropped.
 */
static int map_owned_range(struct p2m_op *op, ipa_t ipa, paddr_t pa, uint64_t size, enum p2m_type t)
{
	struct p2m *p2m = op->p2m;
	int rc;

	rc = unmap_range(op, ipa, size);
	if (rc) {
		/* No table page to split a block at the edge: nothing new mapped. */
		if (type_holds_ref(t))
			put_range_refs(pa, size);
		goto out;
	}
	/* Broken entries must be invalidated before they are made again. */
	op_flush(op);
	rc = map_level(p2m, p2m->root, ROOT_LEVEL, 0, ipa, ipa + size, pa, t);
	if (rc) {
		/*
		 * Undo: unmapping drops the references already handed to entries;
		 * walk the range to find which pages were not mapped.
		 */
		for (uint64_t off = 0; off < size; off += PAGE_SIZE) {
			paddr_t got;
			int mapped = 0;
			uint64_t *table = p2m->root;

			for (unsigned int level = ROOT_LEVEL; level <= LEAF_LEVEL; level++) {
				uint64_t pte = table[level_index(ipa + off, level)];

				if (!pte_valid(pte))
					break;
				if (!pte_is_table(pte, level)) {
					got = (pte & PTE_ADDR_MASK) +
					      ((ipa + off) & (level_size(level) - 1));
					mapped = got == pa + off;
					break;
				}
				table = pte_table(pte);
			}
			if (!mapped && type_holds_ref(t))
				page_put(pa_to_page(pa + off));
		}
		/* The edges were split above, so this needs no new table. */
		unmap_range(op, ipa, size);
	}
out:
	op_flush(op);
	stage2_pte_sync();
	return rc;
}

int p2m_map(struct p2m *p2m, ipa_t ipa, paddr_t pa, uint64_t size, enum p2m_type t)
{
	struct p2m_op op;
	unsigned long flags;
	int rc;

	if (!range_ok(ipa, size) || !IS_ALIGNED(pa, PAGE_SIZE) || !type_attrs(t) ||
	    pa + size < pa || ((pa + size - 1) & ~PTE_ADDR_MASK & ~(PAGE_SIZE - 1)))
		return -EINVAL;
	if (type_holds_ref(t)) {
		rc = get_range_refs(pa, size);
		if (rc)
			return rc;
	}
	op_init(&op, p2m);
	spin_lock_irqsave(&p2m->lock, flags);
	rc = map_owned_range(&op, ipa, pa, size, t);
	spin_unlock_irqrestore(&p2m->lock, flags);
	return rc;
}

int p2m_unmap(struct p2m *p2m, ipa_t ipa, uint64_t size)
{
	struct p2m_op op;
	unsigned long flags;
	int rc;

	if (!range_ok(ipa, size))
		return -EINVAL;
	op_init(&op, p2m);
	spin_lock_irqsave(&p2m->lock, flags);
	rc = unmap_range(&op, ipa, size);
	op_flush(&op);
	stage2_pte_sync();
	spin_unlock_irqrestore(&p2m->lock, flags);
	return rc;
}

/* ---- Lookup -------------------------------------------------------------- */

static int lookup_locked(struct p2m *p2m, ipa_t ipa, paddr_t *pa, enum p2m_type *t)
{
	uint64_t *table = p2m->root;

	if (ipa >= P2M_IPA_LIMIT || !table)
		return -ENOENT;
	for (unsigned int level = ROOT_LEVEL; level <= LEAF_LEVEL; level++) {
		uint64_t pte = table[level_index(ipa, level)];

		if (!pte_valid(pte))
			return -ENOENT;
		if (!pte_is_table(pte, level)) {
			if (pa)
				*pa = (pte & PTE_ADDR_MASK) + (ipa & (level_size(level) - 1));
			if (t)
				*t = pte_type(pte);
			return 0;
		}
		table = pte_table(pte);
	}
	return -ENOENT;
}

int p2m_lookup(struct p2m *p2m, ipa_t ipa, paddr_t *pa, enum p2m_type *t)
{
	unsigned long flags;
	int rc;

	spin_lock_irqsave(&p2m->lock, flags);
	rc = lookup_locked(p2m, ipa, pa, t);
	spin_unlock_irqrestore(&p2m->lock, flags);
	return rc;
}

int p2m_get_page(struct p2m *p2m, ipa_t ipa, struct page_info **pg, enum p2m_type *t)
{
	enum p2m_type type;
	unsigned long flags;
	paddr_t pa;
	int rc;

	spin_lock_irqsave(&p2m->lock, flags);
	rc = lookup_locked(p2m, ipa, &pa, &type);
	if (!rc && !type_holds_ref(type))
		rc = -ENOENT;
	if (!rc) {
		*pg = pa_to_page(pa);
		/* The entry holds a reference, so the page cannot be free. */
		if (!*pg || !page_get(*pg))
			rc = -ENOENT;
	}
	spin_unlock_irqrestore(&p2m->lock, flags);
	if (!rc && t)
		*t = type;
	return rc;
}

bool p2m_fault_resolved(struct p2m *p2m, ipa_t ipa, bool write, bool exec)
{
	enum p2m_type t;
	uint64_t attrs;

	if (p2m_lookup(p2m, ipa, NULL, &t))
		return false;
	attrs = type_attrs(t);
	if (write && !(attrs & PTE_S2AP_W))
		return false;
	return !(exec && (attrs & PTE_XN));
}

/* ---- Life cycle ----------------------------------------------------------- */

int p2m_init(struct p2m *p2m, uint16_t vmid)
{
	if (vmid == 0 || vmid >= vmid_count())
		return -EINVAL;
	spin_lock_init(&p2m->lock);
	p2m->vmid = vmid;
	p2m->owner = PAGE_OWNER_NONE;
	p2m->table_pages = 0;
	p2m->ram_pages = 0;
	p2m->root = alloc_pages(ROOT_ORDER);
	if (!p2m->root)
		return -ENOMEM;
	memset(p2m->root, 0, PAGE_SIZE << ROOT_ORDER);
	p2m->table_pages = 1U << ROOT_ORDER;
	/* A previous user of this VMID may have left entries in the TLBs. */
	stage2_tlb_flush_vmid(p2m_vttbr(p2m));
	return 0;
}

void p2m_set_owner(struct p2m *p2m, domid_t owner)
{
	p2m->owner = owner;
}

/* Free a table and everything below it; the VMID was flushed beforehand. */
static void teardown_level(struct p2m *p2m, uint64_t *table, unsigned int level)
{
	for (unsigned int i = 0; i < level_entries(level); i++) {
		uint64_t pte = table[i];

		if (!pte_valid(pte))
			continue;
		if (pte_is_table(pte, level)) {
			teardown_level(p2m, pte_table(pte), level + 1);
			free_table(p2m, pte_table(pte));
		} else {
			enum p2m_type t = pte_type(pte);

			if (type_is_ram(t))
				p2m->ram_pages -= level_size(level) >> PAGE_SHIFT;
			if (type_holds_ref(t))
				put_range_refs(pte & PTE_ADDR_MASK, level_size(level));
		}
	}
}

void p2m_teardown(struct p2m *p2m)
{
	unsigned long flags;

	if (!p2m->root)
		return;
	spin_lock_irqsave(&p2m->lock, flags);
	/*
	 * The domain no longer runs, so once its TLB entries are gone nothing
	 * can walk these tables: free them without breaking entries one by one.
	 */
	stage2_tlb_flush_vmid(p2m_vttbr(p2m));
	teardown_level(p2m, p2m->root, ROOT_LEVEL);
	free_pages(p2m->root, ROOT_ORDER);
	p2m->table_pages -= 1U << ROOT_ORDER;
	p2m->root = NULL;
	spin_unlock_irqrestore(&p2m->lock, flags);
}

uint64_t p2m_vttbr(const struct p2m *p2m)
{
	return virt_to_phys(p2m->root) | ((uint64_t)p2m->vmid << 48);
}

size_t p2m_ram_pages(const struct p2m *p2m)
{
	return READ_ONCE(p2m->ram_pages);
}

/* ---- Domain RAM ------------------------------------------------------------ */

/*
 * Fresh, zeroed RAM for the chunk at @ipa: a 2 MiB block where the IPA and
 * the remaining size allow and one is free, else a page. Sets *@order.
 */
static void *alloc_guest_chunk(ipa_t ipa, uint64_t remaining, domid_t owner, unsigned int *order)
{
	uint64_t block = level_size(BLOCK_LEVEL);
	void *mem = NULL;

	*order = 0;
	if (IS_ALIGNED(ipa, block) && remaining >= block) {
		*order = 9; /* log2(2 MiB / 4 KiB) */
		mem = alloc_pages(*order);
	}
	if (!mem) {
		*order = 0;
		mem = alloc_pages(0);
	}
	if (!mem)
		return NULL;
	/* Never-used boot memory (with bootscrub=0) is handed out as it is. */
	if (page_needs_scrub(pa_to_page(virt_to_phys(mem)), *order))
		stage2_zero_guest_ram(mem, PAGE_SIZE << *order);
	page_set_owner(pa_to_page(virt_to_phys(mem)), *order, owner);
	return mem;
}

/*
 * Chunks are allocated and cleared without the lock (clearing 2 MiB is
 * slow, and the pCPU keeps its interrupts); only mapping takes it.
 */
int p2m_populate_ram(struct p2m *p2m, ipa_t base, uint64_t size)
{
	struct p2m_op op;
	unsigned long flags;
	uint64_t off = 0;
	int rc = 0;

	if (!range_ok(base, size))
		return -EINVAL;
	while (off < size) {
		unsigned int order;
		void *mem = alloc_guest_chunk(base + off, size - off, p2m->owner, &order);

		if (!mem) {
			rc = -ENOMEM;
			break;
		}
		op_init(&op, p2m);
		spin_lock_irqsave(&p2m->lock, flags);
		/* The allocation's references pass to the p2m (dropped on failure). */
		rc = map_owned_range(&op, base + off, virt_to_phys(mem), PAGE_SIZE << order,
				     p2m_ram_rw);
		spin_unlock_irqrestore(&p2m->lock, flags);
		if (rc)
			break;
		off += PAGE_SIZE << order;
	}
	if (rc)
		p2m_unmap(p2m, base, size);
	return rc;
}

static int copy_ipa(struct p2m *p2m, ipa_t ipa, void *buf, size_t len, bool to_guest)
{
	char *b = buf;

	while (len) {
		size_t off = ipa & (PAGE_SIZE - 1);
		size_t chunk = MIN(len, PAGE_SIZE - off);
		struct page_info *pg;
		enum p2m_type t;
		char *va;

		if (p2m_get_page(p2m, ipa, &pg, &t))
			return -EFAULT;
		if (!type_is_ram(t)) {
			page_put(pg);
			return -EFAULT;
		}
		va = (char *)page_to_virt(pg) + off;
		if (to_guest) {
			memcpy(va, b, chunk);
			stage2_clean_dcache(va, chunk);
		} else {
			memcpy(b, va, chunk);
		}
		page_put(pg);
		b += chunk;
		ipa += chunk;
		len -= chunk;
	}
	return 0;
}

int p2m_copy_to_ipa(struct p2m *p2m, ipa_t dst, const void *src, size_t len)
{
	return copy_ipa(p2m, dst, (void *)(uintptr_t)src, len, true);
}

int p2m_copy_from_ipa(struct p2m *p2m, void *dst, ipa_t src, size_t len)
{
	return copy_ipa(p2m, src, dst, len, false);
}
