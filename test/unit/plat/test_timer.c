// SPDX-License-Identifier: GPL-2.0-only
/* Software timers: queue order, re-arming, stopping, moving between pCPUs, hardware programming. */
#include <basalt/time.h>
#include <basalt/percpu.h>
#include <glib.h>

static uint64_t fake_now;
static unsigned int fake_cpu;
static uint64_t programmed[NR_CPUS];
static unsigned int kicks[NR_CPUS];
static GString *fired;

uint64_t now_ns(void)
{
	return fake_now;
}

unsigned int smp_processor_id(void)
{
	return fake_cpu;
}

void timer_arch_program(uint64_t expires_ns)
{
	programmed[fake_cpu] = expires_ns;
}

void timer_arch_kick(unsigned int cpu)
{
	kicks[cpu]++;
}

static void record(void *data)
{
	g_string_append(fired, data);
}

static void reset(void)
{
	for (unsigned int i = 0; i < NR_CPUS; i++) {
		timer_queue_init(i);
		programmed[i] = 0;
		kicks[i] = 0;
	}
	fake_now = 1000;
	fake_cpu = 0;
	g_string_truncate(fired, 0);
}

static void test_order(void)
{
	struct timer t[5];
	static const uint64_t when[5] = {500, 100, 300, 100, 200};
	static char *names[5] = {"e", "a", "d", "b", "c"};

	reset();
	for (int i = 0; i < 5; i++) {
		timer_init(&t[i], record, names[i]);
		timer_set(&t[i], fake_now + when[i], 0);
	}
	/* The hardware follows the earliest deadline. */
	g_assert_cmpuint(programmed[0], ==, 1100);
	fake_now = 1250;
	timer_softirq();
	g_assert_cmpstr(fired->str, ==, "abc"); /* equal deadlines fire in arming order */
	g_assert_cmpuint(programmed[0], ==, 1300);
	fake_now = 2000;
	timer_softirq();
	g_assert_cmpstr(fired->str, ==, "abcde");
	g_assert_cmpuint(programmed[0], ==, 0); /* queue empty: timer off */
	for (int i = 0; i < 5; i++)
		g_assert_false(timer_is_active(&t[i]));
}

static void test_rearm_and_stop(void)
{
	struct timer a, b;

	reset();
	timer_init(&a, record, "a");
	timer_init(&b, record, "b");
	timer_set(&a, 5000, 0);
	timer_set(&b, 6000, 0);
	timer_set(&a, 7000, 0); /* moves behind b */
	g_assert_cmpuint(programmed[0], ==, 6000);
	timer_stop(&b);
	g_assert_cmpuint(programmed[0], ==, 7000);
	g_assert_false(timer_is_active(&b));
	timer_stop(&b); /* stopping twice is harmless */
	fake_now = 10000;
	timer_softirq();
	g_assert_cmpstr(fired->str, ==, "a");
}

static void rearm_self(void *data)
{
	struct timer *t = data;

	g_string_append_c(fired, 'r');
	if (fired->len < 3)
		timer_set(t, fake_now + 10, 0);
}

static void test_callback_rearms(void)
{
	struct timer t;

	reset();
	timer_init(&t, rearm_self, &t);
	timer_set(&t, 1010, 0);
	fake_now = 1010;
	timer_softirq();
	g_assert_cmpstr(fired->str, ==, "r");
	g_assert_true(timer_is_active(&t));
	g_assert_cmpuint(programmed[0], ==, 1020);
	fake_now = 1100; /* re-armed relative to now: 1110 is not due yet */
	timer_softirq();
	g_assert_cmpstr(fired->str, ==, "rr");
	g_assert_cmpuint(programmed[0], ==, 1110);
	fake_now = 1110;
	timer_softirq();
	g_assert_cmpstr(fired->str, ==, "rrr");
	g_assert_false(timer_is_active(&t));
	g_assert_cmpuint(programmed[0], ==, 0);
}

static void test_remote_cpu(void)
{
	struct timer t;

	reset();
	timer_init(&t, record, "x");
	timer_set(&t, 3000, 2); /* from CPU0 onto CPU2: CPU2 is asked to re-read its queue */
	g_assert_cmpuint(kicks[2], ==, 1);
	g_assert_cmpuint(programmed[0], ==, 0);
	fake_now = 4000;
	timer_softirq(); /* CPU0's queue does not hold it */
	g_assert_cmpstr(fired->str, ==, "");
	fake_cpu = 2;
	timer_softirq();
	g_assert_cmpstr(fired->str, ==, "x");
	/* Moving a CPU's head timer elsewhere reprograms the old CPU too. */
	fake_cpu = 0;
	timer_set(&t, 9000, 0);
	g_assert_cmpuint(programmed[0], ==, 9000);
	timer_set(&t, 9000, 1);
	g_assert_cmpuint(programmed[0], ==, 0);
	g_assert_cmpuint(kicks[1], ==, 1);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	fired = g_string_new(NULL);
	g_test_add_func("/plat/timer/order", test_order);
	g_test_add_func("/plat/timer/rearm-and-stop", test_rearm_and_stop);
	g_test_add_func("/plat/timer/callback-rearms", test_callback_rearms);
	g_test_add_func("/plat/timer/remote-cpu", test_remote_cpu);
	return g_test_run();
}
