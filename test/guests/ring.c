/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Test guest for a ring of dom0less domains: static event channels connect
 * port 10 of each domain to port 11 of the next (xen,evtchn in the host
 * DT). The domain with the lowest id starts a token that goes RING_LAPS
 * times around the ring; every domain must see it each lap.
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
	if (starter) {
		/*
		 * Our link from the last domain was bound from our side, which raised
		 * it: drop that. Nobody else sends before we do, so nothing is lost.
		 */
		rt_evtchn_take(FROM_PREV);
		rt_evtchn_send(TO_NEXT);
	}
	for (lap = 0; lap < RING_LAPS; lap++) {
		if (!rt_evtchn_wait(FROM_PREV))
			break;
		got++;
		if (!starter || lap + 1 < RING_LAPS)
			rt_evtchn_send(TO_NEXT);
	}
	CHECK_EQ("token laps seen", got, RING_LAPS);
}
