/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Access to guest memory.
 *
 * Hypercall pointers are guest *virtual* addresses of the calling vCPU: they
 * are only ever dereferenced through copy_{from,to}_guest(), which translate
 * page by page through the vCPU's stage-1 and stage-2 tables (AT S12E1R/W)
 * and fail with -EFAULT instead of trusting the pointer.
 *
 * Frames the hypervisor keeps using after a hypercall returns (vcpu_info,
 * FIFO control blocks and event arrays, rings) are mapped by guest frame
 * number with map_guest_gfn(), which holds a page reference so the frame
 * cannot be freed or reused while the hypervisor still writes to it. Words
 * shared with the guest are changed with the real atomic RMWs below, at their
 * own width, never with plain read-modify-write.
 */
#ifndef BASALT_GUEST_ACCESS_H
#define BASALT_GUEST_ACCESS_H

#include <basalt/types.h>

struct domain;

/* Copy @len bytes from/to the current vCPU's guest VA. 0 or -EFAULT. */
int copy_from_guest(void *dst, vaddr_t gva, size_t len);
int copy_to_guest(vaddr_t gva, const void *src, size_t len);

/* A guest frame mapped into the hypervisor, with a page reference held. */
struct guest_page {
	void *va;   /* hypervisor VA of the frame (NULL: not mapped) */
	paddr_t pa; /* host physical address of the frame */
};

/*
 * Map guest frame @gfn of @d (must be the domain's RAM; writable RAM if
 * @writable). 0, or -EINVAL if @gfn is not such RAM.
 */
int map_guest_gfn(struct domain *d, uint64_t gfn, bool writable, struct guest_page *out);
/* Drop the reference taken by map_guest_gfn(); @pg may be unmapped. */
void unmap_guest_page(struct guest_page *pg);

/* 32-bit atomics on guest-shared words (FIFO event words, ready bits). */
static inline uint32_t guest_atomic_fetch_or32(uint32_t *p, uint32_t v)
{
	return __atomic_fetch_or(p, v, __ATOMIC_SEQ_CST);
}

static inline uint32_t guest_atomic_fetch_and32(uint32_t *p, uint32_t v)
{
	return __atomic_fetch_and(p, v, __ATOMIC_SEQ_CST);
}

static inline bool guest_atomic_cmpxchg32(uint32_t *p, uint32_t *expected, uint32_t new)
{
	return __atomic_compare_exchange_n(p, expected, new, false, __ATOMIC_SEQ_CST,
					   __ATOMIC_SEQ_CST);
}

static inline uint32_t guest_read32(const uint32_t *p)
{
	return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

static inline void guest_write32(uint32_t *p, uint32_t v)
{
	__atomic_store_n(p, v, __ATOMIC_RELEASE);
}

/* 8- and 64-bit forms for vcpu_info (upcall flag, 2L selector) and 2L bitmaps. */
static inline uint8_t guest_atomic_xchg8(uint8_t *p, uint8_t v)
{
	return __atomic_exchange_n(p, v, __ATOMIC_SEQ_CST);
}

static inline uint64_t guest_atomic_fetch_or64(uint64_t *p, uint64_t v)
{
	return __atomic_fetch_or(p, v, __ATOMIC_SEQ_CST);
}

static inline uint64_t guest_atomic_fetch_and64(uint64_t *p, uint64_t v)
{
	return __atomic_fetch_and(p, v, __ATOMIC_SEQ_CST);
}

static inline uint16_t guest_read16(const uint16_t *p)
{
	return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

static inline bool guest_atomic_cmpxchg16(uint16_t *p, uint16_t *expected, uint16_t new)
{
	return __atomic_compare_exchange_n(p, expected, new, false, __ATOMIC_SEQ_CST,
					   __ATOMIC_SEQ_CST);
}

#endif
