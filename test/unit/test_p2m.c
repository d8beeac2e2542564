// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests of stage-2 table building and tear-down (core/arch/arm64/p2m.c)
 * on the host: descriptors are read back with the architecture's encoding,
 * TLB maintenance and break-before-make are checked through the recording
 * host version of asm/stage2.h, and every page is accounted for through the
 * page allocator's counters.
 */
#include "mem_test_util.h"
#include <basalt/p2m.h>
#include <basalt/errno.h>
#include <asm/stage2.h>

#define MiB (1UL << 20)
#define GiB (1UL << 30)

/* Stage-2 descriptor fields, from the Arm ARM (independent of p2m.c). */
#define D_VALID	     0x1UL
#define D_TABLE	     0x2UL
#define D_ADDR(d)    ((d)&0x0000fffffffff000UL)
#define D_MEMATTR(d) (((d) >> 2) & 0xf)
#define D_S2AP(d)    (((d) >> 6) & 0x3)
#define D_SH(d)	     (((d) >> 8) & 0x3)
#define D_AF(d)	     (((d) >> 10) & 0x1)
#define D_XN(d)	     (((d) >> 54) & 0x1)

struct fixture {
	struct p2m p2m;
	size_t free_at_start;
	char *mem;
};

/* The descriptor that maps @ipa and its level (1..3); 0 if none. */
static uint64_t leaf_desc(struct p2m *p2m, ipa_t ipa, unsigned int *level)
{
	uint64_t *table = p2m->root;

	for (unsigned int l = 1; l <= 3; l++) {
		unsigned int shift = 12 + 9 * (3 - l);
		unsigned int idx = (unsigned int)(ipa >> shift) & (l == 1 ? 1023 : 511);
		uint64_t d = table[idx];

		if (!(d & D_VALID))
			return 0;
		if (l == 3 || !(d & D_TABLE)) {
			*level = l;
			return d;
		}
		table = (uint64_t *)(uintptr_t)D_ADDR(d);
	}
	return 0;
}

static void setup(struct fixture *f, gconstpointer data)
{
	f->mem = mem_test_fresh_region(128 * MiB, 2 * MiB);
	host_stage2_reset();
	f->free_at_start = page_alloc_free_count();
	g_assert_cmpint(p2m_init(&f->p2m, 5), ==, 0);
	p2m_set_owner(&f->p2m, 3);
}

static void teardown(struct fixture *f, gconstpointer data)
{
	p2m_teardown(&f->p2m);
	g_assert_cmpuint(f->p2m.table_pages, ==, 0);
	g_assert_cmpuint(p2m_ram_pages(&f->p2m), ==, 0);
	g_assert_cmpuint(host_stage2.bbm_violations, ==, 0);
	/* Every table page and all of the domain's RAM is back. */
	g_assert_cmpuint(page_alloc_free_count(), ==, f->free_at_start);
}

static void test_init_vttbr(struct fixture *f, gconstpointer data)
{
	uint64_t vttbr = p2m_vttbr(&f->p2m);

	g_assert_cmpuint(vttbr >> 48, ==, 5);
	g_assert_cmpuint(vttbr & ((1UL << 48) - 1), ==, (uintptr_t)f->p2m.root);
	/* The root is two concatenated, 8 KiB aligned level-1 tables. */
	g_assert_cmpuint((uintptr_t)f->p2m.root & 0x1fff, ==, 0);
	g_assert_cmpuint(f->p2m.table_pages, ==, 2);
	/* Stale TLB entries of a reused VMID are flushed. */
	g_assert_cmpuint(host_stage2.vmid_flushes, ==, 1);
	g_assert_cmpuint(host_stage2.last_flush_vttbr, ==, vttbr);
}

static void test_vtcr(struct fixture *f, gconstpointer data)
{
	uint64_t vtcr;

	p2m_cpu_init();
	vtcr = host_stage2.vtcr;
	g_assert_cmpuint(vtcr & 0x3f, ==, 24);	   /* T0SZ: 40-bit IPA */
	g_assert_cmpuint((vtcr >> 6) & 3, ==, 1);  /* SL0: start at level 1 */
	g_assert_cmpuint((vtcr >> 8) & 3, ==, 1);  /* IRGN0 WBWA */
	g_assert_cmpuint((vtcr >> 10) & 3, ==, 1); /* ORGN0 WBWA */
	g_assert_cmpuint((vtcr >> 12) & 3, ==, 3); /* SH0 inner */
	g_assert_cmpuint((vtcr >> 14) & 3, ==, 0); /* TG0 4K */
	g_assert_cmpuint((vtcr >> 16) & 7, ==, 2); /* PS = PARange (40 bits) */
	g_assert_cmpuint((vtcr >> 19) & 1, ==, 1); /* 16-bit VMIDs */
	g_assert_cmpuint((vtcr >> 31) & 1, ==, 1); /* RES1 */
	g_assert_cmpuint(vmid_count(), ==, 65536);
}

