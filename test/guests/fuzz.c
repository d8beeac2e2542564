/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Test guest: hammers every hypercall family with random arguments from a
 * fixed seed (FUZZ_SEED) until FUZZ_ITERS calls are made or FUZZ_SECONDS of
 * guest-visible time (CNTVCT_EL0 / CNTFRQ_EL0) have passed, whichever comes
 * first (0 = no such bound). It prints progress, then the calls made per
 * family, and passes if it and the hypervisor are still alive and sane.
 *
 * Memory the fuzzer hands out: pointer arguments point into a scratch area
 * of random words (frame numbers of a balloon area, small numbers, pointers
 * back into the scratch, random values), at unmapped addresses or anywhere.
 * Frame numbers name the balloon area, which the guest itself never touches
 * and which lies above everything else the guest uses, so a batch running
 * past its end or a page moved away never hits code, stack or page tables.
 * The hypervisor may still unmap or remap scratch pages under us (a grant
 * mapped over one, then unmapped): the guest writes scratch only through
 * poke(), and its exception vector skips a store that aborts.
 *
 * Left out, each for a reason: SCHEDOP_block (no interrupt is ever taken
 * here, so nothing would wake it), SCHEDOP_shutdown with a readable reason
 * (it ends the run; bad pointers are fuzzed), and multicall (it would nest
 * any call unfiltered, shutdown included).
 */
#include "runtime/rt.h"

#ifndef FUZZ_SEED
#define FUZZ_SEED 0x5eed1234abcdULL
#endif
/* The defaults are the suite's run; make fuzz sets all three (guests.am). */
#ifndef FUZZ_ITERS
#define FUZZ_ITERS 600000
#endif
#ifndef FUZZ_SECONDS
#define FUZZ_SECONDS 30
#endif
#define PROGRESS_SECONDS 5

#define SCRATCH_PAGES 16
#define BALLOON_PAGES 64
#define GNT_ENTRIES   64 /* v1 entries of grant frame 0 the guest fills in */

static uint64_t state = FUZZ_SEED;
static uint8_t *scratch;
static uint64_t balloon_gfn, gnt_gfn;
static void *gnt_page;
static domid_t self_id;
static unsigned long call_index;
static unsigned long last_cmd; /* first argument of the last call: the sub-op */
static unsigned long max_calls = FUZZ_ITERS;

/* Stores that aborted (a scratch page the fuzzer unmapped); see fuzz_exception. */
extern unsigned long fuzz_aborts;
unsigned long fuzz_aborts;
void fuzz_fatal(uint64_t esr, uint64_t elr, uint64_t far);
#ifdef FUZZ_CHECK
static volatile bool in_page0;
static void trace_dump_and_stop(const char *what);
#endif

/*
 * EL1 vectors: a data abort from our own stores is skipped (ELR += 4); any
 * other exception is fatal and reported. VBAR_EL1 needs 2 KiB alignment.
 */
__asm__(".pushsection .text.fuzz_vectors, \"ax\"\n"
	".balign 2048\n"
	"fuzz_vectors:\n"
	".rept 16\n"
	"	b	fuzz_exception\n"
	"	.balign 128\n"
	".endr\n"
	"fuzz_exception:\n"
	"	stp	x0, x1, [sp, #-16]!\n"
	"	mrs	x0, esr_el1\n"
	"	lsr	x0, x0, #26\n"
	"	cmp	x0, #0x25\n"
	"	b.ne	1f\n"
	"	mrs	x0, elr_el1\n"
	"	add	x0, x0, #4\n"
	"	msr	elr_el1, x0\n"
	"	adrp	x0, fuzz_aborts\n"
	"	ldr	x1, [x0, :lo12:fuzz_aborts]\n"
	"	add	x1, x1, #1\n"
	"	str	x1, [x0, :lo12:fuzz_aborts]\n"
	"	ldp	x0, x1, [sp], #16\n"
	"	eret\n"
	"1:	mrs	x0, esr_el1\n"
	"	mrs	x1, elr_el1\n"
	"	mrs	x2, far_el1\n"
	"	b	fuzz_fatal\n"
	".popsection\n");

void fuzz_fatal(uint64_t esr, uint64_t elr, uint64_t far)
{
#ifdef FUZZ_CHECK
	static bool dumped;

	if (!dumped) {
		dumped = true;
		trace_dump_and_stop(in_page0 ? "cannot run the first code page after call "
					     : "exception after call ");
	}
#endif
	rt_printf("fuzz: unexpected exception at call %lu: esr %lx elr %lx far %lx\n", call_index,
		  (unsigned long)esr, (unsigned long)elr, (unsigned long)far);
	rt_check("no unexpected exception in the guest", false);
	rt_finish();
	smccc_call(0x84000008UL, 0, 0, 0); /* PSCI SYSTEM_OFF */
	for (;;)
		__asm__ volatile("wfi");
}

/* ---- randomness and time ---- */

static uint64_t rnd(void)
{
	state ^= state << 13;
	state ^= state >> 7;
	state ^= state << 17;
	return state;
}

static uint64_t below(uint64_t n)
{
	return rnd() % n;
}

