/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Test guest for console input through CONSOLEIO_read (test/e2e/
 * test_xen_console_io.py types at it). Two variants:
 *
 * console_in_a (CI_OWNER=1), a console owner (basalt,console-io): binds
 * VIRQ_CONSOLE, and for each of three lines typed for it waits for the
 * event, reads with CONSOLEIO_read in small pieces and echoes the line
 * with CONSOLEIO_write ("ECHO1 [...]"). Before the second line's first
 * read it reads into unmapped memory (-EFAULT): that input must not be
 * lost. It also finds the first line in its vPL011, which keeps getting
 * the input. Plus the bad-argument cases (Xen's errnos).
 *
 * console_in_b (CI_OWNER=0), not a console owner: CONSOLEIO_read gets
 * -EPERM whatever the arguments, writing works, and a line typed for it
 * arrives in its vPL011 ("PL011 ECHO [...]") without VIRQ_CONSOLE.
 */
#include "runtime/rt.h"

#ifndef CI_OWNER
#error "build with -DCI_OWNER=0 or 1"
#endif

#define UNMAPPED_VA 0x10000000UL /* a device hole of the guest map: not RAM */
#define LINE_MAX    120
#define PL011_BASE  0x22000000UL /* GUEST_PL011_BASE */
#define UARTDR	    0x000
#define UARTFR	    0x018
#define FR_RXFE	    (1U << 4)
#define E2BIG	    7
#define SPIN_LIMIT  50000000U /* yields before a wait counts as failed */

static struct shared_info *shared;

static void map_shared_info(void)
{
	struct xen_add_to_physmap x = {.domid = DOMID_SELF, .space = XENMAPSPACE_shared_info};

	shared = rt_alloc_pages(1);
	x.gpfn = rt_gfn(shared);
	CHECK_EQ("map shared_info", HYPERVISOR_memory_op(XENMEM_add_to_physmap, &x), 0);
}

static __attribute__((unused)) bool port_pending(evtchn_port_t port)
{
	return __atomic_load_n(&shared->evtchn_pending[port / 64], __ATOMIC_SEQ_CST) &
	       (1ULL << (port % 64));
}

/* Clear @port's pending bit; was it set? */
static __attribute__((unused)) bool take(evtchn_port_t port)
{
	uint64_t bit = 1ULL << (port % 64);

	return __atomic_fetch_and(&shared->evtchn_pending[port / 64], ~bit, __ATOMIC_SEQ_CST) & bit;
}

static long bind_virq_console(unsigned int vcpu, evtchn_port_t *port)
{
	struct evtchn_bind_virq b = {.virq = VIRQ_CONSOLE, .vcpu = vcpu};
	long rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &b);

	*port = b.port;
	return rc;
}

static long console_read(unsigned long count, unsigned long buf)
{
	return xen_hypercall(__HYPERVISOR_console_io, CONSOLEIO_read, count, buf, 0, 0);
}

static void console_write(const char *s, unsigned int len)
{
	HYPERVISOR_console_io(CONSOLEIO_write, len, s);
}

/* "<tag> [<line>]": the line exactly as read, through CONSOLEIO_write. */
static void echo(const char *tag, const char *line, unsigned int len)
{
	console_write(tag, strlen(tag));
	console_write(" [", 2);
	console_write(line, len);
	console_write("]\n", 2);
}

static uint32_t pl011_read(unsigned int off)
{
	return *(volatile uint32_t *)(PL011_BASE + off);
}

/* The next character of the vPL011's receive FIFO, or -1 after SPIN_LIMIT yields. */
static int pl011_getc(void)
{
	unsigned int spins = 0;

	while (pl011_read(UARTFR) & FR_RXFE)
		if (++spins > SPIN_LIMIT || HYPERVISOR_sched_op(SCHEDOP_yield, NULL))
			return -1;
	return (int)(pl011_read(UARTDR) & 0xff);
}

/* A line from the vPL011 up to CR or LF (not stored); its length or -1. */
static int pl011_line(char *line)
{
	int n = 0, c;

	while ((c = pl011_getc()) >= 0) {
		if (c == '\r' || c == '\n')
			return n;
		if (n < LINE_MAX)
			line[n++] = (char)c;
	}
	return -1;
}

#if CI_OWNER
/*
 * Wait for VIRQ_CONSOLE on @port, then read a line (up to CR or LF) in pieces of
 * at most 5 bytes into @buf, a buffer that crosses a page boundary. With
 * @fault_first, the first read after the event goes to unmapped memory.
 * Returns the line's length, or -1.
 */
