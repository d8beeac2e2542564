// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host GICv2: distributor and memory-mapped CPU interface. The virtual
 * interface regions (GICH, GICV) are only recorded here, for the vGIC.
 */
#include <basalt/lib.h>
#include <basalt/errno.h>
#include <basalt/percpu.h>
#include <basalt/fdt.h>
#include <basalt/spinlock.h>
#include <asm/mmu.h>
#include <asm/sysregs.h>
#include <libfdt.h>
#include "gic-private.h"

#define GICD_CTLR	0x000
#define GICD_TYPER	0x004
#define GICD_ISENABLER	0x100
#define GICD_ICENABLER	0x180
#define GICD_ICPENDR	0x280
#define GICD_ICACTIVER	0x380
#define GICD_IPRIORITYR 0x400
#define GICD_ITARGETSR	0x800
#define GICD_ICFGR	0xc00
#define GICD_SGIR	0xf00

#define GICC_CTLR 0x00
#define GICC_PMR  0x04
#define GICC_BPR  0x08
#define GICC_IAR  0x0c
#define GICC_EOIR 0x10

#define GICH_VTR 0x04

static char *gicd;
static char *gicc;
static uint8_t cpu_iface_mask[NR_CPUS];	     /* GIC CPU interface bit of each pCPU */
static spinlock_t gicd_lock = SPINLOCK_INIT; /* byte fields shared in 32-bit registers */

static inline uint32_t rd32(char *base, unsigned int off)
{
	return *(volatile uint32_t *)(base + off);
}

static inline void wr32(char *base, unsigned int off, uint32_t v)
{
	*(volatile uint32_t *)(base + off) = v;
}

/* Banked ITARGETSR0-7 read back this CPU's own interface bit. */
static uint8_t own_iface_mask(void)
{
	for (unsigned int i = 0; i < 32; i += 4) {
		uint32_t v = rd32(gicd, GICD_ITARGETSR + i);

		v |= v >> 16;
		v |= v >> 8;
		if (v & 0xff)
			return (uint8_t)(v & 0xff);
	}
	return 1;
}

static void set_target(unsigned int intid, uint8_t mask)
{
	unsigned int off = GICD_ITARGETSR + (intid & ~3U), shift = (intid % 4) * 8;
	unsigned long flags;
	uint32_t v;

	spin_lock_irqsave(&gicd_lock, flags);
	v = rd32(gicd, off);
	v = (v & ~(0xffU << shift)) | ((uint32_t)mask << shift);
	wr32(gicd, off, v);
	spin_unlock_irqrestore(&gicd_lock, flags);
}

static void dist_init(void)
{
	unsigned int nr = gic_info.nr_lines;

	wr32(gicd, GICD_CTLR, 0);
	for (unsigned int i = 32; i < nr; i += 32) {
		wr32(gicd, GICD_ICENABLER + i / 8, 0xffffffff);
		wr32(gicd, GICD_ICPENDR + i / 8, 0xffffffff);
		wr32(gicd, GICD_ICACTIVER + i / 8, 0xffffffff);
	}
	for (unsigned int i = 32; i < nr; i += 4) {
		wr32(gicd, GICD_IPRIORITYR + i, GIC_PRIO_IRQ * 0x01010101U);
		wr32(gicd, GICD_ITARGETSR + i, own_iface_mask() * 0x01010101U);
	}
	wr32(gicd, GICD_CTLR, 1);
}

static void v2_init_cpu(void)
{
	cpu_iface_mask[smp_processor_id()] = own_iface_mask();
	wr32(gicd, GICD_ICENABLER, 0xffff0000); /* PPIs off until asked for */
	wr32(gicd, GICD_ICPENDR, 0xffffffff);
	wr32(gicd, GICD_ICACTIVER, 0xffffffff);
	for (unsigned int i = 0; i < 32; i += 4)
		wr32(gicd, GICD_IPRIORITYR + i, GIC_PRIO_IRQ * 0x01010101U);
	wr32(gicd, GICD_ISENABLER, 0xffff); /* SGIs */
	wr32(gicc, GICC_PMR, 0xff);
	wr32(gicc, GICC_BPR, 0);
	wr32(gicc, GICC_CTLR, 1); /* enable, EOImode 0 */
}

static uint32_t v2_ack(void)
{
	return rd32(gicc, GICC_IAR);
}

static void v2_eoi(uint32_t iar)
{
	wr32(gicc, GICC_EOIR, iar);
}

static void v2_enable(unsigned int intid, bool on)
{
	wr32(gicd, (on ? GICD_ISENABLER : GICD_ICENABLER) + (intid / 32) * 4, BIT(intid % 32));
}

static void v2_set_type(unsigned int intid, bool edge)
{
	unsigned int off = GICD_ICFGR + (intid / 16) * 4, shift = (intid % 16) * 2 + 1;
	unsigned long flags;
	uint32_t v;

	spin_lock_irqsave(&gicd_lock, flags);
	v = rd32(gicd, off);
	v = edge ? v | BIT(shift) : v & ~(uint32_t)BIT(shift);
	wr32(gicd, off, v);
	spin_unlock_irqrestore(&gicd_lock, flags);
}

static void v2_set_affinity(unsigned int intid, unsigned int cpu)
{
	set_target(intid, cpu_iface_mask[cpu]);
}

static void v2_send_sgi(unsigned int cpu, unsigned int sgi)
{
	dsb(ishst);
	wr32(gicd, GICD_SGIR, (uint32_t)cpu_iface_mask[cpu] << 16 | sgi);
}

static const struct gic_ops gicv2_ops = {
    .init_cpu = v2_init_cpu,
    .ack = v2_ack,
    .eoi = v2_eoi,
    .enable = v2_enable,
    .set_type = v2_set_type,
    .set_affinity = v2_set_affinity,
    .send_sgi = v2_send_sgi,
};

int gicv2_probe(const void *fdt, int node, const struct gic_ops **ops)
{
	char *gich;
	bool edge;

	gic_info.version = 2;
	if (fdt_get_reg(fdt, node, 0, &gic_info.gicd_base, &gic_info.gicd_size) ||
	    fdt_get_reg(fdt, node, 1, &gic_info.gicc_base, &gic_info.gicc_size))
		return -EINVAL;
	fdt_get_reg(fdt, node, 2, &gic_info.gich_base, &gic_info.gich_size);
	fdt_get_reg(fdt, node, 3, &gic_info.gicv_base, &gic_info.gicv_size);
	if (fdt_get_irq(fdt, node, 0, &gic_info.maintenance_ppi, &edge))
		gic_info.maintenance_ppi = PPI_GIC_MAINTENANCE;
	gicd = ioremap(gic_info.gicd_base, gic_info.gicd_size);
	gicc = ioremap(gic_info.gicc_base, gic_info.gicc_size);
	if (!gicd || !gicc)
		return -ENOMEM;
	if (gic_info.gich_base) {
		gich = ioremap(gic_info.gich_base, gic_info.gich_size);
		if (gich)
			gic_info.nr_lrs = (rd32(gich, GICH_VTR) & 0x3f) + 1;
	}
	gic_info.nr_lines = MIN(32 * ((rd32(gicd, GICD_TYPER) & 0x1f) + 1), 1020U);
	dist_init();
	*ops = &gicv2_ops;
	return 0;
}
