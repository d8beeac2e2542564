/* SPDX-License-Identifier: GPL-2.0-only */
/* Event channels: port table, bindings, 2-level delivery, negative cases. */
#include "xen_test.h"
#include <basalt/dom0less.h>

struct fixture {
	struct domain *d1, *d2;
};

static void setup(struct fixture *f, gconstpointer data)
{
	fake_env_reset();
	f->d1 = fake_domain_new(1, 2, 64, NULL);
	f->d2 = fake_domain_new(2, 1, 64, NULL);
}

static void teardown(struct fixture *f, gconstpointer data)
{
	fake_domain_free(f->d2);
	fake_domain_free(f->d1);
	g_assert_cmpint(fake_live_allocs(), ==, 0);
	g_assert_cmpint(fake_live_pages(), ==, 0);
}

static void test_interdomain_send(struct fixture *f, gconstpointer data)
{
	uint32_t p1, p2;
	uint64_t vi_gpa;
	xen_vcpu_info_t *vi;

	vi_gpa = register_vcpu_info(f->d1, 0);
	vi = fake_gpa_ptr(f->d1, vi_gpa);
	/* Registration marks everything pending so nothing raised earlier is lost. */
	g_assert_cmpuint(vi->evtchn_upcall_pending, ==, 1);
	g_assert_cmpuint(vi->evtchn_pending_sel, ==, ~0ULL);
	g_assert_true(fake_vcpu_rec(xen_domain_vcpu(f->d1->xd, 0))->upcall);
	vi->evtchn_upcall_pending = 0;
	vi->evtchn_pending_sel = 0;

	g_assert_cmpint(alloc_unbound(f->d1, DOMID_SELF, 2, &p1), ==, 0);
	g_assert_cmpuint(p1, ==, 1);
	g_assert_cmpint(bind_interdomain(f->d2, 1, p1, &p2), ==, 0);
	g_assert_cmpuint(p2, ==, 1);
	/* The binder's new port is raised on bind. */
	g_assert_true(bit64(shinfo(f->d2)->evtchn_pending, p2));
	g_assert_false(bit64(shinfo(f->d1)->evtchn_pending, p1));

	g_assert_cmpint(evtchn_port_op(f->d2, EVTCHNOP_send, p2), ==, 0);
	g_assert_true(bit64(shinfo(f->d1)->evtchn_pending, p1));
	g_assert_cmpuint(vi->evtchn_pending_sel, ==, 1);
	g_assert_cmpuint(vi->evtchn_upcall_pending, ==, 1);

	/* Masked: pending is set but no selector/upcall. */
	shinfo(f->d1)->evtchn_pending[0] = 0;
	shinfo(f->d1)->evtchn_mask[0] = 1ULL << p1;
	vi->evtchn_pending_sel = 0;
	vi->evtchn_upcall_pending = 0;
	g_assert_cmpint(evtchn_port_op(f->d2, EVTCHNOP_send, p2), ==, 0);
	g_assert_true(bit64(shinfo(f->d1)->evtchn_pending, p1));
	g_assert_cmpuint(vi->evtchn_pending_sel, ==, 0);
	g_assert_cmpint(evtchn_port_op(f->d1, EVTCHNOP_unmask, p1), ==, 0);
	g_assert_false(bit64(shinfo(f->d1)->evtchn_mask, p1));
	g_assert_cmpuint(vi->evtchn_pending_sel, ==, 1);
	g_assert_cmpuint(vi->evtchn_upcall_pending, ==, 1);
}

static void test_loopback(struct fixture *f, gconstpointer data)
{
	struct evtchn_status st;
	uint32_t a, b;

	g_assert_cmpint(alloc_unbound(f->d1, DOMID_SELF, DOMID_SELF, &a), ==, 0);
	g_assert_cmpint(bind_interdomain(f->d1, DOMID_SELF, a, &b), ==, 0);
	g_assert_cmpuint(a, !=, b);
	g_assert_true(bit64(shinfo(f->d1)->evtchn_pending, b));
	g_assert_cmpint(evtchn_port_op(f->d1, EVTCHNOP_send, b), ==, 0);
	g_assert_true(bit64(shinfo(f->d1)->evtchn_pending, a));
	g_assert_cmpint(evtchn_get_status(f->d1, DOMID_SELF, a, &st), ==, 0);
	g_assert_cmpuint(st.status, ==, EVTCHNSTAT_interdomain);
	g_assert_cmpuint(st.u.interdomain.dom, ==, 1);
	g_assert_cmpuint(st.u.interdomain.port, ==, b);
	/* A port cannot be bound to itself. */
	g_assert_cmpint(alloc_unbound(f->d1, DOMID_SELF, DOMID_SELF, &a), ==, 0);
	g_assert_cmpint(bind_interdomain(f->d1, DOMID_SELF, a + 1, NULL), ==, -EINVAL);
}

