/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Test guest: every Xen hypercall of a domU, positive and negative cases,
 * checking the errno Xen 4.17 returns. Runs as a dom0less domain.
 */
#include "runtime/rt.h"

#define UNMAPPED_VA 0x10000000UL /* a device hole of the guest map: not RAM */

static struct shared_info *shared;
static struct vcpu_runstate_info *runstate;

static void test_version(void)
{
	struct xen_feature_info fi = {.submap_idx = 0};
	char extra[16];

	CHECK_EQ("xen_version version", HYPERVISOR_xen_version(XENVER_version, NULL), 0x40011);
	CHECK_EQ("xen_version get_features", HYPERVISOR_xen_version(XENVER_get_features, &fi), 0);
	rt_check("xen_version auto_translated",
		 fi.submap & (1U << XENFEAT_auto_translated_physmap));
	fi.submap_idx = 1;
	CHECK_EQ("xen_version submap 1", HYPERVISOR_xen_version(XENVER_get_features, &fi), -EINVAL);
	CHECK_EQ("xen_version extraversion", HYPERVISOR_xen_version(XENVER_extraversion, extra), 0);
	CHECK_EQ("xen_version bad pointer",
		 HYPERVISOR_xen_version(XENVER_extraversion, (void *)UNMAPPED_VA), -EFAULT);
	CHECK_EQ("xen_version unaligned pointer",
		 HYPERVISOR_xen_version(XENVER_get_features, (char *)rt_alloc_pages(1) + 4094), 0);
	/* Xen 4.17 fails no denied sub-op: it hands out "<denied>". */
	CHECK_EQ("xen_version commandline domU", HYPERVISOR_xen_version(XENVER_commandline, extra),
		 0);
	rt_check("xen_version commandline denied", !memcmp(extra, "<denied>", 9));
	CHECK_EQ("xen_version unknown", HYPERVISOR_xen_version(99, extra), -ENOSYS);
	CHECK_EQ("hypercall unknown number", xen_hypercall(63, 0, 0, 0, 0, 0), -ENOSYS);
	CHECK_EQ("hypercall out of table", xen_hypercall(1000, 0, 0, 0, 0, 0), -ENOSYS);
}

static void test_memory(void)
{
	struct xen_add_to_physmap x = {.domid = DOMID_SELF, .space = XENMAPSPACE_shared_info};
	struct xen_memory_reservation r = {.nr_extents = 1, .domid = DOMID_SELF};
	domid_t self = DOMID_SELF;
	xen_pfn_t gfn;
	long cur;

	shared = rt_alloc_pages(1);
	x.gpfn = rt_gfn(shared);
	CHECK_EQ("add_to_physmap shared_info", HYPERVISOR_memory_op(XENMEM_add_to_physmap, &x), 0);
	rt_check("shared_info wallclock", shared->wc_version % 2 == 0);
	x.idx = 1;
	CHECK_EQ("add_to_physmap shared_info idx 1",
		 HYPERVISOR_memory_op(XENMEM_add_to_physmap, &x), -EINVAL);
	x.idx = 0;
	x.space = XENMAPSPACE_gmfn_range; /* .size 0: an empty range, nothing to map */
	CHECK_EQ("add_to_physmap empty range", HYPERVISOR_memory_op(XENMEM_add_to_physmap, &x), 0);
	x.space = XENMAPSPACE_grant_table;
	x.idx = 64;
	x.gpfn = 0x38000000 >> 12;
	CHECK_EQ("add_to_physmap grant frame 64", HYPERVISOR_memory_op(XENMEM_add_to_physmap, &x),
		 -EINVAL);
	x.idx = 0;
	CHECK_EQ("add_to_physmap grant frame 0", HYPERVISOR_memory_op(XENMEM_add_to_physmap, &x),
		 0);
	x.domid = 0x7000; /* no such domain (pingpong checks -EPERM for a live one) */
	CHECK_EQ("add_to_physmap no such domain", HYPERVISOR_memory_op(XENMEM_add_to_physmap, &x),
		 -ESRCH);

	cur = HYPERVISOR_memory_op(XENMEM_current_reservation, &self);
	rt_check("current_reservation", cur > 0);
	gfn = rt_gfn(rt_alloc_pages(1));
	set_xen_guest_handle(r.extent_start, &gfn);
	CHECK_EQ("decrease_reservation", HYPERVISOR_memory_op(XENMEM_decrease_reservation, &r), 1);
	CHECK_EQ("reservation after balloon",
		 HYPERVISOR_memory_op(XENMEM_current_reservation, &self), cur - 1);
	CHECK_EQ("decrease_reservation twice",
		 HYPERVISOR_memory_op(XENMEM_decrease_reservation, &r), 0);
	CHECK_EQ("populate_physmap", HYPERVISOR_memory_op(XENMEM_populate_physmap, &r), 1);
	CHECK_EQ("memory_op bad pointer",
		 HYPERVISOR_memory_op(XENMEM_add_to_physmap, (void *)UNMAPPED_VA), -EFAULT);
	CHECK_EQ("memory_op unknown", HYPERVISOR_memory_op(45, &x), -ENOSYS);
}