static uint64_t counter(void)
{
	uint64_t v;

	__asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(v));
	return v;
}

static uint64_t counter_freq(void)
{
	uint64_t v;

	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(v));
	return v;
}

/* The hypervisor's system time (ns of the physical counter, as Xen and Basalt count). */
static uint64_t system_ns(void)
{
	uint64_t v, f = counter_freq();

	__asm__ volatile("isb; mrs %0, cntpct_el0" : "=r"(v));
	return v / f * 1000000000ULL + v % f * 1000000000ULL / f;
}

/* ---- the scratch area: written only through poke() ---- */

/* One store the exception vector can skip without side effects. */
static inline void poke(void *p, uint64_t v)
{
	__asm__ volatile("str %1, [%0]" : : "r"(p), "r"(v) : "memory");
}

/* A word as the fuzzer fills memory: mostly things that mean something. */
static uint64_t rnd_word(void)
{
	uint64_t r = rnd();

	switch (r % 6) {
	case 0:
		return balloon_gfn + (r >> 8) % BALLOON_PAGES;
	case 1:
		return (r >> 8) % 64; /* a small number: port, ref, domid, index, count */
	case 2:
		return (uint64_t)(uintptr_t)scratch + (r >> 8) % (SCRATCH_PAGES * PAGE_SIZE);
	case 3:
		return ((r >> 8) % 8) | (((r >> 16) % 8) << 32); /* two small 32-bit halves */
	default:
		return r;
	}
}

/* Put RAM back at a scratch page the fuzzer took away (a balloon driver's move). */
static long repopulate(void *page)
{
	xen_pfn_t gfn = rt_gfn(page);
	struct xen_memory_reservation r = {.nr_extents = 1, .domid = DOMID_SELF};

	set_xen_guest_handle(r.extent_start, &gfn);
	return HYPERVISOR_memory_op(XENMEM_populate_physmap, &r) == 1 ? 0 : -1;
}

static void scrub_page(unsigned int page)
{
	uint64_t *q = (uint64_t *)(scratch + page * PAGE_SIZE);
	unsigned long aborts = fuzz_aborts;
	unsigned int i;

	poke(&q[0], rnd_word());
	if (fuzz_aborts != aborts && !repopulate(q)) {
		aborts = fuzz_aborts;
		poke(&q[0], rnd_word());
	}
	if (fuzz_aborts != aborts)
		return; /* the page is still gone or read-only: spare 511 more aborts */
	for (i = 1; i < PAGE_SIZE / 8; i++)
		poke(&q[i], rnd_word());
}

/*
 * A pointer that stays bad whatever the fuzzer maps: past our 39-bit stage-1
 * range, or in the hole at 256 MiB that no frame number it makes can reach.
 * (Not page 0 or the grant window: the fuzzer maps shared_info and grant
 * frames there, and a SCHEDOP_shutdown reading them would end the run.)
 */
static uint64_t bad_ptr(void)
{
	return (below(2) ? 1ULL << 39 : 0x10000000UL) + below(0x100000);
}

/*
 * Copy @len bytes (rounded up to words) to a random spot of the scratch and
 * return it, or a bad pointer if no spot takes the copy: a page the fuzzer
 * unmapped or mapped read-only would hand the hypervisor stale words instead
 * (a SCHEDOP_poll without its timeout would sleep for good).
 */
static uint64_t put(const void *src, size_t len)
{
	size_t words = (len + 7) / 8, i;
	const uint64_t *s = src;
	unsigned int tries;

	for (tries = 0; tries < 8; tries++) {
		uint64_t *dst = (uint64_t *)(scratch + 8 * below((SCRATCH_PAGES * PAGE_SIZE) / 8 - words));
		unsigned long aborts = fuzz_aborts;

		for (i = 0; i < words; i++)
			poke(&dst[i], s[i]);
		if (fuzz_aborts == aborts)
			return (uint64_t)(uintptr_t)dst;
	}
	return bad_ptr();
}

/* A pointer argument: mostly into the scratch, else somewhere invalid. */
static uint64_t rnd_ptr(void)
{
	switch (below(10)) {
	case 0:
		return 0;
	case 1:
		return rnd();
	case 2:
		return 0x10000000UL + below(0x1000000); /* unmapped hole */
	case 3:
		return 0x38000000UL + below(0x10000); /* grant window */
	case 4:
		return (uint64_t)(uintptr_t)scratch + SCRATCH_PAGES * PAGE_SIZE - 1 - below(8);
	default:
		return (uint64_t)(uintptr_t)scratch + below(SCRATCH_PAGES * PAGE_SIZE - 64);
	}
}

static domid_t rnd_domid(void)
{
	switch (below(8)) {
	case 0:
		return DOMID_SELF;
	case 1:
		return 0;
	case 2:
	case 3:
		return self_id;
	case 4:
		return self_id + 1;
	case 5:
		return (domid_t)below(8);
	case 6:
		return (domid_t)(DOMID_FIRST_RESERVED + below(16));
	default:
		return (domid_t)rnd();
	}
}

static uint64_t rnd_gfn(void)
{
	switch (below(6)) {
	case 0:
		return rnd();
	case 1:
		return below(0x1000);
	default:
		return balloon_gfn + below(BALLOON_PAGES);
	}
}

