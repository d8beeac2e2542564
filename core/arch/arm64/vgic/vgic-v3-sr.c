// SPDX-License-Identifier: GPL-2.0-only
/*
 * GICv3 list registers and virtual CPU interface state through the ICH_*_EL2
 * system registers. The register number is part of an MRS/MSR instruction,
 * so LRs and active-priority registers are reached through a switch.
 */
#include <basalt/lib.h>
#include <asm/sysregs.h>
#include "vgic-internal.h"

#define ICH_HCR_EL2  S3_4_C12_C11_0
#define ICH_VTR_EL2  S3_4_C12_C11_1
#define ICH_VMCR_EL2 S3_4_C12_C11_7

#define ICH_HCR_EN  BIT(0)
#define ICH_HCR_UIE BIT(1)

#define ICH_LR_EOI	  BIT(41) /* with HW = 0: maintenance interrupt on EOI */
#define ICH_LR_PRIO_SHIFT 48
#define ICH_LR_GROUP1	  BIT(60)
#define ICH_LR_PENDING	  BIT(62)
#define ICH_LR_ACTIVE	  BIT(63)

#define ICH_VMCR_ENG0	   BIT(0)
#define ICH_VMCR_ENG1	   BIT(1)
#define ICH_VMCR_PMR_SHIFT 24

static uint64_t ich_lr_read(unsigned int n)
{
	switch (n) {
	case 0:
		return READ_SYSREG(S3_4_C12_C12_0);
	case 1:
		return READ_SYSREG(S3_4_C12_C12_1);
	case 2:
		return READ_SYSREG(S3_4_C12_C12_2);
	case 3:
		return READ_SYSREG(S3_4_C12_C12_3);
	case 4:
		return READ_SYSREG(S3_4_C12_C12_4);
	case 5:
		return READ_SYSREG(S3_4_C12_C12_5);
	case 6:
		return READ_SYSREG(S3_4_C12_C12_6);
	case 7:
		return READ_SYSREG(S3_4_C12_C12_7);
	case 8:
		return READ_SYSREG(S3_4_C12_C13_0);
	case 9:
		return READ_SYSREG(S3_4_C12_C13_1);
	case 10:
		return READ_SYSREG(S3_4_C12_C13_2);
	case 11:
		return READ_SYSREG(S3_4_C12_C13_3);
	case 12:
		return READ_SYSREG(S3_4_C12_C13_4);
	case 13:
		return READ_SYSREG(S3_4_C12_C13_5);
	case 14:
		return READ_SYSREG(S3_4_C12_C13_6);
	case 15:
		return READ_SYSREG(S3_4_C12_C13_7);
	}
	return 0;
}

static void ich_lr_write(unsigned int n, uint64_t val)
{
	switch (n) {
	case 0:
		WRITE_SYSREG(S3_4_C12_C12_0, val);
		break;
	case 1:
		WRITE_SYSREG(S3_4_C12_C12_1, val);
		break;
	case 2:
		WRITE_SYSREG(S3_4_C12_C12_2, val);
		break;
	case 3:
		WRITE_SYSREG(S3_4_C12_C12_3, val);
		break;
	case 4:
		WRITE_SYSREG(S3_4_C12_C12_4, val);
		break;
	case 5:
		WRITE_SYSREG(S3_4_C12_C12_5, val);
		break;
	case 6:
		WRITE_SYSREG(S3_4_C12_C12_6, val);
		break;
	case 7:
		WRITE_SYSREG(S3_4_C12_C12_7, val);
		break;
	case 8:
		WRITE_SYSREG(S3_4_C12_C13_0, val);
		break;
	case 9:
		WRITE_SYSREG(S3_4_C12_C13_1, val);
		break;
	case 10:
		WRITE_SYSREG(S3_4_C12_C13_2, val);
		break;
	case 11:
		WRITE_SYSREG(S3_4_C12_C13_3, val);
		break;
	case 12:
		WRITE_SYSREG(S3_4_C12_C13_4, val);
		break;
	case 13:
		WRITE_SYSREG(S3_4_C12_C13_5, val);
		break;
	case 14:
		WRITE_SYSREG(S3_4_C12_C13_6, val);
		break;
	case 15:
		WRITE_SYSREG(S3_4_C12_C13_7, val);
		break;
	}
}

static uint32_t ich_ap0r_read(unsigned int n)
{
	switch (n) {
	case 0:
		return (uint32_t)READ_SYSREG(S3_4_C12_C8_0);
	case 1:
		return (uint32_t)READ_SYSREG(S3_4_C12_C8_1);
	case 2:
		return (uint32_t)READ_SYSREG(S3_4_C12_C8_2);
	case 3:
		return (uint32_t)READ_SYSREG(S3_4_C12_C8_3);
	}
	return 0;
}

static void ich_ap0r_write(unsigned int n, uint64_t val)
{
	switch (n) {
	case 0:
		WRITE_SYSREG(S3_4_C12_C8_0, val);
		break;
	case 1:
		WRITE_SYSREG(S3_4_C12_C8_1, val);
		break;
	case 2:
		WRITE_SYSREG(S3_4_C12_C8_2, val);
		break;
	case 3:
		WRITE_SYSREG(S3_4_C12_C8_3, val);
		break;
	}
}

