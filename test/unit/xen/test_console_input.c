// SPDX-License-Identifier: GPL-2.0-only
/*
 * CONSOLEIO_read of a console owner: the input ring (bounds, wrap-around,
 * drops, faulting sinks), the hypercall's Xen errnos and VIRQ_CONSOLE, and
 * the console multiplexer handing typed characters to a reader next to the
 * domain's own input handler.
 */
#include "xen_test.h"
#include <basalt/console.h>
#include <basalt/console_input.h>

/* ---- the ring ---- */

struct sink_ctx {
	char out[4 * CONSOLE_INPUT_SIZE];
	unsigned int calls;
	int fail_at_call; /* 1-based call that fails with -EFAULT; 0: never */
};

static int test_sink(void *ctx, size_t offset, const char *buf, size_t len)
{
	struct sink_ctx *s = ctx;

	if (++s->calls == (unsigned int)s->fail_at_call)
		return -EFAULT;
	g_assert_cmpuint(offset + len, <=, sizeof(s->out));
	memcpy(s->out + offset, buf, len);
	return 0;
}

static void push_str(struct console_input *in, const char *s)
{
	for (; *s; s++)
		console_input_push(in, *s);
}

static void test_ring_fifo(void)
{
	struct console_input in;
	struct sink_ctx s = {0};

	console_input_init(&in);
	g_assert_cmpint(console_input_read(&in, 16, test_sink, &s), ==, 0);
	g_assert_cmpuint(s.calls, ==, 0); /* empty: the sink is never called */
	push_str(&in, "hello");
	g_assert_cmpuint(console_input_pending(&in), ==, 5);
	g_assert_cmpint(console_input_read(&in, 3, test_sink, &s), ==, 3);
	g_assert_cmpmem(s.out, 3, "hel", 3);
	g_assert_cmpint(console_input_read(&in, 0, test_sink, &s), ==, 0);
	g_assert_cmpint(console_input_read(&in, 100, test_sink, &s), ==, 2);
	g_assert_cmpmem(s.out, 2, "lo", 2);
	g_assert_cmpuint(console_input_pending(&in), ==, 0);
}

static void test_ring_full_drops(void)
{
	struct console_input in;
	struct sink_ctx s = {0};
	unsigned int i;

	console_input_init(&in);
	for (i = 0; i < CONSOLE_INPUT_SIZE; i++)
		g_assert_true(console_input_push(&in, (char)('a' + i % 26)));
	/* Full: what follows is dropped and counted, what is queued stays. */
	g_assert_false(console_input_push(&in, 'X'));
	g_assert_false(console_input_push(&in, 'Y'));
	g_assert_cmpuint(in.dropped, ==, 2);
	g_assert_cmpuint(console_input_pending(&in), ==, CONSOLE_INPUT_SIZE);
	g_assert_cmpint(console_input_read(&in, 1000, test_sink, &s), ==, CONSOLE_INPUT_SIZE);
	for (i = 0; i < CONSOLE_INPUT_SIZE; i++)
		g_assert_cmpint(s.out[i], ==, 'a' + i % 26);
	g_assert_true(console_input_push(&in, 'Z')); /* room again */
}

/* Indices past the ring's end and past 2^32: still in order, in two pieces at most. */
static void test_ring_wraps(void)
{
	struct console_input in;
	struct sink_ctx s = {0};
	char want[100];
	unsigned int i;

	console_input_init(&in);
	in.prod = in.cons = UINT32_MAX - 40; /* the counters wrap during this test */
	for (i = 0; i < 100; i++) {
		want[i] = (char)('0' + i % 10);
		g_assert_true(console_input_push(&in, want[i]));
	}
	g_assert_cmpuint(console_input_pending(&in), ==, 100);
	g_assert_cmpint(console_input_read(&in, 100, test_sink, &s), ==, 100);
	g_assert_cmpuint(s.calls, ==, 2); /* the run crossed the ring's end once */
	g_assert_cmpmem(s.out, 100, want, 100);
	g_assert_cmpuint(in.cons, ==, in.prod);
}

static void test_ring_sink_fault_keeps_data(void)
{
	struct console_input in;
	struct sink_ctx s = {.fail_at_call = 1};

	console_input_init(&in);
	push_str(&in, "abc");
	g_assert_cmpint(console_input_read(&in, 3, test_sink, &s), ==, -EFAULT);
	g_assert_cmpuint(console_input_pending(&in), ==, 3);
	s.fail_at_call = 0;
	g_assert_cmpint(console_input_read(&in, 3, test_sink, &s), ==, 3);
	g_assert_cmpmem(s.out, 3, "abc", 3);
	/* A fault on the second piece: the first is consumed, the error returned (Xen). */
	in.prod = in.cons = CONSOLE_INPUT_SIZE - 2;
	push_str(&in, "wxyz");
	memset(&s, 0, sizeof(s));
	s.fail_at_call = 2;
	g_assert_cmpint(console_input_read(&in, 4, test_sink, &s), ==, -EFAULT);
	g_assert_cmpuint(console_input_pending(&in), ==, 2);
	s.fail_at_call = 0;
	g_assert_cmpint(console_input_read(&in, 4, test_sink, &s), ==, 2);
	g_assert_cmpmem(s.out, 2, "yz", 2);
}