static uint32_t rnd_port(void)
{
	switch (below(5)) {
	case 0:
		return (uint32_t)rnd();
	case 1:
		return (uint32_t)below(1 << 17);
	default:
		return (uint32_t)below(64);
	}
}

/* A batch count: mostly small, sometimes large, rarely absurd. */
static unsigned long rnd_count(void)
{
	switch (below(32)) {
	case 0:
		return rnd();
	case 1:
	case 2:
		return below(4096);
	default:
		return below(17);
	}
}

/* Argument words, random before the generators set the fields they care about. */
union arg {
	uint64_t w[16];
	struct xen_add_to_physmap atp;
	struct xen_add_to_physmap_batch atpb;
	struct xen_remove_from_physmap rfp;
	struct xen_memory_reservation res;
	struct vcpu_register_vcpu_info vi;
	struct vcpu_register_runstate_memory_area ra;
	struct sched_poll poll;
	struct sched_shutdown sd;
	struct sched_remote_shutdown rsd;
	struct sched_watchdog wd;
	struct xen_hvm_param hp;
	struct evtchn_alloc_unbound au;
	struct evtchn_bind_interdomain bi;
	struct evtchn_bind_virq bv;
	struct evtchn_close cl;
	struct evtchn_send sn;
	struct evtchn_status st;
	struct evtchn_bind_vcpu bvc;
	struct evtchn_unmask um;
	struct evtchn_reset rs;
	struct evtchn_init_control ic;
	struct evtchn_expand_array ea;
	struct evtchn_set_priority sp;
	struct gnttab_map_grant_ref map;
	struct gnttab_unmap_grant_ref unmap;
	struct gnttab_setup_table setup;
	struct gnttab_copy copy;
	struct gnttab_set_version ver;
	struct gnttab_cache_flush flush;
};

static void arg_random(union arg *a)
{
	unsigned int i;

	for (i = 0; i < 16; i++)
		a->w[i] = rnd_word();
}

/* An array of @n random-ish words in the scratch (for handles in a struct). */
static uint64_t put_words(unsigned int n, uint64_t (*gen)(void))
{
	uint64_t w[64];
	unsigned int i;

	n = n > 64 ? 64 : n;
	for (i = 0; i < n; i++)
		w[i] = gen();
	return put(w, n * 8);
}

#if defined(FUZZ_CHECK) || defined(FUZZ_TRACE_FROM)
/* Straight to the vPL011: works while the hypervisor cannot read our memory. */
static void uart_str(const char *str)
{
	volatile uint32_t *dr = (volatile uint32_t *)0x22000000UL;

	while (*str)
		*dr = (uint32_t)*str++;
}

static void uart_hex(uint64_t v)
{
	volatile uint32_t *dr = (volatile uint32_t *)0x22000000UL;
	int i;

	for (i = 60; i >= 0; i -= 4)
		*dr = (uint32_t)"0123456789abcdef"[(v >> i) & 15];
	*dr = ' ';
}
#endif

/*
 * A hypercall, with the HVC inline rather than through the runtime's
 * xen_hypercall: a call that takes the runtime's code page away then
 * returns into code that still exists.
 */
static long hvc(unsigned long nr, unsigned long a0, unsigned long a1, unsigned long a2,
		unsigned long a3, unsigned long a4)
{
	register unsigned long x16 __asm__("x16") = nr;
	register unsigned long x0 __asm__("x0") = a0;
	register unsigned long x1 __asm__("x1") = a1;
	register unsigned long x2 __asm__("x2") = a2;
	register unsigned long x3 __asm__("x3") = a3;
	register unsigned long x4 __asm__("x4") = a4;

	__asm__ volatile("hvc #0xea1"
			 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3), "+r"(x4), "+r"(x16)
			 :
			 : "memory");
	return (long)x0;
}

#ifdef FUZZ_CHECK
/*
 * Debugging aid (-DFUZZ_CHECK): after every call, check that the hypervisor
 * still reads our stack and .bss as we wrote them; if not, print the last
 * calls and stop. It finds the call that took one of our own pages away.
 */
static struct {
	unsigned long index, nr, a[5];
} trace[16];
static struct evtchn_status bss_probe;
static int (*volatile page0_fn)(const void *, const void *, size_t) = memcmp;

static void trace_dump_and_stop(const char *what)
{
	unsigned int i, j;

	uart_str(what);
	uart_hex(call_index);
	uart_str("\n");
	for (i = 0; i < 16; i++) {
		unsigned int k = (call_index + 1 + i) % 16;

		uart_str("call ");
		uart_hex(trace[k].index);
		uart_str("nr ");
		uart_hex(trace[k].nr);
		for (j = 0; j < 5; j++)
			uart_hex(trace[k].a[j]);
		uart_str("\n");
	}
	fuzz_fatal(0, 0, 0);
}

