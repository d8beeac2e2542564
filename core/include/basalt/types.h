/* SPDX-License-Identifier: GPL-2.0-only */
/* Basic types and helpers shared by all hypervisor code (generic and arch). */
#ifndef BASALT_TYPES_H
#define BASALT_TYPES_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>

typedef uint64_t paddr_t;    /* host physical address */
typedef uint64_t vaddr_t;    /* hypervisor virtual address */
typedef uint64_t ipa_t;      /* guest physical (intermediate physical) address */
#ifdef BASALT_HOST_TEST
/*
 * The host libc's <sys/types.h> has its own register_t: take it in first (its
 * include guard then keeps it out) and rename ours.
 */
#include <sys/types.h>
#define register_t basalt_register_t
#endif
typedef uint64_t register_t; /* a general-purpose register */
typedef uint16_t domid_t;

#define PAGE_SHIFT 12
#define PAGE_SIZE  (1UL << PAGE_SHIFT)
#define PAGE_MASK  (~(PAGE_SIZE - 1))

#define BIT(n)             (1UL << (n))
#define ARRAY_SIZE(a)      (sizeof(a) / sizeof((a)[0]))
#define ALIGN_UP(x, a)     (((x) + ((a) - 1)) & ~((__typeof__(x))(a) - 1))
#define ALIGN_DOWN(x, a)   ((x) & ~((__typeof__(x))(a) - 1))
#define IS_ALIGNED(x, a)   (((x) & ((__typeof__(x))(a) - 1)) == 0)
#define MIN(a, b)          ((a) < (b) ? (a) : (b))
#define MAX(a, b)          ((a) > (b) ? (a) : (b))
#define likely(x)          __builtin_expect(!!(x), 1)
#define unlikely(x)        __builtin_expect(!!(x), 0)
#define container_of(p, type, member) ((type *)((char *)(p) - offsetof(type, member)))

#ifndef __packed
#define __packed __attribute__((packed))
#endif
#define __aligned(n) __attribute__((aligned(n)))
#define __unused     __attribute__((unused))
#define __noreturn   __attribute__((noreturn))
#define __printf(a, b) __attribute__((format(printf, a, b)))

/*
 * The hypervisor maps all host RAM at VA == PA (EL2 has a single address
 * space), so these conversions are identities; host unit tests rely on the
 * same property with ordinary heap pointers.
 */
static inline void *phys_to_virt(paddr_t pa)
{
	return (void *)(uintptr_t)pa;
}

static inline paddr_t virt_to_phys(const void *va)
{
	return (paddr_t)(uintptr_t)va;
}

#endif