static void test_close_unbinds_peer(struct fixture *f, gconstpointer data)
{
	struct evtchn_status st;
	uint32_t p1, p2;

	g_assert_cmpint(alloc_unbound(f->d1, DOMID_SELF, 2, &p1), ==, 0);
	g_assert_cmpint(bind_interdomain(f->d2, 1, p1, &p2), ==, 0);
	g_assert_cmpint(evtchn_port_op(f->d2, EVTCHNOP_close, p2), ==, 0);
	g_assert_cmpint(evtchn_get_status(f->d1, DOMID_SELF, p1, &st), ==, 0);
	g_assert_cmpuint(st.status, ==, EVTCHNSTAT_unbound);
	g_assert_cmpuint(st.u.unbound.dom, ==, 2);
	/* The closed port is gone; the peer can be bound again. */
	g_assert_cmpint(evtchn_port_op(f->d2, EVTCHNOP_send, p2), ==, -EINVAL);
	g_assert_cmpint(evtchn_port_op(f->d2, EVTCHNOP_close, p2), ==, -EINVAL);
	g_assert_cmpint(bind_interdomain(f->d2, 1, p1, &p2), ==, 0);
	/* Destroying a domain unbinds its peers too. */
	fake_domain_free(f->d2);
	f->d2 = fake_domain_new(2, 1, 64, NULL);
	g_assert_cmpint(evtchn_get_status(f->d1, DOMID_SELF, p1, &st), ==, 0);
	g_assert_cmpuint(st.status, ==, EVTCHNSTAT_unbound);
}

static void test_send_unbound_and_bad_ports(struct fixture *f, gconstpointer data)
{
	uint32_t p;

	g_assert_cmpint(alloc_unbound(f->d1, DOMID_SELF, 2, &p), ==, 0);
	g_assert_cmpint(evtchn_port_op(f->d1, EVTCHNOP_send, p), ==, 0);
	g_assert_false(bit64(shinfo(f->d1)->evtchn_pending, p));
	g_assert_cmpint(evtchn_port_op(f->d1, EVTCHNOP_send, 0), ==, -EINVAL);
	g_assert_cmpint(evtchn_port_op(f->d1, EVTCHNOP_close, 0), ==, -EINVAL);
	g_assert_cmpint(evtchn_port_op(f->d1, EVTCHNOP_send, 77), ==, -EINVAL);
	g_assert_cmpint(evtchn_port_op(f->d1, EVTCHNOP_send, 4096), ==, -EINVAL);
	g_assert_cmpint(evtchn_port_op(f->d1, EVTCHNOP_send, 0xffffffff), ==, -EINVAL);
	g_assert_cmpint(evtchn_port_op(f->d1, EVTCHNOP_unmask, 4095), ==, -EINVAL);
	/* Binding a port that is not unbound towards us, or of no domain. */
	g_assert_cmpint(bind_interdomain(f->d1, DOMID_SELF, p, NULL), ==, -EINVAL);
	g_assert_cmpint(bind_interdomain(f->d1, 9, 1, NULL), ==, -ESRCH);
	g_assert_cmpint(bind_interdomain(f->d2, 1, 999, NULL), ==, -EINVAL);
	/* Another domain's ports need privilege. */
	g_assert_cmpint(alloc_unbound(f->d1, 2, 1, NULL), ==, -EPERM);
	g_assert_cmpint(alloc_unbound(f->d1, 7, 1, NULL), ==, -ESRCH);
	/* Bad pointers and unknown ops. */
	fake_set_current(f->d1, 0);
	g_assert_cmpint(hcall(__HYPERVISOR_event_channel_op, EVTCHNOP_send, 0x1000, 0), ==,
			-EFAULT);
	g_assert_cmpint(hcall(__HYPERVISOR_event_channel_op, EVTCHNOP_send, ~0UL - 2, 0), ==,
			-EFAULT);
	*(uint32_t *)fake_gpa_ptr(f->d1, scratch(f->d1)) = 1024;
	g_assert_cmpint(hcall(__HYPERVISOR_event_channel_op, EVTCHNOP_bind_pirq, scratch(f->d1), 0),
			==, -EINVAL);
	*(uint32_t *)fake_gpa_ptr(f->d1, scratch(f->d1)) = 5;
	g_assert_cmpint(hcall(__HYPERVISOR_event_channel_op, EVTCHNOP_bind_pirq, scratch(f->d1), 0),
			==, -ENOMEM);
	g_assert_cmpint(hcall(__HYPERVISOR_event_channel_op, 99, scratch(f->d1), 0), ==, -ENOSYS);
}

