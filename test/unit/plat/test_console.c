// SPDX-License-Identifier: GPL-2.0-only
/* The console multiplexer: line tagging, buffering, history, CTRL-a input switching. */
#include <basalt/console.h>
#include <basalt/keyhandler.h>
#include <basalt/errno.h>
#include <glib.h>

static GString *sink;
static GString *input_d1, *input_d2;
static GString *keys;

void console_sink_write(const char *buf, size_t len)
{
	g_string_append_len(sink, buf, (gssize)len);
}

static void dom_input(domid_t id, char c, void *data)
{
	g_string_append_c((GString *)data, c);
	g_assert_true(id == 1 ? data == input_d1 : data == input_d2);
}

static void key_fn(char key)
{
	g_string_append_c(keys, key);
}

/* Each test starts from the hypervisor owning input, both domains detached, at a line start. */
static void reset(void)
{
	console_unregister_domain(1);
	console_unregister_domain(2);
	console_force_unlock();
	/* A switch by hand with nobody attached: forget who should get input back. */
	console_rx_char('\x01');
	console_rx_char('\x01');
	console_rx_char('\x01');
	g_assert_cmpint(console_input_owner(), ==, -1);
	g_string_truncate(sink, 0);
	g_string_truncate(input_d1, 0);
	g_string_truncate(input_d2, 0);
	g_string_truncate(keys, 0);
}

static void type(const char *s)
{
	for (; *s; s++)
		console_rx_char(*s);
}

static void test_tagging(void)
{
	reset();
	console_hyp_write("boot\nsecond ", 12);
	console_hyp_write("part\n", 5);
	g_assert_cmpstr(sink->str, ==, "(basalt) boot\n(basalt) second part\n");
}

static void test_domain_lines_buffered(void)
{
	reset();
	g_assert_cmpint(console_register_domain(1, dom_input, input_d1), ==, 0);
	console_domain_write(1, "hel", 3);
	g_assert_cmpstr(sink->str, ==, "");
	console_hyp_write("hv\n", 3);
	console_domain_write(1, "lo\nx", 4);
	g_assert_cmpstr(sink->str, ==, "(basalt) hv\n(d1) hello\n");
	console_domain_write(2, "two\n", 4); /* output before registering is fine */
	g_assert_cmpstr(sink->str, ==, "(basalt) hv\n(d1) hello\n(d2) two\n");
}

static void test_long_line_split(void)
{
	char buf[CONSOLE_LINE_MAX + 10];

	reset();
	memset(buf, 'a', sizeof(buf));
	console_domain_write(3, buf, sizeof(buf));
	/* The first CONSOLE_LINE_MAX bytes come out as a line of their own. */
	g_assert_cmpuint(sink->len, ==, 5 + CONSOLE_LINE_MAX + 1);
	g_assert_true(g_str_has_prefix(sink->str, "(d3) aaaa"));
	g_assert_cmpint(sink->str[sink->len - 1], ==, '\n');
}

static void test_switch_and_input(void)
{
	reset();
	g_assert_cmpint(console_register_domain(1, dom_input, input_d1), ==, 0);
	g_assert_cmpint(console_register_domain(2, dom_input, input_d2), ==, 0);
	g_assert_cmpint(console_register_domain(2, dom_input, input_d2), ==, -EEXIST);
	type("k");
	g_assert_cmpstr(keys->str, ==, "k");

	type("\x01\x01\x01");
	g_assert_cmpint(console_input_owner(), ==, 1);
	g_assert_nonnull(strstr(sink->str, "(basalt) *** Serial input to d1"));
	type("ls\r");
	g_assert_cmpstr(input_d1->str, ==, "ls\r");

	/* One or two CTRL-a followed by another key reach the domain. */
	type("\x01x");
	g_assert_cmpstr(input_d1->str, ==, "ls\r\x01x");

	type("\x01\x01\x01");
	g_assert_cmpint(console_input_owner(), ==, 2);
	type("p");
	g_assert_cmpstr(input_d2->str, ==, "p");
	type("\x01\x01\x01");
	g_assert_cmpint(console_input_owner(), ==, -1);
	g_assert_nonnull(strstr(sink->str, "*** Serial input to the hypervisor"));
	type("q");
	g_assert_cmpstr(keys->str, ==, "kq");
}

