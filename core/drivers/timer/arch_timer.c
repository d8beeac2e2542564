// SPDX-License-Identifier: GPL-2.0-only
/*
 * The ARM generic timer: the system counter for time, the EL2 physical timer
 * (CNTHP_*_EL2, PPI 26) for this pCPU's software timers.
 */
#include <basalt/lib.h>
#include <basalt/time.h>
#include <basalt/irq.h>
#include <basalt/percpu.h>
#include <basalt/fdt.h>
#include <asm/sysregs.h>
#include <libfdt.h>

#define CNTHP_CTL_ENABLE BIT(0)

static uint64_t counter_hz;
static uint64_t ns_mult;    /* ns = ticks * ns_mult >> 32 */
static uint64_t ticks_mult; /* ticks = ns * ticks_mult >> 32 */

uint64_t counter_read(void)
{
	isb(); /* do not read the counter early */
	return READ_SYSREG(cntpct_el0);
}

uint64_t cntfrq(void)
{
	return counter_hz;
}

uint64_t ticks_to_ns(uint64_t ticks)
{
	return (uint64_t)(((unsigned __int128)ticks * ns_mult) >> 32);
}

uint64_t ns_to_ticks(uint64_t ns)
{
	return (uint64_t)(((unsigned __int128)ns * ticks_mult) >> 32);
}

uint64_t now_ns(void)
{
	return ticks_to_ns(counter_read());
}

void timer_arch_program(uint64_t expires_ns)
{
	if (!expires_ns) {
		WRITE_SYSREG(cnthp_ctl_el2, 0);
		return;
	}
	WRITE_SYSREG(cnthp_cval_el2, ns_to_ticks(expires_ns) + 1); /* never early */
	WRITE_SYSREG(cnthp_ctl_el2, CNTHP_CTL_ENABLE);
	isb();
}

void timer_arch_kick(unsigned int cpu)
{
	smp_send_sgi(cpu, SGI_TIMER);
}

static void hyp_timer_irq(unsigned int intid, void *data)
{
	/* Level-triggered: timer_softirq re-arms for the next deadline or disables. */
	WRITE_SYSREG(cnthp_ctl_el2, 0);
	timer_softirq();
}

static void timer_kick_irq(unsigned int intid, void *data)
{
	timer_softirq();
}

/* Firmware should set CNTFRQ_EL0; a DT "clock-frequency" overrides a wrong one. */
static uint64_t counter_frequency(const void *fdt)
{
	int node = fdt_node_offset_by_compatible(fdt, -1, "arm,armv8-timer");
	const fdt32_t *p = node >= 0 ? fdt_getprop(fdt, node, "clock-frequency", NULL) : NULL;

	return p ? fdt32_to_cpu(*p) : (READ_SYSREG(cntfrq_el0) & 0xffffffff);
}

void time_init(const void *fdt)
{
	counter_hz = counter_frequency(fdt);
	if (!counter_hz)
		panic(
		    "generic timer: counter frequency unknown (CNTFRQ_EL0 is 0, no clock-frequency in the DT)");
	ns_mult = (NSEC_PER_SEC << 32) / counter_hz;
	ticks_mult = (counter_hz << 32) / NSEC_PER_SEC;
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
		timer_queue_init(cpu);
	irq_request(PPI_HYP_TIMER, hyp_timer_irq, NULL);
	irq_request(SGI_TIMER, timer_kick_irq, NULL);
	time_init_secondary();
}

void time_init_secondary(void)
{
	WRITE_SYSREG(cnthp_ctl_el2, 0);
	irq_set_type(PPI_HYP_TIMER, false);
	irq_enable(PPI_HYP_TIMER);
}
