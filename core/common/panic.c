// SPDX-License-Identifier: GPL-2.0-only
/* panic(): the message, the CPU, a backtrace, then every CPU stops. */
#include <basalt/lib.h>
#include <basalt/panic.h>
#include <basalt/percpu.h>
#include <basalt/console.h>
#include <basalt/atomic.h>
#include <asm/irqflags.h>
#include <asm/backtrace.h>

static int panicking_cpu = -1;

static void __noreturn stop_here(void)
{
	local_irq_disable();
	for (;;)
		__asm__ volatile("wfi");
}

void panic_begin(void)
{
	int me, expected = -1;

	local_irq_disable();
	me = (int)smp_processor_id();
	if (!atomic_cmpxchg(&panicking_cpu, &expected, me)) {
		if (expected == me) {
			static const char msg[] = "\n*** recursive panic: halting\n";

			console_sink_write(msg, sizeof(msg) - 1);
		}
		stop_here(); /* the first panicking CPU reports and halts everyone */
	}
	console_force_unlock();
}

void panic_end(void)
{
	printk_level(LOG_ERROR, "**** Basalt halted on CPU%u: stopping all CPUs ****\n",
		     smp_processor_id());
	smp_halt_all();
}

void panic(const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	panic_begin();
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	printk_level(LOG_ERROR, "PANIC on CPU%u: %s\n", smp_processor_id(), msg);
	backtrace_print_current();
	panic_end();
}
