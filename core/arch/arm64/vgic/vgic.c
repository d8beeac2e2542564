// SPDX-License-Identifier: GPL-2.0-only
/*
 * The vGIC's interrupt state machine, independent of GIC version.
 *
 * Every interrupt that is pending-and-enabled, or active, sits on exactly one
 * vCPU's ap_list, kept in priority order. Before each entry into a vCPU its
 * list is copied into the list registers (active ones first, so a guest EOI
 * always finds its LR); after each exit the LRs are read back, folded into the
 * state and emptied. Edge latches move into the LR at flush and come back at
 * sync if the guest has not taken them; level interrupts ask for an EOI
 * maintenance interrupt so that the line is looked at again when the guest is
 * done. One lock per domain covers all of it.
 */
#include <basalt/lib.h>
#include <basalt/errno.h>
#include "vgic-internal.h"

static bool vgic_is_v2_sgi(const struct vgic_dist *dist, const struct vgic_irq *irq)
{
	return dist->version == VGIC_V2 && irq->intid < VGIC_NR_SGIS;
}

static void vgic_irq_reset(struct vgic_irq *irq, struct vgic_cpu *owner, uint32_t intid,
			   unsigned int version)
{
	memset(irq, 0, sizeof(*irq));
	list_init(&irq->ap_node);
	irq->owner = owner;
	irq->intid = intid;
	irq->edge = intid < VGIC_NR_SGIS;
	irq->enabled = intid < VGIC_NR_SGIS;
	/* Linux puts everything in group 1 on GICv3; a guest that does not should still work. */
	irq->group1 = version == VGIC_V3;
	irq->targets = 0x01;
	irq->target_vcpu = VGIC_NO_TARGET;
}

int vgic_dist_setup(struct vgic_dist *dist, unsigned int version, domid_t domid,
		    unsigned int nr_spis, struct vgic_irq *spis, const struct vgic_lr_ops *ops)
{
	unsigned int i;

	if ((version != VGIC_V2 && version != VGIC_V3) || nr_spis > VGIC_MAX_SPIS || nr_spis % 32 ||
	    (nr_spis && !spis) || !ops)
		return -EINVAL;
	memset(dist, 0, sizeof(*dist));
	spin_lock_init(&dist->lock);
	dist->version = version;
	dist->domid = domid;
	dist->nr_spis = nr_spis;
	dist->spis = spis;
	dist->ops = ops;
	for (i = 0; i < nr_spis; i++)
		vgic_irq_reset(&spis[i], NULL, VGIC_NR_PRIVATE + i, version);
	return 0;
}

int vgic_cpu_setup(struct vgic_dist *dist, struct vgic_cpu *vc, struct vcpu *v, unsigned int id)
{
	unsigned int i, max;
	unsigned long flags;

	max = dist->version == VGIC_V2 ? VGIC_V2_MAX_VCPUS : VGIC_MAX_VCPUS;
	if (id >= max)
		return -ENOSPC;
	if (id != dist->nr_vcpus)
		return -EINVAL;
	memset(vc, 0, sizeof(*vc));
	vc->dist = dist;
	vc->vcpu = v;
	vc->id = id;
	vc->mpidr = vgic_vcpu_mpidr(id);
	list_init(&vc->ap_list);
	for (i = 0; i < VGIC_NR_PRIVATE; i++)
		vgic_irq_reset(&vc->private_irqs[i], vc, i, dist->version);
	/* Until the guest says otherwise: everything unmasked, both groups on. */
	vc->cif.pmr = 0xff;
	vc->cif.grp0_en = true;
	vc->cif.grp1_en = true;
	vc->rdist_sleep = true;
	flags = vgic_lock(dist);
	dist->vcpus[id] = vc;
	dist->nr_vcpus = id + 1;
	vgic_unlock(dist, flags);
	return 0;
}

struct vgic_irq *vgic_get_irq(struct vgic_dist *dist, struct vgic_cpu *vc, uint32_t intid)
{
	if (intid < VGIC_NR_PRIVATE)
		return vc ? &vc->private_irqs[intid] : NULL;
	if (intid - VGIC_NR_PRIVATE < dist->nr_spis)
		return &dist->spis[intid - VGIC_NR_PRIVATE];
	return NULL;
}

