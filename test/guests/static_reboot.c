/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Test guest pair for static event channels across a reboot (built twice:
 * -DSR_SIDE=0 is R, which reboots; 1 is S, which stays up). The host DT
 * links R's ports 10 (data) and 11 (control) to S's ports 20 and 21.
 *
 * R has no memory of an earlier life (a reboot reloads its image), so S
 * tells it which life it is in by the number of pings: each life R says
 * hello on data, answers pings until S raises control, then counts them.
 * SR_PINGS_1 pings: first life, reboot (SCHEDOP_shutdown, SHUTDOWN_reboot).
 * SR_PINGS_2: second life, finish and power off. S checks that the ports
 * come back re-attached with the numbers the DT declares, and, once R is
 * gone for good, that its end is unbound towards R and sends go nowhere.
 * Before raising control S waits for a key on its PV console, so the
 * test can read the hypervisor's free-page figure with both lives idle.
 */
#include "runtime/xen_setup.h"

#define R_DATA	   10
#define R_CTL	   11
#define S_DATA	   20
#define S_CTL	   21
#define SR_PINGS_1 100
#define SR_PINGS_2 200

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

#if SR_SIDE == 0
/* Wait for data or control; true for control. */
static bool wait_data_or_ctl(bool *ok)
{
	evtchn_port_t ports[2] = {R_DATA, R_CTL};
	struct sched_poll poll = {.nr_ports = 2, .timeout = 0};

	set_xen_guest_handle(poll.ports, ports);
	for (;;) {
		if (rt_evtchn_take(R_CTL))
			return true;
		if (rt_evtchn_take(R_DATA))
			return false;
		if (HYPERVISOR_sched_op(SCHEDOP_poll, &poll)) {
			*ok = false;
			return true;
		}
	}
}

static void side_r(void)
{
	struct sched_shutdown sd = {.reason = SHUTDOWN_reboot};
	unsigned int pings = 0;
	bool ok = true;

	check_bound("data port bound", R_DATA, S_DATA);
	check_bound("control port bound", R_CTL, S_CTL);
	/* Our binds raised our ports (nothing is lost); S sends only after hello. */
	rt_evtchn_take(R_DATA);
	rt_evtchn_take(R_CTL);
	CHECK_EQ("hello", rt_evtchn_send(R_DATA), 0);
	while (!wait_data_or_ctl(&ok)) {
		pings++;
		rt_evtchn_send(R_DATA);
	}
	rt_check("poll", ok);
	rt_printf("static_reboot: R counted %u pings\n", pings);
	if (pings == SR_PINGS_1) {
		rt_check("first life: ping-pong", true);
		rt_puts("static_reboot: R reboots\n");
		HYPERVISOR_sched_op(SCHEDOP_shutdown, &sd);
		rt_check("reboot does not return", false);
		return;
	}
	CHECK_EQ("second life: ping-pong after the reboot", pings, SR_PINGS_2);
}
#else
static unsigned int ping_pong(unsigned int rounds)
{
	unsigned int i, ok = 0;

	for (i = 0; i < rounds; i++) {
		rt_evtchn_send(S_DATA);
		ok += rt_evtchn_wait(S_DATA);
	}
	return ok;
}

/* Let the test read the free-page figure with R idle, then end R's life. */
static void end_phase(unsigned int phase)
{
	char c;

	rt_printf("static_reboot: phase %u done, press a key\n", phase);
	c = rt_console_getc();
	rt_printf("static_reboot: key %u\n", (unsigned int)c);
	CHECK_EQ("control", rt_evtchn_send(S_CTL), 0);
}

static void side_s(void)
{
	struct evtchn_status st;
	domid_t r;

	r = check_bound("data port bound", S_DATA, R_DATA);
	CHECK_EQ("control port peer", check_bound("control port bound", S_CTL, R_CTL), r);
	rt_check("hello from R's first life", rt_evtchn_wait(S_DATA));
	CHECK_EQ("first life: ping-pong", ping_pong(SR_PINGS_1), SR_PINGS_1);
	end_phase(1);

	/* R's next hello comes once its second life has re-attached our ports. */
	rt_check("hello from R's second life", rt_evtchn_wait(S_DATA));
	CHECK_EQ("data port re-attached, same domain",
		 check_bound("data port re-attached", S_DATA, R_DATA), r);
	CHECK_EQ("control port re-attached, same domain",
		 check_bound("control port re-attached", S_CTL, R_CTL), r);
	CHECK_EQ("second life: ping-pong", ping_pong(SR_PINGS_2), SR_PINGS_2);
	end_phase(2);

	/* R powers off: our end waits for it again, and sending delivers nothing. */
	CHECK_EQ("status once R is gone", rt_evtchn_wait_status(S_DATA, EVTCHNSTAT_unbound, &st),
		 0);
	CHECK_EQ("data port unbound", st.status, EVTCHNSTAT_unbound);
	CHECK_EQ("data port waits for R", st.u.unbound.dom, r);
	rt_evtchn_take(S_DATA);
	CHECK_EQ("send with R gone", rt_evtchn_send(S_DATA), 0);
	rt_check("nothing delivered to us", !rt_evtchn_take(S_DATA));
	CHECK_EQ("control port unbound",
		 rt_evtchn_wait_status(S_CTL, EVTCHNSTAT_unbound, &st) == 0 &&
		     st.status == EVTCHNSTAT_unbound,
		 1);
}
#endif

void guest_main(void)
{
	rt_printf("static_reboot side %s\n", SR_SIDE == 0 ? "R" : "S");
	rt_map_shared_info();
#if SR_SIDE == 0
	side_r();
#else
	side_s();
#endif
}
