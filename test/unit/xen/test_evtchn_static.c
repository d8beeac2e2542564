/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Dom0less static event channels across reboots: what the surviving end
 * looks like while its peer is down, and how a rebuilt domain (or two)
 * gets its channels back on the declared ports (evtchn_static_rejoin).
 */
#include "xen_test.h"

#define PORT1 10 /* d1's end */
#define PORT2 20 /* d2's end */

struct fixture {
	struct domain *d1, *d2;
};

static void setup(struct fixture *f, gconstpointer data)
{
	fake_env_reset();
	f->d1 = fake_domain_new(1, 2, 64, NULL);
	f->d2 = fake_domain_new(2, 1, 64, NULL);
	g_assert_cmpint(evtchn_bind_static(f->d1->xd, PORT1, f->d2->xd, PORT2), ==, 0);
}

static void teardown(struct fixture *f, gconstpointer data)
{
	if (f->d2)
		fake_domain_free(f->d2);
	if (f->d1)
		fake_domain_free(f->d1);
	g_assert_cmpint(fake_live_allocs(), ==, 0);
	g_assert_cmpint(fake_live_pages(), ==, 0);
}

static void assert_status(struct domain *d, uint32_t port, uint32_t status, domid_t dom,
			  uint32_t rport)
{
	struct evtchn_status st;

	g_assert_cmpint(evtchn_get_status(d, DOMID_SELF, port, &st), ==, 0);
	g_assert_cmpuint(st.status, ==, status);
	if (status == EVTCHNSTAT_interdomain) {
		g_assert_cmpuint(st.u.interdomain.dom, ==, dom);
		g_assert_cmpuint(st.u.interdomain.port, ==, rport);
	} else if (status == EVTCHNSTAT_unbound) {
		g_assert_cmpuint(st.u.unbound.dom, ==, dom);
	}
}

static void clear_pending(struct domain *d, uint32_t port)
{
	shinfo(d)->evtchn_pending[port / 64] &= ~(1ULL << (port % 64));
}

/* Each end's send raises the other end, and only it. */
static void assert_connected(struct domain *d1, struct domain *d2)
{
	assert_status(d1, PORT1, EVTCHNSTAT_interdomain, 2, PORT2);
	assert_status(d2, PORT2, EVTCHNSTAT_interdomain, 1, PORT1);
	clear_pending(d1, PORT1);
	clear_pending(d2, PORT2);
	g_assert_cmpint(evtchn_port_op(d1, EVTCHNOP_send, PORT1), ==, 0);
	g_assert_true(bit64(shinfo(d2)->evtchn_pending, PORT2));
	g_assert_false(bit64(shinfo(d1)->evtchn_pending, PORT1));
	clear_pending(d2, PORT2);
	g_assert_cmpint(evtchn_port_op(d2, EVTCHNOP_send, PORT2), ==, 0);
	g_assert_true(bit64(shinfo(d1)->evtchn_pending, PORT1));
	g_assert_false(bit64(shinfo(d2)->evtchn_pending, PORT2));
	clear_pending(d1, PORT1);
}

/* The survivor's port while its peer is gone: unbound towards it, sends dropped. */
static void assert_peer_down(struct domain *d, uint32_t port, domid_t peer)
{
	assert_status(d, port, EVTCHNSTAT_unbound, peer, 0);
	clear_pending(d, port);
	g_assert_cmpint(evtchn_port_op(d, EVTCHNOP_send, port), ==, 0);
	g_assert_false(bit64(shinfo(d)->evtchn_pending, port));
}

static void test_one_side_reboots(struct fixture *f, gconstpointer data)
{
	unsigned int cycle;

	assert_connected(f->d1, f->d2);
	for (cycle = 0; cycle < 3; cycle++) {
		fake_domain_free(f->d2);
		f->d2 = NULL;
		assert_peer_down(f->d1, PORT1, 2);
		f->d2 = fake_domain_new(2, 1, 64, NULL);
		/* A new incarnation that has not rejoined yet does not count as the peer. */
		assert_peer_down(f->d1, PORT1, 2);
		g_assert_cmpint(evtchn_static_rejoin(f->d2->xd, PORT2, 1, PORT1), ==, 1);
		/* The binder's port is raised by the bind (nothing sent before is lost). */
		g_assert_true(bit64(shinfo(f->d2)->evtchn_pending, PORT2));
		assert_connected(f->d1, f->d2);
	}
	/* The other side too: the port numbers stay as declared. */
	fake_domain_free(f->d1);
	f->d1 = NULL;
	assert_peer_down(f->d2, PORT2, 1);
	f->d1 = fake_domain_new(1, 2, 64, NULL);
	g_assert_cmpint(evtchn_static_rejoin(f->d1->xd, PORT1, 2, PORT2), ==, 1);
	assert_connected(f->d1, f->d2);
}

