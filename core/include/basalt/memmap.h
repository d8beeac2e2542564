/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Host memory as the DT describes it: RAM banks minus what is in use at boot
 * (the hypervisor image, /memreserve/, /reserved-memory, boot modules under
 * /chosen). Generic code, unit-tested.
 */
#ifndef BASALT_MEMMAP_H
#define BASALT_MEMMAP_H

#include <basalt/types.h>

#define MEMMAP_MAX_RANGES 64

struct mem_range {
	paddr_t start;
	paddr_t end; /* exclusive */
};

struct memmap {
	struct mem_range ram[MEMMAP_MAX_RANGES];
	unsigned int nr_ram;
	struct mem_range reserved[MEMMAP_MAX_RANGES];
	unsigned int nr_reserved;
};

/* Add a RAM bank / a reserved range. Returns 0 or -ENOSPC. Empty ranges are ignored. */
int memmap_add_ram(struct memmap *m, paddr_t start, paddr_t end);
int memmap_add_reserved(struct memmap *m, paddr_t start, paddr_t end);
/*
 * Compute RAM minus reserved ranges, page aligned inward, sorted by address,
 * into @out (at most @max). Returns the number of ranges or -ENOSPC.
 */
int memmap_free_ranges(const struct memmap *m, struct mem_range *out, unsigned int max);
/* Total bytes of RAM. */
uint64_t memmap_ram_size(const struct memmap *m);

/* Fill @m from the host DT: /memory banks and every boot-time reservation. */
int memmap_from_fdt(struct memmap *m, const void *fdt);

#endif
