// SPDX-License-Identifier: GPL-2.0-only
/*
 * The platform's debug keys: 'm' memory use, 'd' registers of every pCPU,
 * 't' a software-timer probe on every pCPU, 'C' a deliberate panic.
 */
#include <basalt/lib.h>
#include <basalt/keyhandler.h>
#include <basalt/percpu.h>
#include <basalt/page_alloc.h>
#include <basalt/time.h>
#include <asm/regs.h>
#include <asm/sysregs.h>

/* MEM's allocator: referenced weakly so the platform links without it. */
#pragma weak page_alloc_free_count
#pragma weak page_alloc_total_count

static void key_memory(char key)
{
	if (!page_alloc_free_count || !page_alloc_total_count) {
		printk("free pages: no page allocator built in\n");
		return;
	}
	/* Tests compare this line before and after a domain's life: keep its format. */
	printk("free pages: %zu of %zu (4 KiB pages)\n", page_alloc_free_count(),
	       page_alloc_total_count());
}

static void dump_this_cpu(void *unused)
{
	struct pcpu *c = this_cpu();

	printk("*** pCPU%u (MPIDR %#lx) %s, %lu interrupts, uptime %lu ms\n", c->id,
	       (unsigned long)c->mpidr, c->curr ? "running a vCPU" : "idle",
	       (unsigned long)c->nr_irqs, (unsigned long)(now_ns() / NSEC_PER_MSEC));
	if (c->irq_regs)
		show_regs(c->irq_regs);
	printk("HCR_EL2 %016lx VTTBR_EL2 %016lx\n", (unsigned long)READ_SYSREG(hcr_el2),
	       (unsigned long)READ_SYSREG(vttbr_el2));
}

static void key_registers(char key)
{
	printk("'%c' pressed -> dumping registers of %u pCPUs\n", key, nr_online_cpus());
	for (unsigned int cpu = 0; cpu < nr_possible_cpus(); cpu++) {
		if (pcpu_of(cpu)->online)
			smp_call_function(cpu, dump_this_cpu, NULL, true);
	}
}

static struct timer probe_timers[NR_CPUS];

static void probe_fired(void *data)
{
	struct timer *t = data;
	unsigned int want = (unsigned int)(t - probe_timers);

	printk("timer probe: pCPU%u timer ran on pCPU%u, %lu us after its deadline\n", want,
	       smp_processor_id(), (unsigned long)((now_ns() - t->expires_ns) / NSEC_PER_USEC));
}

/* Arm a 100 ms software timer on every pCPU: checks each CPU's EL2 timer and remote arming. */
static void key_timers(char key)
{
	uint64_t deadline = now_ns() + MILLISECS(100);

	printk("'%c' pressed -> arming a 100 ms timer on each of %u pCPUs\n", key,
	       nr_online_cpus());
	for (unsigned int cpu = 0; cpu < nr_possible_cpus(); cpu++) {
		if (!pcpu_of(cpu)->online || timer_is_active(&probe_timers[cpu]))
			continue;
		timer_init(&probe_timers[cpu], probe_fired, &probe_timers[cpu]);
		timer_set(&probe_timers[cpu], deadline, cpu);
	}
}

/* As Xen's 'C': a deliberate crash, to see the panic path work. */
static void key_crash(char key)
{
	panic("debug key '%c' pressed: crashing on request", key);
}

void keyhandler_init(void)
{
	keyhandler_init_help();
	keyhandler_register('m', "memory: free and total pages of the page allocator", key_memory);
	keyhandler_register('d', "registers of each physical CPU", key_registers);
	keyhandler_register('t', "arm a 100 ms software timer on each physical CPU", key_timers);
	keyhandler_register('C', "crash the hypervisor (tests the panic path)", key_crash);
}
