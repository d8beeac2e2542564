// SPDX-License-Identifier: GPL-2.0-only
/*
 * EL2 stage-1 translation: identity map, 4K granule, 48-bit VA (four levels
 * from level 0). Tables come from a static pool in the image, so the map can
 * be built before any allocator exists. Entries are only ever added (never
 * changed or removed), so no break-before-make or TLB maintenance is needed.
 */
#include <basalt/types.h>
#include <basalt/errno.h>
#include <basalt/spinlock.h>
#include <asm/mmu.h>
#include <asm/mmu_boot.h>
#include <asm/sysregs.h>

#define MMU_POOL_PAGES 64
#define PTE_VALID      BIT(0)
#define PTE_TABLE      BIT(1) /* levels 0-2: next-level table; level 3: a page */
#define PTE_ATTRIDX(i) ((uint64_t)(i) << 2)
#define PTE_SH_INNER   (3UL << 8)
#define PTE_AF	       BIT(10)
#define PTE_XN	       BIT(54)
#define PTE_ADDR_MASK  0x0000fffffffff000UL

/* MAIR_EL2 attribute bytes, indexed by enum mmu_mem_type. */
#define MAIR_VALUE (0x00UL | (0xffUL << 8) | (0x44UL << 16) | (0x04UL << 24))

struct mmu_boot_regs mmu_boot_regs;

static uint64_t mmu_pool[MMU_POOL_PAGES][512] __aligned(PAGE_SIZE);
static unsigned int mmu_pool_used = 1; /* page 0 is the root (level 0) */
static spinlock_t mmu_lock = SPINLOCK_INIT;

extern char _start[], _etext[], _erodata[], _end[];

static uint64_t *table_alloc(void)
{
	if (mmu_pool_used >= MMU_POOL_PAGES)
		return NULL;
	return mmu_pool[mmu_pool_used++]; /* zeroed: BSS */
}

static uint64_t leaf_attrs(enum mmu_mem_type type, bool exec)
{
	uint64_t a = PTE_VALID | PTE_AF | PTE_ATTRIDX(type);

	if (type == MT_NORMAL || type == MT_NORMAL_NC)
		a |= PTE_SH_INNER;
	if (!exec)
		a |= PTE_XN;
	return a;
}

/* Read-only at EL2 (AP[2]). */
#define PTE_RDONLY BIT(7)

/*
 * Map the largest block that starts at @pa, is aligned and fits before @end,
 * or skip what is already mapped. Returns the bytes handled, or 0 when out of
 * table pages.
 */
static uint64_t map_step(paddr_t pa, paddr_t end, uint64_t attrs)
{
	uint64_t *table = mmu_pool[0];

	for (unsigned int level = 0; level <= 3; level++) {
		unsigned int shift = 39 - 9 * level;
		uint64_t blk = 1UL << shift;
		uint64_t *e = &table[(pa >> shift) & 511];
		uint64_t *next;

		if (*e & PTE_VALID) {
			if (level == 3 || !(*e & PTE_TABLE))
				return MIN(blk - (pa & (blk - 1)), end - pa);
			table = (uint64_t *)(uintptr_t)(*e & PTE_ADDR_MASK);
			continue;
		}
		if (level >= 1 && IS_ALIGNED(pa, blk) && end - pa >= blk) {
			*e = pa | attrs | (level == 3 ? PTE_TABLE : 0);
			return blk;
		}
		next = table_alloc();
		if (!next)
			return 0;
		*e = (uint64_t)(uintptr_t)next | PTE_TABLE | PTE_VALID;
		table = next;
	}
	return 0;
}

static int map_range(paddr_t start, paddr_t end, uint64_t attrs)
{
	paddr_t pa = ALIGN_DOWN(start, PAGE_SIZE);

	end = ALIGN_UP(end, PAGE_SIZE);
	while (pa < end) {
		uint64_t done = map_step(pa, end, attrs);

		if (!done)
			return -ENOMEM;
		pa += done;
	}
	return 0;
}

int mmu_map_identity(paddr_t pa, uint64_t size, enum mmu_mem_type type)
{
	unsigned long flags;
	int rc;

	spin_lock_irqsave(&mmu_lock, flags);
	rc = map_range(pa, pa + size, leaf_attrs(type, false));
	spin_unlock_irqrestore(&mmu_lock, flags);
	dsb(ishst);
	isb();
	return rc;
}

void *ioremap(paddr_t pa, size_t size)
{
	if (mmu_map_identity(pa, size, MT_DEVICE_nGnRnE))
		return NULL;
	return phys_to_virt(pa);
}

/* Big-endian 32-bit read one byte at a time: with the MMU off memory is Device. */
static uint32_t read_be32_bytes(paddr_t pa)
{
	const volatile uint8_t *p = (const volatile uint8_t *)(uintptr_t)pa;

	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}

static uint64_t tcr_value(void)
{
	uint64_t parange = READ_SYSREG(id_aa64mmfr0_el1) & 0xf;

	if (parange > 5)
		parange = 5; /* 48 bits: what a 4K-granule, 4-level table addresses */
	return BIT(31) | BIT(23) | (parange << 16) | (0UL << 14) /* TG0 4K */ |
	       (3UL << 12) /* inner shareable */ | (1UL << 10) | (1UL << 8) /* WBWA walks */ |
	       16; /* T0SZ: 48-bit VA */
}

void mmu_early_init(paddr_t fdt_pa)
{
	/* W^X: code read-only and executable, constants read-only, the rest never executable. */
	map_range((paddr_t)(uintptr_t)_start, (paddr_t)(uintptr_t)_etext,
		  leaf_attrs(MT_NORMAL, true) | PTE_RDONLY);
	map_range((paddr_t)(uintptr_t)_etext, (paddr_t)(uintptr_t)_erodata,
		  leaf_attrs(MT_NORMAL, false) | PTE_RDONLY);
	map_range((paddr_t)(uintptr_t)_erodata, (paddr_t)(uintptr_t)_end,
		  leaf_attrs(MT_NORMAL, false));
	if (fdt_pa && read_be32_bytes(fdt_pa) == 0xd00dfeed)
		map_range(fdt_pa, fdt_pa + read_be32_bytes(fdt_pa + 4),
			  leaf_attrs(MT_NORMAL, false));
	mmu_boot_regs.mair = MAIR_VALUE;
	mmu_boot_regs.tcr = tcr_value();
	mmu_boot_regs.ttbr = (uint64_t)(uintptr_t)mmu_pool[0];
}
