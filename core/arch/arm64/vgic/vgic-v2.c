// SPDX-License-Identifier: GPL-2.0-only
/*
 * GICv2 distributor emulation (4 KiB frame). The guest's CPU interface is
 * the host GICV frame mapped at the guest GICC address, so it is not here.
 *
 * The guest sees a GICv2 without the Security Extensions, up to 8 vCPUs.
 * INTIDs 0-31 are banked per accessing vCPU. An SPI whose ITARGETSR lists
 * several vCPUs goes to the lowest numbered one. Bad accesses read as zero /
 * are ignored, with a rate-limited notice.
 */
#include <basalt/lib.h>
#include "vgic-internal.h"

#define GICD_CTLR	0x000
#define GICD_TYPER	0x004
#define GICD_IIDR	0x008
#define GICD_IGROUPR	0x080
#define GICD_IPRIORITYR 0x400
#define GICD_ITARGETSR	0x800
#define GICD_ICFGR	0xc00
#define GICD_SGIR	0xf00
#define GICD_CPENDSGIR	0xf10
#define GICD_SPENDSGIR	0xf20
#define GICD_PIDR2	0xfe8
#define GICD_V2_SIZE	0x1000

#define GICD_CTLR_ENABLE_G0 BIT(0)
#define GICD_CTLR_ENABLE_G1 BIT(1)

/* ArchRev 2 in bits [7:4]. */
#define GIC_PIDR2_V2 0x2b
/* Implementer 0x43b (JEP106 code of Arm), ProductID 'B', revision 0. */
#define VGIC_IIDR 0x4200043bU

static const enum vgic_bitreg vgic_v2_bitregs[] = {
    VGIC_REG_GROUP, VGIC_REG_SENABLE, VGIC_REG_CENABLE, VGIC_REG_SPEND,
    VGIC_REG_CPEND, VGIC_REG_SACTIVE, VGIC_REG_CACTIVE,
};

static uint8_t vgic_v2_cpu_mask(const struct vgic_dist *dist)
{
	return (uint8_t)(BIT(dist->nr_vcpus) - 1);
}

/* ITARGETSR bytes for INTIDs @first..@first+size-1 (INTIDs 0-31 read the accessor's bit). */
static uint32_t vgic_v2_read_targets(struct vgic_dist *dist, struct vgic_cpu *vc, uint32_t first,
				     unsigned int size)
{
	struct vgic_irq *irq;
	uint32_t val = 0;
	unsigned int i;
	uint8_t t;

	for (i = 0; i < size; i++) {
		irq = vgic_get_irq(dist, vc, first + i);
		if (!irq)
			continue;
		t = first + i < VGIC_NR_PRIVATE ? (uint8_t)BIT(vc->id) : irq->targets;
		val |= (uint32_t)t << (8 * i);
	}
	return val;
}

static void vgic_v2_write_targets(struct vgic_dist *dist, struct vgic_cpu *vc, uint32_t first,
				  unsigned int size, uint32_t val)
{
	struct vgic_irq *irq;
	unsigned int i;

	for (i = 0; i < size; i++) {
		irq = first + i >= VGIC_NR_PRIVATE ? vgic_get_irq(dist, vc, first + i) : NULL;
		if (irq)
			vgic_irq_set_targets(dist, irq,
					     (uint8_t)(val >> (8 * i)) & vgic_v2_cpu_mask(dist));
	}
}

/* [SC]PENDSGIR: one byte per SGI of the accessing vCPU, one bit per source. */
static uint32_t vgic_v2_read_sgi_pend(struct vgic_cpu *vc, uint32_t first, unsigned int size)
{
	uint32_t val = 0;
	unsigned int i;

	for (i = 0; i < size; i++)
		val |= (uint32_t)vc->private_irqs[first + i].sgi_sources << (8 * i);
	return val;
}

static void vgic_v2_write_sgi_pend(struct vgic_dist *dist, struct vgic_cpu *vc, uint32_t first,
				   unsigned int size, uint32_t val, bool set)
{
	uint8_t bits;
	unsigned int i;

	for (i = 0; i < size; i++) {
		bits = (uint8_t)(val >> (8 * i)) & vgic_v2_cpu_mask(dist);
		if (bits)
			vgic_sgi_v2_set_sources(dist, &vc->private_irqs[first + i], bits, set);
	}
}

void vgic_v2_send_sgi(struct vgic_dist *dist, struct vgic_cpu *src, uint32_t sgir)
{
	unsigned int sgi = sgir & 0xf;
	unsigned int filter = (sgir >> 24) & 3;
	uint8_t targets = (uint8_t)(sgir >> 16);
	unsigned long flags;
	unsigned int i;

	if (filter == 1)
		targets = (uint8_t)~BIT(src->id);
	else if (filter == 2)
		targets = (uint8_t)BIT(src->id);
	else if (filter == 3)
		return; /* reserved */
	flags = vgic_lock(dist);
	for (i = 0; i < dist->nr_vcpus; i++)
		if (targets & BIT(i))
			vgic_sgi_v2_set_sources(dist, &dist->vcpus[i]->private_irqs[sgi],
						(uint8_t)BIT(src->id), true);
	vgic_unlock(dist, flags);
}

