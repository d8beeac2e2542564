// SPDX-License-Identifier: GPL-2.0-only
/*
 * xmalloc: size-class slabs of one page each, big requests in whole pages.
 *
 * A slab page starts with a struct slab header; its objects follow, each a
 * multiple of 16 bytes. Free objects are chained through their first word
 * and marked with a poison word so a double free is caught. Pages that still
 * have free objects sit on their class's partial list; a page whose last
 * object is freed goes back to the page allocator.
 */
#include <basalt/xmalloc.h>
#include <basalt/page_alloc.h>
#include <basalt/lib.h>
#include <basalt/list.h>
#include <basalt/spinlock.h>

#define SLAB_HEADER 32
#define FREE_POISON 0xf7ee0b1ec7f7ee00UL
#define NR_CLASSES  ARRAY_SIZE(class_size)

struct slab {
	struct list_head link; /* on the class's partial list */
	void *free;	       /* first free object */
	uint16_t inuse;
	uint16_t total;
	uint8_t cls;
	bool listed;
};

struct free_obj {
	struct free_obj *next;
	uint64_t poison;
};

/* Sizes picked so a page holds whole objects with little waste. */
static const uint16_t class_size[] = {16,  32,	48,  64,  96,	128,  192,
				      256, 384, 512, 672, 1008, 1344, 2032};
static struct list_head partial[ARRAY_SIZE(class_size)];
static bool partial_ready;
static size_t used_bytes;
static spinlock_t xmalloc_lock = SPINLOCK_INIT;

_Static_assert(sizeof(struct slab) <= SLAB_HEADER, "slab header");

static int size_class(size_t size)
{
	for (unsigned int i = 0; i < NR_CLASSES; i++)
		if (size <= class_size[i])
			return (int)i;
	return -1;
}

static struct slab *slab_new(unsigned int cls)
{
	struct slab *s = alloc_page();
	size_t sz = class_size[cls];
	char *obj;

	if (!s)
		return NULL;
	pa_to_page(virt_to_phys(s))->flags |= PGF_SLAB;
	s->cls = (uint8_t)cls;
	s->inuse = 0;
	s->total = (uint16_t)((PAGE_SIZE - SLAB_HEADER) / sz);
	s->free = NULL;
	/* Chain from the end so the first allocations are at the front. */
	for (int i = s->total - 1; i >= 0; i--) {
		struct free_obj *f;

		obj = (char *)s + SLAB_HEADER + (size_t)i * sz;
		f = (struct free_obj *)obj;
		f->next = s->free;
		f->poison = FREE_POISON;
		s->free = f;
	}
	list_add(&s->link, &partial[cls]);
	s->listed = true;
	return s;
}

static void *slab_alloc(unsigned int cls)
{
	struct slab *s;
	struct free_obj *f;

	if (list_empty(&partial[cls])) {
		if (!slab_new(cls))
			return NULL;
	}
	s = list_first_entry(&partial[cls], struct slab, link);
	f = s->free;
	s->free = f->next;
	f->poison = 0;
	s->inuse++;
	if (!s->free) {
		list_del(&s->link);
		s->listed = false;
	}
	used_bytes += class_size[cls];
	return f;
}

static bool slab_holds_free(struct slab *s, struct free_obj *obj)
{
	for (struct free_obj *f = s->free; f; f = f->next)
		if (f == obj)
			return true;
	return false;
}

static void slab_free(struct slab *s, void *p)
{
	size_t sz = class_size[s->cls];
	uintptr_t off = (uintptr_t)p - (uintptr_t)s;
	struct free_obj *f = p;

	if (off < SLAB_HEADER || (off - SLAB_HEADER) % sz || (off - SLAB_HEADER) / sz >= s->total)
		panic("xfree: %p is not an object of its slab", p);
	if (f->poison == FREE_POISON && slab_holds_free(s, f))
		panic("xfree: double free of %p", p);
	f->next = s->free;
	f->poison = FREE_POISON;
	s->free = f;
	s->inuse--;
	used_bytes -= sz;
	if (s->inuse == 0) {
		if (s->listed)
			list_del(&s->link);
		pa_to_page(virt_to_phys(s))->flags &= (uint8_t)~PGF_SLAB;
		free_page(s);
		return;
	}
	if (!s->listed) {
		list_add(&s->link, &partial[s->cls]);
		s->listed = true;
	}
}

static unsigned int pages_order(size_t size)
{
	unsigned int order = 0;

	while ((PAGE_SIZE << order) < size)
		order++;
	return order;
}

static void *big_alloc(size_t size)
{
	unsigned int order = pages_order(size);
	void *p;

	if (order > PAGE_ORDER_MAX)
		return NULL;
	p = alloc_pages(order);
	if (!p)
		return NULL;
	pa_to_page(virt_to_phys(p))->flags |= PGF_XMALLOC;
	used_bytes += PAGE_SIZE << order;
	return p;
}

void *xmalloc_bytes(size_t size)
{
	unsigned long flags;
	void *p;
	int cls;

	if (size == 0 || size > (PAGE_SIZE << PAGE_ORDER_MAX))
		return NULL;
	cls = size_class(size);
	spin_lock_irqsave(&xmalloc_lock, flags);
	if (!partial_ready) {
		for (unsigned int i = 0; i < NR_CLASSES; i++)
			list_init(&partial[i]);
		partial_ready = true;
	}
	p = cls >= 0 ? slab_alloc((unsigned int)cls) : big_alloc(size);
	spin_unlock_irqrestore(&xmalloc_lock, flags);
	return p;
}

void *xzalloc_bytes(size_t size)
{
	void *p = xmalloc_bytes(size);

	if (p)
		memset(p, 0, size);
	return p;
}

void xfree(void *p)
{
	struct page_info *pg;
	unsigned long flags;

	if (!p)
		return;
	pg = pa_to_page(virt_to_phys(p));
	if (!pg)
		panic("xfree: %p is not hypervisor heap memory", p);
	spin_lock_irqsave(&xmalloc_lock, flags);
	if (pg->flags & PGF_SLAB) {
		slab_free((struct slab *)ALIGN_DOWN((uintptr_t)p, PAGE_SIZE), p);
	} else if ((pg->flags & PGF_XMALLOC) && IS_ALIGNED((uintptr_t)p, PAGE_SIZE)) {
		unsigned int order = pg->order;

		pg->flags &= (uint8_t)~PGF_XMALLOC;
		used_bytes -= PAGE_SIZE << order;
		free_pages(p, order);
	} else {
		spin_unlock_irqrestore(&xmalloc_lock, flags);
		panic("xfree: %p was not allocated by xmalloc (or freed twice)", p);
	}
	spin_unlock_irqrestore(&xmalloc_lock, flags);
}

size_t xmalloc_used_bytes(void)
{
	return READ_ONCE(used_bytes);
}