unsigned long vgic_lock(struct vgic_dist *dist)
{
	unsigned long flags;

	spin_lock_irqsave(&dist->lock, flags);
	return flags;
}

void vgic_unlock(struct vgic_dist *dist, unsigned long flags)
{
	uint64_t kick = dist->kick_mask;
	unsigned int i;

	dist->kick_mask = 0;
	spin_unlock_irqrestore(&dist->lock, flags);
	/* vcpu_kick may take scheduler locks: never under ours. */
	for (i = 0; kick; i++, kick >>= 1)
		if ((kick & 1) && dist->vcpus[i])
			vgic_kick(dist->vcpus[i]);
}

bool vgic_irq_pending(const struct vgic_dist *dist, const struct vgic_irq *irq)
{
	if (vgic_is_v2_sgi(dist, irq))
		return irq->sgi_sources != 0;
	return irq->pending_latch || (!irq->edge && irq->line_level);
}

/* The vCPU an SPI is routed to, or NULL (no such vCPU: it stays pending). */
static struct vgic_cpu *vgic_spi_target(struct vgic_dist *dist, const struct vgic_irq *irq)
{
	unsigned int i;

	if (dist->version == VGIC_V2) {
		for (i = 0; i < dist->nr_vcpus && i < 8; i++)
			if (irq->targets & BIT(i))
				return dist->vcpus[i];
		return NULL;
	}
	for (i = 0; i < dist->nr_vcpus; i++)
		if (dist->vcpus[i]->mpidr == (irq->irouter & 0xff00ffffffULL))
			return dist->vcpus[i];
	return NULL;
}

/* Which vCPU's list @irq belongs on now, if any. */
static struct vgic_cpu *vgic_irq_oracle(struct vgic_dist *dist, struct vgic_irq *irq)
{
	struct vgic_cpu *target;

	/* An active interrupt stays with the vCPU that took it. */
	if (irq->active && irq->ap_vcpu)
		return irq->ap_vcpu;
	if (!irq->active && !(irq->enabled && vgic_irq_pending(dist, irq)))
		return NULL;
	target = irq->owner ? irq->owner : vgic_spi_target(dist, irq);
	irq->target_vcpu = target ? target->id : VGIC_NO_TARGET;
	return target;
}

/* Best first: lower priority value, then lower INTID. */
static bool vgic_irq_before(const struct vgic_irq *a, const struct vgic_irq *b)
{
	if (a->priority != b->priority)
		return a->priority < b->priority;
	return a->intid < b->intid;
}

static void vgic_ap_insert(struct vgic_cpu *vc, struct vgic_irq *irq)
{
	struct vgic_irq *pos;

	list_for_each_entry(pos, &vc->ap_list, ap_node)
	{
		if (vgic_irq_before(irq, pos)) {
			list_add_tail(&irq->ap_node, &pos->ap_node);
			goto out;
		}
	}
	list_add_tail(&irq->ap_node, &vc->ap_list);
out:
	irq->ap_vcpu = vc;
}

/*
 * Put @irq on the list where it belongs now (re-sorted), or off all lists.
 * A vCPU that gains something it can take is marked for a kick. Lock held.
 */
static void vgic_irq_queue(struct vgic_dist *dist, struct vgic_irq *irq)
{
	struct vgic_cpu *target = vgic_irq_oracle(dist, irq);

	if (irq->ap_vcpu) {
		list_del(&irq->ap_node);
		irq->ap_vcpu = NULL;
	}
	if (!target)
		return;
	vgic_ap_insert(target, irq);
	if (irq->enabled && vgic_irq_pending(dist, irq))
		dist->kick_mask |= BIT(target->id);
}

static bool vgic_check_target(struct vgic_dist *dist, struct vgic_cpu *vc, uint32_t intid)
{
	if (intid >= VGIC_NR_PRIVATE)
		return intid - VGIC_NR_PRIVATE < dist->nr_spis;
	return vc && vc->dist == dist;
}

int vgic_dist_inject(struct vgic_dist *dist, struct vgic_cpu *vc, uint32_t intid)
{
	struct vgic_irq *irq;
	unsigned long flags;

	if (!dist->version || !vgic_check_target(dist, vc, intid))
		return -EINVAL;
	flags = vgic_lock(dist);
	irq = vgic_get_irq(dist, vc, intid);
	if (vgic_is_v2_sgi(dist, irq))
		irq->sgi_sources |= BIT(vc->id); /* a self-IPI from the hypervisor's view */
	else
		irq->pending_latch = true;
	vgic_irq_queue(dist, irq);
	vgic_unlock(dist, flags);
	return 0;
}