static void test_focus_writes_through(void)
{
	reset();
	console_register_domain(1, dom_input, input_d1);
	type("\x01\x01\x01");
	g_string_truncate(sink, 0);
	console_domain_write(1, "/ # ", 4);
	g_assert_cmpstr(sink->str, ==, "(d1) / # ");
	/* Another source breaks the partial line and the domain's continuation is re-tagged. */
	console_hyp_write("note\n", 5);
	console_domain_write(1, "ls\n", 3);
	g_assert_cmpstr(sink->str, ==, "(d1) / # \n(basalt) note\n(d1) ls\n");
}

static void test_prompt_shown_on_switch(void)
{
	reset();
	console_register_domain(1, dom_input, input_d1);
	console_domain_write(1, "/ # ", 4);
	g_assert_cmpstr(sink->str, ==, "");
	type("\x01\x01\x01");
	g_assert_true(g_str_has_suffix(sink->str, "(d1) / # "));
}

static void test_history_and_unregister(void)
{
	char buf[64];
	long n;

	reset();
	console_register_domain(5, dom_input, input_d1);
	console_domain_write(5, "first\nsecond\n", 13);
	type("\x01\x01\x01");
	g_assert_cmpint(console_input_owner(), ==, 5);
	console_unregister_domain(5);
	/* Input falls back to the hypervisor; the dead domain's output stays readable. */
	g_assert_cmpint(console_input_owner(), ==, -1);
	n = console_domain_history(5, buf, sizeof(buf));
	g_assert_cmpint(n, ==, 13);
	g_assert_cmpmem(buf, 13, "first\nsecond\n", 13);
	n = console_domain_history(5, buf, 7);
	g_assert_cmpmem(buf, 7, "second\n", 7);
	g_assert_cmpint(console_domain_history(77, buf, sizeof(buf)), ==, -ENOENT);
	/* A detached domain is not in the rotation. */
	type("\x01\x01\x01");
	g_assert_cmpint(console_input_owner(), ==, -1);
}

static void test_input_returns_after_reboot(void)
{
	reset();
	console_register_domain(1, dom_input, input_d1);
	console_register_domain(2, dom_input, input_d2);
	type("\x01\x01\x01");
	g_assert_cmpint(console_input_owner(), ==, 1);
	/* d1 reboots: input waits at the hypervisor and goes back to the new d1. */
	console_unregister_domain(1);
	g_assert_cmpint(console_input_owner(), ==, -1);
	console_register_domain(1, dom_input, input_d1);
	g_assert_cmpint(console_input_owner(), ==, 1);
	type("x");
	g_assert_cmpstr(input_d1->str, ==, "x");
	/* Switched away by hand meanwhile: the user's choice stands. */
	console_unregister_domain(1);
	type("\x01\x01\x01");
	g_assert_cmpint(console_input_owner(), ==, 2);
	console_register_domain(1, dom_input, input_d1);
	g_assert_cmpint(console_input_owner(), ==, 2);
}

static void test_history_wraps(void)
{
	static char big[CONSOLE_HISTORY_SIZE + 100];
	static char out[CONSOLE_HISTORY_SIZE];

	reset();
	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = (char)('a' + i % 26);
	console_domain_write(9, big, sizeof(big));
	g_assert_cmpint(console_domain_history(9, out, sizeof(out)), ==, CONSOLE_HISTORY_SIZE);
	g_assert_cmpmem(out, sizeof(out), big + 100, CONSOLE_HISTORY_SIZE);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	sink = g_string_new(NULL);
	input_d1 = g_string_new(NULL);
	input_d2 = g_string_new(NULL);
	keys = g_string_new(NULL);
	keyhandler_register('k', "test key", key_fn);
	keyhandler_register('q', "test key", key_fn);
	g_test_add_func("/plat/console/tagging", test_tagging);
	g_test_add_func("/plat/console/domain-lines-buffered", test_domain_lines_buffered);
	g_test_add_func("/plat/console/long-line-split", test_long_line_split);
	g_test_add_func("/plat/console/switch-and-input", test_switch_and_input);
	g_test_add_func("/plat/console/focus-writes-through", test_focus_writes_through);
	g_test_add_func("/plat/console/prompt-shown-on-switch", test_prompt_shown_on_switch);
	g_test_add_func("/plat/console/history-and-unregister", test_history_and_unregister);
	g_test_add_func("/plat/console/history-wraps", test_history_wraps);
	g_test_add_func("/plat/console/input-returns-after-reboot", test_input_returns_after_reboot);
	return g_test_run();
}
