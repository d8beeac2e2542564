/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Benchmark guest: the null-hypercall round trip, xen_version(XENVER_version)
 * in a tight loop, timed with the guest's virtual counter. A warm-up batch,
 * then BATCHES batches of CALLS calls; prints the median and the best batch:
 *
 *   BENCH null_hypercall median_ns=N best_ns=N calls=N batches=N cntfrq=N
 */
#include "bench_rt.h"

#define CALLS	20000
#define BATCHES 7

static uint64_t batch(void)
{
	uint64_t t0, t1;
	unsigned int i;

	t0 = bench_counter();
	for (i = 0; i < CALLS; i++)
		(void)HYPERVISOR_xen_version(XENVER_version, NULL);
	t1 = bench_counter();
	return bench_ns_per_op(t1 - t0, CALLS);
}

void guest_main(void)
{
	uint64_t ns[BATCHES], best;
	unsigned int i;
	long v = HYPERVISOR_xen_version(XENVER_version, NULL);

	rt_printf("bench_hypercall: xen_version %ld.%ld\n", v >> 16, v & 0xffff);
	CHECK_EQ("xen_version version", v, 0x40011);
	(void)batch();
	for (i = 0; i < BATCHES; i++)
		ns[i] = batch();
	best = ns[0];
	for (i = 1; i < BATCHES; i++)
		best = ns[i] < best ? ns[i] : best;
	rt_printf("BENCH null_hypercall median_ns=%lu best_ns=%lu calls=%u batches=%u cntfrq=%lu\n",
		  (unsigned long)bench_median(ns, BATCHES), (unsigned long)best, CALLS, BATCHES,
		  (unsigned long)bench_counter_hz());
}
