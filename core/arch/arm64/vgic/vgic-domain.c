// SPDX-License-Identifier: GPL-2.0-only
/*
 * The vGIC's glue to the rest of the hypervisor: struct domain / struct vcpu,
 * MMIO registration, the stage-2 mapping of the GICv2 GICV frame, the host's
 * maintenance interrupt and per-pCPU set-up of the virtual interface. The
 * logic itself is in vgic.c and the register files.
 */
#include <basalt/domain.h>
#include <basalt/errno.h>
#include <basalt/guest_layout.h>
#include <basalt/irq.h>
#include <basalt/lib.h>
#include <basalt/mmio.h>
#include <basalt/p2m.h>
#include <basalt/percpu.h>
#include <basalt/vcpu.h>
#include <basalt/vgic.h>
#include <basalt/xmalloc.h>
#include "vgic-internal.h"

static const struct vgic_lr_ops *vgic_hw_ops;
static spinlock_t vgic_hw_lock = SPINLOCK_INIT;
static uint64_t vgic_cpus_ready; /* pCPUs whose virtual interface is set up */

void vgic_kick(struct vgic_cpu *vc)
{
	vcpu_kick(vc->vcpu);
}

/*
 * The maintenance interrupt (underflow, or EOI of a level interrupt) only has
 * to make the guest exit; folding the LRs here also removes its cause, so it
 * does not fire again when EL2 unmasks interrupts.
 */
static void vgic_maintenance_irq(unsigned int intid, void *data)
{
	struct vcpu *v = current_vcpu();

	(void)intid;
	(void)data;
	if (v && v->domain->vgic.version)
		vgic_cpu_sync(&v->vgic);
}

/* Boot-time, once: pick the backend for the host GIC, take the maintenance PPI. */
static int vgic_hw_setup(const struct gic_hw_info *hw)
{
	unsigned int ppi = hw->maintenance_ppi ? hw->maintenance_ppi : VGIC_MAINT_PPI;
	unsigned long flags;
	int rc = 0;

	spin_lock_irqsave(&vgic_hw_lock, flags);
	if (vgic_hw_ops)
		goto out;
	if (hw->version == VGIC_V2) {
		rc = vgic_v2_sr_init(hw->gich_base, hw->gich_size);
		if (rc)
			goto out;
	}
	rc = irq_request(ppi, vgic_maintenance_irq, NULL);
	if (rc)
		goto out;
	vgic_hw_ops = hw->version == VGIC_V3 ? &vgic_v3_lr_ops : &vgic_v2_lr_ops;
	printk("vgic: GICv%u virtual interface, %u list registers, maintenance PPI %u\n",
	       hw->version, vgic_hw_ops->nr_lrs(), ppi);
out:
	spin_unlock_irqrestore(&vgic_hw_lock, flags);
	return rc;
}

/* This pCPU's virtual interface, before its first vCPU load. */
static void vgic_hw_cpu_setup(void)
{
	unsigned int cpu = smp_processor_id();
	const struct gic_hw_info *hw = gic_hw();

	if (vgic_cpus_ready & BIT(cpu))
		return;
	vgic_hw_ops->cpu_reset();
	irq_enable(hw->maintenance_ppi ? hw->maintenance_ppi : VGIC_MAINT_PPI);
	atomic_fetch_or(&vgic_cpus_ready, BIT(cpu));
}

static int vgic_gicd_read(struct vcpu *v, ipa_t off, unsigned int size, uint64_t *val, void *priv)
{
	struct vgic_dist *dist = priv;

	if (dist->version == VGIC_V3)
		return vgic_v3_dist_read(dist, &v->vgic, off, size, val);
	return vgic_v2_dist_read(dist, &v->vgic, off, size, val);
}

static int vgic_gicd_write(struct vcpu *v, ipa_t off, unsigned int size, uint64_t val, void *priv)
{
	struct vgic_dist *dist = priv;

	if (dist->version == VGIC_V3)
		return vgic_v3_dist_write(dist, &v->vgic, off, size, val);
	return vgic_v2_dist_write(dist, &v->vgic, off, size, val);
}

/* The redistributor frame pair @off falls in, or NULL past the last vCPU (RAZ/WI). */
static struct vgic_cpu *vgic_gicr_of(struct vgic_dist *dist, ipa_t *off)
{
	uint64_t idx = *off / GUEST_GICV3_REDIST_STRIDE;

	*off %= GUEST_GICV3_REDIST_STRIDE;
	return idx < dist->nr_vcpus ? dist->vcpus[idx] : NULL;
}

static int vgic_gicr_read(struct vcpu *v, ipa_t off, unsigned int size, uint64_t *val, void *priv)
{
	struct vgic_dist *dist = priv;
	struct vgic_cpu *rd = vgic_gicr_of(dist, &off);

	(void)v;
	*val = 0;
	return rd ? vgic_v3_rdist_read(dist, rd, off, size, val) : 0;
}

static int vgic_gicr_write(struct vcpu *v, ipa_t off, unsigned int size, uint64_t val, void *priv)
{
	struct vgic_dist *dist = priv;
	struct vgic_cpu *rd = vgic_gicr_of(dist, &off);

	(void)v;
	return rd ? vgic_v3_rdist_write(dist, rd, off, size, val) : 0;
}

static const struct mmio_ops vgic_gicd_ops = {.read = vgic_gicd_read, .write = vgic_gicd_write};
static const struct mmio_ops vgic_gicr_ops = {.read = vgic_gicr_read, .write = vgic_gicr_write};