static void test_vmids(void)
{
	int a = vmid_alloc(), b = vmid_alloc();
	struct p2m p2m;

	g_assert_cmpint(a, >=, 1);
	g_assert_cmpint(b, >=, 1);
	g_assert_cmpint(a, !=, b);
	vmid_free((uint16_t)a);
	g_assert_cmpint(vmid_alloc(), ==, a);
	vmid_free((uint16_t)a);
	vmid_free((uint16_t)b);
	/* VMID 0 is never used for a guest. */
	g_assert_cmpint(p2m_init(&p2m, 0), ==, -EINVAL);
}

static void test_map_page_lookup_attrs(struct fixture *f, gconstpointer data)
{
	char *page = alloc_page();
	struct page_info *pg = pa_to_page((uintptr_t)page);
	ipa_t ipa = 0x40001000;
	enum p2m_type t;
	unsigned int level;
	paddr_t pa;
	uint64_t d;

	g_assert_cmpint(p2m_map(&f->p2m, ipa, (uintptr_t)page, PAGE_SIZE, p2m_ram_rw), ==, 0);
	g_assert_cmpuint(pg->count, ==, 2);
	g_assert_cmpint(p2m_lookup(&f->p2m, ipa + 0x123, &pa, &t), ==, 0);
	g_assert_cmpuint(pa, ==, (uintptr_t)page + 0x123);
	g_assert_cmpint(t, ==, p2m_ram_rw);
	g_assert_cmpint(p2m_lookup(&f->p2m, ipa + PAGE_SIZE, NULL, NULL), ==, -ENOENT);
	g_assert_cmpint(p2m_lookup(&f->p2m, ipa - 1, NULL, NULL), ==, -ENOENT);
	g_assert_cmpuint(p2m_ram_pages(&f->p2m), ==, 1);

	d = leaf_desc(&f->p2m, ipa, &level);
	g_assert_cmpuint(level, ==, 3);
	g_assert_cmpuint(d & 3, ==, 3); /* page descriptor */
	g_assert_cmpuint(D_ADDR(d), ==, (uintptr_t)page);
	g_assert_cmpuint(D_MEMATTR(d), ==, 0xf); /* Normal WB */
	g_assert_cmpuint(D_S2AP(d), ==, 3);	 /* read/write */
	g_assert_cmpuint(D_SH(d), ==, 3);
	g_assert_cmpuint(D_AF(d), ==, 1);
	g_assert_cmpuint(D_XN(d), ==, 0);
	/* Root + level 2 + level 3 tables. */
	g_assert_cmpuint(f->p2m.table_pages, ==, 4);

	g_assert_cmpint(p2m_unmap(&f->p2m, ipa, PAGE_SIZE), ==, 0);
	g_assert_cmpint(p2m_lookup(&f->p2m, ipa, NULL, NULL), ==, -ENOENT);
	g_assert_cmpuint(pg->count, ==, 1);
	g_assert_cmpuint(host_stage2.last_flush_ipa, ==, ipa);
	g_assert_cmpuint(host_stage2.ipa_flushes, >=, 1);
	/* Empty tables are given back. */
	g_assert_cmpuint(f->p2m.table_pages, ==, 2);
	free_page(page);
}

