// SPDX-License-Identifier: GPL-2.0-only
/*
 * Binary buddy allocator over the host RAM regions (see page_alloc.h).
 *
 * Blocks are naturally aligned in physical frame numbers, so the buddy of
 * the block at pfn p of order k is at p ^ 2^k; two blocks merge only when
 * both lie in the same region. Each free block is represented by its head
 * frame (PGF_FREE_HEAD, order) on the free list of its order; the other
 * frames of a free block just have count 0.
 */
#include <basalt/page_alloc.h>
#include <basalt/lib.h>
#include <basalt/spinlock.h>
#include <basalt/atomic.h>

struct region {
	unsigned long first_pfn; /* first managed frame */
	unsigned long nr;	 /* managed frames */
	struct page_info *frames;
};

static struct region regions[PAGE_ALLOC_MAX_REGIONS];
static unsigned int nr_regions;
static struct list_head free_lists[PAGE_ORDER_MAX + 1];
static size_t nr_free_blocks[PAGE_ORDER_MAX + 1];
static size_t free_count, total_count;
static bool lists_ready;
static bool boot_scrub = true;
static spinlock_t heap_lock = SPINLOCK_INIT;

static struct region *pfn_region(unsigned long pfn)
{
	for (unsigned int i = 0; i < nr_regions; i++) {
		struct region *r = &regions[i];

		if (pfn >= r->first_pfn && pfn - r->first_pfn < r->nr)
			return r;
	}
	return NULL;
}

static struct page_info *region_frame(struct region *r, unsigned long pfn)
{
	return &r->frames[pfn - r->first_pfn];
}

struct page_info *pa_to_page(paddr_t pa)
{
	unsigned long pfn = pa >> PAGE_SHIFT;
	struct region *r = pfn_region(pfn);

	return r ? region_frame(r, pfn) : NULL;
}

static struct region *page_region(const struct page_info *pg)
{
	for (unsigned int i = 0; i < nr_regions; i++) {
		struct region *r = &regions[i];

		if (pg >= r->frames && pg < r->frames + r->nr)
			return r;
	}
	return NULL;
}

paddr_t page_to_pa(const struct page_info *pg)
{
	struct region *r = page_region(pg);

	ASSERT(r);
	return (paddr_t)(r->first_pfn + (unsigned long)(pg - r->frames)) << PAGE_SHIFT;
}

/* Put the free block at @pfn of order @k on its list (lock held). */
static void push_free_block(struct region *r, unsigned long pfn, unsigned int k)
{
	struct page_info *head = region_frame(r, pfn);

	head->flags = (head->flags & PGF_DIRTY) | PGF_FREE_HEAD;
	head->order = (uint8_t)k;
	list_add(&head->list, &free_lists[k]);
	nr_free_blocks[k]++;
}

static void pop_free_block(struct page_info *head)
{
	list_del(&head->list);
	nr_free_blocks[head->order]--;
	head->flags &= (uint8_t)~PGF_FREE_HEAD;
}

/* Free 2^k frames at @pfn, merging with free buddies (lock held). */
static void free_block_locked(struct region *r, unsigned long pfn, unsigned int k)
{
	unsigned long end = r->first_pfn + r->nr;

	free_count += 1UL << k;
	while (k < PAGE_ORDER_MAX) {
		unsigned long buddy = pfn ^ (1UL << k);
		struct page_info *b;

		if (buddy < r->first_pfn || buddy + (1UL << k) > end)
			break;
		b = region_frame(r, buddy);
		if (!(b->flags & PGF_FREE_HEAD) || b->order != k)
			break;
		pop_free_block(b);
		pfn = MIN(pfn, buddy);
		k++;
	}
	push_free_block(r, pfn, k);
}

static void init_lists(void)
{
	if (lists_ready)
		return;
	for (unsigned int k = 0; k <= PAGE_ORDER_MAX; k++)
		list_init(&free_lists[k]);
	lists_ready = true;
}