static void self_check(void)
{
	struct evtchn_status st = {.dom = DOMID_SELF, .port = 0};

	bss_probe.dom = DOMID_SELF;
	bss_probe.port = 0;
	if (HYPERVISOR_event_channel_op(EVTCHNOP_status, &st))
		trace_dump_and_stop("the stack is no longer ours after call ");
	if (HYPERVISOR_event_channel_op(EVTCHNOP_status, &bss_probe))
		trace_dump_and_stop(".bss is no longer ours after call ");
	/* The runtime's first code page: readable, and executable (a call into it). */
	if (hvc(__HYPERVISOR_event_channel_op, EVTCHNOP_status, 0x40000000UL, 0, 0, 0) == -EFAULT)
		trace_dump_and_stop("the first code page is gone after call ");
	in_page0 = true;
	page0_fn(&st, &st, 0);
	in_page0 = false;
}
#endif

static long hc(unsigned long nr, unsigned long a0, unsigned long a1, unsigned long a2,
	       unsigned long a3, unsigned long a4)
{
#ifdef FUZZ_CHECK
	unsigned int k = call_index % 16;

	trace[k].index = call_index;
	trace[k].nr = nr;
	trace[k].a[0] = a0;
	trace[k].a[1] = a1;
	trace[k].a[2] = a2;
	trace[k].a[3] = a3;
	trace[k].a[4] = a4;
#endif
#ifdef FUZZ_TRACE
	rt_printf("T %lu nr %lu %lx %lx %lx %lx %lx\n", call_index, nr, a0, a1, a2, a3, a4);
#endif
#ifdef FUZZ_TRACE_FROM
	/*
	 * For a hypervisor that dies under a call: the call index every 1024
	 * calls, then every call from FUZZ_TRACE_FROM on, straight to the vPL011
	 * before the call is made (no rate limit, nothing buffered in the guest).
	 */
	if (call_index >= FUZZ_TRACE_FROM || !(call_index & 1023)) {
		uart_str("T ");
		uart_hex(call_index);
		uart_hex(nr);
		uart_hex(a0);
		uart_hex(a1);
		uart_hex(a2);
		uart_hex(a3);
		uart_hex(a4);
		uart_str("\n");
	}
#endif
	last_cmd = a0;
	return hvc(nr, a0, a1, a2, a3, a4);
}

/* ---- the families ---- */

static long fuzz_xen_version(void)
{
	return hc(__HYPERVISOR_xen_version, below(16), rnd_ptr(), rnd(), rnd(), rnd());
}

static long fuzz_memory_op(void)
{
	static const unsigned long ops[] = {
	    XENMEM_increase_reservation, XENMEM_decrease_reservation, XENMEM_populate_physmap,
	    XENMEM_current_reservation,	 XENMEM_maximum_reservation,  XENMEM_add_to_physmap,
	    XENMEM_add_to_physmap_batch, XENMEM_remove_from_physmap,  XENMEM_maximum_gpfn,
	    XENMEM_maximum_ram_page,	 XENMEM_memory_map,	      XENMEM_exchange};
	unsigned long cmd = ops[below(sizeof(ops) / sizeof(ops[0]))];
	union arg a;
	domid_t dom = below(4) ? DOMID_SELF : rnd_domid();
	uint64_t extents;

	arg_random(&a);
	/*
	 * Any other sub-op, into a random struct. Not the ones that move frames:
	 * words the hypervisor wrote into the scratch (frame numbers, addresses)
	 * could name our own code there; the cases below bound them.
	 */
	if (!below(8)) {
		do
			cmd = below(64);
		while (cmd <= XENMEM_decrease_reservation || cmd == XENMEM_populate_physmap ||
		       cmd == XENMEM_add_to_physmap || cmd == XENMEM_exchange ||
		       cmd == XENMEM_remove_from_physmap || cmd == XENMEM_add_to_physmap_batch);
		return hc(__HYPERVISOR_memory_op, cmd, rnd_ptr(), rnd(), rnd(), rnd());
	}
	switch (cmd) {
	case XENMEM_increase_reservation:
	case XENMEM_decrease_reservation:
	case XENMEM_populate_physmap:
		a.res.domid = dom;
		a.res.nr_extents = rnd_count();
		a.res.extent_order = below(4) ? below(3) : (unsigned int)rnd();
		a.res.mem_flags = below(2) ? 0 : (unsigned int)rnd();
		/*
		 * Past our 16 frame numbers the hypervisor would read whatever
		 * follows (possibly our own frame numbers): a long list is bad
		 * memory, or the balloon pages, which only the hypervisor writes.
		 */
		if (a.res.nr_extents <= 16)
			extents = below(8) ? put_words(16, rnd_gfn) : bad_ptr();
		else
			extents = below(4) ? balloon_gfn * PAGE_SIZE : bad_ptr();
		set_xen_guest_handle(a.res.extent_start, (xen_pfn_t *)(uintptr_t)extents);
		break;
	case XENMEM_current_reservation:
	case XENMEM_maximum_reservation:
	case XENMEM_maximum_gpfn:
		a.w[0] = dom;
		break;
	case XENMEM_add_to_physmap:
		a.atp.domid = dom;
		a.atp.size = below(4) ? below(4) : (uint16_t)rnd();
		a.atp.space = below(8) ? below(6) : (unsigned int)rnd();
		a.atp.idx = below(4) ? below(4) : rnd_gfn();
		a.atp.gpfn = rnd_gfn();
		break;
	case XENMEM_add_to_physmap_batch:
		a.atpb.domid = dom;
		a.atpb.space = below(8) ? below(6) : (unsigned int)rnd();
		a.atpb.size = below(8) ? below(17) : (uint16_t)rnd();
		a.atpb.u.foreign_domid = rnd_domid();
		set_xen_guest_handle(a.atpb.idxs, (xen_ulong_t *)(uintptr_t)put_words(16, rnd_word));
		/* Past our 16 frame numbers the hypervisor would read whatever follows. */
		set_xen_guest_handle(a.atpb.gpfns, (xen_pfn_t *)(uintptr_t)(a.atpb.size <= 16
										? put_words(16, rnd_gfn)
										: bad_ptr()));
		set_xen_guest_handle(a.atpb.errs, (int *)(uintptr_t)rnd_ptr());
		break;
	case XENMEM_remove_from_physmap:
		a.rfp.domid = dom;
		a.rfp.gpfn = rnd_gfn();
		break;
	default:
		break;
	}
	return hc(__HYPERVISOR_memory_op, cmd, below(16) ? put(&a, sizeof(a)) : rnd_ptr(), rnd(),
		  rnd(), rnd());
}

