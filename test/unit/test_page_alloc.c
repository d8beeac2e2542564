// SPDX-License-Identifier: GPL-2.0-only
/* Unit tests of the buddy page allocator (core/common/page_alloc.c). */
#include "mem_test_util.h"
#include <basalt/page_alloc.h>
#include <pthread.h>
#include <stdlib.h>

#define MiB (1UL << 20)

static size_t frames_of(size_t bytes)
{
	return bytes / PAGE_SIZE;
}

static void test_region_counters(void)
{
	size_t size = 8 * MiB;
	char *mem = mem_test_fresh_region(size, 8 * MiB);
	size_t table = (frames_of(size) * sizeof(struct page_info) + PAGE_SIZE - 1) / PAGE_SIZE;

	/* The frame table pays for itself out of the region. */
	g_assert_cmpuint(page_alloc_total_count(), ==, frames_of(size) - table);
	g_assert_cmpuint(page_alloc_free_count(), ==, page_alloc_total_count());
	g_assert_null(pa_to_page((uintptr_t)mem));
	g_assert_nonnull(pa_to_page((uintptr_t)mem + size - PAGE_SIZE));
	g_assert_null(pa_to_page((uintptr_t)mem + size));
}

static void test_alloc_alignment_and_state(void)
{
	mem_test_fresh_region(32 * MiB, 32 * MiB);
	size_t start = page_alloc_free_count();

	for (unsigned int k = 0; k <= 12; k++) {
		char *p = alloc_pages(k);
		struct page_info *pg;

		g_assert_nonnull(p);
		g_assert_cmpuint((uintptr_t)p & ((PAGE_SIZE << k) - 1), ==, 0);
		g_assert_cmpuint(page_alloc_free_count(), ==, start - (1UL << k));
		for (unsigned long i = 0; i < (1UL << k); i++) {
			pg = pa_to_page((uintptr_t)p + i * PAGE_SIZE);
			g_assert_cmpuint(pg->count, ==, 1);
			g_assert_cmpuint(pg->owner, ==, PAGE_OWNER_HYP);
		}
		g_assert_cmpuint(page_to_pa(pa_to_page((uintptr_t)p)), ==, (uintptr_t)p);
		/* The memory is usable. */
		p[0] = 1;
		p[(PAGE_SIZE << k) - 1] = 2;
		free_pages(p, k);
		g_assert_cmpuint(page_alloc_free_count(), ==, start);
		g_assert_cmpuint(pa_to_page((uintptr_t)p)->count, ==, 0);
	}
}

static void test_split_and_merge(void)
{
	size_t before[PAGE_ORDER_MAX + 1], after[PAGE_ORDER_MAX + 1];
	void *a, *b, *c;

	mem_test_fresh_region(4 * MiB, 4 * MiB);
	page_alloc_free_by_order(before);
	a = alloc_pages(0);
	b = alloc_pages(0);
	c = alloc_pages(3);
	/* Two order-0 pages come from one split order-1 block: buddies. */
	g_assert_cmpuint((uintptr_t)a ^ (uintptr_t)b, ==, PAGE_SIZE);
	g_assert_nonnull(c);
	free_pages(a, 0);
	free_pages(c, 3);
	free_pages(b, 0);
	page_alloc_free_by_order(after);
	/* Everything merged back into the blocks we started with. */
	for (unsigned int k = 0; k <= PAGE_ORDER_MAX; k++)
		g_assert_cmpuint(before[k], ==, after[k]);
}

static void test_exhaustion(void)
{
	size_t total, n = 0;
	void **pages;

	mem_test_fresh_region(4 * MiB, 4 * MiB);
	total = page_alloc_free_count();
	pages = g_new(void *, total + 1);
	while ((pages[n] = alloc_pages(0)) != NULL)
		n++;
	g_assert_cmpuint(n, ==, total);
	g_assert_cmpuint(page_alloc_free_count(), ==, 0);
	g_assert_null(alloc_pages(0));
	g_assert_null(alloc_page_zeroed());
	for (size_t i = 0; i < n; i++)
		free_pages(pages[i], 0);
	g_assert_cmpuint(page_alloc_free_count(), ==, total);
	g_free(pages);
}

