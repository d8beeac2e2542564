/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Helpers of the benchmark guests on top of the test-guest runtime
 * (test/guests/runtime): the guest's virtual counter, shared_info and the
 * 2-level event-channel bits in it, and SCHEDOP_poll. The same binaries run
 * under Basalt and under Xen 4.17, so they use only the Xen public ABI.
 */
#ifndef BENCH_RT_H
#define BENCH_RT_H

#include "../guests/runtime/rt.h"

/* CNTVCT_EL0, ordered after the preceding instructions. */
static inline uint64_t bench_counter(void)
{
	uint64_t v;

	__asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(v) : : "memory");
	return v;
}

static inline uint64_t bench_counter_hz(void)
{
	uint64_t v;

	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(v));
	return v;
}

/* Nanoseconds per operation for @ops operations in @ticks counter ticks. */
static inline uint64_t bench_ns_per_op(uint64_t ticks, uint64_t ops)
{
	return ticks * 1000000000ULL / bench_counter_hz() / ops;
}

/* Map shared_info into a fresh page; NULL (after a FAIL line) on error. */
struct shared_info *bench_map_shared_info(void);

/* 2-level ABI: test-and-clear / test / set of a port's bits in shared_info. */
bool bench_port_test_and_clear(struct shared_info *s, evtchn_port_t port);
bool bench_port_pending(const struct shared_info *s, evtchn_port_t port);
void bench_port_mask(struct shared_info *s, evtchn_port_t port);

/* EVTCHNOP_send; 0 or -errno. */
long bench_send(evtchn_port_t port);

/* SCHEDOP_poll on @n ports without timeout: returns when one is pending. */
long bench_poll(const evtchn_port_t *ports, unsigned int n);

/* Sort @n values and return the median. */
uint64_t bench_median(uint64_t *v, unsigned int n);

#endif