static void test_ro_and_mmio(struct fixture *f, gconstpointer data)
{
	char *page = alloc_page();
	paddr_t dev = 0x09000000; /* not RAM: no frame, no reference */
	unsigned int level;
	enum p2m_type t;
	uint64_t d;

	g_assert_cmpint(p2m_map(&f->p2m, 0x50000000, (uintptr_t)page, PAGE_SIZE, p2m_ram_ro), ==,
			0);
	d = leaf_desc(&f->p2m, 0x50000000, &level);
	g_assert_cmpuint(D_S2AP(d), ==, 1); /* read-only */
	g_assert_cmpuint(D_MEMATTR(d), ==, 0xf);

	g_assert_cmpint(p2m_map(&f->p2m, 0x22000000, dev, PAGE_SIZE, p2m_mmio_direct), ==, 0);
	d = leaf_desc(&f->p2m, 0x22000000, &level);
	g_assert_cmpuint(D_MEMATTR(d), ==, 0x1); /* Device-nGnRE */
	g_assert_cmpuint(D_S2AP(d), ==, 3);
	g_assert_cmpuint(D_XN(d), ==, 1);
	g_assert_cmpint(p2m_lookup(&f->p2m, 0x22000010, NULL, &t), ==, 0);
	g_assert_cmpint(t, ==, p2m_mmio_direct);
	/* RAM types need managed, allocated frames. */
	g_assert_cmpint(p2m_map(&f->p2m, 0x60000000, dev, PAGE_SIZE, p2m_ram_rw), ==, -EINVAL);
	g_assert_cmpint(p2m_map(&f->p2m, 0x60000000, (uintptr_t)page, PAGE_SIZE, p2m_invalid), ==,
			-EINVAL);
	/* Ranges must be page aligned and inside the 40-bit IPA space. */
	g_assert_cmpint(p2m_map(&f->p2m, 0x60000800, dev, PAGE_SIZE, p2m_mmio_direct), ==, -EINVAL);
	g_assert_cmpint(
	    p2m_map(&f->p2m, P2M_IPA_LIMIT - PAGE_SIZE, dev, 2 * PAGE_SIZE, p2m_mmio_direct), ==,
	    -EINVAL);
	g_assert_cmpint(p2m_unmap(&f->p2m, 0x60000000, 0), ==, -EINVAL);
	g_assert_cmpint(p2m_lookup(&f->p2m, P2M_IPA_LIMIT, NULL, NULL), ==, -ENOENT);
	/* The highest page of the IPA space works. */
	g_assert_cmpint(
	    p2m_map(&f->p2m, P2M_IPA_LIMIT - PAGE_SIZE, dev, PAGE_SIZE, p2m_mmio_direct), ==, 0);
	p2m_teardown(&f->p2m);
	free_page(page);
}

static void test_blocks_and_split(struct fixture *f, gconstpointer data)
{
	char *block = alloc_pages(9);
	ipa_t ipa = 0x40200000;
	unsigned int level;
	unsigned long flushes;
	uint64_t d;
	paddr_t pa;

	g_assert_cmpint(p2m_map(&f->p2m, ipa, (uintptr_t)block, 2 * MiB, p2m_ram_rw), ==, 0);
	d = leaf_desc(&f->p2m, ipa + 5 * PAGE_SIZE, &level);
	g_assert_cmpuint(level, ==, 2);
	g_assert_cmpuint(d & 3, ==, 1); /* block descriptor */
	/* A block needs no level-3 table: root + one level 2. */
	g_assert_cmpuint(f->p2m.table_pages, ==, 3);
	for (unsigned int i = 0; i < 512; i++)
		g_assert_cmpuint(pa_to_page((uintptr_t)block + i * PAGE_SIZE)->count, ==, 2);

	/* Unmapping one page in the middle splits the block. */
	flushes = host_stage2.range_flushes + host_stage2.vmid_flushes;
	g_assert_cmpint(p2m_unmap(&f->p2m, ipa + 7 * PAGE_SIZE, PAGE_SIZE), ==, 0);
	g_assert_cmpuint(host_stage2.range_flushes + host_stage2.vmid_flushes, >, flushes);
	g_assert_cmpuint(f->p2m.table_pages, ==, 4);
	d = leaf_desc(&f->p2m, ipa + 6 * PAGE_SIZE, &level);
	g_assert_cmpuint(level, ==, 3);
	g_assert_cmpuint(D_MEMATTR(d), ==, 0xf);
	g_assert_cmpuint(D_S2AP(d), ==, 3);
	g_assert_cmpint(p2m_lookup(&f->p2m, ipa + 7 * PAGE_SIZE, NULL, NULL), ==, -ENOENT);
	g_assert_cmpint(p2m_lookup(&f->p2m, ipa + 8 * PAGE_SIZE + 4, &pa, NULL), ==, 0);
	g_assert_cmpuint(pa, ==, (uintptr_t)block + 8 * PAGE_SIZE + 4);
	g_assert_cmpuint(pa_to_page((uintptr_t)block + 7 * PAGE_SIZE)->count, ==, 1);
	g_assert_cmpuint(pa_to_page((uintptr_t)block + 8 * PAGE_SIZE)->count, ==, 2);
	g_assert_cmpuint(p2m_ram_pages(&f->p2m), ==, 511);

	/* A misaligned physical range cannot use blocks. */
	g_assert_cmpint(
	    p2m_map(&f->p2m, 0x80000000, (uintptr_t)block + PAGE_SIZE, 1 * MiB, p2m_ram_rw), ==, 0);
	d = leaf_desc(&f->p2m, 0x80000000, &level);
	g_assert_cmpuint(level, ==, 3);

	p2m_teardown(&f->p2m);
	g_assert_cmpuint(host_stage2.bbm_violations, ==, 0);
	for (unsigned int i = 0; i < 512; i++)
		g_assert_cmpuint(pa_to_page((uintptr_t)block + i * PAGE_SIZE)->count, ==, 1);
	free_pages(block, 9);
}

