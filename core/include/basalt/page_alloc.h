/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The page allocator: a binary buddy allocator over the host RAM regions
 * handed to it at boot, for hypervisor data and domain memory alike.
 *
 * Every 4 KiB frame of a region has a struct page_info in a frame table
 * carved from the start of that region. A frame is either free (count 0) or
 * allocated with one or more references: alloc_pages() hands out every frame
 * of the block with count 1; page_get() adds a reference (a foreign or grant
 * mapping) and page_put() drops one, returning the frame to the allocator on
 * the last put. free_pages() is for the hypervisor's own blocks and insists
 * that nobody else still holds a reference (panic otherwise, like a double
 * free: only hypervisor code calls it).
 *
 * All functions are safe to call from any pCPU (one global spinlock with
 * interrupts masked); alloc and free are O(log n) in the size of memory plus
 * the per-frame bookkeeping of the block.
 */
#ifndef BASALT_PAGE_ALLOC_H
#define BASALT_PAGE_ALLOC_H

#include <basalt/types.h>
#include <basalt/list.h>

/* Orders 0 (4 KiB) .. PAGE_ORDER_MAX (4 GiB) */
#define PAGE_ORDER_MAX 20
/* At most this many RAM regions can be added. */
#define PAGE_ALLOC_MAX_REGIONS 16

/* Owners recorded in struct page_info::owner (otherwise a domid) */
#define PAGE_OWNER_NONE 0xFFFFu /* free frame */
#define PAGE_OWNER_HYP	0x7FF2u /* hypervisor data (the value of Xen's DOMID_XEN) */

/* struct page_info::flags */
#define PGF_FREE_HEAD 0x01 /* head of a free buddy block (on a free list) */
#define PGF_SLAB      0x02 /* xmalloc slab page */
#define PGF_XMALLOC   0x04 /* head of an xmalloc large allocation */
#define PGF_DIRTY     0x08 /* may hold someone's old data (see page_needs_scrub) */

struct page_info {
	struct list_head list; /* free list (free heads); owner's use otherwise */
	uint32_t count;	       /* references; 0 = free (atomic outside the lock) */
	domid_t owner;	       /* PAGE_OWNER_* or the owning domain's id */
	uint8_t order;	       /* block order of a free head / xmalloc block */
	uint8_t flags;	       /* PGF_* */
};

/*
 * Add host RAM [start, end) to the allocator (page-aligned inwards). The
 * frame table of the region is taken from its first pages. The caller must
 * already have excluded the hypervisor image, the DTB and boot modules.
 * Regions must not overlap; up to PAGE_ALLOC_MAX_REGIONS.
 */
void page_alloc_add_region(paddr_t start, paddr_t end);

/* A naturally aligned block of 2^order pages, or NULL if none is free. */
void *alloc_pages(unsigned int order);
/* One page, zeroed, or NULL. */
void *alloc_page_zeroed(void);
/*
 * Return a block from alloc_pages(). Panics on a double free or when a page
 * of the block still has references other than the allocation's own.
 */
void free_pages(void *va, unsigned int order);

static inline void *alloc_page(void)
{
	return alloc_pages(0);
}

static inline void free_page(void *va)
{
	free_pages(va, 0);
}

/* The frame-table entry of a host physical address, NULL if not managed. */
struct page_info *pa_to_page(paddr_t pa);
paddr_t page_to_pa(const struct page_info *pg);

static inline void *page_to_virt(const struct page_info *pg)
{
	return phys_to_virt(page_to_pa(pg));
}

/*
 * Take a reference on an allocated frame. Fails (false) if the frame is
 * free, so a stale lookup cannot resurrect it.
 */
bool page_get(struct page_info *pg);
/* Drop a reference; the last one frees the frame (as an order-0 block). */
void page_put(struct page_info *pg);
/* Record the owner of 2^order frames starting at @pg. */
void page_set_owner(struct page_info *pg, unsigned int order, domid_t owner);

/*
 * Whether any of the 2^order frames at @pg may still hold data of a previous
 * user, so that handing them to a guest needs a scrub first. Frames become
 * dirty when freed after use; frames added at boot are dirty unless boot
 * scrubbing is off.
 */
bool page_needs_scrub(const struct page_info *pg, unsigned int order);
/*
 * Hypervisor options (from the command line, "xen,xen-bootargs"); call before
 * the first page_alloc_add_region(). Understood: bootscrub=0|1 (default 1):
 * with 0, memory handed over at boot counts as clean and guests may get it
 * without a scrub (as Xen's bootscrub=0; it saves touching every guest page
 * at build time, at the price of guests seeing what was there before boot).
 */
void page_alloc_cmdline(const char *args);

/* Counters in 4 KiB pages, for debug key 'm'. */
size_t page_alloc_free_count(void);
size_t page_alloc_total_count(void);
/* Free blocks of each order (for the debug key): out[0..PAGE_ORDER_MAX]. */
void page_alloc_free_by_order(size_t out[PAGE_ORDER_MAX + 1]);

#ifdef BASALT_HOST_TEST
/* Unit tests only: forget every region (the memory belongs to the test). */
void page_alloc_reset(void);
#endif

#endif
