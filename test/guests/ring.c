/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Test guest for a ring of dom0less domains: static event channels connect
 * port 10 of each domain to port 11 of the next (xen,evtchn in the host
 * DT). The domain with the lowest id lines everyone up (line_up()), then
 * starts a token that goes RING_LAPS times around the ring; every domain
 * must see it each lap.
 */
#include "runtime/xen_setup.h"

#define TO_NEXT	  10
#define FROM_PREV 11
#define RING_LAPS 100

/* The peer domain of a static port, once the builder has bound it. */
static domid_t peer_of(evtchn_port_t port)
{
	struct evtchn_status st;

	rt_evtchn_wait_status(port, EVTCHNSTAT_interdomain, &st);
	return st.status == EVTCHNSTAT_interdomain ? st.u.interdomain.dom : DOMID_INVALID;
}

/* The hypervisor's system time (ns of the physical counter, as Xen and Basalt count). */
static uint64_t system_ns(void)
{
	uint64_t v, f = rt_counter_hz();

	__asm__ volatile("isb; mrs %0, cntpct_el0" : "=r"(v));
	return v / f * 1000000000ULL + v % f * 1000000000ULL / f;
}

/* Wait for @port and take it; false if nothing came within @ms milliseconds. */
static bool wait_port_for(evtchn_port_t port, uint64_t ms)
{
	uint64_t end = rt_counter() + ms * rt_counter_hz() / 1000;
	evtchn_port_t p = port;
	struct sched_poll poll = {.nr_ports = 1};

	set_xen_guest_handle(poll.ports, &p);
	while (!rt_evtchn_take(port)) {
		if (rt_counter() >= end)
			return false;
		poll.timeout = system_ns() + 10000000ULL;
		HYPERVISOR_sched_op(SCHEDOP_poll, &poll);
	}
	return true;
}

/*
 * The builder raises one end of each static channel when it binds it (Basalt
 * the end declared first, Xen 4.17 the other), and a token may reach us
 * before we have dropped that raise (then the token is dropped with it):
 * neither may count as a lap. So the starter first sends line-up tokens,
 * one every RESEND_MS until one comes back, and swallows all that return;
 * the others forward every event until QUIET_MS pass without one. Tokens
 * keep coming well within QUIET_MS until one has gone round, and the last
 * dies at the starter within a lap, so once the starter has seen 3 *
 * QUIET_MS of quiet everyone counts and no token is left: the RING_LAPS
 * laps start. (A lap takes well under QUIET_MS on a loaded board.)
 */
#define RESEND_MS 200
#define QUIET_MS  2000

static void line_up(bool starter)
{
	unsigned int sends = 0;

	if (!starter) {
		if (!rt_evtchn_wait(FROM_PREV))
			return;
		do
			rt_evtchn_send(TO_NEXT);
		while (wait_port_for(FROM_PREV, QUIET_MS));
		return;
	}
	do
		rt_evtchn_send(TO_NEXT);
	while (!wait_port_for(FROM_PREV, RESEND_MS) && ++sends < 3000);
	while (wait_port_for(FROM_PREV, 3 * QUIET_MS))
		;
}

void guest_main(void)
{
	domid_t me, next, prev;
	unsigned int lap, got = 0;
	bool starter;

	rt_map_shared_info();
	me = rt_self_domid();
	next = peer_of(TO_NEXT);
	prev = peer_of(FROM_PREV);
	rt_check("ring ports bound", next != DOMID_INVALID && prev != DOMID_INVALID);
	starter = prev > me;
	rt_printf("ring: d%u -> d%u, from d%u%s\n", me, next, prev, starter ? ", starts" : "");
	line_up(starter);
	for (lap = 0; lap < RING_LAPS; lap++) {
		if (starter)
			rt_evtchn_send(TO_NEXT);
		if (!rt_evtchn_wait(FROM_PREV))
			break;
		got++;
		if (!starter)
			rt_evtchn_send(TO_NEXT);
	}
	CHECK_EQ("token laps seen", got, RING_LAPS);
}