static void test_status_permissions(struct fixture *f, gconstpointer data)
{
	struct evtchn_status st;
	uint32_t p;
	struct xen_domain_config priv = {.privileged = true};
	struct domain *d0;

	g_assert_cmpint(alloc_unbound(f->d1, DOMID_SELF, 2, &p), ==, 0);
	g_assert_cmpint(evtchn_get_status(f->d2, 1, p, &st), ==, -EPERM);
	g_assert_cmpint(evtchn_get_status(f->d2, 5, p, &st), ==, -ESRCH);
	g_assert_cmpint(evtchn_get_status(f->d1, DOMID_SELF, 0, &st), ==, 0);
	g_assert_cmpuint(st.status, ==, EVTCHNSTAT_closed);
	g_assert_cmpint(evtchn_get_status(f->d1, DOMID_SELF, 3000, &st), ==, -EINVAL);
	d0 = fake_domain_new(0, 1, 16, &priv);
	g_assert_cmpint(evtchn_get_status(d0, 1, p, &st), ==, 0);
	g_assert_cmpuint(st.status, ==, EVTCHNSTAT_unbound);
	/* A privileged domain may allocate on behalf of others (a toolstack). */
	g_assert_cmpint(alloc_unbound(d0, 2, 1, &p), ==, 0);
	g_assert_cmpint(bind_interdomain(f->d1, 2, p, NULL), ==, 0);
	fake_domain_free(d0);
}

static void test_virq_ipi(struct fixture *f, gconstpointer data)
{
	struct evtchn_bind_virq bv = {.virq = VIRQ_CONSOLE, .vcpu = 0};
	struct evtchn_bind_ipi bi = {.vcpu = 1};

	g_assert_cmpint(evtchn_op(f->d1, EVTCHNOP_bind_virq, &bv, sizeof(bv)), ==, 0);
	g_assert_cmpuint(bv.port, ==, 1);
	g_assert_cmpint(evtchn_op(f->d1, EVTCHNOP_bind_virq, &bv, sizeof(bv)), ==, -EEXIST);
	evtchn_send_virq(f->d1->xd, VIRQ_CONSOLE);
	g_assert_true(bit64(shinfo(f->d1)->evtchn_pending, 1));
	/* VIRQ ports cannot be sent on by the guest. */
	g_assert_cmpint(evtchn_port_op(f->d1, EVTCHNOP_send, 1), ==, -EINVAL);
	bv.virq = VIRQ_DOM_EXC;
	bv.vcpu = 1;
	g_assert_cmpint(evtchn_op(f->d1, EVTCHNOP_bind_virq, &bv, sizeof(bv)), ==, -EINVAL);
	bv.virq = VIRQ_TIMER;
	bv.vcpu = 5;
	g_assert_cmpint(evtchn_op(f->d1, EVTCHNOP_bind_virq, &bv, sizeof(bv)), ==, -ENOENT);
	bv.vcpu = 1;
	g_assert_cmpint(evtchn_op(f->d1, EVTCHNOP_bind_virq, &bv, sizeof(bv)), ==, 0);
	bv.virq = NR_VIRQS;
	g_assert_cmpint(evtchn_op(f->d1, EVTCHNOP_bind_virq, &bv, sizeof(bv)), ==, -EINVAL);
	/* Closing frees the VIRQ for a new binding. */
	g_assert_cmpint(evtchn_port_op(f->d1, EVTCHNOP_close, 1), ==, 0);
	bv.virq = VIRQ_CONSOLE;
	bv.vcpu = 0;
	g_assert_cmpint(evtchn_op(f->d1, EVTCHNOP_bind_virq, &bv, sizeof(bv)), ==, 0);
	/* IPI: sending raises the port itself. */
	g_assert_cmpint(evtchn_op(f->d1, EVTCHNOP_bind_ipi, &bi, sizeof(bi)), ==, 0);
	g_assert_cmpint(evtchn_port_op(f->d1, EVTCHNOP_send, bi.port), ==, 0);
	g_assert_true(bit64(shinfo(f->d1)->evtchn_pending, bi.port));
}