static void test_vcpu(void)
{
	struct vcpu_register_vcpu_info vi;
	struct vcpu_register_runstate_memory_area ra;
	struct vcpu_runstate_info *rs = runstate = rt_alloc_pages(1);
	char *page = rt_alloc_pages(1);

	vi.mfn = rt_gfn(page);
	vi.offset = 4090;
	CHECK_EQ("register_vcpu_info crossing",
		 HYPERVISOR_vcpu_op(VCPUOP_register_vcpu_info, 0, &vi), -ENXIO);
	vi.offset = 64;
	CHECK_EQ("register_vcpu_info vcpu 99",
		 HYPERVISOR_vcpu_op(VCPUOP_register_vcpu_info, 99, &vi), -ENOENT);
	CHECK_EQ("register_vcpu_info", HYPERVISOR_vcpu_op(VCPUOP_register_vcpu_info, 0, &vi), 0);
	rt_check("vcpu_info upcall pending after register", page[64] == 1);
	CHECK_EQ("register_vcpu_info twice", HYPERVISOR_vcpu_op(VCPUOP_register_vcpu_info, 0, &vi),
		 -EINVAL);
	CHECK_EQ("vm_assist runstate flag",
		 xen_hypercall(__HYPERVISOR_vm_assist, VMASST_CMD_enable,
			       VMASST_TYPE_runstate_update_flag, 0, 0, 0),
		 0);
	CHECK_EQ("vm_assist bad type",
		 xen_hypercall(__HYPERVISOR_vm_assist, VMASST_CMD_enable, 1, 0, 0, 0), -EINVAL);
	ra.addr.v = rs;
	CHECK_EQ("register_runstate",
		 HYPERVISOR_vcpu_op(VCPUOP_register_runstate_memory_area, 0, &ra), 0);
	rt_check("runstate running", rs->state == RUNSTATE_running);
	CHECK_EQ("vcpu_op up (not on Arm)", HYPERVISOR_vcpu_op(VCPUOP_up, 0, &ra), -EINVAL);
}

/*
 * The runstate area follows a block: poll a port nobody raises with a
 * timeout (absolute system time) past "now". Now is unknown to us, so
 * double the step from the last state change until a poll really sleeps.
 */
static void test_runstate_blocked(void)
{
	struct evtchn_alloc_unbound au = {.dom = DOMID_SELF, .remote_dom = DOMID_SELF};
	struct sched_poll poll = {.nr_ports = 1};
	uint64_t t0 = runstate->state_entry_time, step = 1000000;
	evtchn_port_t port;
	unsigned int i;

	CHECK_EQ("runstate: idle port", HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &au),
		 0);
	port = au.port;
	set_xen_guest_handle(poll.ports, &port);
	for (i = 0; i < 40 && !runstate->time[RUNSTATE_blocked]; i++, step *= 2) {
		poll.timeout = t0 + step;
		HYPERVISOR_sched_op(SCHEDOP_poll, &poll);
	}
	rt_check("runstate blocked time accounted", runstate->time[RUNSTATE_blocked] > 0);
	rt_check("runstate running after the block", runstate->state == RUNSTATE_running);
	rt_check("runstate entry time moved", runstate->state_entry_time > t0);
}

