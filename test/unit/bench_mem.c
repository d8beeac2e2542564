// SPDX-License-Identifier: GPL-2.0-only
/*
 * Figures for the memory code, built natively (host speed, not the board's):
 * page allocator alloc+free per order, xmalloc, and building and tearing
 * down the stage-2 tables of a 256 MiB domain. Prints, never asserts.
 */
#include "mem_test_util.h"
#include <basalt/p2m.h>
#include <basalt/xmalloc.h>
#include <stdio.h>
#include <time.h>

#define MiB (1UL << 20)

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void bench_alloc(unsigned int order)
{
	enum { N = 200000 };
	double t = now_s();

	for (int i = 0; i < N; i++)
		free_pages(alloc_pages(order), order);
	printf("page_alloc: order %u alloc+free %.0f ns\n", order, (now_s() - t) / N * 1e9);
}

static void bench_xmalloc(size_t size)
{
	enum { N = 200000 };
	double t = now_s();

	for (int i = 0; i < N; i++)
		xfree(xmalloc_bytes(size));
	printf("xmalloc: %zu bytes alloc+free %.0f ns\n", size, (now_s() - t) / N * 1e9);
}

/* @label: "cold" includes the host kernel's first-touch faults of the test memory. */
static void bench_domain(const char *label)
{
	struct p2m p2m;
	double t0, t1, t2;

	if (p2m_init(&p2m, 1))
		return;
	t0 = now_s();
	if (p2m_populate_ram(&p2m, 0x40000000, 256 * MiB))
		printf("p2m: populate failed\n");
	t1 = now_s();
	p2m_teardown(&p2m);
	t2 = now_s();
	printf("p2m: populate 256 MiB %.1f ms (zeroing included, %s), teardown %.1f ms\n",
	       (t1 - t0) * 1e3, label, (t2 - t1) * 1e3);
}

int main(void)
{
	mem_test_fresh_region(512 * MiB, 2 * MiB);
	bench_alloc(0);
	bench_alloc(9);
	bench_xmalloc(64);
	bench_xmalloc(8192);
	bench_domain("cold");
	bench_domain("warm");
	return 0;
}
