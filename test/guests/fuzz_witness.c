/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Test guest that runs next to the fuzzing guest as the "other domain": it
 * reads lines typed at it on its emulated PL011 and answers each with a
 * line of its own and a hypercall round trip, so the test sees that a
 * domain other than the fuzzer still runs and is scheduled, and that the
 * console multiplexer still routes input. A line "off" ends it (PSCI
 * SYSTEM_OFF through the runtime). Between lines it sleeps in SCHEDOP_poll
 * on a port nobody raises, with a 20 ms timeout, instead of spinning.
 */
#include "runtime/rt.h"

#define UART_BASE 0x22000000UL /* the guest layout's vPL011 */
#define UARTDR	  0x000
#define UARTFR	  0x018
#define FR_RXFE	  (1U << 4)
#define POLL_NS	  20000000ULL

static uint32_t uart_read(unsigned long reg)
{
	return *(volatile uint32_t *)(UART_BASE + reg);
}

/* The hypervisor's system time: ns of the physical counter. */
static uint64_t system_ns(void)
{
	uint64_t v, f;

	__asm__ volatile("isb; mrs %0, cntpct_el0" : "=r"(v));
	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(f));
	return v / f * 1000000000ULL + v % f * 1000000000ULL / f;
}

static void nap(evtchn_port_t port)
{
	evtchn_port_t p = port;
	struct sched_poll poll = {.nr_ports = 1};

	set_xen_guest_handle(poll.ports, &p);
	poll.timeout = system_ns() + POLL_NS;
	HYPERVISOR_sched_op(SCHEDOP_poll, &poll);
}

/* Answer one line: echo it with the Xen version read just now. */
static void answer(const char *line)
{
	rt_printf("witness: %s (xen_version %lx)\n", line,
		  (unsigned long)HYPERVISOR_xen_version(XENVER_version, NULL));
}

void guest_main(void)
{
	struct evtchn_alloc_unbound au = {.dom = DOMID_SELF, .remote_dom = DOMID_SELF};
	char line[64];
	unsigned int len = 0, answered = 0;

	CHECK_EQ("idle port allocated", HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &au), 0);
	rt_puts("witness: ready\n");
	for (;;) {
		char c;

		if (uart_read(UARTFR) & FR_RXFE) {
			nap(au.port);
			continue;
		}
		c = (char)uart_read(UARTDR);
		if (c != '\r' && c != '\n') {
			if (len < sizeof(line) - 1)
				line[len++] = c;
			continue;
		}
		line[len] = 0;
		if (!len)
			continue;
		len = 0;
		if (!memcmp(line, "off", 4))
			break;
		answer(line);
		answered++;
	}
	CHECK_EQ("answered every line before off", answered > 0, 1);
}
