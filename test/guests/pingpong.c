/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Test guest pair (built twice: -DPP_SIDE=0 is A, the granter; 1 is B, the
 * mapper). The host DT connects port PP_PORT of both with a static event
 * channel (xen,evtchn). A grants a page to B; B maps it, checks and changes
 * it, copies it with GNTTABOP_copy, unmaps; then they ping-pong
 * PP_ROUNDS events and print the round-trip time.
 */
#include "runtime/xen_setup.h"

#define PP_PORT	   10
#define PP_ROUNDS  50000 /* round trips: 100,000 events */
#define PP_REF	   8
#define GNT_WINDOW 0x38000000UL
#define MAP_AT	   (GNT_WINDOW + 0x100000UL) /* inside the window, past the table */

static domid_t peer_domid(void)
{
	struct evtchn_status st;
	long rc;

	/* The builder binds static channels once every domain exists: wait for it. */
	rc = rt_evtchn_wait_status(PP_PORT, EVTCHNSTAT_interdomain, &st);
	CHECK_EQ("static port status", rc, 0);
	CHECK_EQ("static port interdomain", st.status, EVTCHNSTAT_interdomain);
	CHECK_EQ("static port peer port", st.u.interdomain.port, PP_PORT);
	return st.u.interdomain.dom;
}

static void ping_pong(bool initiator)
{
	uint64_t t0, t1;
	unsigned int i, ok = 0;

	t0 = rt_counter();
	for (i = 0; i < PP_ROUNDS; i++) {
		if (initiator) {
			rt_evtchn_send(PP_PORT);
			ok += rt_evtchn_wait(PP_PORT);
		} else {
			ok += rt_evtchn_wait(PP_PORT);
			rt_evtchn_send(PP_PORT);
		}
	}
	t1 = rt_counter();
	CHECK_EQ("ping-pong rounds", ok, PP_ROUNDS);
	if (initiator)
		rt_printf("BENCH evtchn_pingpong_rtt_ns %lu\n",
			  (unsigned long)((t1 - t0) * 1000000000ULL / rt_counter_hz() / PP_ROUNDS));
}

