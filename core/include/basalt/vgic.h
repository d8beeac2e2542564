/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The virtual GIC: what a guest sees as its interrupt controller.
 *
 * A domain has one struct vgic_dist (embedded in struct domain as `vgic`) and
 * each vCPU one struct vgic_cpu (embedded in struct vcpu as `vgic`). The
 * guest's distributor (and GICv3 redistributors) are trap-and-emulate MMIO;
 * its CPU interface is the hardware virtual CPU interface (GICv3 ICH_*_EL2 /
 * ICV_*, GICv2 GICH + GICV mapped at the guest's GICC), fed through list
 * registers.
 *
 * Lifecycle, as the VM code drives it:
 *   vgic_domain_init()            at domain creation, before any vCPU
 *   vgic_vcpu_init(v)             for each vCPU, in id order
 *   vgic_vcpu_load(v)             when v is switched in on a pCPU
 *   vgic_flush_lrs(&v->vgic)      right before every ERET into v (IRQs masked)
 *   vgic_sync_lrs(&v->vgic)       right after every exit from v
 *   vgic_vcpu_put(v)              when v is switched out (after its sync)
 *   vgic_domain_destroy(d)        at domain destruction
 *
 * Interrupt sources call vgic_inject_irq() (an edge) or vgic_set_irq_level()
 * (a level line) from any pCPU and any context, IRQ handlers included; a
 * target vCPU that is not running here is kicked with vcpu_kick().
 *
 * What is supported: SGIs, PPIs, SPIs (no LPIs/ITS); GICv3 with affinity
 * routing always on (GICD_CTLR.ARE RAO/WI, single security state DS=1),
 * IROUTER with Interrupt_Routing_Mode 0 only (GICD_TYPER.No1N = 1, IRM is
 * RAZ/WI); GICv2 ITARGETSR with several bits set delivers to the lowest
 * numbered listed vCPU.
 *
 * Limits: active interrupts always get a list register first, so a guest
 * that nests more active interrupts than there are LRs (4 on QEMU; Linux
 * never nests) would EOI one the hardware cannot see (ICH_HCR.EOIcount is
 * not handled). An I[SC]ACTIVER write aimed at an interrupt that sits in
 * another running vCPU's LR is overridden by that LR when the vCPU next
 * exits. Interrupts are delivered with LR.HW = 0 only (no
 * hardware-linked deactivation).
 */
#ifndef BASALT_VGIC_H
#define BASALT_VGIC_H

#include <basalt/types.h>
#include <basalt/list.h>
#include <basalt/spinlock.h>

struct domain;
struct vcpu;
struct vgic_lr_ops;

#define VGIC_V2 2
#define VGIC_V3 3

#define VGIC_NR_SGIS	  16
#define VGIC_NR_PRIVATE	  32  /* SGIs 0-15 + PPIs 16-31, banked per vCPU */
#define VGIC_MAX_SPIS	  988 /* INTIDs 32..1019 */
#define VGIC_MAX_VCPUS	  64
#define VGIC_V2_MAX_VCPUS 8
#define VGIC_MAX_LRS	  16
#define VGIC_MAINT_PPI	  25 /* the maintenance interrupt (host PPI) */
#define VGIC_NO_TARGET	  0xffffu

/* One virtual interrupt. Protected by its domain's vgic_dist.lock. */
struct vgic_irq {
	struct list_head ap_node; /* on ap_vcpu->ap_list, ordered by priority */
	struct vgic_cpu *ap_vcpu; /* whose ap_list it is on, NULL if none */
	struct vgic_cpu *owner;	  /* SGI/PPI: the vCPU it is banked for; NULL for SPIs */
	struct vgic_cpu *in_lr;	  /* the vCPU whose list registers hold it now, or NULL */
	uint32_t intid;
	uint8_t priority;     /* IPRIORITYR byte, as written (8 bits) */
	uint8_t targets;      /* GICv2 ITARGETSR byte (SPIs) */
	uint16_t target_vcpu; /* resolved routing target id, VGIC_NO_TARGET if none */
	uint64_t irouter;     /* GICv3 IROUTER (SPIs), Aff3..Aff0 as written */
	bool enabled;
	bool active;
	bool pending_latch;    /* edge latch, or ISPENDR soft pending for level */
	bool line_level;       /* level-sensitive input line */
	bool edge;	       /* ICFGR: true = edge, false = level */
	bool group1;	       /* IGROUPR */
	uint8_t sgi_sources;   /* GICv2 SGIs: pending, one bit per source vCPU */
	uint8_t active_source; /* GICv2 SGIs: source of the active instance */
	/*
	 * Optional: re-read a level line when the guest EOIs the interrupt
	 * (vgic_irq_set_resample). Called with the vgic lock held.
	 */
	bool (*resample)(void *data, uint32_t intid);
	void *resample_data;
};

/*
 * The CPU interface state saved while the vCPU is not loaded, in the
 * hardware's own format (ICH_VMCR_EL2 / GICH_VMCR, active priorities).
 */
struct vgic_cpu_if {
	uint32_t vmcr;
	uint32_t ap0r[4]; /* GICv3 ICH_AP0R<n>_EL2; GICv2 GICH_APR in [0] */
	uint32_t ap1r[4]; /* GICv3 ICH_AP1R<n>_EL2 */
	/* Decoded from vmcr at every sync, for WFI wake-up decisions. */
	uint8_t pmr; /* priority mask, 8-bit scale */
	bool grp0_en;
	bool grp1_en;
};

/* Per-vCPU state (struct vcpu's `vgic`). */
struct vgic_cpu {
	struct vgic_dist *dist;
	struct vcpu *vcpu; /* back-pointer, for vcpu_kick() */
	unsigned int id;   /* vCPU id */
	uint64_t mpidr;	   /* the guest's MPIDR affinity (Aff3..Aff0 fields) */
	struct vgic_irq private_irqs[VGIC_NR_PRIVATE];
	struct list_head ap_list; /* pending or active interrupts, best first */
	/* Interrupts currently held in list registers, valid between flush and sync. */
	unsigned int used_lrs;
	struct vgic_irq *lr_irq[VGIC_MAX_LRS];
	uint8_t lr_source[VGIC_MAX_LRS]; /* GICv2 SGI source placed in each LR */
	bool underflow;			 /* more pending than LRs at the last flush */
	struct vgic_cpu_if cif;
	/*
	 * cif's decoded VMCR fields predate the guest's latest run: set by an exit
	 * that had no LR to fold (it skips the register read), cleared by the
	 * next read. Only possible while the vCPU is loaded on its pCPU.
	 */
	bool vmcr_stale;
	bool rdist_sleep; /* GICv3 GICR_WAKER.ProcessorSleep */
};

/* Per-domain state (struct domain's `vgic`). */
struct vgic_dist {
	spinlock_t lock;       /* all interrupt state of the domain; irqsave */
	unsigned int version;  /* VGIC_V2 or VGIC_V3; 0 before init */
	domid_t domid;	       /* for log prefixes */
	bool grp0_en;	       /* GICD_CTLR.EnableGrp0 */
	bool grp1_en;	       /* GICD_CTLR.EnableGrp1 */
	unsigned int nr_spis;  /* a multiple of 32 */
	struct vgic_irq *spis; /* nr_spis entries, INTID 32 first */
	unsigned int nr_vcpus; /* vCPUs initialised so far */
	struct vgic_cpu *vcpus[VGIC_MAX_VCPUS];
	uint64_t kick_mask;	       /* vCPUs to kick once the lock is dropped */
	const struct vgic_lr_ops *ops; /* the list-register backend */
	ipa_t dist_base;	       /* guest GICD */
	ipa_t cpu_base;		       /* GICv2: guest GICC; GICv3: first GICR frame */
};

/*
 * Create the domain's vGIC: @version VGIC_V2 or VGIC_V3 (must match the host
 * GIC), @nr_spis rounded up to a multiple of 32 (at most VGIC_MAX_SPIS).
 * Registers the GICD MMIO range; for GICv2 maps the host GICV frame at the
 * guest GICC address. The guest addresses are guest_layout.h's.
 */
int vgic_domain_init(struct domain *d, unsigned int version, unsigned int nr_spis);
void vgic_domain_destroy(struct domain *d);

/*
 * Per vCPU: reset its SGIs/PPIs, register its GICv3 redistributor frame
 * (RD + SGI, 128 KiB at GICR base + id * 128 KiB). Its affinity is
 * vgic_vcpu_mpidr(id), which the VM code also puts in VMPIDR_EL2 and the
 * guest DT uses for the cpu nodes' reg.
 */
int vgic_vcpu_init(struct vcpu *v);

/* Guest MPIDR affinity of vCPU @id: Aff0 = id % 16, Aff1 = id / 16. */
static inline uint64_t vgic_vcpu_mpidr(unsigned int id)
{
	return (uint64_t)(id & 15) | ((uint64_t)(id >> 4) << 8);
}

/*
 * An edge on @intid. For SGIs/PPIs @v is the target vCPU; for SPIs pass NULL
 * (the guest's routing picks the vCPU). -EINVAL for an INTID out of range.
 */
int vgic_inject_irq(struct domain *d, struct vcpu *v, unsigned int intid);

/* Drive a level-sensitive line (e.g. the Xen upcall PPI 31, a vPL011 SPI). */
int vgic_set_irq_level(struct domain *d, struct vcpu *v, unsigned int intid, bool asserted);

/* The level last driven on private line @intid of @vc: a peek, without the lock. */
static inline bool vgic_irq_line_level(const struct vgic_cpu *vc, unsigned int intid)
{
	return intid < VGIC_NR_PRIVATE &&
	       __atomic_load_n(&vc->private_irqs[intid].line_level, __ATOMIC_RELAXED);
}

/*
 * Have the vGIC re-sample a level line with @line(data, intid) whenever the
 * guest EOIs @intid, so a device whose line is still high is seen at once.
 */
int vgic_irq_set_resample(struct domain *d, struct vcpu *v, unsigned int intid,
			  bool (*line)(void *data, uint32_t intid), void *data);

/* Context switch of the virtual CPU interface (VMCR, active priorities, En). */
void vgic_vcpu_load(struct vcpu *v);
void vgic_vcpu_put(struct vcpu *v);

/* The full halves of the per-exit hooks below (vgic.c). */
void vgic_cpu_flush(struct vgic_cpu *vc);
void vgic_cpu_sync(struct vgic_cpu *vc);

/*
 * Fill the list registers from the vCPU's pending list (IRQs masked). Inline,
 * like vgic_sync_lrs: every exit runs both, and most have nothing to do. An
 * interrupt queued meanwhile by another pCPU kicks the vCPU back out.
 */
static inline void vgic_flush_lrs(struct vgic_cpu *vc)
{
	if (vc->dist && (vc->used_lrs || !list_empty_careful(&vc->ap_list)))
		vgic_cpu_flush(vc);
}

/*
 * Fold the list registers back into the interrupt state and empty them. With
 * none in use there is nothing to fold, and the VMCR is read only when a
 * wake-up decision needs it (vgic_vcpu_pending_irq).
 */
static inline void vgic_sync_lrs(struct vgic_cpu *vc)
{
	if (!vc->dist)
		return;
	if (!vc->used_lrs && !vc->underflow)
		vc->vmcr_stale = true;
	else
		vgic_cpu_sync(vc);
}

/* True if v has an interrupt the guest would take (enabled, above its PMR). */
bool vgic_vcpu_pending_irq(struct vcpu *v);

/*
 * A trapped ICC_* system register access (ESR_EL2.EC 0x18 with @iss). For a
 * write @val holds the value of Rt; for a read the result is stored in @val.
 * Returns 0 if handled (ICC_SGI1R_EL1, ICC_SGI0R_EL1, ICC_ASGI1R_EL1), or
 * -EOPNOTSUPP if it is not a register the vGIC emulates (caller injects undef).
 */
int vgic_emulate_sysreg(struct vcpu *v, uint32_t iss, register_t *val);

/* Debug: print v's pending/active interrupts (for a debug key). */
void vgic_dump_vcpu(struct vcpu *v);

#endif
