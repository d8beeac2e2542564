// SPDX-License-Identifier: GPL-2.0-only
/* Unit tests of xmalloc (core/common/xmalloc.c) over the page allocator. */
#include "mem_test_util.h"
#include <basalt/xmalloc.h>

#define MiB (1UL << 20)

static void test_sizes_roundtrip(void)
{
	mem_test_fresh_region(32 * MiB, 2 * MiB);
	size_t start = page_alloc_free_count();
	static const size_t sizes[] = {1,    15,   16,	 17,   33,   100,  500,
				       1000, 1344, 2032, 2033, 4096, 4097, 70000};

	for (unsigned int i = 0; i < G_N_ELEMENTS(sizes); i++) {
		unsigned char *p = xmalloc_bytes(sizes[i]);

		g_assert_nonnull(p);
		g_assert_cmpuint((uintptr_t)p % 16, ==, 0);
		if (sizes[i] > XMALLOC_SLAB_MAX)
			g_assert_cmpuint((uintptr_t)p % PAGE_SIZE, ==, 0);
		memset(p, 0xa5, sizes[i]);
		g_assert_cmpuint(xmalloc_used_bytes(), >=, sizes[i]);
		xfree(p);
		g_assert_cmpuint(xmalloc_used_bytes(), ==, 0);
	}
	/* Empty slab pages went back to the page allocator. */
	g_assert_cmpuint(page_alloc_free_count(), ==, start);
	g_assert_null(xmalloc_bytes(0));
	xfree(NULL);
}

static void test_many_objects_do_not_overlap(void)
{
	enum { N = 5000 };
	uint32_t **objs = g_new(uint32_t *, N);

	mem_test_fresh_region(32 * MiB, 2 * MiB);
	size_t start = page_alloc_free_count();

	for (uint32_t i = 0; i < N; i++) {
		size_t sz = 4 + (i * 37) % 1500;

		objs[i] = xmalloc_bytes(sz);
		g_assert_nonnull(objs[i]);
		for (size_t w = 0; w < sz / 4; w++)
			objs[i][w] = i;
	}
	/* Free half, allocate again into the holes, then check contents. */
	for (uint32_t i = 0; i < N; i += 2)
		xfree(objs[i]);
	for (uint32_t i = 0; i < N; i += 2) {
		objs[i] = xzalloc_bytes(48);
		g_assert_nonnull(objs[i]);
		for (unsigned int w = 0; w < 12; w++) {
			g_assert_cmpuint(objs[i][w], ==, 0);
			objs[i][w] = i;
		}
	}
	for (uint32_t i = 0; i < N; i++) {
		size_t sz = (i % 2 == 0) ? 48 : 4 + (i * 37) % 1500;

		for (size_t w = 0; w < sz / 4; w++)
			g_assert_cmpuint(objs[i][w], ==, i);
	}
	for (uint32_t i = 0; i < N; i++)
		xfree(objs[i]);
	g_assert_cmpuint(xmalloc_used_bytes(), ==, 0);
	g_assert_cmpuint(page_alloc_free_count(), ==, start);
	g_free(objs);
}

struct three {
	uint64_t a, b, c;
};

static void test_typed_helpers(void)
{
	mem_test_fresh_region(8 * MiB, 2 * MiB);
	struct three *t = xzalloc(struct three);
	struct three *arr = xzalloc_array(struct three, 100);

	g_assert_nonnull(t);
	g_assert_cmpuint(t->a | t->b | t->c, ==, 0);
	g_assert_nonnull(arr);
	for (int i = 0; i < 100; i++)
		g_assert_cmpuint(arr[i].a | arr[i].b | arr[i].c, ==, 0);
	/* An overflowing count is refused, not wrapped. */
	g_assert_null(xzalloc_array(struct three, SIZE_MAX / 8));
	xfree(t);
	xfree(arr);
}

static void test_out_of_memory(void)
{
	void *objs[2048];
	unsigned int n = 0;

	mem_test_fresh_region(1 * MiB, 1 * MiB);
	size_t start = page_alloc_free_count();

	while (n < G_N_ELEMENTS(objs) && (objs[n] = xmalloc_bytes(2000)) != NULL)
		n++;
	g_assert_cmpuint(n, <, G_N_ELEMENTS(objs));
	g_assert_null(xmalloc_bytes(1 * MiB));
	while (n--)
		xfree(objs[n]);
	g_assert_cmpuint(page_alloc_free_count(), ==, start);
}

static void test_double_free_panics(void)
{
	if (g_test_subprocess()) {
		mem_test_fresh_region(2 * MiB, 2 * MiB);
		void *keep = xmalloc_bytes(64);
		void *p = xmalloc_bytes(64);

		(void)keep;
		xfree(p);
		xfree(p);
		return;
	}
	g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
	g_test_trap_assert_failed();
	g_test_trap_assert_stderr("*double free*");
}

static void test_foreign_pointer_panics(void)
{
	if (g_test_subprocess()) {
		mem_test_fresh_region(2 * MiB, 2 * MiB);
		void *page = alloc_pages(0);

		/* A page from alloc_pages() is not xmalloc's. */
		xfree(page);
		return;
	}
	g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
	g_test_trap_assert_failed();
	g_test_trap_assert_stderr("*not allocated by xmalloc*");
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/xmalloc/sizes_roundtrip", test_sizes_roundtrip);
	g_test_add_func("/xmalloc/many_objects", test_many_objects_do_not_overlap);
	g_test_add_func("/xmalloc/typed_helpers", test_typed_helpers);
	g_test_add_func("/xmalloc/out_of_memory", test_out_of_memory);
	g_test_add_func("/xmalloc/double_free_panics", test_double_free_panics);
	g_test_add_func("/xmalloc/foreign_pointer_panics", test_foreign_pointer_panics);
	return g_test_run();
}
