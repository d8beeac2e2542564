/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Test guest for a ring of dom0less domains: static event channels connect
 * port 10 of each domain to port 11 of the next (xen,evtchn in the host
 * DT). The domain with the lowest id starts a token that goes RING_LAPS
 * times around the ring; every domain must see it each lap.
 */
#include "runtime/rt.h"

#define TO_NEXT	  10
#define FROM_PREV 11
#define RING_LAPS 100

static struct shared_info *shared;

static bool take(evtchn_port_t port)
{
	uint64_t bit = 1ULL << (port % 64);

	return __atomic_fetch_and(&shared->evtchn_pending[port / 64], ~bit, __ATOMIC_SEQ_CST) & bit;
}

static bool wait_port(evtchn_port_t port)
{
	evtchn_port_t p = port;
	struct sched_poll poll = {.nr_ports = 1, .timeout = 0};
	unsigned int spins = 0;

	set_xen_guest_handle(poll.ports, &p);
	while (!take(port))
		if (HYPERVISOR_sched_op(SCHEDOP_poll, &poll) || ++spins > 1000000)
			return false;
	return true;
}

static void send(evtchn_port_t port)
{
	struct evtchn_send s = {.port = port};

	HYPERVISOR_event_channel_op(EVTCHNOP_send, &s);
}

/* The peer domain of a static port, once the builder has bound it. */
static domid_t peer_of(evtchn_port_t port)
{
	struct evtchn_status st = {.dom = DOMID_SELF, .port = port};
	unsigned int tries = 0;

	while (!HYPERVISOR_event_channel_op(EVTCHNOP_status, &st) &&
	       st.status != EVTCHNSTAT_interdomain && ++tries < 1000000)
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	return st.status == EVTCHNSTAT_interdomain ? st.u.interdomain.dom : DOMID_INVALID;
}

/* Our own domid: an unbound port towards ourselves names it. */
static domid_t self_id(void)
{
	struct evtchn_alloc_unbound au = {.dom = DOMID_SELF, .remote_dom = DOMID_SELF};
	struct evtchn_status st = {.dom = DOMID_SELF};

	HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &au);
	st.port = au.port;
	HYPERVISOR_event_channel_op(EVTCHNOP_status, &st);
	return st.u.unbound.dom;
}

void guest_main(void)
{
	struct xen_add_to_physmap x = {.domid = DOMID_SELF, .space = XENMAPSPACE_shared_info};
	domid_t me, next, prev;
	unsigned int lap, got = 0;
	bool starter;

	shared = rt_alloc_pages(1);
	x.gpfn = rt_gfn(shared);
	CHECK_EQ("map shared_info", HYPERVISOR_memory_op(XENMEM_add_to_physmap, &x), 0);
	me = self_id();
	next = peer_of(TO_NEXT);
	prev = peer_of(FROM_PREV);
	rt_check("ring ports bound", next != DOMID_INVALID && prev != DOMID_INVALID);
	starter = prev > me;
	rt_printf("ring: d%u -> d%u, from d%u%s\n", me, next, prev, starter ? ", starts" : "");
	if (starter) {
		/*
		 * Our link from the last domain was bound from our side, which raised
		 * it: drop that. Nobody else sends before we do, so nothing is lost.
		 */
		take(FROM_PREV);
		send(TO_NEXT);
	}
	for (lap = 0; lap < RING_LAPS; lap++) {
		if (!wait_port(FROM_PREV))
			break;
		got++;
		if (!starter || lap + 1 < RING_LAPS)
			send(TO_NEXT);
	}
	CHECK_EQ("token laps seen", got, RING_LAPS);
}
