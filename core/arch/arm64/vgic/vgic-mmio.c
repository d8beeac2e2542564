// SPDX-License-Identifier: GPL-2.0-only
/*
 * Distributor registers whose layout GICv2 and GICv3 share: one bit per
 * INTID (IGROUPR, I[SC]ENABLER, I[SC]PENDR, I[SC]ACTIVER), one byte per
 * INTID (IPRIORITYR) and two bits per INTID (ICFGR). The callers hold the
 * vGIC lock and have checked the access size.
 */
#include <basalt/lib.h>
#include "vgic-internal.h"

static bool vgic_bit_of(struct vgic_dist *dist, struct vgic_irq *irq, enum vgic_bitreg reg)
{
	switch (reg) {
	case VGIC_REG_GROUP:
		return irq->group1;
	case VGIC_REG_SENABLE:
	case VGIC_REG_CENABLE:
		return irq->enabled;
	case VGIC_REG_SPEND:
	case VGIC_REG_CPEND:
		return vgic_irq_pending(dist, irq) || (irq->in_lr && !irq->active);
	case VGIC_REG_SACTIVE:
	case VGIC_REG_CACTIVE:
		return irq->active;
	}
	return false;
}

uint32_t vgic_mmio_read_bits(struct vgic_dist *dist, struct vgic_cpu *vc, uint32_t first,
			     enum vgic_bitreg reg)
{
	struct vgic_irq *irq;
	uint32_t val = 0;
	unsigned int i;

	for (i = 0; i < 32; i++) {
		irq = vgic_get_irq(dist, vc, first + i);
		if (irq && vgic_bit_of(dist, irq, reg))
			val |= 1U << i;
	}
	return val;
}

static void vgic_write_bit(struct vgic_dist *dist, struct vgic_irq *irq, enum vgic_bitreg reg,
			   bool one)
{
	switch (reg) {
	case VGIC_REG_GROUP:
		vgic_irq_set_group(dist, irq, one);
		break;
	case VGIC_REG_SENABLE:
	case VGIC_REG_CENABLE:
		if (one)
			vgic_irq_set_enabled(dist, irq, reg == VGIC_REG_SENABLE);
		break;
	case VGIC_REG_SPEND:
	case VGIC_REG_CPEND:
		/* GICv2 SGIs are pended and cleared per source through [SC]PENDSGIR only. */
		if (one && !(dist->version == VGIC_V2 && irq->intid < VGIC_NR_SGIS))
			vgic_irq_set_pending(dist, irq, reg == VGIC_REG_SPEND);
		break;
	case VGIC_REG_SACTIVE:
	case VGIC_REG_CACTIVE:
		if (one)
			vgic_irq_set_active(dist, irq, reg == VGIC_REG_SACTIVE);
		break;
	}
}

void vgic_mmio_write_bits(struct vgic_dist *dist, struct vgic_cpu *vc, uint32_t first,
			  enum vgic_bitreg reg, uint32_t val)
{
	struct vgic_irq *irq;
	unsigned int i;

	for (i = 0; i < 32; i++) {
		irq = vgic_get_irq(dist, vc, first + i);
		if (!irq)
			continue;
		if (reg == VGIC_REG_GROUP) {
			if (irq->group1 != !!(val & (1U << i)))
				vgic_write_bit(dist, irq, reg, val & (1U << i));
		} else if (val & (1U << i)) {
			vgic_write_bit(dist, irq, reg, true);
		}
	}
}

uint32_t vgic_mmio_read_prio(struct vgic_dist *dist, struct vgic_cpu *vc, uint32_t first,
			     unsigned int size)
{
	struct vgic_irq *irq;
	uint32_t val = 0;
	unsigned int i;

	for (i = 0; i < size; i++) {
		irq = vgic_get_irq(dist, vc, first + i);
		if (irq)
			val |= (uint32_t)irq->priority << (8 * i);
	}
	return val;
}

void vgic_mmio_write_prio(struct vgic_dist *dist, struct vgic_cpu *vc, uint32_t first,
			  unsigned int size, uint32_t val)
{
	struct vgic_irq *irq;
	unsigned int i;

	for (i = 0; i < size; i++) {
		irq = vgic_get_irq(dist, vc, first + i);
		if (irq)
			vgic_irq_set_priority(dist, irq, (uint8_t)(val >> (8 * i)));
	}
}

uint32_t vgic_mmio_read_cfg(struct vgic_dist *dist, struct vgic_cpu *vc, uint32_t first)
{
	struct vgic_irq *irq;
	uint32_t val = 0;
	unsigned int i;

	for (i = 0; i < 16; i++) {
		irq = vgic_get_irq(dist, vc, first + i);
		if (irq && irq->edge)
			val |= 2U << (2 * i);
	}
	return val;
}

void vgic_mmio_write_cfg(struct vgic_dist *dist, struct vgic_cpu *vc, uint32_t first, uint32_t val)
{
	struct vgic_irq *irq;
	unsigned int i;

	for (i = 0; i < 16; i++) {
		irq = vgic_get_irq(dist, vc, first + i);
		if (irq && irq->intid >= VGIC_NR_SGIS)
			vgic_irq_set_edge(dist, irq, val & (2U << (2 * i)));
	}
}

void vgic_bad_access(struct vgic_dist *dist, struct vgic_cpu *vc, const char *frame, uint64_t off,
		     unsigned int size, bool write)
{
	printk_guest_ratelimited("d%uv%u: vgic: ignored %u-byte %s at %s+0x%llx\n",
				 (unsigned int)dist->domid, vc ? vc->id : 0U, size,
				 write ? "write" : "read", frame, (unsigned long long)off);
}