/* Guest-visible frames: the GICD, and the GICR frames or the GICC (host GICV). */
static int vgic_map_frames(struct domain *d, const struct gic_hw_info *hw)
{
	struct vgic_dist *dist = &d->vgic;
	int rc;

	if (dist->version == VGIC_V3) {
		dist->dist_base = GUEST_GICV3_DIST_BASE;
		dist->cpu_base = GUEST_GICV3_REDIST_BASE;
		rc = domain_register_mmio(d, GUEST_GICV3_DIST_BASE, GUEST_GICV3_DIST_SIZE,
					  &vgic_gicd_ops, dist);
		if (rc)
			return rc;
		return domain_register_mmio(d, GUEST_GICV3_REDIST_BASE,
					    (uint64_t)d->max_vcpus * GUEST_GICV3_REDIST_STRIDE,
					    &vgic_gicr_ops, dist);
	}
	dist->dist_base = GUEST_GICV2_DIST_BASE;
	dist->cpu_base = GUEST_GICV2_CPU_BASE;
	if (!hw->gicv_base || hw->gicv_size < GUEST_GICV2_CPU_SIZE)
		return -ENODEV;
	rc = domain_register_mmio(d, GUEST_GICV2_DIST_BASE, GUEST_GICV2_DIST_SIZE, &vgic_gicd_ops,
				  dist);
	if (rc)
		return rc;
	return p2m_map(&d->p2m, GUEST_GICV2_CPU_BASE, hw->gicv_base, GUEST_GICV2_CPU_SIZE,
		       p2m_mmio_direct);
}

int vgic_domain_init(struct domain *d, unsigned int version, unsigned int nr_spis)
{
	const struct gic_hw_info *hw = gic_hw();
	struct vgic_irq *spis = NULL;
	int rc;

	nr_spis = ALIGN_UP(nr_spis, 32U);
	if (version != hw->version || nr_spis > VGIC_MAX_SPIS ||
	    d->max_vcpus > (version == VGIC_V2 ? VGIC_V2_MAX_VCPUS : VGIC_MAX_VCPUS))
		return -EINVAL;
	rc = vgic_hw_setup(hw);
	if (rc)
		return rc;
	if (nr_spis) {
		spis = xzalloc_bytes(sizeof(*spis) * nr_spis); /* nr_spis <= VGIC_MAX_SPIS */
		if (!spis)
			return -ENOMEM;
	}
	rc = vgic_dist_setup(&d->vgic, version, d->id, nr_spis, spis, vgic_hw_ops);
	if (rc)
		goto out_free;
	rc = vgic_map_frames(d, hw);
	if (rc)
		goto out_free;
	return 0;

out_free:
	printk_level(LOG_WARNING, "d%u: vgic: GICv%u with %u SPIs failed (%d)\n", d->id, version,
		     nr_spis, rc);
	xfree(spis);
	d->vgic.spis = NULL;
	d->vgic.version = 0;
	return rc;
}

void vgic_domain_destroy(struct domain *d)
{
	/* The GICV mapping and MMIO handlers go with the p2m and the domain. */
	xfree(d->vgic.spis);
	d->vgic.spis = NULL;
	d->vgic.nr_spis = 0;
	d->vgic.version = 0;
}

int vgic_vcpu_init(struct vcpu *v)
{
	return vgic_cpu_setup(&v->domain->vgic, &v->vgic, v, v->id);
}

int vgic_inject_irq(struct domain *d, struct vcpu *v, unsigned int intid)
{
	return vgic_dist_inject(&d->vgic, v ? &v->vgic : NULL, intid);
}

int vgic_set_irq_level(struct domain *d, struct vcpu *v, unsigned int intid, bool asserted)
{
	return vgic_dist_set_level(&d->vgic, v ? &v->vgic : NULL, intid, asserted);
}

int vgic_irq_set_resample(struct domain *d, struct vcpu *v, unsigned int intid,
			  bool (*line)(void *data, uint32_t intid), void *data)
{
	struct vgic_dist *dist = &d->vgic;
	struct vgic_irq *irq;
	unsigned long flags;

	if (!dist->version || (intid < VGIC_NR_PRIVATE && !v))
		return -EINVAL;
	flags = vgic_lock(dist);
	irq = vgic_get_irq(dist, v ? &v->vgic : NULL, intid);
	if (irq) {
		irq->resample = line;
		irq->resample_data = data;
	}
	vgic_unlock(dist, flags);
	return irq ? 0 : -EINVAL;
}

void vgic_vcpu_load(struct vcpu *v)
{
	vgic_hw_cpu_setup();
	vgic_cpu_load(&v->vgic);
}

void vgic_vcpu_put(struct vcpu *v)
{
	vgic_cpu_put(&v->vgic);
}

bool vgic_vcpu_pending_irq(struct vcpu *v)
{
	/* Stale means loaded on its pCPU; elsewhere the last read is all there is. */
	if (v->vgic.vmcr_stale && v == current_vcpu())
		vgic_cpu_refresh_vmcr(&v->vgic);
	return vgic_cpu_pending(&v->vgic);
}

int vgic_emulate_sysreg(struct vcpu *v, uint32_t iss, register_t *val)
{
	return vgic_v3_emulate_sysreg(&v->domain->vgic, &v->vgic, iss, val);
}

void vgic_dump_vcpu(struct vcpu *v)
{
	if (v->vgic.dist)
		vgic_cpu_dump(&v->vgic);
}
