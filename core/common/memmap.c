// SPDX-License-Identifier: GPL-2.0-only
/* Host RAM minus the ranges in use at boot: plain interval arithmetic. */
#include <basalt/lib.h>
#include <basalt/errno.h>
#include <basalt/memmap.h>

static int range_add(struct mem_range *r, unsigned int *nr, paddr_t start, paddr_t end)
{
	if (end <= start)
		return 0;
	if (*nr == MEMMAP_MAX_RANGES)
		return -ENOSPC;
	r[*nr].start = start;
	r[*nr].end = end;
	(*nr)++;
	return 0;
}

int memmap_add_ram(struct memmap *m, paddr_t start, paddr_t end)
{
	return range_add(m->ram, &m->nr_ram, start, end);
}

int memmap_add_reserved(struct memmap *m, paddr_t start, paddr_t end)
{
	/* One boot module shared by many domains is reserved once. */
	for (unsigned int i = 0; i < m->nr_reserved; i++)
		if (m->reserved[i].start == start && m->reserved[i].end == end)
			return 0;
	return range_add(m->reserved, &m->nr_reserved, start, end);
}

uint64_t memmap_ram_size(const struct memmap *m)
{
	uint64_t total = 0;

	for (unsigned int i = 0; i < m->nr_ram; i++)
		total += m->ram[i].end - m->ram[i].start;
	return total;
}

static void sort_ranges(struct mem_range *r, unsigned int n)
{
	for (unsigned int i = 1; i < n; i++) {
		struct mem_range key = r[i];
		unsigned int j = i;

		while (j > 0 && r[j - 1].start > key.start) {
			r[j] = r[j - 1];
			j--;
		}
		r[j] = key;
	}
}

/* The first reserved range (sorted) that ends after @pa, or NULL. */
static const struct mem_range *next_reserved(const struct mem_range *res, unsigned int n,
					     paddr_t pa)
{
	for (unsigned int i = 0; i < n; i++) {
		if (res[i].end > pa)
			return &res[i];
	}
	return NULL;
}

int memmap_free_ranges(const struct memmap *m, struct mem_range *out, unsigned int max)
{
	struct mem_range ram[MEMMAP_MAX_RANGES], res[MEMMAP_MAX_RANGES];
	unsigned int n = 0;

	memcpy(ram, m->ram, sizeof(ram[0]) * m->nr_ram);
	memcpy(res, m->reserved, sizeof(res[0]) * m->nr_reserved);
	sort_ranges(ram, m->nr_ram);
	sort_ranges(res, m->nr_reserved);
	for (unsigned int i = 0; i < m->nr_ram; i++) {
		paddr_t pa = ram[i].start;

		while (pa < ram[i].end) {
			const struct mem_range *r = next_reserved(res, m->nr_reserved, pa);
			paddr_t end = ram[i].end;

			if (r && r->start <= pa) {
				pa = r->end; /* inside a reservation: skip it */
				continue;
			}
			if (r && r->start < end)
				end = r->start;
			{
				paddr_t s = ALIGN_UP(pa, PAGE_SIZE), e = ALIGN_DOWN(end, PAGE_SIZE);

				if (e > s) {
					if (n == max)
						return -ENOSPC;
					out[n].start = s;
					out[n].end = e;
					n++;
				}
			}
			pa = end;
		}
	}
	return (int)n;
}
