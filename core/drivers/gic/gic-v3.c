// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host GICv3: distributor (affinity routing), one redistributor per CPU,
 * CPU interface through the ICC_* system registers. Group 1 only, EOImode 0.
 */
#include <basalt/lib.h>
#include <basalt/errno.h>
#include <basalt/percpu.h>
#include <basalt/fdt.h>
#include <asm/mmu.h>
#include <asm/sysregs.h>
#include <asm/irqflags.h>
#include <asm/smp.h>
#include <libfdt.h>
#include "gic-private.h"

#define GICD_CTLR	0x0000
#define GICD_TYPER	0x0004
#define GICD_IGROUPR	0x0080
#define GICD_ISENABLER	0x0100
#define GICD_ICENABLER	0x0180
#define GICD_ICPENDR	0x0280
#define GICD_ICACTIVER	0x0380
#define GICD_IPRIORITYR 0x0400
#define GICD_ICFGR	0x0c00
#define GICD_IROUTER	0x6000
#define GICD_CTLR_RWP	BIT(31)
#define GICD_CTLR_ARE	BIT(4)
#define GICD_CTLR_G1	BIT(1)

#define GICR_CTLR	  0x0000
#define GICR_TYPER	  0x0008
#define GICR_WAKER	  0x0014
#define GICR_TYPER_VLPIS  BIT(1)
#define GICR_TYPER_LAST	  BIT(4)
#define GICR_WAKER_SLEEP  BIT(1)
#define GICR_WAKER_ASLEEP BIT(2)
#define GICR_SGI_BASE	  0x10000 /* SGI/PPI frame: same layout as the distributor's first words */

/* ICC system registers by encoding (assemblers differ in which names they know). */
#define ICC_PMR_EL1	S3_0_C4_C6_0
#define ICC_IAR1_EL1	S3_0_C12_C12_0
#define ICC_EOIR1_EL1	S3_0_C12_C12_1
#define ICC_BPR1_EL1	S3_0_C12_C12_3
#define ICC_CTLR_EL1	S3_0_C12_C12_4
#define ICC_IGRPEN1_EL1 S3_0_C12_C12_7
#define ICC_SGI1R_EL1	S3_0_C12_C11_5
#define ICC_SRE_EL2	S3_4_C12_C9_5
#define ICH_VTR_EL2	S3_4_C12_C11_1

static char *gicd;
static char *gicr_region;
static char *rdist[NR_CPUS]; /* each CPU's redistributor */

static inline uint32_t rd32(char *base, unsigned int off)
{
	return *(volatile uint32_t *)(base + off);
}

static inline void wr32(char *base, unsigned int off, uint32_t v)
{
	*(volatile uint32_t *)(base + off) = v;
}

static inline uint64_t rd64(char *base, unsigned int off)
{
	return *(volatile uint64_t *)(base + off);
}

static inline void wr64(char *base, unsigned int off, uint64_t v)
{
	*(volatile uint64_t *)(base + off) = v;
}

static void wait_rwp(char *base)
{
	while (rd32(base, GICD_CTLR) & GICD_CTLR_RWP)
		cpu_relax();
}

static uint64_t mpidr_to_irouter(uint64_t mpidr)
{
	return mpidr & MPIDR_AFF_MASK;
}

static void dist_init(void)
{
	unsigned int nr = gic_info.nr_lines;

	wr32(gicd, GICD_CTLR, 0);
	wait_rwp(gicd);
	for (unsigned int i = 32; i < nr; i += 32) {
		wr32(gicd, GICD_IGROUPR + i / 8, 0xffffffff);
		wr32(gicd, GICD_ICENABLER + i / 8, 0xffffffff);
		wr32(gicd, GICD_ICPENDR + i / 8, 0xffffffff);
		wr32(gicd, GICD_ICACTIVER + i / 8, 0xffffffff);
	}
	for (unsigned int i = 32; i < nr; i += 4)
		wr32(gicd, GICD_IPRIORITYR + i, GIC_PRIO_IRQ * 0x01010101U);
	for (unsigned int i = 32; i < nr; i++)
		wr64(gicd, GICD_IROUTER + i * 8, mpidr_to_irouter(this_cpu()->mpidr));
	wait_rwp(gicd);
	wr32(gicd, GICD_CTLR, GICD_CTLR_ARE | GICD_CTLR_G1);
	wait_rwp(gicd);
}

/* Find this CPU's redistributor by its affinity in GICR_TYPER. */
static char *find_rdist(void)
{
	uint64_t aff = this_cpu()->mpidr;
	uint32_t want = (uint32_t)(((aff >> 32) & 0xff) << 24 | (aff & 0xffffff));
	char *r = gicr_region;

	while (r < gicr_region + gic_info.gicr_size) {
		uint64_t typer = rd64(r, GICR_TYPER);

		if ((uint32_t)(typer >> 32) == want)
			return r;
		if (typer & GICR_TYPER_LAST)
			break;
		r += (typer & GICR_TYPER_VLPIS) ? 0x40000 : 0x20000;
	}
	return NULL;
}