static void test_bind_vcpu(struct fixture *f, gconstpointer data)
{
	struct evtchn_bind_vcpu bv;
	xen_vcpu_info_t *vi0, *vi1;
	struct evtchn_status st;
	uint32_t a, b;

	vi0 = fake_gpa_ptr(f->d1, register_vcpu_info(f->d1, 0));
	vi1 = fake_gpa_ptr(f->d1, register_vcpu_info(f->d1, 1));
	vi0->evtchn_pending_sel = vi1->evtchn_pending_sel = 0;
	vi0->evtchn_upcall_pending = vi1->evtchn_upcall_pending = 0;
	g_assert_cmpint(alloc_unbound(f->d1, DOMID_SELF, DOMID_SELF, &a), ==, 0);
	bv.port = a;
	bv.vcpu = 1;
	g_assert_cmpint(evtchn_op(f->d1, EVTCHNOP_bind_vcpu, &bv, sizeof(bv)), ==, 0);
	g_assert_cmpint(bind_interdomain(f->d1, DOMID_SELF, a, &b), ==, 0);
	vi0->evtchn_pending_sel = 0;
	vi0->evtchn_upcall_pending = 0;
	g_assert_cmpint(evtchn_port_op(f->d1, EVTCHNOP_send, b), ==, 0);
	g_assert_cmpuint(vi1->evtchn_pending_sel, ==, 1);
	g_assert_cmpuint(vi1->evtchn_upcall_pending, ==, 1);
	g_assert_cmpuint(vi0->evtchn_upcall_pending, ==, 0);
	g_assert_cmpint(evtchn_get_status(f->d1, DOMID_SELF, a, &st), ==, 0);
	g_assert_cmpuint(st.vcpu, ==, 1);
	bv.vcpu = 2;
	g_assert_cmpint(evtchn_op(f->d1, EVTCHNOP_bind_vcpu, &bv, sizeof(bv)), ==, -ENOENT);
	{
		/* A global VIRQ moved to vCPU 1 is still raised, there, and still one binding. */
		struct evtchn_bind_virq bvirq = {.virq = VIRQ_CONSOLE, .vcpu = 0};

		g_assert_cmpint(evtchn_op(f->d1, EVTCHNOP_bind_virq, &bvirq, sizeof(bvirq)), ==, 0);
		bv.port = bvirq.port;
		bv.vcpu = 1;
		g_assert_cmpint(evtchn_op(f->d1, EVTCHNOP_bind_vcpu, &bv, sizeof(bv)), ==, 0);
		vi0->evtchn_pending_sel = vi1->evtchn_pending_sel = 0;
		vi0->evtchn_upcall_pending = vi1->evtchn_upcall_pending = 0;
		evtchn_send_virq(f->d1->xd, VIRQ_CONSOLE);
		g_assert_true(bit64(shinfo(f->d1)->evtchn_pending, bvirq.port));
		g_assert_cmpuint(vi1->evtchn_upcall_pending, ==, 1);
		g_assert_cmpuint(vi0->evtchn_upcall_pending, ==, 0);
		g_assert_cmpint(evtchn_op(f->d1, EVTCHNOP_bind_virq, &bvirq, sizeof(bvirq)), ==,
				-EEXIST);
		g_assert_cmpint(evtchn_port_op(f->d1, EVTCHNOP_close, bv.port), ==, 0);
		g_assert_cmpint(evtchn_op(f->d1, EVTCHNOP_bind_virq, &bvirq, sizeof(bvirq)), ==, 0);
	}
	bv.port = 300;
	bv.vcpu = 0;
	g_assert_cmpint(evtchn_op(f->d1, EVTCHNOP_bind_vcpu, &bv, sizeof(bv)), ==, -EINVAL);
}