static void test_replace_is_break_before_make(struct fixture *f, gconstpointer data)
{
	char *a = alloc_page(), *b = alloc_page();
	paddr_t pa;

	g_assert_cmpint(p2m_map(&f->p2m, 0x41000000, (uintptr_t)a, PAGE_SIZE, p2m_ram_rw), ==, 0);
	host_stage2_reset();
	g_assert_cmpint(p2m_map(&f->p2m, 0x41000000, (uintptr_t)b, PAGE_SIZE, p2m_ram_ro), ==, 0);
	g_assert_cmpuint(host_stage2.bbm_violations, ==, 0);
	g_assert_cmpuint(host_stage2.ipa_flushes, ==, 1);
	g_assert_cmpuint(host_stage2.last_flush_ipa, ==, 0x41000000);
	g_assert_cmpuint(host_stage2.last_flush_vttbr, ==, p2m_vttbr(&f->p2m));
	g_assert_cmpint(p2m_lookup(&f->p2m, 0x41000000, &pa, NULL), ==, 0);
	g_assert_cmpuint(pa, ==, (uintptr_t)b);
	/* The replaced page's reference was dropped. */
	g_assert_cmpuint(pa_to_page((uintptr_t)a)->count, ==, 1);
	g_assert_cmpuint(p2m_ram_pages(&f->p2m), ==, 1);

	/* Replacing part of a block with a page: split, break, flush, make. */
	char *blk = alloc_pages(9);
	g_assert_cmpint(p2m_map(&f->p2m, 0x42000000, (uintptr_t)blk, 2 * MiB, p2m_ram_rw), ==, 0);
	host_stage2_reset();
	g_assert_cmpint(p2m_map(&f->p2m, 0x42003000, (uintptr_t)a, PAGE_SIZE, p2m_ram_rw), ==, 0);
	g_assert_cmpuint(host_stage2.bbm_violations, ==, 0);
	g_assert_cmpint(p2m_lookup(&f->p2m, 0x42003000, &pa, NULL), ==, 0);
	g_assert_cmpuint(pa, ==, (uintptr_t)a);
	g_assert_cmpint(p2m_lookup(&f->p2m, 0x42004000, &pa, NULL), ==, 0);
	g_assert_cmpuint(pa, ==, (uintptr_t)blk + 0x4000);
	p2m_teardown(&f->p2m);
	free_page(a);
	free_page(b);
	free_pages(blk, 9);
}

