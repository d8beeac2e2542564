/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Benchmark guest pair: interdomain event-channel ping-pong round trip
 * between two dom0less domains joined by static event channels (xen,evtchn):
 *
 *   initiator: local port 10 <-> responder port 11   (data)
 *   initiator: local port 12 <-> responder port 13   (stop)
 *
 * One binary for both ends: the domain whose port 10 is bound is the
 * initiator. One round trip = initiator EVTCHNOP_send, responder wakes from
 * SCHEDOP_poll, sends back, initiator wakes from SCHEDOP_poll. Ports are
 * masked (no upcall interrupt; SCHEDOP_poll wakes on a pending port whatever
 * its mask), so the figure is the hypervisor's send-wake-return path.
 *
 * A static channel may start with its bound end pending (Xen's
 * bind_interdomain marks it), and either domain may start first, so the
 * initiator handshakes with retries, then drains stray events before
 * measuring. Prints (initiator):
 *
 *   BENCH evtchn_pingpong median_ns=N best_ns=N rounds=N batches=N
 */
#include "bench_rt.h"

#define PORT_A_DATA 10
#define PORT_B_DATA 11
#define PORT_A_STOP 12
#define PORT_B_STOP 13
#define ROUNDS	    1000
#define BATCHES	    5

static struct shared_info *shared;

static bool port_bound(evtchn_port_t port)
{
	struct evtchn_status st = {.dom = DOMID_SELF, .port = port};

	return HYPERVISOR_event_channel_op(EVTCHNOP_status, &st) == 0 &&
	       st.status == EVTCHNSTAT_interdomain;
}

static void wait_port(evtchn_port_t port)
{
	while (!bench_port_test_and_clear(shared, port))
		(void)bench_poll(&port, 1);
}

/* Spin (yielding) for up to @ns for @port; true if it came. */
static bool wait_port_for(evtchn_port_t port, uint64_t ns)
{
	uint64_t end = bench_counter() + ns * bench_counter_hz() / 1000000000ULL;

	while (bench_counter() < end) {
		if (bench_port_test_and_clear(shared, port))
			return true;
		(void)HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	}
	return false;
}

static uint64_t batch(void)
{
	uint64_t t0, t1;
	unsigned int i;

	t0 = bench_counter();
	for (i = 0; i < ROUNDS; i++) {
		(void)bench_send(PORT_A_DATA);
		wait_port(PORT_A_DATA);
	}
	t1 = bench_counter();
	return bench_ns_per_op(t1 - t0, ROUNDS);
}

static void initiator(void)
{
	uint64_t ns[BATCHES], best;
	unsigned int i, tries = 0;

	do { /* the responder may not run yet, or may have cleared our first send */
		CHECK_EQ("send", bench_send(PORT_A_DATA), 0);
	} while (!wait_port_for(PORT_A_DATA, 20000000) && ++tries < 500);
	rt_check("responder answers", tries < 500);
	while (wait_port_for(PORT_A_DATA, 100000000)) /* answers to earlier retries */
		;
	(void)batch(); /* warm-up */
	for (i = 0; i < BATCHES; i++) {
		ns[i] = batch();
		rt_printf("bench_evtchn: batch %u: %lu ns per round trip\n", i,
			  (unsigned long)ns[i]);
	}
	CHECK_EQ("stop", bench_send(PORT_A_STOP), 0);
	best = ns[0];
	for (i = 1; i < BATCHES; i++)
		best = ns[i] < best ? ns[i] : best;
	rt_printf("BENCH evtchn_pingpong median_ns=%lu best_ns=%lu rounds=%u batches=%u\n",
		  (unsigned long)bench_median(ns, BATCHES), (unsigned long)best, ROUNDS, BATCHES);
}

static void responder(void)
{
	const evtchn_port_t ports[2] = {PORT_B_DATA, PORT_B_STOP};
	unsigned long served = 0;

	/* Drop what binding left pending; a real ping lost here is sent again. */
	(void)bench_port_test_and_clear(shared, PORT_B_DATA);
	(void)bench_port_test_and_clear(shared, PORT_B_STOP);
	for (;;) {
		if (bench_port_test_and_clear(shared, PORT_B_DATA)) {
			(void)bench_send(PORT_B_DATA);
			served++;
			continue;
		}
		if (bench_port_test_and_clear(shared, PORT_B_STOP))
			break;
		(void)bench_poll(ports, 2);
	}
	rt_check("served every round", served >= (BATCHES + 1) * ROUNDS + 1);
	rt_printf("bench_evtchn: responder served %lu events\n", served);
}

void guest_main(void)
{
	bool a, b;

	shared = bench_map_shared_info();
	if (!shared)
		return;
	a = port_bound(PORT_A_DATA) && port_bound(PORT_A_STOP);
	b = port_bound(PORT_B_DATA) && port_bound(PORT_B_STOP);
	rt_check("static event channels bound", a != b);
	if (a == b)
		return;
	bench_port_mask(shared, a ? PORT_A_DATA : PORT_B_DATA);
	bench_port_mask(shared, a ? PORT_A_STOP : PORT_B_STOP);
	rt_printf("bench_evtchn: %s\n", a ? "initiator" : "responder");
	if (a)
		initiator();
	else
		responder();
}
