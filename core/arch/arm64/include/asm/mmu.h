/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hypervisor's own (stage-1, EL2) address space: an identity map (VA ==
 * PA) of host RAM and of the devices drivers ask for, 4K granule, 48-bit VA.
 * Stage-2 tables of guests are MEM's (p2m.h), not here.
 */
#ifndef ASM_MMU_H
#define ASM_MMU_H

#include <basalt/types.h>

/* Memory types (MAIR_EL2 attribute indexes). */
enum mmu_mem_type {
	MT_DEVICE_nGnRnE = 0,
	MT_NORMAL = 1,	  /* write-back cacheable, inner shareable */
	MT_NORMAL_NC = 2, /* non-cacheable */
	MT_DEVICE_nGnRE = 3,
};

/*
 * Map [pa, pa+size) at VA == PA with @type (page-rounded). Existing mappings
 * are left as they are. Returns 0 or -ENOMEM (table pool exhausted).
 */
int mmu_map_identity(paddr_t pa, uint64_t size, enum mmu_mem_type type);

/*
 * Map a device's registers (Device-nGnRnE) and return the address to use:
 * VA == PA, or NULL if the mapping could not be made.
 */
void *ioremap(paddr_t pa, size_t size);

/* Boot CPU, MMU off: build the first tables (the image and the DTB) and the
 * register values every CPU loads to turn its MMU on (head.S). */
void mmu_early_init(paddr_t fdt_pa);

#endif