static void test_foreign_reference_outlives_owner(struct fixture *f, gconstpointer data)
{
	struct p2m backend;
	struct page_info *pg;
	enum p2m_type t;
	paddr_t pa;
	unsigned int level;

	/* The granting domain (f->p2m) owns RAM; the backend maps one page. */
	g_assert_cmpint(p2m_populate_ram(&f->p2m, 0x40000000, 4 * MiB), ==, 0);
	g_assert_cmpint(p2m_lookup(&f->p2m, 0x40003000, &pa, &t), ==, 0);
	pg = pa_to_page(pa);
	g_assert_cmpuint(pg->owner, ==, 3);
	g_assert_cmpuint(pg->count, ==, 1);

	g_assert_cmpint(p2m_init(&backend, 6), ==, 0);
	g_assert_cmpint(p2m_map(&backend, 0x80000000, pa, PAGE_SIZE, p2m_map_foreign_rw), ==, 0);
	g_assert_cmpuint(pg->count, ==, 2);
	g_assert_cmpuint(D_XN(leaf_desc(&backend, 0x80000000, &level)), ==, 1);
	/* Foreign pages are not the backend's RAM. */
	g_assert_cmpuint(p2m_ram_pages(&backend), ==, 0);

	/* The owner goes away: all its RAM but the granted page is freed. */
	size_t before = page_alloc_free_count();
	p2m_teardown(&f->p2m);
	g_assert_cmpuint(page_alloc_free_count(), ==, before + 1024 - 1 + 3);
	g_assert_cmpuint(pg->count, ==, 1);
	/* The backend's last reference frees it. */
	p2m_teardown(&backend);
	g_assert_cmpuint(pg->count, ==, 0);
	g_assert_cmpuint(page_alloc_free_count(), ==, f->free_at_start);
	/* A free page cannot be mapped as foreign. */
	g_assert_cmpint(p2m_init(&backend, 6), ==, 0);
	g_assert_cmpint(p2m_map(&backend, 0x80000000, pa, PAGE_SIZE, p2m_map_foreign_ro), ==,
			-EINVAL);
	g_assert_cmpuint(pg->count, ==, 0);
	p2m_teardown(&backend);
}

static void test_get_page(struct fixture *f, gconstpointer data)
{
	struct page_info *pg;
	enum p2m_type t;

	g_assert_cmpint(p2m_populate_ram(&f->p2m, 0x40000000, 64 * 1024), ==, 0);
	g_assert_cmpint(p2m_get_page(&f->p2m, 0x40002000, &pg, &t), ==, 0);
	g_assert_cmpint(t, ==, p2m_ram_rw);
	g_assert_cmpuint(pg->count, ==, 2);
	page_put(pg);
	g_assert_cmpint(p2m_map(&f->p2m, 0x22000000, 0x09000000, PAGE_SIZE, p2m_mmio_direct), ==,
			0);
	g_assert_cmpint(p2m_get_page(&f->p2m, 0x22000000, &pg, &t), ==, -ENOENT);
	g_assert_cmpint(p2m_get_page(&f->p2m, 0x30000000, &pg, &t), ==, -ENOENT);
}

static void test_fault_resolved(struct fixture *f, gconstpointer data)
{
	char *page = alloc_page();

	g_assert_cmpint(p2m_populate_ram(&f->p2m, 0x40000000, 2 * MiB), ==, 0);
	g_assert_cmpint(p2m_map(&f->p2m, 0x50000000, (uintptr_t)page, PAGE_SIZE, p2m_ram_ro), ==,
			0);
	g_assert_cmpint(
	    p2m_map(&f->p2m, 0x51000000, (uintptr_t)page, PAGE_SIZE, p2m_map_foreign_rw), ==, 0);
	/* Mapped now: the fault raced with a change, the guest retries. */
	g_assert_true(p2m_fault_resolved(&f->p2m, 0x40001000, true, false));
	g_assert_true(p2m_fault_resolved(&f->p2m, 0x40001000, false, true));
	g_assert_true(p2m_fault_resolved(&f->p2m, 0x50000000, false, false));
	/* Real faults: unmapped, write to read-only, execute from a grant. */
	g_assert_false(p2m_fault_resolved(&f->p2m, 0x40200000, false, false));
	g_assert_false(p2m_fault_resolved(&f->p2m, 0x50000000, true, false));
	g_assert_false(p2m_fault_resolved(&f->p2m, 0x51000000, false, true));
	g_assert_true(p2m_fault_resolved(&f->p2m, 0x51000000, true, false));
	p2m_teardown(&f->p2m);
	free_page(page);
}

static void test_populate_blocks_and_zeroed(struct fixture *f, gconstpointer data)
{
	unsigned int level;
	paddr_t pa;

	g_assert_cmpint(p2m_populate_ram(&f->p2m, 0x40000000, 16 * MiB + 12 * 1024), ==, 0);
	g_assert_cmpuint(p2m_ram_pages(&f->p2m), ==, 16 * MiB / PAGE_SIZE + 3);
	/* 2 MiB blocks where aligned, pages for the tail. */
	leaf_desc(&f->p2m, 0x40000000, &level);
	g_assert_cmpuint(level, ==, 2);
	leaf_desc(&f->p2m, 0x41000000, &level);
	g_assert_cmpuint(level, ==, 3);
	for (ipa_t ipa = 0x40000000; ipa < 0x41003000; ipa += 64 * 1024) {
		g_assert_cmpint(p2m_lookup(&f->p2m, ipa, &pa, NULL), ==, 0);
		g_assert_cmpuint(*(uint64_t *)(uintptr_t)pa, ==, 0);
		g_assert_cmpuint(pa_to_page(pa)->owner, ==, 3);
	}
	g_assert_cmpuint(host_stage2.cleaned_bytes, >=, 16 * MiB);
	g_assert_cmpuint(page_alloc_free_count(), <, f->free_at_start - 16 * MiB / PAGE_SIZE);
}

