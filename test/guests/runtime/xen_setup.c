/* SPDX-License-Identifier: GPL-2.0-only */
/* Xen set-up shared by the event-channel test guests (see xen_setup.h). */
#include "xen_setup.h"

#define WAIT_LIMIT 1000000

static struct shared_info *shared;

struct shared_info *rt_map_shared_info(void)
{
	struct xen_add_to_physmap x = {.domid = DOMID_SELF, .space = XENMAPSPACE_shared_info};
	struct shared_info *page = rt_alloc_pages(1);
	long rc;

	x.gpfn = rt_gfn(page);
	rc = HYPERVISOR_memory_op(XENMEM_add_to_physmap, &x);
	CHECK_EQ("map shared_info", rc, 0);
	shared = rc ? NULL : page;
	return shared;
}

bool rt_evtchn_take(evtchn_port_t port)
{
	uint64_t bit = 1ULL << (port % 64);

	if (!shared)
		return false;
	return __atomic_fetch_and(&shared->evtchn_pending[port / 64], ~bit, __ATOMIC_SEQ_CST) & bit;
}

bool rt_evtchn_wait(evtchn_port_t port)
{
	evtchn_port_t p = port;
	struct sched_poll poll = {.nr_ports = 1, .timeout = 0};
	unsigned int spins = 0;

	set_xen_guest_handle(poll.ports, &p);
	while (!rt_evtchn_take(port)) {
		if (HYPERVISOR_sched_op(SCHEDOP_poll, &poll) || ++spins > WAIT_LIMIT)
			return false;
	}
	return true;
}

long rt_evtchn_send(evtchn_port_t port)
{
	struct evtchn_send s = {.port = port};

	return HYPERVISOR_event_channel_op(EVTCHNOP_send, &s);
}

long rt_evtchn_wait_status(evtchn_port_t port, uint32_t state, struct evtchn_status *st)
{
	unsigned int tries = 0;
	long rc;

	for (;;) {
		memset(st, 0, sizeof(*st));
		st->dom = DOMID_SELF;
		st->port = port;
		rc = HYPERVISOR_event_channel_op(EVTCHNOP_status, st);
		if (rc || st->status == state || ++tries >= WAIT_LIMIT)
			return rc;
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	}
}

domid_t rt_self_domid(void)
{
	struct evtchn_alloc_unbound au = {.dom = DOMID_SELF, .remote_dom = DOMID_SELF};
	struct evtchn_status st = {.dom = DOMID_SELF};

	HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &au);
	st.port = au.port;
	HYPERVISOR_event_channel_op(EVTCHNOP_status, &st);
	return st.u.unbound.dom;
}

static struct xencons_interface *console_ring;
static evtchn_port_t console_port;

/* Find the PV console ring and port (HVM params) once; false if there is none. */
static bool console_find(void)
{
	struct xen_hvm_param pfn = {.domid = DOMID_SELF, .index = HVM_PARAM_CONSOLE_PFN};
	struct xen_hvm_param port = {.domid = DOMID_SELF, .index = HVM_PARAM_CONSOLE_EVTCHN};

	if (console_ring)
		return true;
	if (HYPERVISOR_hvm_op(HVMOP_get_param, &pfn) || HYPERVISOR_hvm_op(HVMOP_get_param, &port) ||
	    !pfn.value)
		return false;
	console_port = (evtchn_port_t)port.value;
	console_ring = (struct xencons_interface *)(uintptr_t)(pfn.value << 12);
	return true;
}

evtchn_port_t rt_console_port(void)
{
	return console_find() ? console_port : 0;
}

int rt_console_trygetc(void)
{
	uint32_t cons;
	char c;

	if (!console_find())
		return -1;
	/* The backend raises the port on input: take it before looking, so none is missed. */
	rt_evtchn_take(console_port);
	cons = __atomic_load_n(&console_ring->in_cons, __ATOMIC_RELAXED);
	if (__atomic_load_n(&console_ring->in_prod, __ATOMIC_ACQUIRE) == cons)
		return -1;
	c = console_ring->in[MASK_XENCONS_IDX(cons, console_ring->in)];
	__atomic_store_n(&console_ring->in_cons, cons + 1, __ATOMIC_RELEASE);
	return (unsigned char)c;
}

int rt_console_getc(void)
{
	evtchn_port_t p = rt_console_port();
	struct sched_poll poll = {.nr_ports = 1, .timeout = 0};
	int c;

	set_xen_guest_handle(poll.ports, &p);
	while ((c = rt_console_trygetc()) < 0)
		if (!p || HYPERVISOR_sched_op(SCHEDOP_poll, &poll))
			return -1;
	return c;
}