static uint32_t ich_ap1r_read(unsigned int n)
{
	switch (n) {
	case 0:
		return (uint32_t)READ_SYSREG(S3_4_C12_C9_0);
	case 1:
		return (uint32_t)READ_SYSREG(S3_4_C12_C9_1);
	case 2:
		return (uint32_t)READ_SYSREG(S3_4_C12_C9_2);
	case 3:
		return (uint32_t)READ_SYSREG(S3_4_C12_C9_3);
	}
	return 0;
}

static void ich_ap1r_write(unsigned int n, uint64_t val)
{
	switch (n) {
	case 0:
		WRITE_SYSREG(S3_4_C12_C9_0, val);
		break;
	case 1:
		WRITE_SYSREG(S3_4_C12_C9_1, val);
		break;
	case 2:
		WRITE_SYSREG(S3_4_C12_C9_2, val);
		break;
	case 3:
		WRITE_SYSREG(S3_4_C12_C9_3, val);
		break;
	}
}

/* ICH_VTR_EL2 is the same on every pCPU and never changes: read it once. */
static uint64_t vgic_v3_vtr(void)
{
	static uint64_t vtr;

	if (!vtr)
		vtr = READ_SYSREG(ICH_VTR_EL2) | BIT(63); /* bit 63 is RES0: marks "read" */
	return vtr;
}

static unsigned int vgic_v3_nr_lrs(void)
{
	return (unsigned int)(vgic_v3_vtr() & 0x1f) + 1;
}

/* Active-priority registers in use: 1, 2 or 4 for 5, 6 or 7 preemption bits. */
static unsigned int vgic_v3_nr_aprs(void)
{
	unsigned int prebits = (unsigned int)((vgic_v3_vtr() >> 26) & 7) + 1;

	return prebits >= 7 ? 4U : prebits == 6 ? 2U : 1U;
}

static void vgic_v3_read_lr(unsigned int n, struct vgic_lr *lr)
{
	uint64_t val = ich_lr_read(n);

	lr->intid = (uint32_t)val;
	lr->priority = (uint8_t)(val >> ICH_LR_PRIO_SHIFT);
	lr->pending = val & ICH_LR_PENDING;
	lr->active = val & ICH_LR_ACTIVE;
	lr->group1 = val & ICH_LR_GROUP1;
	lr->eoi_maint = val & ICH_LR_EOI;
	lr->source = 0;
}

static void vgic_v3_write_lr(unsigned int n, const struct vgic_lr *lr)
{
	uint64_t val = lr->intid | (uint64_t)lr->priority << ICH_LR_PRIO_SHIFT;

	if (lr->pending)
		val |= ICH_LR_PENDING;
	if (lr->active)
		val |= ICH_LR_ACTIVE;
	if (lr->group1)
		val |= ICH_LR_GROUP1;
	if (lr->eoi_maint)
		val |= ICH_LR_EOI;
	ich_lr_write(n, val);
}

static void vgic_v3_clear_lr(unsigned int n)
{
	ich_lr_write(n, 0);
}

static void vgic_v3_set_underflow(bool on)
{
	uint64_t hcr = READ_SYSREG(ICH_HCR_EL2);

	WRITE_SYSREG(ICH_HCR_EL2, on ? hcr | ICH_HCR_UIE : hcr & ~ICH_HCR_UIE);
}

static void vgic_v3_decode_vmcr(struct vgic_cpu_if *cif)
{
	cif->pmr = (uint8_t)(cif->vmcr >> ICH_VMCR_PMR_SHIFT);
	cif->grp0_en = cif->vmcr & ICH_VMCR_ENG0;
	cif->grp1_en = cif->vmcr & ICH_VMCR_ENG1;
}

static void vgic_v3_read_vmcr(struct vgic_cpu_if *cif)
{
	cif->vmcr = (uint32_t)READ_SYSREG(ICH_VMCR_EL2);
	vgic_v3_decode_vmcr(cif);
}

static void vgic_v3_restore(const struct vgic_cpu_if *cif)
{
	unsigned int i, n = vgic_v3_nr_aprs();

	WRITE_SYSREG(ICH_VMCR_EL2, cif->vmcr);
	for (i = 0; i < n; i++) {
		ich_ap0r_write(i, cif->ap0r[i]);
		ich_ap1r_write(i, cif->ap1r[i]);
	}
	WRITE_SYSREG(ICH_HCR_EL2, ICH_HCR_EN);
	isb();
}

static void vgic_v3_save(struct vgic_cpu_if *cif)
{
	unsigned int i, n = vgic_v3_nr_aprs();

	vgic_v3_read_vmcr(cif);
	for (i = 0; i < n; i++) {
		cif->ap0r[i] = ich_ap0r_read(i);
		cif->ap1r[i] = ich_ap1r_read(i);
	}
	WRITE_SYSREG(ICH_HCR_EL2, 0);
	isb();
}

static void vgic_v3_cpu_reset(void)
{
	unsigned int i, n = vgic_v3_nr_lrs();

	WRITE_SYSREG(ICH_HCR_EL2, 0);
	for (i = 0; i < n && i < VGIC_MAX_LRS; i++)
		ich_lr_write(i, 0);
	isb();
}

const struct vgic_lr_ops vgic_v3_lr_ops = {
    .nr_lrs = vgic_v3_nr_lrs,
    .read_lr = vgic_v3_read_lr,
    .write_lr = vgic_v3_write_lr,
    .clear_lr = vgic_v3_clear_lr,
    .set_underflow = vgic_v3_set_underflow,
    .read_vmcr = vgic_v3_read_vmcr,
    .restore = vgic_v3_restore,
    .save = vgic_v3_save,
    .cpu_reset = vgic_v3_cpu_reset,
};