/* ---- the hypercall ---- */

struct fixture {
	struct domain *owner, *other; /* d3: basalt,console-io; d4: neither it nor privileged */
};

static void setup(struct fixture *f, gconstpointer data)
{
	struct xen_domain_config own = {.console_owner = true};
	struct xen_domain_config plain = {0};

	fake_env_reset();
	f->owner = fake_domain_new(3, 2, 64, &own);
	f->other = fake_domain_new(4, 1, 16, &plain);
	scratch(f->owner);
	scratch(f->other);
}

static void teardown(struct fixture *f, gconstpointer data)
{
	fake_domain_free(f->other);
	fake_domain_free(f->owner);
	g_assert_cmpint(fake_live_allocs(), ==, 0);
	g_assert_cmpint(fake_live_pages(), ==, 0);
}

static long conio(struct domain *d, unsigned long cmd, unsigned long count, unsigned long buf)
{
	fake_set_current(d, 0);
	return hcall(__HYPERVISOR_console_io, cmd, count, buf);
}

static long bind_virq_console(struct domain *d, unsigned int vcpu, uint32_t *port)
{
	uint64_t g = scratch(d);
	struct evtchn_bind_virq *b = fake_gpa_ptr(d, g);
	long rc;

	b->virq = VIRQ_CONSOLE;
	b->vcpu = vcpu;
	fake_set_current(d, 0);
	rc = hcall(__HYPERVISOR_event_channel_op, EVTCHNOP_bind_virq, g, 0);
	*port = b->port;
	return rc;
}

static void test_owner_reads_typed_input(struct fixture *f, gconstpointer data)
{
	uint64_t g = fake_guest_alloc(f->owner, 2 * PAGE_SIZE);
	char *buf = fake_gpa_ptr(f->owner, g);
	uint32_t port;

	g_assert_true(console_io_is_owner(f->owner->xd));
	g_assert_cmpint(bind_virq_console(f->owner, 0, &port), ==, 0);
	g_assert_false(bit64(shinfo(f->owner)->evtchn_pending, port));
	g_assert_true(fake_console_type(3, "ls -l\n"));
	g_assert_true(bit64(shinfo(f->owner)->evtchn_pending, port));
	g_assert_cmpint(conio(f->owner, CONSOLEIO_read, 4, g), ==, 4);
	g_assert_cmpmem(buf, 4, "ls -", 4);
	/* Across a page boundary of the caller's buffer. */
	g_assert_cmpint(conio(f->owner, CONSOLEIO_read, 100, g + PAGE_SIZE - 1), ==, 2);
	g_assert_cmpint(*(char *)fake_gpa_ptr(f->owner, g + PAGE_SIZE - 1), ==, 'l');
	g_assert_cmpint(*(char *)fake_gpa_ptr(f->owner, g + PAGE_SIZE), ==, '\n');
	g_assert_cmpint(conio(f->owner, CONSOLEIO_read, 100, g), ==, 0);
	/* Empty: nothing is copied, so no pointer is checked (Xen's loop never runs). */
	g_assert_cmpint(conio(f->owner, CONSOLEIO_read, 100, 0x20), ==, 0);
}

static void test_owner_bad_arguments(struct fixture *f, gconstpointer data)
{
	uint64_t g = scratch(f->owner);
	char *buf = fake_gpa_ptr(f->owner, g);

	g_assert_true(fake_console_type(3, "abc"));
	/* count is Xen's unsigned int: above INT_MAX (incl. -1) is -E2BIG... */
	g_assert_cmpint(conio(f->owner, CONSOLEIO_read, 0x80000000UL, g), ==, -E2BIG);
	g_assert_cmpint(conio(f->owner, CONSOLEIO_read, 0xffffffffUL, g), ==, -E2BIG);
	g_assert_cmpint(conio(f->owner, CONSOLEIO_read, (unsigned long)-1L, g), ==, -E2BIG);
	/* ...and the upper 32 bits of the register are not part of it. */
	g_assert_cmpint(conio(f->owner, CONSOLEIO_read, 0x100000000UL, g), ==, 0);
	g_assert_cmpint(conio(f->owner, 0x100000000UL | CONSOLEIO_read, 1, g), ==, 1);
	g_assert_cmpint(buf[0], ==, 'a');
	/* A faulting buffer: -EFAULT and the input stays for the next read. */
	g_assert_cmpint(conio(f->owner, CONSOLEIO_read, 2, 0x20), ==, -EFAULT);
	g_assert_cmpint(conio(f->owner, CONSOLEIO_read, 2, ~0UL - 1), ==, -EFAULT);
	g_assert_cmpint(conio(f->owner, CONSOLEIO_read, 2, g), ==, 2);
	g_assert_cmpmem(buf, 2, "bc", 2);
	g_assert_cmpint(conio(f->owner, 7, 2, g), ==, -ENOSYS);
}

