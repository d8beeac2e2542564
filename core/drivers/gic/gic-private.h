/* SPDX-License-Identifier: GPL-2.0-only */
/* Between the GIC front end (gic.c) and the version drivers (gic-v3.c, gic-v2.c). */
#ifndef DRIVERS_GIC_PRIVATE_H
#define DRIVERS_GIC_PRIVATE_H

#include <basalt/irq.h>

#define GIC_PRIO_IRQ 0xa0 /* every interrupt the hypervisor takes */
#define GIC_SPURIOUS 1020

struct gic_ops {
	void (*init_cpu)(void);	   /* this CPU's interface (and redistributor) */
	uint32_t (*ack)(void);	   /* IAR value; INTID in the low bits */
	void (*eoi)(uint32_t iar); /* priority drop + deactivate (EOImode 0) */
	void (*enable)(unsigned int intid, bool on);
	void (*set_type)(unsigned int intid, bool edge);
	void (*set_affinity)(unsigned int intid, unsigned int cpu);
	void (*send_sgi)(unsigned int cpu, unsigned int sgi);
};

/* Filled by the probing driver. */
extern struct gic_hw_info gic_info;

/* Probe node @node: map, initialise the distributor, return the ops. 0 or -errno. */
int gicv3_probe(const void *fdt, int node, const struct gic_ops **ops);
int gicv2_probe(const void *fdt, int node, const struct gic_ops **ops);

#endif