static long fuzz_vcpu_op(void)
{
	unsigned long cmd = below(4) ? (below(2) ? VCPUOP_register_vcpu_info
						  : VCPUOP_register_runstate_memory_area)
				     : below(16);
	unsigned long vcpu = below(4) ? 0 : (below(2) ? below(4) : rnd());
	union arg a;

	arg_random(&a);
	switch (cmd) {
	case VCPUOP_register_vcpu_info:
		/* Our vCPU's vcpu_info lands in the balloon or the scratch, never on us. */
		a.vi.mfn = below(3) ? rnd_gfn() : ((uint64_t)(uintptr_t)scratch >> 12) +
							below(SCRATCH_PAGES);
		a.vi.offset = below(4) ? below(PAGE_SIZE / 64) * 64 : (uint32_t)rnd();
		break;
	case VCPUOP_register_runstate_memory_area:
		a.ra.addr.p = below(4) ? rnd_ptr() : (balloon_gfn + below(BALLOON_PAGES)) * PAGE_SIZE +
							    below(PAGE_SIZE);
		break;
	default:
		return hc(__HYPERVISOR_vcpu_op, cmd, vcpu, rnd_ptr(), rnd(), rnd());
	}
	return hc(__HYPERVISOR_vcpu_op, cmd, vcpu, below(16) ? put(&a, sizeof(a)) : rnd_ptr(), rnd(),
		  rnd());
}

static long fuzz_vm_assist(void)
{
	return hc(__HYPERVISOR_vm_assist, below(4), below(4) ? below(40) : rnd(), rnd(), rnd(),
		  rnd());
}

static long fuzz_sched_op(void)
{
	unsigned long cmd = below(10);
	union arg a;
	long rc;

	arg_random(&a);
	switch (cmd) {
	case SCHEDOP_block:
		cmd = SCHEDOP_yield;
		break;
	case SCHEDOP_shutdown: /* would end the run: a bad pointer only */
		return hc(__HYPERVISOR_sched_op, cmd, bad_ptr(), rnd(), rnd(), rnd());
	case SCHEDOP_poll:
		a.poll.nr_ports = below(8) ? below(4) : (unsigned int)below(300);
		set_xen_guest_handle(a.poll.ports,
				     (evtchn_port_t *)(uintptr_t)(below(8) ? put_words(2, rnd_word)
									   : rnd_ptr()));
		/* Never 0 (no timeout): sleep at most 2 ms, often not at all. */
		a.poll.timeout = below(2) ? 1 + below(1000000) : system_ns() + below(2000000);
		break;
	case SCHEDOP_remote_shutdown:
		/* Unprivileged: every domain, ourselves included, must be refused. */
		a.rsd.domain_id = rnd_domid();
		a.rsd.reason = below(8);
		break;
	case SCHEDOP_watchdog:
		/*
		 * A watchdog we set would shut us down: set one and drop it at once.
		 * Never a new one with timeout 0: Xen arms that to fire now.
		 */
		a.wd.id = below(2) ? 0 : below(4);
		a.wd.timeout = a.wd.id && below(2) ? 0 : 1 + below(100);
		rc = hc(__HYPERVISOR_sched_op, cmd, put(&a, sizeof(a)), 0, 0, 0);
		if (rc > 0 || (a.wd.id && a.wd.timeout && rc == 0)) {
			/* On our stack: a scratch page gone read-only must not keep it alive. */
			struct sched_watchdog drop = {.id = a.wd.id ? a.wd.id : (uint32_t)rc};

			hc(__HYPERVISOR_sched_op, cmd, (uintptr_t)&drop, 0, 0, 0);
		}
		return rc;
	default:
		break;
	}
	return hc(__HYPERVISOR_sched_op, cmd, below(16) ? put(&a, sizeof(a)) : bad_ptr(), rnd(),
		  rnd(), rnd());
}

