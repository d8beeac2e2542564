// SPDX-License-Identifier: GPL-2.0-only
/* The GIC front end: probing, the handler table, dispatch, SGIs. */
#include <basalt/lib.h>
#include <basalt/errno.h>
#include <basalt/irq.h>
#include <basalt/percpu.h>
#include <basalt/atomic.h>
#include <libfdt.h>
#include "gic-private.h"

struct irq_desc {
	irq_handler_t fn;
	void *data;
};

struct gic_hw_info gic_info;
static const struct gic_ops *gic;
static struct irq_desc irq_descs[NR_GIC_INTIDS];

static const struct {
	const char *compatible;
	int (*probe)(const void *fdt, int node, const struct gic_ops **ops);
} gic_drivers[] = {
    {"arm,gic-v3", gicv3_probe},
    {"arm,cortex-a15-gic", gicv2_probe},
    {"arm,gic-400", gicv2_probe},
    {"arm,cortex-a9-gic", gicv2_probe},
};

const struct gic_hw_info *gic_hw(void)
{
	return &gic_info;
}

void gic_init(const void *fdt)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(gic_drivers); i++) {
		int node = fdt_node_offset_by_compatible(fdt, -1, gic_drivers[i].compatible);

		if (node < 0)
			continue;
		if (gic_drivers[i].probe(fdt, node, &gic))
			panic("GIC (%s) found but could not be initialised",
			      gic_drivers[i].compatible);
		gic->init_cpu();
		return;
	}
	panic("no supported interrupt controller (GICv2/v3) in the device tree");
}

void gic_init_secondary(void)
{
	gic->init_cpu();
}

int irq_request(unsigned int intid, irq_handler_t fn, void *data)
{
	if (intid >= NR_GIC_INTIDS || !fn)
		return -EINVAL;
	if (!atomic_cmpxchg(&irq_descs[intid].fn, &(irq_handler_t){NULL}, fn))
		return -EBUSY;
	WRITE_ONCE(irq_descs[intid].data, data);
	return 0;
}

void irq_free(unsigned int intid)
{
	if (intid >= NR_GIC_INTIDS)
		return;
	irq_disable(intid);
	WRITE_ONCE(irq_descs[intid].fn, NULL);
}

void irq_enable(unsigned int intid)
{
	if (intid < NR_GIC_INTIDS)
		gic->enable(intid, true);
}

void irq_disable(unsigned int intid)
{
	if (intid < NR_GIC_INTIDS)
		gic->enable(intid, false);
}

void irq_set_type(unsigned int intid, bool edge)
{
	if (intid >= 16 && intid < NR_GIC_INTIDS)
		gic->set_type(intid, edge);
}

int irq_set_affinity(unsigned int intid, unsigned int cpu)
{
	if (intid < 32 || intid >= NR_GIC_INTIDS || cpu >= nr_possible_cpus())
		return -EINVAL;
	gic->set_affinity(intid, cpu);
	return 0;
}

static void dispatch(unsigned int intid)
{
	irq_handler_t fn = READ_ONCE(irq_descs[intid].fn);

	if (fn) {
		fn(intid, READ_ONCE(irq_descs[intid].data));
		return;
	}
	printk_level(LOG_WARNING, "CPU%u: interrupt %u without a handler: disabled\n",
		     smp_processor_id(), intid);
	irq_disable(intid);
}

void irq_handle(void)
{
	for (;;) {
		uint32_t iar = gic->ack();
		/*
		 * INTID bits only: a GICv2 SGI carries its source CPU in IAR[12:10]
		 * (kept in @iar for the EOI); read as an INTID it looked spurious and
		 * the SGI was never EOIed, leaving the CPU deaf. No LPIs are used.
		 */
		unsigned int intid = iar & 0x3ff;

		if (intid >= GIC_SPURIOUS)
			break;
		dispatch(intid);
		gic->eoi(iar);
	}
}

void smp_send_sgi(unsigned int cpu, unsigned int sgi)
{
	if (cpu < nr_possible_cpus() && sgi < 16)
		gic->send_sgi(cpu, sgi);
}

void smp_send_sgi_others(unsigned int sgi)
{
	unsigned int self = smp_processor_id();

	for (unsigned int cpu = 0; cpu < nr_possible_cpus(); cpu++) {
		if (cpu != self && READ_ONCE(pcpu_of(cpu)->online))
			smp_send_sgi(cpu, sgi);
	}
}