static void test_overflow_drops_but_notifies(struct fixture *f, gconstpointer data)
{
	uint64_t g = scratch(f->owner);
	char *buf = fake_gpa_ptr(f->owner, g);
	char line[CONSOLE_INPUT_SIZE + 41];
	uint32_t port;

	g_assert_cmpint(bind_virq_console(f->owner, 0, &port), ==, 0);
	memset(line, 'q', sizeof(line) - 1);
	line[sizeof(line) - 1] = 0;
	line[0] = 'S';
	g_assert_true(fake_console_type(3, line));
	g_assert_cmpuint(f->owner->xd->conio_in->dropped, ==, 40);
	/* The reader drains, clears the event; one more character still raises it. */
	g_assert_cmpint(conio(f->owner, CONSOLEIO_read, 1000, g), ==, CONSOLE_INPUT_SIZE);
	g_assert_cmpint(buf[0], ==, 'S');
	shinfo(f->owner)->evtchn_pending[port / 64] &= ~(1ULL << (port % 64));
	g_assert_true(fake_console_type(3, "!"));
	g_assert_true(bit64(shinfo(f->owner)->evtchn_pending, port));
	g_assert_cmpint(conio(f->owner, CONSOLEIO_read, 1000, g), ==, 1);
}

static void test_non_owner_eperm(struct fixture *f, gconstpointer data)
{
	uint64_t g = scratch(f->other);
	char *buf = fake_gpa_ptr(f->other, g);
	uint32_t port;

	g_assert_false(console_io_is_owner(f->other->xd));
	g_assert_false(fake_console_type(4, "x")); /* no reader attached for it */
	/* Permission comes first, as Xen's XSM hook: whatever the other arguments. */
	g_assert_cmpint(conio(f->other, CONSOLEIO_read, 4, g), ==, -EPERM);
	g_assert_cmpint(conio(f->other, CONSOLEIO_read, 0, g), ==, -EPERM);
	g_assert_cmpint(conio(f->other, CONSOLEIO_read, 4, 0x20), ==, -EPERM);
	g_assert_cmpint(conio(f->other, CONSOLEIO_read, 0xffffffffUL, g), ==, -EPERM);
	/* Writing stays open to every domain. */
	strcpy(buf, "hi\n");
	g_assert_cmpint(conio(f->other, CONSOLEIO_write, 3, g), ==, 0);
	/* It may bind VIRQ_CONSOLE (Xen allows it), which the owner's input never raises. */
	g_assert_cmpint(bind_virq_console(f->other, 0, &port), ==, 0);
	g_assert_true(fake_console_type(3, "for the owner"));
	g_assert_false(bit64(shinfo(f->other)->evtchn_pending, port));
	/* A global VIRQ binds on vCPU 0 only. */
	g_assert_cmpint(bind_virq_console(f->owner, 1, &port), ==, -EINVAL);
}

static void test_privileged_is_owner(void)
{
	struct xen_domain_config priv = {.privileged = true};
	struct domain *d0;
	uint64_t g;

	fake_env_reset();
	d0 = fake_domain_new(0, 1, 16, &priv);
	g = scratch(d0);
	g_assert_true(console_io_is_owner(d0->xd));
	g_assert_true(fake_console_type(0, "ok"));
	g_assert_cmpint(conio(d0, CONSOLEIO_read, 16, g), ==, 2);
	g_assert_cmpmem(fake_gpa_ptr(d0, g), 2, "ok", 2);
	fake_domain_free(d0);
	g_assert_cmpint(fake_live_allocs(), ==, 0);
}

/* ---- the console multiplexer ---- */

static GString *sink, *pl011_in, *reader_in, *reader2_in;

void console_sink_write(const char *buf, size_t len)
{
	g_string_append_len(sink, buf, (gssize)len);
}

static void append_input(domid_t id, char c, void *data)
{
	g_string_append_c((GString *)data, c);
}

static void type(const char *s)
{
	for (; *s; s++)
		console_rx_char(*s);
}