/* Frames of a region of @total frames that pay for their own frame table. */
static unsigned long frame_table_pages(unsigned long total)
{
	unsigned long bytes = total * sizeof(struct page_info);

	return (bytes + PAGE_SIZE - 1) >> PAGE_SHIFT;
}

void page_alloc_add_region(paddr_t start, paddr_t end)
{
	unsigned long first = ALIGN_UP(start, PAGE_SIZE) >> PAGE_SHIFT;
	unsigned long last = ALIGN_DOWN(end, PAGE_SIZE) >> PAGE_SHIFT;
	unsigned long table, pfn;
	struct region *r;
	unsigned long flags;

	if (last <= first + 1)
		return;
	if (nr_regions == PAGE_ALLOC_MAX_REGIONS) {
		printk_level(
		    LOG_WARNING,
		    "page_alloc: region %#lx-%#lx ignored (more than %u regions, PAGE_ALLOC_MAX_REGIONS)\n",
		    (unsigned long)start, (unsigned long)end, PAGE_ALLOC_MAX_REGIONS);
		return;
	}
	table = frame_table_pages(last - first);

	spin_lock_irqsave(&heap_lock, flags);
	init_lists();
	r = &regions[nr_regions];
	r->frames = phys_to_virt((paddr_t)first << PAGE_SHIFT);
	r->first_pfn = first + table;
	r->nr = last - r->first_pfn;
	memset(r->frames, 0, r->nr * sizeof(struct page_info));
	nr_regions++;

	for (unsigned long i = 0; i < r->nr; i++) {
		r->frames[i].owner = PAGE_OWNER_NONE;
		r->frames[i].flags = boot_scrub ? PGF_DIRTY : 0;
	}
	/* Largest naturally aligned blocks that fit, left to right. */
	for (pfn = r->first_pfn; pfn < last;) {
		unsigned int k = 0;

		while (k < PAGE_ORDER_MAX && !(pfn & (1UL << k)) && pfn + (2UL << k) <= last)
			k++;
		free_block_locked(r, pfn, k);
		pfn += 1UL << k;
	}
	total_count += r->nr;
	spin_unlock_irqrestore(&heap_lock, flags);
}

void *alloc_pages(unsigned int order)
{
	struct page_info *head = NULL;
	struct region *r;
	unsigned long pfn, flags;
	unsigned int k;

	if (order > PAGE_ORDER_MAX)
		return NULL;
	spin_lock_irqsave(&heap_lock, flags);
	for (k = order; lists_ready && k <= PAGE_ORDER_MAX; k++) {
		if (!list_empty(&free_lists[k])) {
			head = list_first_entry(&free_lists[k], struct page_info, list);
			break;
		}
	}
	if (!head) {
		spin_unlock_irqrestore(&heap_lock, flags);
		return NULL;
	}
	pop_free_block(head);
	r = page_region(head);
	pfn = r->first_pfn + (unsigned long)(head - r->frames);
	/* Give back the upper halves until the block has the wanted order. */
	while (k > order) {
		k--;
		push_free_block(r, pfn + (1UL << k), k);
	}
	for (unsigned long i = 0; i < (1UL << order); i++) {
		struct page_info *pg = &head[i];

		ASSERT(pg->count == 0);
		pg->count = 1;
		pg->owner = PAGE_OWNER_HYP;
		pg->flags &= PGF_DIRTY;
		pg->order = 0;
	}
	head->order = (uint8_t)order;
	free_count -= 1UL << order;
	spin_unlock_irqrestore(&heap_lock, flags);
	return phys_to_virt((paddr_t)pfn << PAGE_SHIFT);
}

bool page_needs_scrub(const struct page_info *pg, unsigned int order)
{
	for (unsigned long i = 0; i < (1UL << order); i++)
		if (pg[i].flags & PGF_DIRTY)
			return true;
	return false;
}