static void test_populate_scrubs_used_memory(void)
{
	char *mem = mem_test_map(32 * MiB, 2 * MiB);
	struct p2m p2m;
	paddr_t pa;

	page_alloc_reset();
	page_alloc_cmdline("bootscrub=0");
	page_alloc_add_region((uintptr_t)mem, (uintptr_t)mem + 32 * MiB);
	host_stage2_reset();
	/* Never-used boot memory is handed out without the cost of a scrub. */
	g_assert_cmpint(p2m_init(&p2m, 9), ==, 0);
	g_assert_cmpint(p2m_populate_ram(&p2m, 0x40000000, 24 * MiB), ==, 0);
	g_assert_cmpuint(host_stage2.cleaned_bytes, ==, 0);
	for (ipa_t ipa = 0x40000000; ipa < 0x41800000; ipa += PAGE_SIZE) {
		g_assert_cmpint(p2m_lookup(&p2m, ipa, &pa, NULL), ==, 0);
		memset((void *)(uintptr_t)pa, 0x5a, PAGE_SIZE);
	}
	p2m_teardown(&p2m);
	/* The next domain gets the same frames, zeroed and cleaned. */
	g_assert_cmpint(p2m_init(&p2m, 9), ==, 0);
	g_assert_cmpint(p2m_populate_ram(&p2m, 0x40000000, 24 * MiB), ==, 0);
	g_assert_cmpuint(host_stage2.cleaned_bytes, >=, 24 * MiB);
	for (ipa_t ipa = 0x40000000; ipa < 0x41800000; ipa += PAGE_SIZE) {
		g_assert_cmpint(p2m_lookup(&p2m, ipa, &pa, NULL), ==, 0);
		g_assert_cmpuint(*(uint64_t *)(uintptr_t)pa, ==, 0);
		g_assert_cmpuint(*(uint64_t *)(uintptr_t)(pa + PAGE_SIZE - 8), ==, 0);
	}
	p2m_teardown(&p2m);
}

static void test_populate_fragmented(struct fixture *f, gconstpointer data)
{
	/* Leave no free 2 MiB block: hold one page of every 2 MiB. */
	GPtrArray *held = g_ptr_array_new();
	void *p;
	unsigned int level;
	size_t blocks[PAGE_ORDER_MAX + 1];

	while ((p = alloc_pages(9)) != NULL) {
		g_ptr_array_add(held, p);
	}
	for (unsigned int i = 0; i < held->len; i++) {
		char *b = held->pdata[i];

		/* Give back all but the first page of each block. */
		for (unsigned int j = 1; j < 512; j++)
			page_put(pa_to_page((uintptr_t)b + j * PAGE_SIZE));
	}
	page_alloc_free_by_order(blocks);
	for (unsigned int k = 9; k <= PAGE_ORDER_MAX; k++)
		g_assert_cmpuint(blocks[k], ==, 0);

	g_assert_cmpint(p2m_populate_ram(&f->p2m, 0x40000000, 8 * MiB), ==, 0);
	g_assert_cmpuint(p2m_ram_pages(&f->p2m), ==, 8 * MiB / PAGE_SIZE);
	leaf_desc(&f->p2m, 0x40000000, &level);
	g_assert_cmpuint(level, ==, 3);
	for (ipa_t ipa = 0x40000000; ipa < 0x40800000; ipa += PAGE_SIZE)
		g_assert_cmpint(p2m_lookup(&f->p2m, ipa, NULL, NULL), ==, 0);

	p2m_teardown(&f->p2m);
	for (unsigned int i = 0; i < held->len; i++)
		page_put(pa_to_page((uintptr_t)held->pdata[i]));
	g_ptr_array_free(held, TRUE);
}