static void v3_init_cpu(void)
{
	char *r = find_rdist(), *sgi;

	if (!r)
		panic("CPU%u: no GICv3 redistributor for MPIDR %#lx", smp_processor_id(),
		      (unsigned long)this_cpu()->mpidr);
	rdist[smp_processor_id()] = r;
	wr32(r, GICR_WAKER, rd32(r, GICR_WAKER) & ~GICR_WAKER_SLEEP);
	while (rd32(r, GICR_WAKER) & GICR_WAKER_ASLEEP)
		cpu_relax();
	sgi = r + GICR_SGI_BASE;
	wr32(sgi, GICD_IGROUPR, 0xffffffff);
	wr32(sgi, GICD_ICENABLER, 0xffffffff);
	wr32(sgi, GICD_ICPENDR, 0xffffffff);
	wr32(sgi, GICD_ICACTIVER, 0xffffffff);
	for (unsigned int i = 0; i < 32; i += 4)
		wr32(sgi, GICD_IPRIORITYR + i, GIC_PRIO_IRQ * 0x01010101U);
	while (rd32(r, GICR_CTLR) & GICD_CTLR_RWP)
		cpu_relax();
	wr32(sgi, GICD_ISENABLER, 0xffff); /* SGIs: handled or reported by gic.c */

	/* System register interface at EL2, and let EL1 use it too (SRE | Enable). */
	WRITE_SYSREG(ICC_SRE_EL2, READ_SYSREG(ICC_SRE_EL2) | BIT(0) | BIT(3));
	isb();
	WRITE_SYSREG(ICC_PMR_EL1, 0xff);
	WRITE_SYSREG(ICC_BPR1_EL1, 0);
	WRITE_SYSREG(ICC_CTLR_EL1, 0); /* EOImode 0: EOIR also deactivates */
	WRITE_SYSREG(ICC_IGRPEN1_EL1, 1);
	isb();
}

static uint32_t v3_ack(void)
{
	uint32_t iar = (uint32_t)READ_SYSREG(ICC_IAR1_EL1);

	dsb(sy);
	return iar;
}

static void v3_eoi(uint32_t iar)
{
	WRITE_SYSREG(ICC_EOIR1_EL1, iar);
	isb();
}

static void v3_enable(unsigned int intid, bool on)
{
	unsigned int reg = (on ? GICD_ISENABLER : GICD_ICENABLER) + (intid / 32) * 4;

	if (intid < 32)
		wr32(rdist[smp_processor_id()] + GICR_SGI_BASE, reg, BIT(intid % 32));
	else
		wr32(gicd, reg, BIT(intid % 32));
}

static void v3_set_type(unsigned int intid, bool edge)
{
	char *base = intid < 32 ? rdist[smp_processor_id()] + GICR_SGI_BASE : gicd;
	unsigned int off = GICD_ICFGR + (intid / 16) * 4, shift = (intid % 16) * 2 + 1;
	uint32_t v = rd32(base, off);

	v = edge ? v | BIT(shift) : v & ~(uint32_t)BIT(shift);
	wr32(base, off, v);
}

static void v3_set_affinity(unsigned int intid, unsigned int cpu)
{
	wr64(gicd, GICD_IROUTER + intid * 8, mpidr_to_irouter(pcpu_of(cpu)->mpidr));
}

static void v3_send_sgi(unsigned int cpu, unsigned int sgi)
{
	uint64_t mpidr = pcpu_of(cpu)->mpidr;
	/* Aff0 above 15: RS selects which block of 16 the target list covers. */
	uint64_t v = ((mpidr >> 32) & 0xff) << 48 | ((mpidr & 0xff) >> 4) << 44 |
		     ((mpidr >> 16) & 0xff) << 32 | ((mpidr >> 8) & 0xff) << 16 |
		     (uint64_t)sgi << 24 | BIT(mpidr & 0xf);

	dsb(ishst); /* the data the SGI announces is visible first */
	WRITE_SYSREG(ICC_SGI1R_EL1, v);
	isb();
}

static const struct gic_ops gicv3_ops = {
    .init_cpu = v3_init_cpu,
    .ack = v3_ack,
    .eoi = v3_eoi,
    .enable = v3_enable,
    .set_type = v3_set_type,
    .set_affinity = v3_set_affinity,
    .send_sgi = v3_send_sgi,
};

int gicv3_probe(const void *fdt, int node, const struct gic_ops **ops)
{
	bool edge;

	gic_info.version = 3;
	if (fdt_get_reg(fdt, node, 0, &gic_info.gicd_base, &gic_info.gicd_size) ||
	    fdt_get_reg(fdt, node, 1, &gic_info.gicr_base, &gic_info.gicr_size))
		return -EINVAL;
	/* Optional GICv2-compatible regions (GICC, GICH, GICV) after the redistributors. */
	fdt_get_reg(fdt, node, 2, &gic_info.gicc_base, &gic_info.gicc_size);
	fdt_get_reg(fdt, node, 3, &gic_info.gich_base, &gic_info.gich_size);
	fdt_get_reg(fdt, node, 4, &gic_info.gicv_base, &gic_info.gicv_size);
	if (fdt_get_irq(fdt, node, 0, &gic_info.maintenance_ppi, &edge))
		gic_info.maintenance_ppi = PPI_GIC_MAINTENANCE;
	gicd = ioremap(gic_info.gicd_base, gic_info.gicd_size);
	gicr_region = ioremap(gic_info.gicr_base, gic_info.gicr_size);
	if (!gicd || !gicr_region)
		return -ENOMEM;
	gic_info.nr_lines = MIN(32 * ((rd32(gicd, GICD_TYPER) & 0x1f) + 1), 1020U);
	gic_info.nr_lrs = (READ_SYSREG(ICH_VTR_EL2) & 0x1f) + 1;
	dist_init();
	*ops = &gicv3_ops;
	return 0;
}