static void test_quota_and_lazy_buckets(struct fixture *f, gconstpointer data)
{
	struct evtchn_domain *ed = &f->d2->xd->evtchn;
	uint32_t p, i;

	for (i = 0; i < 10; i++)
		g_assert_cmpint(alloc_unbound(f->d2, DOMID_SELF, 1, &p), ==, 0);
	/* Ten ports cost one bucket of 64. */
	g_assert_cmpuint(ed->nr_allocated, ==, EVTCHN_BUCKET_PORTS);
	g_assert_cmpint(evtchn_set_max_port(f->d2->xd, 20), ==, 0);
	for (i = 0; i < 10; i++)
		g_assert_cmpint(alloc_unbound(f->d2, DOMID_SELF, 1, &p), ==, 0);
	g_assert_cmpuint(p, ==, 20);
	g_assert_cmpint(alloc_unbound(f->d2, DOMID_SELF, 1, &p), ==, -ENOSPC);
	/* A freed port is reused. */
	g_assert_cmpint(evtchn_port_op(f->d2, EVTCHNOP_close, 5), ==, 0);
	g_assert_cmpint(alloc_unbound(f->d2, DOMID_SELF, 1, &p), ==, 0);
	g_assert_cmpuint(p, ==, 5);
	g_assert_cmpint(evtchn_set_max_port(f->d2->xd, 0), ==, -EINVAL);
	/* The default quota is Xen's max_event_channels (1023). */
	g_assert_cmpuint(f->d1->xd->evtchn.max_port, ==, 1023);
	for (i = 0; i < 1023; i++)
		g_assert_cmpint(alloc_unbound(f->d1, DOMID_SELF, 2, &p), ==, 0);
	g_assert_cmpint(alloc_unbound(f->d1, DOMID_SELF, 2, &p), ==, -ENOSPC);
}

static void test_2l_port_limit(struct fixture *f, gconstpointer data)
{
	uint32_t p = 0, i;

	g_assert_cmpint(evtchn_set_max_port(f->d1->xd, 100000), ==, 0);
	for (i = 0; i < 4095; i++)
		g_assert_cmpint(alloc_unbound(f->d1, DOMID_SELF, 2, &p), ==, 0);
	g_assert_cmpuint(p, ==, 4095);
	/* The 2-level ABI ends at 4096 ports whatever the quota. */
	g_assert_cmpint(alloc_unbound(f->d1, DOMID_SELF, 2, &p), ==, -ENOSPC);
}

static void test_reset(struct fixture *f, gconstpointer data)
{
	struct evtchn_reset r = {.dom = DOMID_SELF};
	struct evtchn_status st;
	uint32_t p1, p2;

	g_assert_cmpint(alloc_unbound(f->d1, DOMID_SELF, 2, &p1), ==, 0);
	g_assert_cmpint(bind_interdomain(f->d2, 1, p1, &p2), ==, 0);
	g_assert_cmpint(evtchn_op(f->d1, EVTCHNOP_reset, &r, sizeof(r)), ==, 0);
	g_assert_cmpint(evtchn_get_status(f->d1, DOMID_SELF, p1, &st), ==, -EINVAL);
	g_assert_cmpint(evtchn_get_status(f->d2, DOMID_SELF, p2, &st), ==, 0);
	g_assert_cmpuint(st.status, ==, EVTCHNSTAT_unbound);
	r.dom = 2;
	g_assert_cmpint(evtchn_op(f->d1, EVTCHNOP_reset, &r, sizeof(r)), ==, -EPERM);
}

static void test_static_bind(struct fixture *f, gconstpointer data)
{
	struct evtchn_status st;

	g_assert_cmpint(evtchn_bind_static(f->d1->xd, 10, f->d2->xd, 20), ==, 0);
	g_assert_cmpint(evtchn_get_status(f->d1, DOMID_SELF, 10, &st), ==, 0);
	g_assert_cmpuint(st.status, ==, EVTCHNSTAT_interdomain);
	g_assert_cmpuint(st.u.interdomain.port, ==, 20);
	g_assert_cmpint(evtchn_port_op(f->d2, EVTCHNOP_send, 20), ==, 0);
	g_assert_true(bit64(shinfo(f->d1)->evtchn_pending, 10));
	g_assert_cmpint(evtchn_bind_static(f->d1->xd, 10, f->d2->xd, 21), ==, -EBUSY);
	g_assert_cmpint(evtchn_bind_static(f->d1->xd, 11, f->d2->xd, 20), ==, -EBUSY);
	g_assert_cmpint(evtchn_bind_static(f->d1->xd, 0, f->d2->xd, 22), ==, -EINVAL);
	/* Dynamic allocation skips the static ports. */
	{
		uint32_t p;
		unsigned int i;

		for (i = 0; i < 12; i++)
			g_assert_cmpint(alloc_unbound(f->d1, DOMID_SELF, 2, &p), ==, 0);
		g_assert_cmpuint(p, ==, 13);
	}
}