static bool vgic_v2_byte_reg(uint64_t off)
{
	return (off >= GICD_IPRIORITYR && off < GICD_ICFGR) ||
	       (off >= GICD_CPENDSGIR && off < GICD_SPENDSGIR + 0x10);
}

static bool vgic_v2_read(struct vgic_dist *dist, struct vgic_cpu *vc, uint64_t off,
			 unsigned int size, uint32_t *val)
{
	*val = 0;
	if (off >= GICD_IGROUPR && off < GICD_IPRIORITYR)
		*val = vgic_mmio_read_bits(dist, vc, (uint32_t)(off % 0x80) * 8,
					   vgic_v2_bitregs[(off - GICD_IGROUPR) / 0x80]);
	else if (off >= GICD_IPRIORITYR && off < GICD_ITARGETSR)
		*val = vgic_mmio_read_prio(dist, vc, (uint32_t)(off - GICD_IPRIORITYR), size);
	else if (off >= GICD_ITARGETSR && off < GICD_ICFGR)
		*val = vgic_v2_read_targets(dist, vc, (uint32_t)(off - GICD_ITARGETSR), size);
	else if (off >= GICD_ICFGR && off < GICD_ICFGR + 0x100)
		*val = vgic_mmio_read_cfg(dist, vc, (uint32_t)(off - GICD_ICFGR) * 4);
	else if (off >= GICD_CPENDSGIR && off < GICD_SPENDSGIR + 0x10)
		*val = vgic_v2_read_sgi_pend(vc, (uint32_t)(off % 0x10), size);
	else if (off == GICD_CTLR)
		*val = (dist->grp0_en ? GICD_CTLR_ENABLE_G0 : 0) |
		       (dist->grp1_en ? GICD_CTLR_ENABLE_G1 : 0);
	else if (off == GICD_TYPER)
		*val = ((dist->nr_spis + VGIC_NR_PRIVATE) / 32 - 1) | (MAX(dist->nr_vcpus, 1U) - 1)
									  << 5;
	else if (off == GICD_IIDR)
		*val = VGIC_IIDR;
	else if (off == GICD_PIDR2)
		*val = GIC_PIDR2_V2;
	else if (!(off >= 0xfd0 && off <= 0xffc))
		return false;
	return true;
}

static bool vgic_v2_write(struct vgic_dist *dist, struct vgic_cpu *vc, uint64_t off,
			  unsigned int size, uint32_t val)
{
	if (off >= GICD_IGROUPR && off < GICD_IPRIORITYR)
		vgic_mmio_write_bits(dist, vc, (uint32_t)(off % 0x80) * 8,
				     vgic_v2_bitregs[(off - GICD_IGROUPR) / 0x80], val);
	else if (off >= GICD_IPRIORITYR && off < GICD_ITARGETSR)
		vgic_mmio_write_prio(dist, vc, (uint32_t)(off - GICD_IPRIORITYR), size, val);
	else if (off >= GICD_ITARGETSR && off < GICD_ICFGR)
		vgic_v2_write_targets(dist, vc, (uint32_t)(off - GICD_ITARGETSR), size, val);
	else if (off >= GICD_ICFGR && off < GICD_ICFGR + 0x100)
		vgic_mmio_write_cfg(dist, vc, (uint32_t)(off - GICD_ICFGR) * 4, val);
	else if (off >= GICD_CPENDSGIR && off < GICD_SPENDSGIR + 0x10)
		vgic_v2_write_sgi_pend(dist, vc, (uint32_t)(off % 0x10), size, val,
				       off >= GICD_SPENDSGIR);
	else if (off == GICD_CTLR)
		vgic_dist_set_enables(dist, val & GICD_CTLR_ENABLE_G0, val & GICD_CTLR_ENABLE_G1);
	else
		return false; /* read-only or reserved */
	return true;
}

int vgic_v2_dist_read(struct vgic_dist *dist, struct vgic_cpu *vc, uint64_t off, unsigned int size,
		      uint64_t *val)
{
	unsigned long flags;
	uint32_t v32 = 0;
	bool ok = false;

	if (off < GICD_V2_SIZE && (size == 4 || (size == 1 && vgic_v2_byte_reg(off))) &&
	    IS_ALIGNED(off, size)) {
		flags = vgic_lock(dist);
		ok = vgic_v2_read(dist, vc, off, size, &v32);
		vgic_unlock(dist, flags);
	}
	*val = ok ? v32 : 0;
	if (!ok)
		vgic_bad_access(dist, vc, "GICD", off, size, false);
	return 0;
}

int vgic_v2_dist_write(struct vgic_dist *dist, struct vgic_cpu *vc, uint64_t off, unsigned int size,
		       uint64_t val)
{
	unsigned long flags;
	bool ok = false;

	if (off == GICD_SGIR && size == 4) {
		vgic_v2_send_sgi(dist, vc, (uint32_t)val);
		return 0;
	}
	if (off < GICD_V2_SIZE && (size == 4 || (size == 1 && vgic_v2_byte_reg(off))) &&
	    IS_ALIGNED(off, size)) {
		flags = vgic_lock(dist);
		ok = vgic_v2_write(dist, vc, off, size, (uint32_t)val);
		vgic_unlock(dist, flags);
	}
	if (!ok)
		vgic_bad_access(dist, vc, "GICD", off, size, true);
	return 0;
}
