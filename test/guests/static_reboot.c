/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Test guest pair for static event channels across reboots (built twice:
 * -DSR_SIDE=0 is R, 1 is S). The host DT links R's ports 10 (data) and 11
 * (control) to S's ports 20 and 21.
 *
 * A rebooted guest starts from its image again and remembers nothing, so
 * the test drives each life with keys typed on the guest's PV console:
 * every life checks its ports are bound as the DT declares, takes the
 * events its own binds raised, prints "ready", then obeys keys:
 *   p  ping-pong SR_ROUNDS round trips on data (S sends, R answers)
 *   r  reboot (SCHEDOP_shutdown, SHUTDOWN_reboot)
 *   b  raise control, then reboot: the peer reboots when control arrives,
 *      so both are down and rebuilt at about the same time
 *   g  the peer is gone for good: our data port must be unbound towards
 *      it, and a send must succeed and deliver nothing
 *   o  finish: print the result and power off
 * The test waits for "ready" from both lives before any 'p', so no event
 * sent by the peer can be mistaken for one raised by a bind.
 */
#include "runtime/xen_setup.h"

#if SR_SIDE == 0
#define DATA	  10
#define CTL	  11
#define PEER_DATA 20
#define PEER_CTL  21
#else
#define DATA	  20
#define CTL	  21
#define PEER_DATA 10
#define PEER_CTL  11
#endif
#define SR_ROUNDS 200

/* Check that our static @port is bound to @rport of the peer; the peer's id. */
static domid_t check_bound(const char *what, evtchn_port_t port, evtchn_port_t rport)
{
	struct evtchn_status st;
	long rc = rt_evtchn_wait_status(port, EVTCHNSTAT_interdomain, &st);

	rt_printf("  %s: port %u -> d%u:%u\n", what, port, st.u.interdomain.dom,
		  st.u.interdomain.port);
	rt_check(what,
		 rc == 0 && st.status == EVTCHNSTAT_interdomain && st.u.interdomain.port == rport);
	return st.u.interdomain.dom;
}

/* The next key typed for us, or 'c' once the peer raises control. */
static int next_command(void)
{
	evtchn_port_t ports[2] = {rt_console_port(), CTL};
	struct sched_poll poll = {.nr_ports = 2, .timeout = 0};
	int c;

	set_xen_guest_handle(poll.ports, ports);
	for (;;) {
		if (rt_evtchn_take(CTL))
			return 'c';
		c = rt_console_trygetc();
		if (c >= 0)
			return c;
		if (!ports[0] || HYPERVISOR_sched_op(SCHEDOP_poll, &poll))
			return -1;
	}
}

static void ping_pong(void)
{
	unsigned int i, ok = 0;

	for (i = 0; i < SR_ROUNDS; i++) {
		if (SR_SIDE == 1)
			rt_evtchn_send(DATA);
		ok += rt_evtchn_wait(DATA);
		if (SR_SIDE == 0)
			rt_evtchn_send(DATA);
	}
	CHECK_EQ("ping-pong", ok, SR_ROUNDS);
	rt_puts("static_reboot: ping-pong done\n");
}

static void reboot(void)
{
	struct sched_shutdown sd = {.reason = SHUTDOWN_reboot};

	rt_puts("static_reboot: rebooting\n");
	HYPERVISOR_sched_op(SCHEDOP_shutdown, &sd);
	rt_check("reboot does not return", false);
}

/* The peer is gone: our end waits for it, and sending on it reaches nobody. */
static void check_peer_gone(domid_t peer)
{
	struct evtchn_status st;

	CHECK_EQ("status with the peer gone", rt_evtchn_wait_status(DATA, EVTCHNSTAT_unbound, &st),
		 0);
	CHECK_EQ("data port unbound", st.status, EVTCHNSTAT_unbound);
	CHECK_EQ("data port waits for the peer", st.u.unbound.dom, peer);
	rt_evtchn_take(DATA);
	CHECK_EQ("send with the peer gone", rt_evtchn_send(DATA), 0);
	rt_check("nothing delivered to us", !rt_evtchn_take(DATA));
	rt_evtchn_wait_status(CTL, EVTCHNSTAT_unbound, &st);
	CHECK_EQ("control port unbound", st.status, EVTCHNSTAT_unbound);
}

void guest_main(void)
{
	domid_t peer;

	rt_printf("static_reboot side %s\n", SR_SIDE == 0 ? "R" : "S");
	rt_map_shared_info();
	peer = check_bound("data port bound", DATA, PEER_DATA);
	CHECK_EQ("control port peer", check_bound("control port bound", CTL, PEER_CTL), peer);
	/* Our binds raised our ports (nothing is lost): those are not the peer's. */
	rt_evtchn_take(DATA);
	rt_evtchn_take(CTL);
	rt_puts("static_reboot: ready\n");
	for (;;) {
		int c = next_command();

		switch (c) {
		case 'p':
			ping_pong();
			break;
		case 'b':
			CHECK_EQ("raise control", rt_evtchn_send(CTL), 0);
			reboot();
			return;
		case 'c':
			rt_puts("static_reboot: control raised by the peer\n");
			reboot();
			return;
		case 'r':
			reboot();
			return;
		case 'g':
			check_peer_gone(peer);
			break;
		case 'o':
			return;
		default:
			rt_printf("static_reboot: no command (%d)\n", c);
			rt_check("command", false);
			return;
		}
	}
}
