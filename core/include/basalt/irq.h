/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Host interrupts: the physical GIC (v3 or v2, found through the DT), handler
 * registration and dispatch, SGIs between pCPUs.
 *
 * INTID numbering is the GIC's: 0-15 SGIs, 16-31 PPIs (per CPU), 32+ SPIs.
 * Handlers run with interrupts masked, on the CPU that took the interrupt,
 * and must return (never enter a guest from one): the EOI follows them, and
 * an interrupt left active blocks every later one on that CPU.
 */
#ifndef BASALT_IRQ_H
#define BASALT_IRQ_H

#include <basalt/types.h>

/* SGIs the hypervisor uses between its pCPUs. */
#define SGI_RESCHEDULE 0 /* calls sched_ipi() */
#define SGI_CALL_FUNC  1 /* smp_call_function() */
#define SGI_HALT       2 /* panic on another CPU: stop */
#define SGI_TIMER      3 /* PLAT internal: reprogram this CPU's hypervisor timer */

/* PPIs with fixed uses on ARM (Server Base System Architecture numbering). */
#define PPI_GIC_MAINTENANCE 25
#define PPI_HYP_TIMER	    26 /* CNTHP: the hypervisor's software timers */
#define PPI_VIRT_TIMER	    27
#define PPI_PHYS_TIMER	    30 /* EL1 physical timer (CNTP) */

#define NR_GIC_INTIDS 1020 /* INTIDs 0..1019; 1020-1023 are special */

typedef void (*irq_handler_t)(unsigned int intid, void *data);

/*
 * Install @fn for @intid (one handler per INTID; a PPI's handler serves every
 * CPU). Returns 0, -EINVAL for a bad INTID, -EBUSY if one is installed.
 * The interrupt stays disabled until irq_enable().
 */
int irq_request(unsigned int intid, irq_handler_t fn, void *data);
void irq_free(unsigned int intid);
/* Enable/disable @intid: SPIs globally (routed to the boot CPU), SGIs/PPIs on this CPU. */
void irq_enable(unsigned int intid);
void irq_disable(unsigned int intid);
/* Level or edge trigger for an SPI or PPI (the DT's type). */
void irq_set_type(unsigned int intid, bool edge);
/* Route SPI @intid to pCPU @cpu. */
int irq_set_affinity(unsigned int intid, unsigned int cpu);

/* Acknowledge, dispatch and EOI every pending interrupt (called from the vectors). */
void irq_handle(void);

/* Send SGI @sgi (0..15) to pCPU @cpu. */
void smp_send_sgi(unsigned int cpu, unsigned int sgi);
/* Send SGI @sgi to every other online pCPU. */
void smp_send_sgi_others(unsigned int sgi);

/* VM's handler for SGI_RESCHEDULE (weak default does nothing). */
void sched_ipi(void);

/* What the host GIC is and where it lives (from the host DT). */
struct gic_hw_info {
	unsigned int version; /* 2 or 3 */
	paddr_t gicd_base;
	uint64_t gicd_size;
	paddr_t gicr_base; /* v3: first redistributor region */
	uint64_t gicr_size;
	paddr_t gicc_base; /* v2: CPU interface */
	uint64_t gicc_size;
	paddr_t gich_base; /* v2: virtual interface control (0 if absent) */
	uint64_t gich_size;
	paddr_t gicv_base; /* v2: virtual CPU interface (0 if absent) */
	uint64_t gicv_size;
	unsigned int maintenance_ppi; /* INTID of the maintenance interrupt (25) */
	unsigned int nr_lines; /* INTIDs the distributor implements (32 * (ITLinesNumber+1)) */
	unsigned int nr_lrs;   /* list registers (from ICH_VTR_EL2 / GICH_VTR) */
};

const struct gic_hw_info *gic_hw(void);

/* Boot CPU: probe the GIC in the host DT and initialise the distributor and
 * this CPU's interface. Panics if there is none. */
void gic_init(const void *fdt);
/* Secondary CPUs: this CPU's redistributor/CPU interface. */
void gic_init_secondary(void);

#endif
