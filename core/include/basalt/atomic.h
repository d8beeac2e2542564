/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Atomics on hypervisor memory, built on the compiler's __atomic builtins so
 * the same code runs on aarch64 and in host unit tests. (Atomics on *guest*
 * memory, e.g. FIFO event words, live in guest_access.h: those pages are
 * reached through a checked mapping.)
 */
#ifndef BASALT_ATOMIC_H
#define BASALT_ATOMIC_H

#include <basalt/types.h>

#define READ_ONCE(x)     __atomic_load_n(&(x), __ATOMIC_RELAXED)
#define WRITE_ONCE(x, v) __atomic_store_n(&(x), (v), __ATOMIC_RELAXED)

#define atomic_load_acquire(p)     __atomic_load_n((p), __ATOMIC_ACQUIRE)
#define atomic_store_release(p, v) __atomic_store_n((p), (v), __ATOMIC_RELEASE)
#define atomic_fetch_add(p, v)     __atomic_fetch_add((p), (v), __ATOMIC_SEQ_CST)
#define atomic_fetch_sub(p, v)     __atomic_fetch_sub((p), (v), __ATOMIC_SEQ_CST)
#define atomic_fetch_or(p, v)      __atomic_fetch_or((p), (v), __ATOMIC_SEQ_CST)
#define atomic_fetch_and(p, v)     __atomic_fetch_and((p), (v), __ATOMIC_SEQ_CST)
#define atomic_exchange(p, v)      __atomic_exchange_n((p), (v), __ATOMIC_SEQ_CST)
/* Returns true and stores @new if *p == *expected; else loads *p into *expected. */
#define atomic_cmpxchg(p, expected, new)                                                           \
	__atomic_compare_exchange_n((p), (expected), (new), false, __ATOMIC_SEQ_CST,              \
				    __ATOMIC_SEQ_CST)

#define smp_mb() __atomic_thread_fence(__ATOMIC_SEQ_CST)

static inline void set_bit_atomic(unsigned int nr, uint64_t *map)
{
	atomic_fetch_or(&map[nr / 64], 1UL << (nr % 64));
}

static inline void clear_bit_atomic(unsigned int nr, uint64_t *map)
{
	atomic_fetch_and(&map[nr / 64], ~(1UL << (nr % 64)));
}

static inline bool test_and_set_bit_atomic(unsigned int nr, uint64_t *map)
{
	return atomic_fetch_or(&map[nr / 64], 1UL << (nr % 64)) & (1UL << (nr % 64));
}

static inline bool test_and_clear_bit_atomic(unsigned int nr, uint64_t *map)
{
	return atomic_fetch_and(&map[nr / 64], ~(1UL << (nr % 64))) & (1UL << (nr % 64));
}

static inline bool test_bit(unsigned int nr, const uint64_t *map)
{
	return (READ_ONCE(map[nr / 64]) >> (nr % 64)) & 1;
}

#endif