static long fuzz_hvm_op(void)
{
	unsigned long cmd = below(4) ? below(2) : below(32);
	union arg a;

	arg_random(&a);
	a.hp.domid = below(2) ? DOMID_SELF : rnd_domid();
	a.hp.index = below(4) ? below(HVM_NR_PARAMS + 4) : (uint32_t)rnd();
	return hc(__HYPERVISOR_hvm_op, cmd, below(16) ? put(&a, sizeof(a)) : rnd_ptr(), rnd(), rnd(),
		  rnd());
}

static long fuzz_console_io(void)
{
	unsigned long cmd = below(4), count;
	uint64_t buf;

	/* Readable bytes go to the console log: keep those writes short and rare. */
	if (cmd == CONSOLEIO_write && below(64)) {
		buf = bad_ptr();
		count = below(2) ? below(512) : rnd();
	} else {
		buf = rnd_ptr();
		count = below(4) ? below(32) : (cmd == CONSOLEIO_write ? below(4) : rnd());
	}
	return hc(__HYPERVISOR_console_io, cmd, count, buf, rnd(), rnd());
}

/* Grant frame 0 at gnt_gfn, entries filled with random but plausible grants. */
static void refill_grants(void)
{
	struct xen_add_to_physmap x = {.domid = DOMID_SELF,
				       .space = XENMAPSPACE_grant_table,
				       .idx = 0,
				       .gpfn = gnt_gfn};
	uint64_t *e = gnt_page;
	unsigned int i;

	if (HYPERVISOR_memory_op(XENMEM_add_to_physmap, &x))
		return;
	for (i = 0; i < GNT_ENTRIES; i++) {
		static const uint16_t flags[] = {
		    0, GTF_permit_access, GTF_permit_access | GTF_readonly, GTF_accept_transfer,
		    GTF_permit_access | GTF_reading | GTF_writing};
		uint64_t frame = below(2) ? balloon_gfn + below(BALLOON_PAGES) : rnd_gfn();
		uint16_t f = below(8) ? flags[below(5)] : (uint16_t)rnd();
		domid_t dom = below(2) ? self_id : rnd_domid();

		poke(&e[i], f | (uint64_t)dom << 16 | (frame & 0xffffffffU) << 32);
	}
}

static void gnt_op_element(union arg *a, unsigned long cmd)
{
	arg_random(a);
	switch (cmd) {
	case GNTTABOP_map_grant_ref:
		a->map.host_addr = below(2) ? (balloon_gfn + below(BALLOON_PAGES)) * PAGE_SIZE
					    : rnd_word();
		a->map.flags = below(4) ? GNTMAP_host_map | (below(2) ? GNTMAP_readonly : 0)
					: (uint32_t)rnd();
		a->map.ref = below(4) ? below(GNT_ENTRIES) : (uint32_t)rnd();
		a->map.dom = below(2) ? self_id : rnd_domid();
		break;
	case GNTTABOP_unmap_grant_ref:
	case GNTTABOP_unmap_and_replace:
		a->unmap.host_addr = below(2) ? (balloon_gfn + below(BALLOON_PAGES)) * PAGE_SIZE
					      : rnd_word();
		a->unmap.handle = below(4) ? below(16) : (uint32_t)rnd();
		break;
	case GNTTABOP_setup_table:
		a->setup.dom = below(2) ? DOMID_SELF : rnd_domid();
		a->setup.nr_frames = below(4) ? below(8) : (uint32_t)rnd();
		set_xen_guest_handle(a->setup.frame_list, (xen_pfn_t *)(uintptr_t)rnd_ptr());
		break;
	case GNTTABOP_copy:
		a->copy.source.domid = below(2) ? DOMID_SELF : rnd_domid();
		a->copy.dest.domid = below(2) ? DOMID_SELF : rnd_domid();
		a->copy.source.u.ref = below(2) ? below(GNT_ENTRIES) : rnd_gfn();
		a->copy.dest.u.ref = below(2) ? below(GNT_ENTRIES) : rnd_gfn();
		a->copy.source.offset = below(4) ? below(PAGE_SIZE) : (uint16_t)rnd();
		a->copy.dest.offset = below(4) ? below(PAGE_SIZE) : (uint16_t)rnd();
		a->copy.len = below(4) ? below(PAGE_SIZE + 1) : (uint16_t)rnd();
		a->copy.flags = below(4) ? below(4) : (uint16_t)rnd();
		break;
	case GNTTABOP_set_version:
		a->ver.version = below(4) ? 1 + below(2) : (uint32_t)rnd();
		break;
	case GNTTABOP_cache_flush:
		a->flush.a.dev_bus_addr = below(2) ? (balloon_gfn + below(BALLOON_PAGES)) * PAGE_SIZE
						   : rnd_word();
		a->flush.offset = below(PAGE_SIZE + 16);
		a->flush.length = below(PAGE_SIZE + 16);
		a->flush.op = below(4) ? 1 + below(3) : (uint32_t)rnd();
		break;
	default:
		break;
	}
}

