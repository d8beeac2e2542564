// SPDX-License-Identifier: GPL-2.0-only
/*
 * GICv2 list registers and virtual CPU interface state through the host's
 * GICH frame (the virtual interface control registers, banked per pCPU at
 * one address). The guest's GICC is the host GICV frame, mapped by stage 2.
 */
#include <basalt/lib.h>
#include <basalt/errno.h>
#include <asm/mmu.h>
#include <asm/sysregs.h>
#include "vgic-internal.h"

#define GICH_HCR   0x000
#define GICH_VTR   0x004
#define GICH_VMCR  0x008
#define GICH_APR   0x0f0
#define GICH_LR(n) (0x100 + 4 * (n))

#define GICH_HCR_EN  BIT(0)
#define GICH_HCR_UIE BIT(1)

#define GICH_LR_VIRTID_MASK 0x3ffU
#define GICH_LR_CPUID_SHIFT 10
#define GICH_LR_EOI	    BIT(19)
#define GICH_LR_PRIO_SHIFT  23 /* 5 bits: the top of the 8-bit priority */
#define GICH_LR_PENDING	    BIT(28)
#define GICH_LR_ACTIVE	    BIT(29)
#define GICH_LR_GROUP1	    BIT(30)

#define GICH_VMCR_GRP0_EN   BIT(0)
#define GICH_VMCR_GRP1_EN   BIT(1)
#define GICH_VMCR_PMR_SHIFT 27

static volatile uint8_t *gich;
static unsigned int gich_nr_lrs;

static uint32_t gich_read(unsigned int off)
{
	uint32_t val = *(volatile uint32_t *)(gich + off);

	dmb(oshld);
	return val;
}

static void gich_write(unsigned int off, uint32_t val)
{
	dmb(oshst);
	*(volatile uint32_t *)(gich + off) = val;
}

int vgic_v2_sr_init(paddr_t gich_base, uint64_t gich_size)
{
	if (gich)
		return 0;
	if (!gich_base || gich_size < GICH_LR(4))
		return -ENODEV;
	gich = ioremap(gich_base, gich_size);
	if (!gich)
		return -ENOMEM;
	gich_nr_lrs = MIN((gich_read(GICH_VTR) & 0x3f) + 1, (uint32_t)VGIC_MAX_LRS);
	return 0;
}

static unsigned int vgic_v2_nr_lrs(void)
{
	return gich_nr_lrs;
}

static void vgic_v2_read_lr(unsigned int n, struct vgic_lr *lr)
{
	uint32_t val = gich_read(GICH_LR(n));

	lr->intid = val & GICH_LR_VIRTID_MASK;
	lr->source = (val >> GICH_LR_CPUID_SHIFT) & 7;
	lr->priority = (uint8_t)(((val >> GICH_LR_PRIO_SHIFT) & 0x1f) << 3);
	lr->pending = val & GICH_LR_PENDING;
	lr->active = val & GICH_LR_ACTIVE;
	lr->group1 = val & GICH_LR_GROUP1;
	lr->eoi_maint = val & GICH_LR_EOI;
}

static void vgic_v2_write_lr(unsigned int n, const struct vgic_lr *lr)
{
	uint32_t val = (lr->intid & GICH_LR_VIRTID_MASK) | (uint32_t)(lr->priority >> 3)
							       << GICH_LR_PRIO_SHIFT;

	if (lr->intid < VGIC_NR_SGIS)
		val |= (uint32_t)(lr->source & 7) << GICH_LR_CPUID_SHIFT;
	if (lr->pending)
		val |= GICH_LR_PENDING;
	if (lr->active)
		val |= GICH_LR_ACTIVE;
	if (lr->group1)
		val |= GICH_LR_GROUP1;
	if (lr->eoi_maint)
		val |= GICH_LR_EOI;
	gich_write(GICH_LR(n), val);
}

static void vgic_v2_clear_lr(unsigned int n)
{
	gich_write(GICH_LR(n), 0);
}

static void vgic_v2_set_underflow(bool on)
{
	uint32_t hcr = gich_read(GICH_HCR);

	gich_write(GICH_HCR, on ? hcr | GICH_HCR_UIE : hcr & ~GICH_HCR_UIE);
}

static void vgic_v2_read_vmcr(struct vgic_cpu_if *cif)
{
	cif->vmcr = gich_read(GICH_VMCR);
	cif->pmr = (uint8_t)((cif->vmcr >> GICH_VMCR_PMR_SHIFT) << 3);
	cif->grp0_en = cif->vmcr & GICH_VMCR_GRP0_EN;
	cif->grp1_en = cif->vmcr & GICH_VMCR_GRP1_EN;
}

static void vgic_v2_restore(const struct vgic_cpu_if *cif)
{
	gich_write(GICH_VMCR, cif->vmcr);
	gich_write(GICH_APR, cif->ap0r[0]);
	gich_write(GICH_HCR, GICH_HCR_EN);
}

static void vgic_v2_save(struct vgic_cpu_if *cif)
{
	vgic_v2_read_vmcr(cif);
	cif->ap0r[0] = gich_read(GICH_APR);
	gich_write(GICH_HCR, 0);
}

static void vgic_v2_cpu_reset(void)
{
	unsigned int i;

	gich_write(GICH_HCR, 0);
	for (i = 0; i < gich_nr_lrs; i++)
		gich_write(GICH_LR(i), 0);
}

const struct vgic_lr_ops vgic_v2_lr_ops = {
    .nr_lrs = vgic_v2_nr_lrs,
    .read_lr = vgic_v2_read_lr,
    .write_lr = vgic_v2_write_lr,
    .clear_lr = vgic_v2_clear_lr,
    .set_underflow = vgic_v2_set_underflow,
    .read_vmcr = vgic_v2_read_vmcr,
    .restore = vgic_v2_restore,
    .save = vgic_v2_save,
    .cpu_reset = vgic_v2_cpu_reset,
};