int vgic_dist_set_level(struct vgic_dist *dist, struct vgic_cpu *vc, uint32_t intid, bool level)
{
	struct vgic_irq *irq;
	unsigned long flags;

	if (!dist->version || !vgic_check_target(dist, vc, intid) || intid < VGIC_NR_SGIS)
		return -EINVAL;
	flags = vgic_lock(dist);
	irq = vgic_get_irq(dist, vc, intid);
	/* A rising edge latches an edge-configured interrupt; a level one follows the line. */
	if (irq->edge && level && !irq->line_level)
		irq->pending_latch = true;
	irq->line_level = level;
	vgic_irq_queue(dist, irq);
	vgic_unlock(dist, flags);
	return 0;
}

void vgic_irq_set_enabled(struct vgic_dist *dist, struct vgic_irq *irq, bool on)
{
	irq->enabled = on;
	vgic_irq_queue(dist, irq);
}

void vgic_irq_set_pending(struct vgic_dist *dist, struct vgic_irq *irq, bool on)
{
	if (vgic_is_v2_sgi(dist, irq)) {
		/* GICv2 SGIs are pended/cleared per source through [S|C]PENDSGIR. */
		if (!on)
			irq->sgi_sources = 0;
	} else {
		irq->pending_latch = on;
	}
	vgic_irq_queue(dist, irq);
}

void vgic_irq_set_active(struct vgic_dist *dist, struct vgic_irq *irq, bool on)
{
	irq->active = on;
	vgic_irq_queue(dist, irq);
}

void vgic_irq_set_priority(struct vgic_dist *dist, struct vgic_irq *irq, uint8_t prio)
{
	irq->priority = prio;
	vgic_irq_queue(dist, irq);
}

void vgic_irq_set_group(struct vgic_dist *dist, struct vgic_irq *irq, bool group1)
{
	irq->group1 = group1;
	vgic_irq_queue(dist, irq);
}

void vgic_irq_set_edge(struct vgic_dist *dist, struct vgic_irq *irq, bool edge)
{
	if (irq->intid < VGIC_NR_SGIS)
		return;
	irq->edge = edge;
	vgic_irq_queue(dist, irq);
}

void vgic_irq_set_irouter(struct vgic_dist *dist, struct vgic_irq *irq, uint64_t irouter)
{
	/* Aff3 [39:32], Aff2..Aff0 [23:0]; IRM (bit 31) is RAZ/WI: GICD_TYPER.No1N = 1. */
	irq->irouter = irouter & 0xff00ffffffULL;
	vgic_irq_queue(dist, irq);
}

void vgic_irq_set_targets(struct vgic_dist *dist, struct vgic_irq *irq, uint8_t targets)
{
	irq->targets = targets;
	vgic_irq_queue(dist, irq);
}

void vgic_sgi_v2_set_sources(struct vgic_dist *dist, struct vgic_irq *irq, uint8_t sources, bool on)
{
	if (on)
		irq->sgi_sources |= sources;
	else
		irq->sgi_sources &= ~sources;
	vgic_irq_queue(dist, irq);
}

void vgic_dist_set_enables(struct vgic_dist *dist, bool grp0, bool grp1)
{
	unsigned int i;

	if ((grp0 && !dist->grp0_en) || (grp1 && !dist->grp1_en))
		for (i = 0; i < dist->nr_vcpus; i++)
			if (!list_empty(&dist->vcpus[i]->ap_list))
				dist->kick_mask |= BIT(i);
	dist->grp0_en = grp0;
	dist->grp1_en = grp1;
}

static bool vgic_group_enabled(const struct vgic_dist *dist, const struct vgic_irq *irq)
{
	return irq->group1 ? dist->grp1_en : dist->grp0_en;
}

/* Could @irq go into @vc's LRs now? */
static bool vgic_irq_lr_candidate(struct vgic_dist *dist, struct vgic_cpu *vc,
				  const struct vgic_irq *irq)
{
	if (irq->in_lr && irq->in_lr != vc)
		return false; /* still in another vCPU's LR after a re-route */
	if (irq->active)
		return true;
	return irq->enabled && vgic_group_enabled(dist, irq) && vgic_irq_pending(dist, irq);
}