static void test_both_down(struct fixture *f, gconstpointer data)
{
	fake_domain_free(f->d1);
	fake_domain_free(f->d2);
	f->d1 = NULL;
	/* d2 comes back first: its end waits for d1. */
	f->d2 = fake_domain_new(2, 1, 64, NULL);
	g_assert_cmpint(evtchn_static_rejoin(f->d2->xd, PORT2, 1, PORT1), ==, 0);
	assert_peer_down(f->d2, PORT2, 1);
	/* d1 comes back: it binds to d2's waiting end. */
	f->d1 = fake_domain_new(1, 2, 64, NULL);
	g_assert_cmpint(evtchn_static_rejoin(f->d1->xd, PORT1, 2, PORT2), ==, 1);
	assert_connected(f->d1, f->d2);
}

/* Both rebuilt at once: whichever rejoins first waits, the second connects. */
static void test_both_built_then_rejoin(struct fixture *f, gconstpointer data)
{
	fake_domain_free(f->d1);
	fake_domain_free(f->d2);
	f->d1 = fake_domain_new(1, 2, 64, NULL);
	f->d2 = fake_domain_new(2, 1, 64, NULL);
	g_assert_cmpint(evtchn_static_rejoin(f->d1->xd, PORT1, 2, PORT2), ==, 0);
	g_assert_cmpint(evtchn_static_rejoin(f->d2->xd, PORT2, 1, PORT1), ==, 1);
	assert_connected(f->d1, f->d2);
}

/* The survivor closed its end or gave the port another use: nothing is taken from it. */
static void test_peer_port_not_waiting(struct fixture *f, gconstpointer data)
{
	uint32_t p;

	fake_domain_free(f->d2);
	f->d2 = NULL;
	g_assert_cmpint(evtchn_port_op(f->d1, EVTCHNOP_close, PORT1), ==, 0);
	f->d2 = fake_domain_new(2, 1, 64, NULL);
	g_assert_cmpint(evtchn_static_rejoin(f->d2->xd, PORT2, 1, PORT1), ==, 0);
	assert_peer_down(f->d2, PORT2, 1);
	g_assert_cmpint(evtchn_get_status(f->d1, DOMID_SELF, PORT1, &(struct evtchn_status){0}), ==,
			-EINVAL);
	/* d1's guest may still bind to the waiting end by hand. */
	g_assert_cmpint(bind_interdomain(f->d1, 2, PORT2, &p), ==, 0);
	assert_status(f->d2, PORT2, EVTCHNSTAT_interdomain, 1, p);

	/* A port unbound towards another domain is not ours to take either. */
	fake_domain_free(f->d2);
	f->d2 = NULL;
	g_assert_cmpint(evtchn_port_op(f->d1, EVTCHNOP_close, p), ==, 0);
	g_assert_cmpint(alloc_unbound(f->d1, DOMID_SELF, 5, &p), ==, 0);
	f->d2 = fake_domain_new(2, 1, 64, NULL);
	g_assert_cmpint(evtchn_static_rejoin(f->d2->xd, PORT2, 1, p), ==, 0);
	assert_status(f->d1, p, EVTCHNSTAT_unbound, 5, 0);
}

static void test_bad_ports(struct fixture *f, gconstpointer data)
{
	fake_domain_free(f->d2);
	f->d2 = fake_domain_new(2, 1, 64, NULL);
	g_assert_cmpint(evtchn_static_rejoin(f->d2->xd, 0, 1, PORT1), ==, -EINVAL);
	g_assert_cmpint(evtchn_static_rejoin(f->d2->xd, PORT2, 1, 0), ==, -EINVAL);
	/* Past the 2-level ABI's ports (a fresh domain starts with it). */
	g_assert_cmpint(evtchn_static_rejoin(f->d2->xd, 5000, 1, PORT1), ==, -EINVAL);
	g_assert_cmpint(evtchn_static_rejoin(f->d2->xd, PORT2, 1, PORT1), ==, 1);
	/* Rejoining twice collides with the port now in use; the binding stays. */
	g_assert_cmpint(evtchn_static_rejoin(f->d2->xd, PORT2, 1, PORT1), ==, -EBUSY);
	assert_connected(f->d1, f->d2);
}

/* A domain whose two static ports are linked to each other (loopback). */
static void test_loopback_reboot(struct fixture *f, gconstpointer data)
{
	struct domain *d3 = fake_domain_new(3, 1, 64, NULL);

	g_assert_cmpint(evtchn_bind_static(d3->xd, 30, d3->xd, 31), ==, 0);
	fake_domain_free(d3);
	d3 = fake_domain_new(3, 1, 64, NULL);
	g_assert_cmpint(evtchn_static_rejoin(d3->xd, 30, 3, 31), ==, 0);
	g_assert_cmpint(evtchn_static_rejoin(d3->xd, 31, 3, 30), ==, 1);
	assert_status(d3, 30, EVTCHNSTAT_interdomain, 3, 31);
	assert_status(d3, 31, EVTCHNSTAT_interdomain, 3, 30);
	fake_domain_free(d3);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
#define ADD(name, fn)                                                                              \
	g_test_add("/xen/evtchn-static/" name, struct fixture, NULL, setup, fn, teardown)
	ADD("one-side-reboots", test_one_side_reboots);
	ADD("both-down", test_both_down);
	ADD("both-built-then-rejoin", test_both_built_then_rejoin);
	ADD("peer-port-not-waiting", test_peer_port_not_waiting);
	ADD("bad-ports", test_bad_ports);
	ADD("loopback-reboot", test_loopback_reboot);
	return g_test_run();
}
