/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Small allocations for hypervisor data. Sizes up to XMALLOC_SLAB_MAX come
 * from size classes carved out of single pages (a slab page goes back to the
 * page allocator when its last object is freed, so memory use returns to
 * where it was once a domain's structures are freed); larger requests take
 * whole pages. Small objects are 16-byte aligned, larger ones page aligned.
 * Freeing a pointer that xmalloc did not hand out, or freeing twice, panics.
 */
#ifndef BASALT_XMALLOC_H
#define BASALT_XMALLOC_H

#include <basalt/types.h>

#define XMALLOC_SLAB_MAX 2032

/* NULL on failure (or for size 0). */
void *xmalloc_bytes(size_t size);
/* Same, zero-filled. */
void *xzalloc_bytes(size_t size);
/* Free memory from xmalloc_bytes/xzalloc_bytes; NULL is ignored. */
void xfree(void *p);

#define xmalloc(type) ((type *)xmalloc_bytes(sizeof(type)))
#define xzalloc(type) ((type *)xzalloc_bytes(sizeof(type)))
/* NULL if n * sizeof(type) overflows. */
#define xzalloc_array(type, n)                                                                     \
	((type *)((n) > SIZE_MAX / sizeof(type) ? NULL : xzalloc_bytes(sizeof(type) * (n))))

/* Bytes currently handed out (rounded to size classes), for debug key 'm'. */
size_t xmalloc_used_bytes(void);

#endif