static void test_events(void)
{
	struct evtchn_alloc_unbound au = {.dom = DOMID_SELF, .remote_dom = DOMID_SELF};
	struct evtchn_bind_interdomain bi = {.remote_dom = DOMID_SELF};
	struct evtchn_bind_virq bv = {.virq = VIRQ_CON_RING, .vcpu = 0};
	struct evtchn_status st = {.dom = DOMID_SELF};
	struct evtchn_send send;
	struct sched_poll poll;
	evtchn_port_t a, b, port;
	unsigned int n;

	CHECK_EQ("alloc_unbound loopback", HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &au),
		 0);
	a = au.port;
	bi.remote_port = a;
	CHECK_EQ("bind_interdomain loopback",
		 HYPERVISOR_event_channel_op(EVTCHNOP_bind_interdomain, &bi), 0);
	b = bi.local_port;
	rt_check("bound port pending", (shared->evtchn_pending[b / 64] >> (b % 64)) & 1);
	send.port = b;
	CHECK_EQ("send", HYPERVISOR_event_channel_op(EVTCHNOP_send, &send), 0);
	rt_check("peer pending", (shared->evtchn_pending[a / 64] >> (a % 64)) & 1);
	port = a;
	set_xen_guest_handle(poll.ports, &port);
	poll.nr_ports = 1;
	poll.timeout = 0;
	CHECK_EQ("poll pending port", HYPERVISOR_sched_op(SCHEDOP_poll, &poll), 0);
	st.port = a;
	CHECK_EQ("status", HYPERVISOR_event_channel_op(EVTCHNOP_status, &st), 0);
	CHECK_EQ("status interdomain", st.status, EVTCHNSTAT_interdomain);
	bv.vcpu = 1;
	CHECK_EQ("bind_virq global on vcpu1", HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &bv),
		 -EINVAL);
	bv.virq = VIRQ_DEBUG; /* per-vCPU, on a vCPU this domain does not have */
	CHECK_EQ("bind_virq no such vcpu", HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &bv),
		 -ENOENT);
	bv.vcpu = 0;
	bv.virq = VIRQ_CON_RING;
	CHECK_EQ("bind_virq", HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &bv), 0);
	CHECK_EQ("bind_virq again", HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &bv), -EEXIST);
	send.port = bv.port;
	CHECK_EQ("send on virq", HYPERVISOR_event_channel_op(EVTCHNOP_send, &send), -EINVAL);
	send.port = a;
	CHECK_EQ("close", HYPERVISOR_event_channel_op(EVTCHNOP_close, &send), 0);
	st.port = b;
	HYPERVISOR_event_channel_op(EVTCHNOP_status, &st);
	CHECK_EQ("peer unbound after close", st.status, EVTCHNSTAT_unbound);
	CHECK_EQ("send closed port", HYPERVISOR_event_channel_op(EVTCHNOP_send, &send), -EINVAL);
	CHECK_EQ("close closed port", HYPERVISOR_event_channel_op(EVTCHNOP_close, &send), -EINVAL);
	send.port = 0;
	CHECK_EQ("close port 0", HYPERVISOR_event_channel_op(EVTCHNOP_close, &send), -EINVAL);
	send.port = 5000;
	CHECK_EQ("send out of range", HYPERVISOR_event_channel_op(EVTCHNOP_send, &send), -EINVAL);
	send.port = b;
	CHECK_EQ("send unbound", HYPERVISOR_event_channel_op(EVTCHNOP_send, &send), 0);
	au.dom = 0x7000;
	CHECK_EQ("alloc_unbound no such domain",
		 HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &au), -ESRCH);
	st.dom = 0x7000;
	st.port = 1;
	CHECK_EQ("status no such domain", HYPERVISOR_event_channel_op(EVTCHNOP_status, &st),
		 -ESRCH);
	CHECK_EQ("evtchn bad pointer",
		 HYPERVISOR_event_channel_op(EVTCHNOP_send, (void *)UNMAPPED_VA), -EFAULT);
	/*
	 * shared_info is guest-visible memory, so Xen reads the arguments from
	 * it: .dom is vcpu_info[0]'s pending/mask bytes, no domain (-ESRCH).
	 */
	CHECK_EQ("evtchn pointer into shared_info",
		 HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, shared), -ESRCH);
	/* Arm: 1024 PIRQs, none bindable: -EINVAL past the range (.pirq is 0x7000). */
	CHECK_EQ("evtchn bind_pirq", HYPERVISOR_event_channel_op(EVTCHNOP_bind_pirq, &st), -EINVAL);
	/* Quota: Xen's default of 1023 ports. */
	au.dom = DOMID_SELF;
	for (n = 0; n < 2000; n++)
		if (HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &au))
			break;
	CHECK_EQ("port quota exhausted", HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &au),
		 -ENOSPC);
	rt_check("quota near 1023", n > 1000 && n < 1023);
	{
		struct evtchn_reset rs = {.dom = DOMID_SELF};

		CHECK_EQ("reset", HYPERVISOR_event_channel_op(EVTCHNOP_reset, &rs), 0);
		CHECK_EQ("alloc after reset",
			 HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &au), 0);
	}
}

