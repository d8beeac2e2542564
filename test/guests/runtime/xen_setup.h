/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Xen set-up shared by the event-channel test guests: shared_info, the
 * 2-level pending bits, waiting on a port with SCHEDOP_poll, the state of a
 * static (xen,evtchn) port, and the virtual counter for round-trip figures.
 */
#ifndef GUEST_XEN_SETUP_H
#define GUEST_XEN_SETUP_H

#include "rt.h"
#include <xen/io/console.h>

/* Map shared_info on a fresh page (one "map shared_info" case); NULL if that failed. */
struct shared_info *rt_map_shared_info(void);
/* Test and clear @port's pending bit (2-level ABI, after rt_map_shared_info). */
bool rt_evtchn_take(evtchn_port_t port);
/*
 * Wait for @port with SCHEDOP_poll (no interrupts needed), then take it.
 * False if the poll fails or after 1,000,000 polls without the event.
 */
bool rt_evtchn_wait(evtchn_port_t port);
/* EVTCHNOP_send on @port; its result. */
long rt_evtchn_send(evtchn_port_t port);
/*
 * Yield until our @port's EVTCHNSTAT_* is @state (static ports are bound by
 * the builder once every domain exists), at most 1,000,000 times. The last
 * status is left in *@st; returns the last EVTCHNOP_status result.
 */
long rt_evtchn_wait_status(evtchn_port_t port, uint32_t state, struct evtchn_status *st);
/*
 * Input the hypervisor console sends us on the PV console ring (HVM params
 * CONSOLE_PFN/EVTCHN): its event port (0: no console), the next character
 * or -1 if none is there yet, and the next character once one comes (-1 if
 * there is no console or the poll fails).
 */
evtchn_port_t rt_console_port(void);
int rt_console_trygetc(void);
int rt_console_getc(void);
/* Our own domain id (the remote domain of an unbound port towards ourselves). */
domid_t rt_self_domid(void);

/* The virtual counter and its frequency. */
static inline uint64_t rt_counter(void)
{
	uint64_t v;

	__asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(v));
	return v;
}

static inline uint64_t rt_counter_hz(void)
{
	uint64_t v;

	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(v));
	return v;
}

#endif