static void mux_reset(void)
{
	console_unregister_domain(1);
	console_unregister_reader(1);
	console_unregister_reader(2);
	console_force_unlock();
	g_assert_cmpint(console_input_owner(), ==, -1);
	g_string_truncate(sink, 0);
	g_string_truncate(pl011_in, 0);
	g_string_truncate(reader_in, 0);
	g_string_truncate(reader2_in, 0);
}

/* d1 has a vPL011 and a reader (console owner); d2 only a reader. */
static void test_mux_reader_and_pl011_both_get_input(void)
{
	mux_reset();
	g_assert_cmpint(console_register_domain(1, append_input, pl011_in), ==, 0);
	g_assert_cmpint(console_register_reader(1, append_input, reader_in), ==, 0);
	g_assert_cmpint(console_register_reader(1, append_input, reader_in), ==, -EEXIST);
	g_assert_cmpint(console_register_reader(2, append_input, reader2_in), ==, 0);
	type("k"); /* hypervisor input: a debug key, no domain sees it */
	type("\x01\x01\x01"
	     "abc\r"); /* to d1 */
	g_assert_cmpint(console_input_owner(), ==, 1);
	g_assert_cmpstr(reader_in->str, ==, "abc\r");
	g_assert_cmpstr(pl011_in->str, ==, "abc\r");
	/* Fewer than three CTRL-a are input, for both consumers alike. */
	type("\x01\x01"
	     "d");
	g_assert_cmpstr(reader_in->str, ==,
			"abc\r\x01\x01"
			"d");
	g_assert_cmpstr(pl011_in->str, ==,
			"abc\r\x01\x01"
			"d");
	/* A reader-only domain is in the rotation too. */
	type("\x01\x01\x01"
	     "xyz");
	g_assert_cmpint(console_input_owner(), ==, 2);
	g_assert_cmpstr(reader2_in->str, ==, "xyz");
	g_assert_cmpstr(reader_in->str, ==,
			"abc\r\x01\x01"
			"d");
	type("\x01\x01\x01");
	g_assert_cmpint(console_input_owner(), ==, -1);
	g_assert_nonnull(strstr(sink->str, "Serial input to d2"));
}

static void test_mux_unregister_moves_input(void)
{
	mux_reset();
	g_assert_cmpint(console_register_domain(1, append_input, pl011_in), ==, 0);
	g_assert_cmpint(console_register_reader(1, append_input, reader_in), ==, 0);
	type("\x01\x01\x01");
	g_assert_cmpint(console_input_owner(), ==, 1);
	/* Without its reader d1 keeps input for its vPL011, which still gets everything. */
	console_unregister_reader(1);
	g_assert_cmpint(console_input_owner(), ==, 1);
	type("p");
	g_assert_cmpstr(pl011_in->str, ==, "p");
	g_assert_cmpstr(reader_in->str, ==, "");
	/* Reader back, vPL011 gone: the reader keeps d1 in focus. */
	g_assert_cmpint(console_register_reader(1, append_input, reader_in), ==, 0);
	console_unregister_domain(1);
	g_assert_cmpint(console_input_owner(), ==, 1);
	type("r");
	g_assert_cmpstr(reader_in->str, ==, "r");
	/* Nothing left: input returns to the hypervisor. */
	console_unregister_reader(1);
	g_assert_cmpint(console_input_owner(), ==, -1);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	sink = g_string_new(NULL);
	pl011_in = g_string_new(NULL);
	reader_in = g_string_new(NULL);
	reader2_in = g_string_new(NULL);
	g_test_add_func("/xen/console-input/ring/fifo", test_ring_fifo);
	g_test_add_func("/xen/console-input/ring/full-drops", test_ring_full_drops);
	g_test_add_func("/xen/console-input/ring/wraps", test_ring_wraps);
	g_test_add_func("/xen/console-input/ring/sink-fault-keeps-data",
			test_ring_sink_fault_keeps_data);
#define ADD(name, fn)                                                                              \
	g_test_add("/xen/console-input/consoleio/" name, struct fixture, NULL, setup, fn, teardown)
	ADD("owner-reads-typed-input", test_owner_reads_typed_input);
	ADD("owner-bad-arguments", test_owner_bad_arguments);
	ADD("overflow-drops-but-notifies", test_overflow_drops_but_notifies);
	ADD("non-owner-eperm", test_non_owner_eperm);
	g_test_add_func("/xen/console-input/consoleio/privileged-is-owner",
			test_privileged_is_owner);
	g_test_add_func("/xen/console-input/mux/reader-and-pl011",
			test_mux_reader_and_pl011_both_get_input);
	g_test_add_func("/xen/console-input/mux/unregister-moves-input",
			test_mux_unregister_moves_input);
	return g_test_run();
}