static void test_grants(void)
{
	struct gnttab_query_size q = {.dom = DOMID_SELF};
	struct gnttab_set_version v = {.version = 1};
	struct gnttab_map_grant_ref m = {0};
	struct gnttab_unmap_grant_ref u = {0};

	CHECK_EQ("query_size", HYPERVISOR_grant_table_op(GNTTABOP_query_size, &q, 1), 0);
	CHECK_EQ("query_size status", q.status, GNTST_okay);
	CHECK_EQ("query_size max", q.max_nr_frames, 64);
	CHECK_EQ("set_version 1", HYPERVISOR_grant_table_op(GNTTABOP_set_version, &v, 1), 0);
	v.version = 2;
	CHECK_EQ("set_version 2", HYPERVISOR_grant_table_op(GNTTABOP_set_version, &v, 1), -ENOSYS);
	m.dom = DOMID_SELF;
	m.ref = 100000;
	m.flags = GNTMAP_host_map;
	m.host_addr = 0x38100000;
	CHECK_EQ("map batch rc", HYPERVISOR_grant_table_op(GNTTABOP_map_grant_ref, &m, 1), 0);
	CHECK_EQ("map DOMID_SELF", m.status, GNTST_bad_domain);
	u.handle = 77;
	u.host_addr = 0x38100000;
	CHECK_EQ("unmap batch rc", HYPERVISOR_grant_table_op(GNTTABOP_unmap_grant_ref, &u, 1), 0);
	CHECK_EQ("unmap bad handle", u.status, GNTST_bad_handle);
	CHECK_EQ("gnttab bad pointer",
		 HYPERVISOR_grant_table_op(GNTTABOP_map_grant_ref, (void *)UNMAPPED_VA, 1),
		 -EFAULT);
	CHECK_EQ("gnttab unknown", HYPERVISOR_grant_table_op(99, &m, 1), -ENOSYS);
}

static void test_misc(void)
{
	struct xen_hvm_param p = {.domid = DOMID_SELF, .index = HVM_PARAM_CALLBACK_IRQ};

	CHECK_EQ("hvm get callback", HYPERVISOR_hvm_op(HVMOP_get_param, &p), 0);
	CHECK_EQ("hvm callback value", p.value, 0); /* Xen 4.17: hardware domain only */
	CHECK_EQ("hvm set (guest)", HYPERVISOR_hvm_op(HVMOP_set_param, &p), -EPERM);
	p.index = HVM_PARAM_TIMER_MODE;
	CHECK_EQ("hvm get restricted", HYPERVISOR_hvm_op(HVMOP_get_param, &p), -EINVAL);
	p.index = 100000;
	CHECK_EQ("hvm get out of range", HYPERVISOR_hvm_op(HVMOP_get_param, &p), -EINVAL);
	CHECK_EQ("hvm unknown op", HYPERVISOR_hvm_op(77, &p), -ENOSYS);
	CHECK_EQ("sched yield", HYPERVISOR_sched_op(SCHEDOP_yield, NULL), 0);
	CHECK_EQ("sched unknown", HYPERVISOR_sched_op(77, NULL), -ENOSYS);
	/*
	 * Not a console owner (no basalt,console-io): -EPERM, as Xen's dummy XSM
	 * answers a domain that is neither control domain nor is_console. (Xen
	 * 4.17 marks every dom0less domU is_console and lets it read 0 bytes.)
	 */
	CHECK_EQ("console_io read (domU)", HYPERVISOR_console_io(CONSOLEIO_read, 4, &p), -EPERM);
	CHECK_EQ("console_io bad pointer",
		 HYPERVISOR_console_io(CONSOLEIO_write, 4, (void *)UNMAPPED_VA), -EFAULT);
}

/* make bench: the null hypercall round trip, xen_version(XENVER_version). */
static void bench_null_hypercall(void)
{
	const unsigned int n = 100000;
	uint64_t t0, t1, hz;
	unsigned int i;

	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(hz));
	__asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(t0));
	for (i = 0; i < n; i++)
		HYPERVISOR_xen_version(XENVER_version, NULL);
	__asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(t1));
	rt_printf("BENCH null_hypercall_ns %lu\n",
		  (unsigned long)((t1 - t0) * 1000000000ULL / hz / n));
}

/*
 * Last: Xen 4.17 shuts the domain down for any reason code (as u8), so this
 * ends the guest. The board test checks the hypervisor logged it.
 */
static void shutdown_bad_reason(void)
{
	struct sched_shutdown ss = {.reason = 77};
	long rc;

	rt_finish();
	rc = HYPERVISOR_sched_op(SCHEDOP_shutdown, &ss);
	rt_printf("FAIL sched bad reason: returned %ld\n", rc);
}

void guest_main(void)
{
	rt_puts("xen_abi test guest\n");
	test_version();
	test_memory();
	test_vcpu();
	test_runstate_blocked();
	test_events();
	test_grants();
	test_misc();
	bench_null_hypercall();
	shutdown_bad_reason();
}