static void test_fragmentation(void)
{
	size_t total, n = 0, largest;
	void **pages;
	size_t by_order[PAGE_ORDER_MAX + 1];

	mem_test_fresh_region(2 * MiB, 2 * MiB);
	total = page_alloc_free_count();
	page_alloc_free_by_order(by_order);
	for (largest = PAGE_ORDER_MAX; !by_order[largest]; largest--)
		;
	pages = g_new(void *, total);
	while (n < total && (pages[n] = alloc_pages(0)) != NULL)
		n++;
	g_assert_cmpuint(n, ==, total);
	/* Free every other page: half the memory free, but no order-1 block. */
	for (size_t i = 0; i < n; i += 2)
		free_pages(pages[i], 0);
	g_assert_cmpuint(page_alloc_free_count(), ==, (total + 1) / 2);
	g_assert_null(alloc_pages(1));
	for (size_t i = 1; i < n; i += 2)
		free_pages(pages[i], 0);
	void *big = alloc_pages((unsigned int)largest);
	g_assert_nonnull(big);
	free_pages(big, (unsigned int)largest);
	g_assert_cmpuint(page_alloc_free_count(), ==, total);
	g_free(pages);
}

static void test_large_orders(void)
{
	/* Orders up to 18 (1 GiB) need a region that holds a whole aligned block. */
	mem_test_fresh_region(2048 * MiB, 1024 * MiB);
	size_t start = page_alloc_free_count();
	void *p = alloc_pages(18);

	g_assert_nonnull(p);
	g_assert_cmpuint((uintptr_t)p & ((PAGE_SIZE << 18) - 1), ==, 0);
	g_assert_null(alloc_pages(PAGE_ORDER_MAX + 1));
	free_pages(p, 18);
	g_assert_cmpuint(page_alloc_free_count(), ==, start);
}

static void test_multiple_regions(void)
{
	char *a = mem_test_map(2 * MiB, 2 * MiB);
	char *b = mem_test_map(3 * MiB, 2 * MiB);
	size_t total, n = 0;
	void **pages;
	bool from_a = false, from_b = false;

	page_alloc_reset();
	page_alloc_add_region((uintptr_t)a, (uintptr_t)a + 2 * MiB);
	/* Unaligned edges are trimmed to whole pages. */
	page_alloc_add_region((uintptr_t)b + 100, (uintptr_t)b + 3 * MiB - 100);
	total = page_alloc_total_count();
	g_assert_cmpuint(page_alloc_free_count(), ==, total);
	g_assert_null(pa_to_page((uintptr_t)b + 3 * MiB - PAGE_SIZE));
	pages = g_new(void *, total);
	while (n < total && (pages[n] = alloc_pages(0)) != NULL) {
		uintptr_t p = (uintptr_t)pages[n];

		from_a |= p >= (uintptr_t)a && p < (uintptr_t)a + 2 * MiB;
		from_b |= p >= (uintptr_t)b && p < (uintptr_t)b + 3 * MiB;
		n++;
	}
	g_assert_cmpuint(n, ==, total);
	g_assert_true(from_a && from_b);
	for (size_t i = 0; i < n; i++)
		free_pages(pages[i], 0);
	g_assert_cmpuint(page_alloc_free_count(), ==, total);
	g_free(pages);
}

static void test_refcounts(void)
{
	mem_test_fresh_region(4 * MiB, 4 * MiB);
	size_t start = page_alloc_free_count();
	void *p = alloc_pages(0);
	struct page_info *pg = pa_to_page((uintptr_t)p);

	g_assert_true(page_get(pg));
	g_assert_cmpuint(pg->count, ==, 2);
	page_put(pg);
	g_assert_cmpuint(pg->count, ==, 1);
	/* Last put frees the frame. */
	g_assert_true(page_get(pg));
	page_put(pg);
	page_put(pg);
	g_assert_cmpuint(pg->count, ==, 0);
	g_assert_cmpuint(page_alloc_free_count(), ==, start);
	/* A freed frame cannot be resurrected by a stale reference. */
	g_assert_false(page_get(pg));
}

static void test_put_frees_pages_of_a_block(void)
{
	mem_test_fresh_region(4 * MiB, 4 * MiB);
	size_t start = page_alloc_free_count();
	char *p = alloc_pages(9);

	page_set_owner(pa_to_page((uintptr_t)p), 9, 7);
	g_assert_cmpuint(pa_to_page((uintptr_t)p + 511 * PAGE_SIZE)->owner, ==, 7);
	/* Domain RAM is released page by page; the block merges back. */
	for (unsigned int i = 0; i < 512; i++)
		page_put(pa_to_page((uintptr_t)p + i * PAGE_SIZE));
	g_assert_cmpuint(page_alloc_free_count(), ==, start);
	g_assert_nonnull(alloc_pages(9));
}

