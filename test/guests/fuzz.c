/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Test guest: hammers every hypercall with random arguments from a fixed
 * seed (FUZZ_SEED, FUZZ_ITERS). Pointers point into a scratch area, at
 * unmapped addresses or anywhere; frame numbers are random or in a balloon
 * area the guest never touches, so its own code, stack and scratch survive. It passes if it (and
 * the hypervisor) are still alive at the end.
 */
#include "runtime/rt.h"

#ifndef FUZZ_SEED
#define FUZZ_SEED 0x5eed1234abcdULL
#endif
#ifndef FUZZ_ITERS
#define FUZZ_ITERS 1000000
#endif

#define SCRATCH_PAGES 16

static uint64_t state = FUZZ_SEED;
static uint8_t *scratch;
static uint64_t balloon_gfn;

static uint64_t rnd(void)
{
	state ^= state << 13;
	state ^= state >> 7;
	state ^= state << 17;
	return state;
}

/* A pointer argument: mostly the scratch area (filled with random bytes). */
static uint64_t rnd_ptr(void)
{
	switch (rnd() % 8) {
	case 0:
		return 0;
	case 1:
		return rnd();
	case 2:
		return 0x10000000UL + (rnd() % 0x1000000); /* unmapped hole */
	case 3:
		return 0x38000000UL + (rnd() % 0x10000); /* grant window */
	default:
		return (uint64_t)(uintptr_t)scratch + rnd() % (SCRATCH_PAGES * PAGE_SIZE - 64);
	}
}

/* Frame numbers inside the scratch, or random ones: never our code or stack. */
static void scrub_scratch(void)
{
	uint64_t *q = (uint64_t *)scratch;
	unsigned int i;

	for (i = 0; i < SCRATCH_PAGES * PAGE_SIZE / 8; i++) {
		uint64_t r = rnd();

		switch (r % 4) {
		case 0:
			q[i] = balloon_gfn + (r >> 8) % SCRATCH_PAGES;
			break;
		case 1:
			q[i] = (r >> 8) % 4096; /* a small number: port, ref, domid, index */
			break;
		default:
			q[i] = r;
			break;
		}
	}
}

static const unsigned long hypercalls[] = {
    __HYPERVISOR_memory_op,
    __HYPERVISOR_xen_version,
    __HYPERVISOR_console_io,
    __HYPERVISOR_grant_table_op,
    __HYPERVISOR_vm_assist,
    __HYPERVISOR_vcpu_op,
    __HYPERVISOR_sched_op,
    __HYPERVISOR_event_channel_op,
    __HYPERVISOR_hvm_op,
    0,
    63,
    64,
};

void guest_main(void)
{
	unsigned long i, calls = 0;

	rt_printf("fuzz test guest, seed %lx, %u iterations\n", (unsigned long)FUZZ_SEED,
		  FUZZ_ITERS);
	scratch = rt_alloc_pages(SCRATCH_PAGES);
	balloon_gfn = rt_gfn(rt_alloc_pages(SCRATCH_PAGES)); /* never touched by us */
	for (i = 0; i < FUZZ_ITERS; i++) {
		unsigned long nr = hypercalls[rnd() % (sizeof(hypercalls) / sizeof(hypercalls[0]))];
		unsigned long cmd = rnd() % 16;
		unsigned long a1 = rnd() % 4 ? rnd_ptr() : rnd() % 64, a2 = rnd_ptr();

		/*
		 * Batch counts stay small: Xen writes a status per element, so a
		 * huge count would have it scribble over our own page tables and
		 * stack (Basalt stops at the first bad element; Xen does not).
		 */
		if (nr == __HYPERVISOR_grant_table_op)
			a2 = rnd() % 16;

		if (i % 64 == 0)
			scrub_scratch();
		/* Calls that end or stall the run are left out; everything else is fair. */
		if (nr == __HYPERVISOR_sched_op &&
		    (cmd == SCHEDOP_shutdown || cmd == SCHEDOP_block || cmd == SCHEDOP_poll ||
		     cmd == SCHEDOP_remote_shutdown))
			continue;
		/* Our own vCPU's vcpu_info/runstate areas: Xen would write them over us. */
		if (nr == __HYPERVISOR_vcpu_op && a1 == 0 &&
		    (cmd == VCPUOP_register_vcpu_info ||
		     cmd == VCPUOP_register_runstate_memory_area))
			continue;
		if (nr == __HYPERVISOR_console_io)
			a1 %= 256;
		if (nr == __HYPERVISOR_memory_op && cmd == XENMEM_add_to_physmap_batch)
			continue; /* could move shared frames over our own RAM */
		if (nr == __HYPERVISOR_memory_op &&
		    (cmd == XENMEM_add_to_physmap || cmd == XENMEM_remove_from_physmap))
			continue;
#ifdef FUZZ_TRACE
		rt_printf("T %lu nr %lu cmd %lu a1 %lx a2 %lx\n", i, nr, cmd, a1, a2);
#endif
		xen_hypercall(nr, cmd, a1, a2, rnd(), rnd());
		calls++;
	}
	rt_printf("fuzz: %lu calls made\n", calls);
	CHECK_EQ("still alive after fuzzing", calls > FUZZ_ITERS / 2, 1);
	CHECK_EQ("hypervisor answers", HYPERVISOR_xen_version(XENVER_version, NULL), 0x40011);
}