/* Build the LR for @irq, moving its pending state into it. */
static void vgic_irq_to_lr(struct vgic_dist *dist, struct vgic_irq *irq, struct vgic_lr *lr)
{
	unsigned int src;

	memset(lr, 0, sizeof(*lr));
	lr->intid = irq->intid;
	lr->priority = irq->priority;
	lr->group1 = irq->group1;
	lr->active = irq->active;
	if (vgic_is_v2_sgi(dist, irq)) {
		/* One source per LR; the next one follows the guest's EOI. */
		if (irq->active) {
			lr->source = irq->active_source;
		} else {
			src = (unsigned int)__builtin_ctz(irq->sgi_sources);
			irq->sgi_sources &= ~BIT(src);
			lr->source = src;
			lr->pending = true;
		}
		lr->eoi_maint = irq->sgi_sources != 0;
		return;
	}
	lr->pending = vgic_irq_pending(dist, irq) && irq->enabled;
	if (irq->edge && lr->pending)
		irq->pending_latch = false;
	/* Only a line that may still be high needs a look when the guest is done. */
	lr->eoi_maint = !irq->edge && (irq->line_level || irq->resample);
}

static void vgic_fill_lr(struct vgic_cpu *vc, struct vgic_irq *irq)
{
	struct vgic_lr lr;
	unsigned int n = vc->used_lrs;

	vgic_irq_to_lr(vc->dist, irq, &lr);
	vc->dist->ops->write_lr(n, &lr);
	vc->lr_irq[n] = irq;
	vc->lr_source[n] = lr.source;
	irq->in_lr = vc;
	vc->used_lrs = n + 1;
}

void vgic_cpu_flush(struct vgic_cpu *vc)
{
	struct vgic_dist *dist = vc->dist;
	unsigned int nr_lrs;
	bool overflow = false;
	struct vgic_irq *irq;
	unsigned long flags;
	int pass;

	/* A second flush without an exit in between: fold the first one back. */
	if (vc->used_lrs)
		vgic_cpu_sync(vc);
	nr_lrs = MIN(dist->ops->nr_lrs(), (unsigned int)VGIC_MAX_LRS);
	flags = vgic_lock(dist);
	/* Pass 0: active interrupts, which must be in an LR for the guest's EOI; pass 1: pending.
	 */
	for (pass = 0; pass < 2; pass++) {
		list_for_each_entry(irq, &vc->ap_list, ap_node)
		{
			if (irq->in_lr == vc || irq->active != (pass == 0) ||
			    !vgic_irq_lr_candidate(dist, vc, irq))
				continue;
			if (vc->used_lrs == nr_lrs) {
				overflow = true;
				break;
			}
			vgic_fill_lr(vc, irq);
		}
	}
	vc->underflow = overflow;
	/* Sync clears it again, so the common case costs no ICH_HCR_EL2/GICH_HCR access. */
	if (overflow)
		dist->ops->set_underflow(true);
	vgic_unlock(dist, flags);
}

/* Fold LR @n back into its interrupt. */
static void vgic_lr_fold(struct vgic_cpu *vc, unsigned int n)
{
	struct vgic_dist *dist = vc->dist;
	struct vgic_irq *irq = vc->lr_irq[n];
	struct vgic_lr lr;

	dist->ops->read_lr(n, &lr);
	dist->ops->clear_lr(n);
	vc->lr_irq[n] = NULL;
	irq->in_lr = NULL;
	irq->active = lr.active;
	if (vgic_is_v2_sgi(dist, irq)) {
		if (lr.pending)
			irq->sgi_sources |= BIT(vc->lr_source[n]);
		if (lr.active)
			irq->active_source = vc->lr_source[n];
	} else if (irq->edge) {
		if (lr.pending)
			irq->pending_latch = true;
	} else {
		/* A level interrupt's soft pending state is consumed by the guest's acknowledge. */
		if (!lr.pending)
			irq->pending_latch = false;
		if (!lr.pending && !lr.active && irq->resample)
			irq->line_level = irq->resample(irq->resample_data, irq->intid);
	}
	vgic_irq_queue(dist, irq);
}