#if PP_SIDE == 0
static void side_a(void)
{
	struct xen_add_to_physmap x = {.domid = DOMID_SELF,
				       .space = XENMAPSPACE_grant_table,
				       .idx = 0,
				       .gpfn = GNT_WINDOW >> 12};
	grant_entry_v1_t *table = (grant_entry_v1_t *)GNT_WINDOW;
	char *page = rt_alloc_pages(1);
	domid_t b = peer_domid();
	unsigned int tries;

	CHECK_EQ("map grant frame", HYPERVISOR_memory_op(XENMEM_add_to_physmap, &x), 0);
	memcpy(page, "page of A", 10);
	table[PP_REF].domid = b;
	table[PP_REF].frame = rt_gfn(page);
	__atomic_store_n(&table[PP_REF].flags, GTF_permit_access, __ATOMIC_RELEASE);
	rt_evtchn_send(PP_PORT); /* "grant ready" */
	/* The binder's port is raised by the bind itself: skip such a stale event. */
	for (tries = 0; tries < 3 && memcmp(page, "B was here", 11); tries++)
		rt_evtchn_wait(PP_PORT);
	rt_check("B wrote the granted page", memcmp(page, "B was here", 11) == 0);
	CHECK_EQ("grant flags released", table[PP_REF].flags, GTF_permit_access);
	ping_pong(true);

	/*
	 * B maps the page again, writes it and powers off with it mapped; its
	 * destruction must unpin the entry. (Watched through the page and the
	 * entry: B's last event may merge with its last pong.)
	 * Deliberate difference from Xen 4.17: with no control domain Xen never
	 * destroys a domU that powered off, so there the entry stays pinned
	 * (flags 25) and this case fails; Basalt destroys it on poweroff.
	 */
	for (tries = 0; tries < 10000000 && (memcmp(page, "B left mapped", 14) ||
					     table[PP_REF].flags != GTF_permit_access);
	     tries++)
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	rt_check("B's last write kept", memcmp(page, "B left mapped", 14) == 0);
	CHECK_EQ("released by B's destruction", table[PP_REF].flags, GTF_permit_access);
	CHECK_EQ("still served after B died", HYPERVISOR_xen_version(XENVER_version, NULL),
		 0x40011);
}
#else
static void side_b(void)
{
	struct gnttab_map_grant_ref m = {0};
	struct gnttab_unmap_grant_ref u = {0};
	struct gnttab_copy c = {0};
	char *local = rt_alloc_pages(1);
	domid_t a = peer_domid();
	unsigned int tries;
	grant_handle_t handle;

	{
		/* A live domain that is not ours: privilege needed (Xen's XSM default). */
		struct evtchn_alloc_unbound au = {.dom = a, .remote_dom = DOMID_SELF};
		struct evtchn_status st = {.dom = a, .port = PP_PORT};
		struct xen_add_to_physmap x = {
		    .domid = a, .space = XENMAPSPACE_shared_info, .gpfn = rt_gfn(local)};
		struct evtchn_send s = {.port = 4000};

		CHECK_EQ("alloc_unbound in peer",
			 HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &au), -EPERM);
		CHECK_EQ("status of peer port", HYPERVISOR_event_channel_op(EVTCHNOP_status, &st),
			 -EPERM);
		CHECK_EQ("add_to_physmap for peer", HYPERVISOR_memory_op(XENMEM_add_to_physmap, &x),
			 -EPERM);
		CHECK_EQ("send on a port not ours", HYPERVISOR_event_channel_op(EVTCHNOP_send, &s),
			 -EINVAL);
	}
	/* Wait for "grant ready"; a stale event from the bind may come first. */
	for (tries = 0; tries < 3; tries++) {
		rt_check("grant ready", rt_evtchn_wait(PP_PORT));
		m.host_addr = MAP_AT;
		m.flags = GNTMAP_host_map;
		m.ref = PP_REF;
		m.dom = a;
		CHECK_EQ("map_grant_ref rc",
			 HYPERVISOR_grant_table_op(GNTTABOP_map_grant_ref, &m, 1), 0);
		if (m.status == GNTST_okay)
			break;
	}
	CHECK_EQ("map_grant_ref status", m.status, GNTST_okay);
	handle = m.handle; /* Xen's handles do not start at 0: unmap with the one given */
	rt_check("mapped content", memcmp((void *)MAP_AT, "page of A", 10) == 0);
	memcpy((void *)MAP_AT, "B was here", 11);
	c.source.u.ref = PP_REF;
	c.source.domid = a;
	c.dest.u.gmfn = rt_gfn(local);
	c.dest.domid = DOMID_SELF;
	c.len = 11;
	c.flags = GNTCOPY_source_gref;
	CHECK_EQ("gnttab_copy rc", HYPERVISOR_grant_table_op(GNTTABOP_copy, &c, 1), 0);
	CHECK_EQ("gnttab_copy status", c.status, GNTST_okay);
	rt_check("copied content", memcmp(local, "B was here", 11) == 0);
	m.ref = 5000;
	HYPERVISOR_grant_table_op(GNTTABOP_map_grant_ref, &m, 1);
	CHECK_EQ("map ref beyond table", m.status, GNTST_bad_gntref);
	u.host_addr = MAP_AT;
	u.handle = handle;
	CHECK_EQ("unmap rc", HYPERVISOR_grant_table_op(GNTTABOP_unmap_grant_ref, &u, 1), 0);
	CHECK_EQ("unmap status", u.status, GNTST_okay);
	HYPERVISOR_grant_table_op(GNTTABOP_unmap_grant_ref, &u, 1);
	CHECK_EQ("double unmap", u.status, GNTST_bad_handle);
	rt_evtchn_send(PP_PORT);
	ping_pong(false);

	/* Map it again and leave it mapped: powering off must clean up after us. */
	m.ref = PP_REF;
	HYPERVISOR_grant_table_op(GNTTABOP_map_grant_ref, &m, 1);
	CHECK_EQ("map again to keep", m.status, GNTST_okay);
	memcpy((void *)MAP_AT, "B left mapped", 14);
	rt_evtchn_send(PP_PORT);
}
#endif

void guest_main(void)
{
	rt_printf("pingpong side %s\n", PP_SIDE == 0 ? "A" : "B");
	rt_map_shared_info();
#if PP_SIDE == 0
	side_a();
#else
	side_b();
#endif
}