static long fuzz_grant_table_op(void)
{
	unsigned long cmd = below(14), count = rnd_count(), i, n;
	uint64_t ptr;
	union arg a;

	if (below(64) == 0)
		refill_grants();
	if (count > 16 && below(4))
		return hc(__HYPERVISOR_grant_table_op, cmd, bad_ptr(), count, rnd(), rnd());
	/* Elements of the op's type, one after another (32 words is room for any). */
	n = count < 4 ? count : 4;
	gnt_op_element(&a, cmd);
	ptr = put(&a, sizeof(a));
	for (i = 1; i < n; i++) {
		gnt_op_element(&a, cmd);
		put(&a, sizeof(a));
	}
	return hc(__HYPERVISOR_grant_table_op, cmd, below(16) ? ptr : rnd_ptr(), count, rnd(), rnd());
}

static long fuzz_event_channel_op(void)
{
	unsigned long cmd = below(16);
	union arg a;

	arg_random(&a);
	switch (cmd) {
	case EVTCHNOP_alloc_unbound:
		a.au.dom = below(2) ? DOMID_SELF : rnd_domid();
		a.au.remote_dom = rnd_domid();
		break;
	case EVTCHNOP_bind_interdomain:
		a.bi.remote_dom = rnd_domid();
		a.bi.remote_port = rnd_port();
		break;
	case EVTCHNOP_bind_virq:
		a.bv.virq = below(4) ? below(NR_VIRQS + 2) : (uint32_t)rnd();
		a.bv.vcpu = below(4) ? 0 : (uint32_t)rnd();
		break;
	case EVTCHNOP_close:
	case EVTCHNOP_send:
	case EVTCHNOP_unmask:
		a.cl.port = rnd_port();
		break;
	case EVTCHNOP_status:
		a.st.dom = below(2) ? DOMID_SELF : rnd_domid();
		a.st.port = rnd_port();
		break;
	case EVTCHNOP_bind_vcpu:
		a.bvc.port = rnd_port();
		a.bvc.vcpu = below(4) ? 0 : (uint32_t)rnd();
		break;
	case EVTCHNOP_reset:
	case 14: /* EVTCHNOP_reset_cont (a later interface version) */
		a.rs.dom = below(2) ? DOMID_SELF : rnd_domid();
		break;
	case EVTCHNOP_init_control:
		/* Control blocks in the balloon, or in the scratch where we scribble over them. */
		a.ic.control_gfn = below(3) ? rnd_gfn()
					    : ((uint64_t)(uintptr_t)scratch >> 12) + below(SCRATCH_PAGES);
		a.ic.offset = below(4) ? below(PAGE_SIZE / 8) * 8 : (uint32_t)rnd();
		a.ic.vcpu = below(4) ? 0 : (uint32_t)rnd();
		break;
	case EVTCHNOP_expand_array:
		a.ea.array_gfn = below(3) ? rnd_gfn()
					  : ((uint64_t)(uintptr_t)scratch >> 12) + below(SCRATCH_PAGES);
		break;
	case EVTCHNOP_set_priority:
		a.sp.port = rnd_port();
		a.sp.priority = below(4) ? below(EVTCHN_FIFO_PRIORITY_MIN + 2) : (uint32_t)rnd();
		break;
	default:
		break;
	}
	return hc(__HYPERVISOR_event_channel_op, cmd, below(16) ? put(&a, sizeof(a)) : rnd_ptr(),
		  rnd(), rnd(), rnd());
}

/* Hypercall numbers outside the families above (not multicall: see the top). */
static long fuzz_other(void)
{
	unsigned long nr;

	do
		nr = below(4) ? below(64) : rnd();
	while (nr == __HYPERVISOR_multicall || nr == __HYPERVISOR_memory_op ||
	       nr == __HYPERVISOR_xen_version || nr == __HYPERVISOR_console_io ||
	       nr == __HYPERVISOR_grant_table_op || nr == __HYPERVISOR_vm_assist ||
	       nr == __HYPERVISOR_vcpu_op || nr == __HYPERVISOR_sched_op ||
	       nr == __HYPERVISOR_event_channel_op || nr == __HYPERVISOR_hvm_op);
	return hc(nr, rnd_word(), rnd_ptr(), rnd(), rnd(), rnd());
}

struct family {
	const char *name;
	long (*call)(void);
	unsigned long calls, ok;
	uint64_t ok_cmds; /* sub-ops (< 64) that were accepted at least once */
};

static struct family families[] = {
    {.name = "xen_version", .call = fuzz_xen_version},
    {.name = "memory_op", .call = fuzz_memory_op},
    {.name = "vcpu_op", .call = fuzz_vcpu_op},
    {.name = "vm_assist", .call = fuzz_vm_assist},
    {.name = "sched_op", .call = fuzz_sched_op},
    {.name = "hvm_op", .call = fuzz_hvm_op},
    {.name = "console_io", .call = fuzz_console_io},
    {.name = "grant_table_op", .call = fuzz_grant_table_op},
    {.name = "event_channel_op", .call = fuzz_event_channel_op},
    {.name = "other numbers", .call = fuzz_other},
};
#define NR_FAMILIES (sizeof(families) / sizeof(families[0]))

/* ---- set-up and the run ---- */