static void test_scrub_state(void)
{
	char *mem = mem_test_map(4 * MiB, 4 * MiB);
	void *p;

	/* Boot memory is dirty by default... */
	mem_test_fresh_region(4 * MiB, 4 * MiB);
	p = alloc_pages(2);
	g_assert_true(page_needs_scrub(pa_to_page((uintptr_t)p), 2));
	free_pages(p, 2);

	/* ...clean with bootscrub=0, until it has been used once. */
	page_alloc_reset();
	page_alloc_cmdline("loglvl=all bootscrub=0");
	page_alloc_add_region((uintptr_t)mem, (uintptr_t)mem + 4 * MiB);
	p = alloc_pages(2);
	g_assert_false(page_needs_scrub(pa_to_page((uintptr_t)p), 2));
	free_pages(p, 2);
	p = alloc_pages(2);
	g_assert_true(page_needs_scrub(pa_to_page((uintptr_t)p), 2));
	free_pages(p, 2);
	/* Words that only end in the option do not count. */
	page_alloc_reset();
	page_alloc_cmdline("nobootscrub=0");
	page_alloc_add_region((uintptr_t)mem, (uintptr_t)mem + 4 * MiB);
	p = alloc_pages(0);
	g_assert_true(page_needs_scrub(pa_to_page((uintptr_t)p), 0));
}

static void test_double_free_panics(void)
{
	if (g_test_subprocess()) {
		mem_test_fresh_region(2 * MiB, 2 * MiB);
		void *p = alloc_pages(1);

		free_pages(p, 1);
		free_pages(p, 1);
		return;
	}
	g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
	g_test_trap_assert_failed();
	g_test_trap_assert_stderr("*double free*");
}

static void test_free_referenced_panics(void)
{
	if (g_test_subprocess()) {
		mem_test_fresh_region(2 * MiB, 2 * MiB);
		void *p = alloc_pages(0);

		g_assert_true(page_get(pa_to_page((uintptr_t)p)));
		free_pages(p, 0);
		return;
	}
	g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
	g_test_trap_assert_failed();
	g_test_trap_assert_stderr("*still has 1 references*");
}

static void test_put_of_free_page_panics(void)
{
	if (g_test_subprocess()) {
		mem_test_fresh_region(2 * MiB, 2 * MiB);
		void *p = alloc_pages(0);

		free_pages(p, 0);
		page_put(pa_to_page((uintptr_t)p));
		return;
	}
	g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
	g_test_trap_assert_failed();
	g_test_trap_assert_stderr("*is free*");
}

static void *churn(void *arg)
{
	unsigned int seed = (unsigned int)(uintptr_t)arg;
	void *held[16] = {0};
	unsigned int order[16];

	for (int i = 0; i < 20000; i++) {
		unsigned int slot = rand_r(&seed) % 16;

		if (held[slot]) {
			free_pages(held[slot], order[slot]);
			held[slot] = NULL;
		} else {
			order[slot] = rand_r(&seed) % 4;
			held[slot] = alloc_pages(order[slot]);
		}
	}
	for (unsigned int s = 0; s < 16; s++)
		if (held[s])
			free_pages(held[s], order[s]);
	return NULL;
}

static void test_concurrent_churn(void)
{
	pthread_t t[4];
	size_t start;

	mem_test_fresh_region(16 * MiB, 16 * MiB);
	start = page_alloc_free_count();
	for (unsigned int i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, churn, (void *)(uintptr_t)(i + 1));
	for (unsigned int i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	g_assert_cmpuint(page_alloc_free_count(), ==, start);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/page_alloc/region_counters", test_region_counters);
	g_test_add_func("/page_alloc/alignment_and_state", test_alloc_alignment_and_state);
	g_test_add_func("/page_alloc/split_and_merge", test_split_and_merge);
	g_test_add_func("/page_alloc/exhaustion", test_exhaustion);
	g_test_add_func("/page_alloc/fragmentation", test_fragmentation);
	g_test_add_func("/page_alloc/large_orders", test_large_orders);
	g_test_add_func("/page_alloc/multiple_regions", test_multiple_regions);
	g_test_add_func("/page_alloc/refcounts", test_refcounts);
	g_test_add_func("/page_alloc/put_frees_block_pages", test_put_frees_pages_of_a_block);
	g_test_add_func("/page_alloc/scrub_state", test_scrub_state);
	g_test_add_func("/page_alloc/double_free_panics", test_double_free_panics);
	g_test_add_func("/page_alloc/free_referenced_panics", test_free_referenced_panics);
	g_test_add_func("/page_alloc/put_of_free_page_panics", test_put_of_free_page_panics);
	g_test_add_func("/page_alloc/concurrent_churn", test_concurrent_churn);
	return g_test_run();
}