static void test_populate_out_of_memory(struct fixture *f, gconstpointer data)
{
	size_t before = page_alloc_free_count();

	g_assert_cmpint(p2m_populate_ram(&f->p2m, 0x40000000, 512 * MiB), ==, -ENOMEM);
	g_assert_cmpuint(p2m_ram_pages(&f->p2m), ==, 0);
	g_assert_cmpint(p2m_lookup(&f->p2m, 0x40000000, NULL, NULL), ==, -ENOENT);
	g_assert_cmpuint(page_alloc_free_count(), ==, before);
	g_assert_cmpuint(f->p2m.table_pages, ==, 2);
	g_assert_cmpint(p2m_populate_ram(&f->p2m, 0x40000800, MiB), ==, -EINVAL);
}

static void test_unmap_range_over_tables(struct fixture *f, gconstpointer data)
{
	/* Pages and blocks across a 1 GiB boundary, then one big unmap. */
	g_assert_cmpint(p2m_populate_ram(&f->p2m, GiB - 3 * MiB - 8192, 6 * MiB), ==, 0);
	g_assert_cmpuint(p2m_ram_pages(&f->p2m), ==, 6 * MiB / PAGE_SIZE);
	size_t before = page_alloc_free_count();
	g_assert_cmpint(p2m_unmap(&f->p2m, 0, 4 * GiB), ==, 0);
	g_assert_cmpuint(p2m_ram_pages(&f->p2m), ==, 0);
	g_assert_cmpuint(f->p2m.table_pages, ==, 2);
	g_assert_cmpuint(page_alloc_free_count(), >, before + 6 * MiB / PAGE_SIZE);
	/* A large unmap is one VMID-wide invalidation, not one per page. */
	g_assert_cmpuint(host_stage2.vmid_flushes, >=, 2);
}

static void test_copy_to_from_ipa(struct fixture *f, gconstpointer data)
{
	char src[10000], back[10000];

	for (unsigned int i = 0; i < sizeof(src); i++)
		src[i] = (char)(i * 7);
	g_assert_cmpint(p2m_populate_ram(&f->p2m, 0x40000000, 64 * 1024), ==, 0);
	host_stage2.cleaned_bytes = 0;
	g_assert_cmpint(p2m_copy_to_ipa(&f->p2m, 0x40000f00, src, sizeof(src)), ==, 0);
	g_assert_cmpuint(host_stage2.cleaned_bytes, ==, sizeof(src));
	g_assert_cmpint(p2m_copy_from_ipa(&f->p2m, back, 0x40000f00, sizeof(back)), ==, 0);
	g_assert_cmpmem(src, sizeof(src), back, sizeof(back));
	/* Running past the end of RAM, or into MMIO, is refused. */
	g_assert_cmpint(p2m_copy_to_ipa(&f->p2m, 0x4000f000, src, 8192), ==, -EFAULT);
	g_assert_cmpint(p2m_map(&f->p2m, 0x22000000, 0x09000000, PAGE_SIZE, p2m_mmio_direct), ==,
			0);
	g_assert_cmpint(p2m_copy_to_ipa(&f->p2m, 0x22000000, src, 8), ==, -EFAULT);
}

#define ADD(name, fn) g_test_add(name, struct fixture, NULL, setup, fn, teardown)

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	ADD("/p2m/init_vttbr", test_init_vttbr);
	ADD("/p2m/vtcr", test_vtcr);
	g_test_add_func("/p2m/vmids", test_vmids);
	ADD("/p2m/map_page_lookup_attrs", test_map_page_lookup_attrs);
	ADD("/p2m/ro_and_mmio", test_ro_and_mmio);
	ADD("/p2m/blocks_and_split", test_blocks_and_split);
	ADD("/p2m/replace_bbm", test_replace_is_break_before_make);
	ADD("/p2m/foreign_ref_outlives_owner", test_foreign_reference_outlives_owner);
	ADD("/p2m/get_page", test_get_page);
	ADD("/p2m/fault_resolved", test_fault_resolved);
	ADD("/p2m/populate_blocks_zeroed", test_populate_blocks_and_zeroed);
	ADD("/p2m/populate_fragmented", test_populate_fragmented);
	g_test_add_func("/p2m/populate_scrubs_used_memory", test_populate_scrubs_used_memory);
	ADD("/p2m/populate_out_of_memory", test_populate_out_of_memory);
	ADD("/p2m/unmap_range_over_tables", test_unmap_range_over_tables);
	ADD("/p2m/copy_to_from_ipa", test_copy_to_from_ipa);
	return g_test_run();
}