static int read_line(evtchn_port_t port, char *buf, bool fault_first)
{
	evtchn_port_t p = port;
	struct sched_poll poll = {.nr_ports = 1, .timeout = 0};
	unsigned int len = 0, waits = 0;
	bool bounded = true;

	set_xen_guest_handle(poll.ports, &p);
	for (;;) {
		long n;

		if (fault_first && waits > 0) {
			/* 0: the event was an old one, nothing queued yet; wait again. */
			n = console_read(5, UNMAPPED_VA);
			if (n != 0) {
				CHECK_EQ("read into unmapped memory", n, -EFAULT);
				fault_first = false;
			}
		}
		n = fault_first ? 0 : console_read(5, (unsigned long)(buf + len));
		if (n < 0 || n > 5) {
			rt_printf("  CONSOLEIO_read returned %ld\n", n);
			bounded = false;
			break;
		}
		if (n > 0) {
			len += n;
			if (buf[len - 1] == '\r' || buf[len - 1] == '\n')
				break;
			if (len > LINE_MAX - 5)
				break;
			continue;
		}
		/* Empty: sleep until the next character raises the VIRQ. */
		while (!take(port))
			if (HYPERVISOR_sched_op(SCHEDOP_poll, &poll))
				return -1;
		waits++;
	}
	rt_check("reads return 0..count", bounded);
	if (!bounded || len == 0)
		return -1;
	return (int)len - (buf[len - 1] == '\r' || buf[len - 1] == '\n');
}

static void bad_arguments(void)
{
	char b[8];

	CHECK_EQ("read, nothing typed", console_read(sizeof(b), (unsigned long)b), 0);
	/* Xen copies nothing from an empty ring, so it checks no pointer. */
	CHECK_EQ("read, nothing typed, unmapped buffer", console_read(8, UNMAPPED_VA), 0);
	CHECK_EQ("read count 0", console_read(0, (unsigned long)b), 0);
	CHECK_EQ("read count INT_MAX + 1", console_read(0x80000000UL, (unsigned long)b), -E2BIG);
	CHECK_EQ("read count -1", console_read(0xffffffffUL, (unsigned long)b), -E2BIG);
	CHECK_EQ("unknown console_io op",
		 xen_hypercall(__HYPERVISOR_console_io, 77, 8, (unsigned long)b, 0, 0), -ENOSYS);
}

void guest_main(void)
{
	/* The last bytes of one page and the start of the next. */
	char *buf = (char *)rt_alloc_pages(2) + PAGE_SIZE - 3;
	char pl[LINE_MAX];
	evtchn_port_t port;
	int len, plen;

	map_shared_info();
	bad_arguments();
	CHECK_EQ("bind VIRQ_CONSOLE on vCPU 1 (global VIRQ)", bind_virq_console(1, &port), -EINVAL);
	CHECK_EQ("bind VIRQ_CONSOLE", bind_virq_console(0, &port), 0);

	rt_puts("CONSOLEIO READY 1\n");
	len = read_line(port, buf, false);
	rt_check("first line read", len >= 0);
	if (len >= 0)
		echo("ECHO1", buf, (unsigned int)len);
	/* The vPL011 got the same characters (input goes to both). */
	plen = pl011_line(pl);
	rt_check("vPL011 got the line too", plen == len && len >= 0 && !memcmp(pl, buf, len));

	rt_puts("CONSOLEIO READY 2\n");
	len = read_line(port, buf, true);
	rt_check("second line read after a faulting read", len >= 0);
	if (len >= 0)
		echo("ECHO2", buf, (unsigned int)len);
	pl011_line(pl); /* keep the vPL011 FIFO drained */

	/* The test types for the other domain first: none of it may show up here. */
	rt_puts("CONSOLEIO READY 3\n");
	len = read_line(port, buf, false);
	rt_check("third line read", len >= 0);
	if (len >= 0)
		echo("ECHO3", buf, (unsigned int)len);
	CHECK_EQ("nothing left after the line", console_read(8, (unsigned long)buf), 0);
}
#else
void guest_main(void)
{
	char line[LINE_MAX], b[8];
	evtchn_port_t port;
	int len;

	map_shared_info();
	/* Permission first (Xen's XSM hook), whatever the other arguments. */
	CHECK_EQ("read (not owner)", console_read(sizeof(b), (unsigned long)b), -EPERM);
	CHECK_EQ("read count 0 (not owner)", console_read(0, (unsigned long)b), -EPERM);
	CHECK_EQ("read unmapped buffer (not owner)", console_read(8, UNMAPPED_VA), -EPERM);
	CHECK_EQ("read count -1 (not owner)", console_read(0xffffffffUL, (unsigned long)b), -EPERM);
	CHECK_EQ("write (not owner)", HYPERVISOR_console_io(CONSOLEIO_write, 0, b), 0);
	CHECK_EQ("bind VIRQ_CONSOLE (not owner)", bind_virq_console(0, &port), 0);

	rt_puts("PL011 READY\n");
	len = pl011_line(line);
	rt_check("line typed for us arrives in the vPL011", len >= 0);
	if (len >= 0)
		echo("PL011 ECHO", line, (unsigned int)len);
	CHECK_EQ("no VIRQ_CONSOLE for a non-owner", port_pending(port), 0);
	CHECK_EQ("read after input (not owner)", console_read(sizeof(b), (unsigned long)b), -EPERM);
}
#endif