static void test_ping_pong(struct fixture *f, gconstpointer data)
{
	uint32_t p1, p2;
	unsigned int i;

	g_assert_cmpint(alloc_unbound(f->d1, DOMID_SELF, 2, &p1), ==, 0);
	g_assert_cmpint(bind_interdomain(f->d2, 1, p1, &p2), ==, 0);
	for (i = 0; i < 100000; i++) {
		struct domain *tx = i & 1 ? f->d1 : f->d2, *rx = i & 1 ? f->d2 : f->d1;
		uint32_t rport = i & 1 ? p2 : p1;

		g_assert_cmpint(evtchn_port_op(tx, EVTCHNOP_send, i & 1 ? p1 : p2), ==, 0);
		g_assert_true(bit64(shinfo(rx)->evtchn_pending, rport));
		shinfo(rx)->evtchn_pending[0] &= ~(1ULL << rport); /* the guest acks */
	}
}

static void test_boot_options(struct fixture *f, gconstpointer data)
{
	struct domain *d;

	xen_abi_cmdline(
	    "console=dtuart  max_event_channels=131071 evtchn_fifo=0 gnttab_max_frames=x");
	g_assert_false(evtchn_fifo_enabled);
	g_assert_cmpuint(xen_opt_max_evtchn_port, ==, 131071);
	g_assert_cmpuint(xen_opt_max_grant_frames, ==, 0);
	d = fake_domain_new(3, 1, 8, NULL);
	g_assert_cmpuint(d->xd->evtchn.max_port, ==, 131071);
	fake_domain_free(d);
	xen_abi_cmdline("evtchn_fifo=1 max_event_channels=999999999999 gnttab_max_frames=32");
	g_assert_true(evtchn_fifo_enabled);
	g_assert_cmpuint(xen_opt_max_evtchn_port, ==, 131071); /* out of range: ignored */
	g_assert_cmpuint(xen_opt_max_grant_frames, ==, 32);
	d = fake_domain_new(3, 1, 8, NULL);
	g_assert_cmpuint(d->xd->gt.max_frames, ==, 32);
	fake_domain_free(d);
	xen_opt_max_evtchn_port = 0;
	xen_opt_max_grant_frames = 0;
	xen_abi_cmdline(NULL);
}

static void test_dom0less_evtchns(struct fixture *f, gconstpointer data)
{
	struct dom0less_domain cfg[2];
	struct xen_domain *xds[2] = {f->d1->xd, f->d2->xd};
	struct evtchn_status st;

	memset(cfg, 0, sizeof(cfg));
	cfg[0].nr_evtchns = 2;
	cfg[0].evtchn[0] =
	    (struct dom0less_evtchn){.local_port = 10, .peer_domain = 1, .peer_port = 11};
	cfg[0].evtchn[1] = (struct dom0less_evtchn){.local_port = 12, .peer_domain = -1};
	cfg[1].nr_evtchns = 1;
	cfg[1].evtchn[0] =
	    (struct dom0less_evtchn){.local_port = 11, .peer_domain = 0, .peer_port = 10};
	g_assert_cmpint(xen_dom0less_evtchns(xds, cfg, 2), ==, 0);
	g_assert_cmpint(evtchn_get_status(f->d2, DOMID_SELF, 11, &st), ==, 0);
	g_assert_cmpuint(st.status, ==, EVTCHNSTAT_interdomain);
	g_assert_cmpuint(st.u.interdomain.dom, ==, 1);
	g_assert_cmpuint(st.u.interdomain.port, ==, 10);
	/* Binding again collides with the ports in use. */
	g_assert_cmpint(xen_dom0less_evtchns(xds, cfg, 2), ==, -EBUSY);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
#define ADD(name, fn) g_test_add("/xen/evtchn/" name, struct fixture, NULL, setup, fn, teardown)
	ADD("interdomain-send-2l", test_interdomain_send);
	ADD("loopback", test_loopback);
	ADD("close-unbinds-peer", test_close_unbinds_peer);
	ADD("send-unbound-and-bad-ports", test_send_unbound_and_bad_ports);
	ADD("status-permissions", test_status_permissions);
	ADD("virq-ipi", test_virq_ipi);
	ADD("bind-vcpu", test_bind_vcpu);
	ADD("quota-and-lazy-buckets", test_quota_and_lazy_buckets);
	ADD("2l-port-limit", test_2l_port_limit);
	ADD("reset", test_reset);
	ADD("static-bind", test_static_bind);
	ADD("ping-pong-100000", test_ping_pong);
	ADD("boot-options", test_boot_options);
	ADD("dom0less-static-evtchns", test_dom0less_evtchns);
	return g_test_run();
}
