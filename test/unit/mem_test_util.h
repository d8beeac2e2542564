/* SPDX-License-Identifier: GPL-2.0-only */
/* Shared helpers of the MEM unit tests: host memory handed to the allocator. */
#ifndef MEM_TEST_UTIL_H
#define MEM_TEST_UTIL_H

#include <basalt/page_alloc.h>
#include <glib.h>
#include <stdint.h>
#include <sys/mman.h>

/*
 * Reserve @size bytes of address space aligned to @align (a power of two)
 * without committing it; the allocator only touches what it uses.
 */
static inline void *mem_test_map(size_t size, size_t align)
{
	size_t span = size + align;
	char *raw = mmap(NULL, span, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	uintptr_t start;

	g_assert_true(raw != MAP_FAILED);
	start = ((uintptr_t)raw + align - 1) & ~(uintptr_t)(align - 1);
	return (void *)start;
}

/* A fresh allocator with one region of @size bytes aligned to @align. */
static inline void *mem_test_fresh_region(size_t size, size_t align)
{
	void *mem = mem_test_map(size, align);

	page_alloc_reset();
	page_alloc_add_region((uintptr_t)mem, (uintptr_t)mem + size);
	return mem;
}

#endif