void page_alloc_cmdline(const char *args)
{
	for (const char *p = args; (p = strstr(p, "bootscrub=")); p++) {
		const char *v = p + strlen("bootscrub=");

		if (p != args && p[-1] != ' ')
			continue;
		if ((v[0] == '0' || v[0] == '1') && (v[1] == ' ' || !v[1]))
			boot_scrub = v[0] == '1';
		else
			printk_level(LOG_WARNING, "bootscrub: use 0 or 1\n");
	}
}

/* Always cleared: memory counted as clean need not be zero. */
void *alloc_page_zeroed(void)
{
	void *p = alloc_pages(0);

	if (p)
		memset(p, 0, PAGE_SIZE);
	return p;
}

/* Forget the allocation state of a frame being freed (lock held). */
static void release_frame(struct page_info *pg)
{
	pg->count = 0;
	pg->owner = PAGE_OWNER_NONE;
	pg->flags = PGF_DIRTY;
	pg->order = 0;
}

void free_pages(void *va, unsigned int order)
{
	paddr_t pa = virt_to_phys(va);
	unsigned long pfn = pa >> PAGE_SHIFT;
	struct region *r = pfn_region(pfn);
	unsigned long flags;

	if (!va)
		return;
	if (!r || order > PAGE_ORDER_MAX || (pfn & ((1UL << order) - 1)) ||
	    pfn + (1UL << order) > r->first_pfn + r->nr)
		panic("free_pages: %#lx order %u is not an allocated block", (unsigned long)pa,
		      order);

	spin_lock_irqsave(&heap_lock, flags);
	for (unsigned long i = 0; i < (1UL << order); i++) {
		struct page_info *pg = region_frame(r, pfn + i);
		uint32_t count = READ_ONCE(pg->count);

		if (count == 0)
			panic("free_pages: double free of %#lx (order %u)",
			      (unsigned long)(pa + i * PAGE_SIZE), order);
		if (count != 1)
			panic("free_pages: %#lx still has %u references",
			      (unsigned long)(pa + i * PAGE_SIZE), count - 1);
		release_frame(pg);
	}
	free_block_locked(r, pfn, order);
	spin_unlock_irqrestore(&heap_lock, flags);
}

bool page_get(struct page_info *pg)
{
	uint32_t c = READ_ONCE(pg->count);

	do {
		if (c == 0 || c == UINT32_MAX)
			return false;
	} while (!atomic_cmpxchg(&pg->count, &c, c + 1));
	return true;
}

void page_put(struct page_info *pg)
{
	uint32_t old = atomic_fetch_sub(&pg->count, 1);
	struct region *r;
	unsigned long flags;

	if (old == 0)
		panic("page_put: %#lx is free", (unsigned long)page_to_pa(pg));
	if (old > 1)
		return;
	r = page_region(pg);
	spin_lock_irqsave(&heap_lock, flags);
	release_frame(pg);
	free_block_locked(r, r->first_pfn + (unsigned long)(pg - r->frames), 0);
	spin_unlock_irqrestore(&heap_lock, flags);
}

void page_set_owner(struct page_info *pg, unsigned int order, domid_t owner)
{
	for (unsigned long i = 0; i < (1UL << order); i++)
		pg[i].owner = owner;
}

size_t page_alloc_free_count(void)
{
	return READ_ONCE(free_count);
}

size_t page_alloc_total_count(void)
{
	return READ_ONCE(total_count);
}

void page_alloc_free_by_order(size_t out[PAGE_ORDER_MAX + 1])
{
	unsigned long flags;

	spin_lock_irqsave(&heap_lock, flags);
	for (unsigned int k = 0; k <= PAGE_ORDER_MAX; k++)
		out[k] = nr_free_blocks[k];
	spin_unlock_irqrestore(&heap_lock, flags);
}

#ifdef BASALT_HOST_TEST
void page_alloc_reset(void)
{
	nr_regions = 0;
	free_count = 0;
	total_count = 0;
	lists_ready = false;
	boot_scrub = true;
	for (unsigned int k = 0; k <= PAGE_ORDER_MAX; k++)
		nr_free_blocks[k] = 0;
	init_lists();
}
#endif