void vgic_cpu_sync(struct vgic_cpu *vc)
{
	struct vgic_dist *dist = vc->dist;
	unsigned long flags;
	unsigned int n;

	flags = vgic_lock(dist);
	dist->ops->read_vmcr(&vc->cif);
	vc->vmcr_stale = false;
	for (n = 0; n < vc->used_lrs; n++)
		vgic_lr_fold(vc, n);
	vc->used_lrs = 0;
	if (vc->underflow)
		dist->ops->set_underflow(false);
	vc->underflow = false;
	/* Folding re-queued onto ourselves: that work is taken at the next flush, no kick. */
	dist->kick_mask &= ~BIT(vc->id);
	vgic_unlock(dist, flags);
}

void vgic_cpu_load(struct vgic_cpu *vc)
{
	vc->dist->ops->restore(&vc->cif);
}

void vgic_cpu_put(struct vgic_cpu *vc)
{
	if (vc->used_lrs)
		vgic_cpu_sync(vc);
	vc->dist->ops->save(&vc->cif);
	vc->vmcr_stale = false;
}

void vgic_cpu_refresh_vmcr(struct vgic_cpu *vc)
{
	vc->dist->ops->read_vmcr(&vc->cif);
	vc->vmcr_stale = false;
}

bool vgic_cpu_pending(struct vgic_cpu *vc)
{
	struct vgic_dist *dist = vc->dist;
	struct vgic_irq *irq;
	unsigned long flags;
	bool found = false;

	flags = vgic_lock(dist);
	list_for_each_entry(irq, &vc->ap_list, ap_node)
	{
		if (irq->active || !irq->enabled || !vgic_irq_pending(dist, irq) ||
		    !vgic_group_enabled(dist, irq))
			continue;
		if (!(irq->group1 ? vc->cif.grp1_en : vc->cif.grp0_en))
			continue;
		/* The list is sorted: the first one that fails the mask ends the search. */
		found = irq->priority < vc->cif.pmr;
		break;
	}
	vgic_unlock(dist, flags);
	return found;
}

/* One pending/active interrupt, copied out for printing after the lock is dropped. */
struct vgic_dump_irq {
	uint32_t intid;
	uint8_t priority;
	bool group1, pending, active, enabled, edge, in_lr;
};

#define VGIC_DUMP_MAX 16

void vgic_cpu_dump(struct vgic_cpu *vc)
{
	struct vgic_dist *dist = vc->dist;
	struct vgic_dump_irq irqs[VGIC_DUMP_MAX];
	unsigned int n = 0, total = 0;
	struct vgic_cpu_if cif;
	struct vgic_irq *irq;
	unsigned int used_lrs;
	unsigned long flags;
	bool overflow;

	/* Copy under the lock, print after it: the console is slow and IRQs are masked. */
	flags = vgic_lock(dist);
	cif = vc->cif;
	used_lrs = vc->used_lrs;
	overflow = vc->underflow;
	list_for_each_entry(irq, &vc->ap_list, ap_node)
	{
		if (n < VGIC_DUMP_MAX)
			irqs[n++] = (struct vgic_dump_irq){
			    irq->intid,	 irq->priority, irq->group1, vgic_irq_pending(dist, irq),
			    irq->active, irq->enabled,	irq->edge,   irq->in_lr != NULL};
		total++;
	}
	vgic_unlock(dist, flags);
	printk("        vgic: GICD grp0/1 %d/%d, VMCR 0x%x (pmr 0x%x grp0/1 %d/%d), %u in LRs%s\n",
	       dist->grp0_en, dist->grp1_en, cif.vmcr, cif.pmr, cif.grp0_en, cif.grp1_en, used_lrs,
	       overflow ? " (overflow)" : "");
	for (unsigned int i = 0; i < n; i++)
		printk("          intid %u prio 0x%x grp%d %s%s%s %s%s\n", irqs[i].intid,
		       irqs[i].priority, irqs[i].group1, irqs[i].pending ? "pending " : "",
		       irqs[i].active ? "active " : "", irqs[i].enabled ? "enabled" : "disabled",
		       irqs[i].edge ? "edge" : "level", irqs[i].in_lr ? " in-LR" : "");
	if (total > n)
		printk("          ... and %u more\n", total - n);
}