static domid_t find_self_id(void)
{
	struct evtchn_alloc_unbound au = {.dom = DOMID_SELF, .remote_dom = DOMID_SELF};
	struct evtchn_status st = {.dom = DOMID_SELF};

	if (HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &au))
		return DOMID_INVALID;
	st.port = au.port;
	if (HYPERVISOR_event_channel_op(EVTCHNOP_status, &st))
		return DOMID_INVALID;
	return st.u.unbound.dom;
}

static void print_families(unsigned long ms)
{
	unsigned int i;

	rt_printf("\nfuzz: calls per family (accepted = returned >= 0; sub-ops ever accepted):\n");
	for (i = 0; i < NR_FAMILIES; i++) {
		char list[200], *p = list;
		unsigned int c;

		for (c = 0; c < 64 && p < list + sizeof(list) - 4; c++) {
			if (!(families[i].ok_cmds & (1ULL << c)))
				continue;
			if (c >= 10)
				*p++ = (char)('0' + c / 10);
			*p++ = (char)('0' + c % 10);
			*p++ = ' ';
		}
		*p = 0;
		rt_printf("fuzz:   %s %lu (%lu accepted; %s)\n", families[i].name,
			  families[i].calls, families[i].ok, list);
	}
	rt_printf("fuzz: %lu calls in %lu ms of guest time: %lu calls/s; %lu stores aborted\n",
		  call_index, ms, ms ? call_index * 1000 / ms : 0, fuzz_aborts);
}

/* After the storm: the hypervisor still does the basic things right. */
static void check_sanity(void)
{
	struct evtchn_reset rs = {.dom = DOMID_SELF};
	struct evtchn_alloc_unbound au = {.dom = DOMID_SELF, .remote_dom = DOMID_SELF};
	struct evtchn_bind_interdomain bi = {.remote_dom = DOMID_SELF};
	struct evtchn_send sn;
	struct sched_remote_shutdown rsd = {.domain_id = self_id, .reason = SHUTDOWN_poweroff};

	CHECK_EQ("hypervisor answers", HYPERVISOR_xen_version(XENVER_version, NULL), 0x40011);
	/* The fuzzer found Basalt once obeying this (Xen: XSM_DM_PRIV, the caller is not one). */
	CHECK_EQ("remote_shutdown of ourselves refused",
		 HYPERVISOR_sched_op(SCHEDOP_remote_shutdown, &rsd), -EPERM);
	CHECK_EQ("event channels reset", HYPERVISOR_event_channel_op(EVTCHNOP_reset, &rs), 0);
	CHECK_EQ("loopback port allocated",
		 HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &au), 0);
	bi.remote_port = au.port;
	CHECK_EQ("loopback port bound", HYPERVISOR_event_channel_op(EVTCHNOP_bind_interdomain, &bi),
		 0);
	sn.port = bi.local_port;
	CHECK_EQ("loopback send", HYPERVISOR_event_channel_op(EVTCHNOP_send, &sn), 0);
}

void guest_main(void)
{
	extern char fuzz_vectors[];
	uint64_t freq = counter_freq(), start, now, deadline, next_progress;
	unsigned int i;

	__asm__ volatile("msr vbar_el1, %0; isb" : : "r"(fuzz_vectors));
	scratch = rt_alloc_pages(SCRATCH_PAGES);
	gnt_page = rt_alloc_pages(1);
	gnt_gfn = rt_gfn(gnt_page);
	/* Last: everything above it is RAM the guest never uses either. */
	balloon_gfn = rt_gfn(rt_alloc_pages(BALLOON_PAGES));
	self_id = find_self_id();
	rt_printf("fuzz test guest d%u: seed %lx, for %u s of guest time (0: no bound), "
		  "%lu calls at most (0: no bound), counter %lu Hz\n",
		  self_id, (unsigned long)FUZZ_SEED, FUZZ_SECONDS, (unsigned long)FUZZ_ITERS,
		  (unsigned long)freq);
	for (i = 0; i < SCRATCH_PAGES; i++)
		scrub_page(i);
	refill_grants();

	start = counter();
	deadline = FUZZ_SECONDS ? start + FUZZ_SECONDS * freq : ~0ULL;
	next_progress = start + PROGRESS_SECONDS * freq;
	for (call_index = 0; !max_calls || call_index < max_calls; call_index++) {
		struct family *f;

		if ((call_index & 63) == 0) {
			now = counter();
			if (now >= deadline)
				break;
			if (now >= next_progress) {
				/* The newline ends a line of random bytes the fuzz wrote. */
				rt_printf("\nfuzz: %lu s, %lu calls\n",
					  (unsigned long)((now - start) / freq), call_index);
				next_progress += PROGRESS_SECONDS * freq;
			}
		}
		if ((call_index & 7) == 0)
			scrub_page(below(SCRATCH_PAGES));
		f = &families[below(NR_FAMILIES)];
		if (f->call() >= 0) {
			f->ok++;
			if (last_cmd < 64)
				f->ok_cmds |= 1ULL << last_cmd;
		}
		f->calls++;
#ifdef FUZZ_CHECK
		self_check();
#endif
	}
	print_families((counter() - start) * 1000 / freq);
	check_sanity();
}
