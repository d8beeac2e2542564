/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Inside the vGIC: the interrupt state machine on struct vgic_dist /
 * struct vgic_cpu (vgic.c), the register emulation (vgic-mmio.c, vgic-v3.c,
 * vgic-v2.c) and the list-register backend interface (vgic-v3-sr.c,
 * vgic-v2-sr.c). None of this touches struct domain or struct vcpu, so it is
 * built natively for unit tests; vgic-domain.c is the glue to the rest of
 * the hypervisor.
 */
#ifndef VGIC_INTERNAL_H
#define VGIC_INTERNAL_H

#include <basalt/vgic.h>

/* One list register, decoded. */
struct vgic_lr {
	uint32_t intid;
	uint8_t priority; /* 8-bit scale; the hardware keeps its top bits */
	bool pending;
	bool active;
	bool group1;
	bool eoi_maint; /* maintenance interrupt when the guest EOIs it */
	uint8_t source; /* GICv2 SGIs: the source vCPU (GICH_LR.CPUID) */
};

/*
 * The hardware side of the virtual CPU interface, on the pCPU the vCPU is
 * loaded on. GICv3: ICH_*_EL2 system registers; GICv2: the GICH frame.
 */
struct vgic_lr_ops {
	unsigned int (*nr_lrs)(void);
	void (*read_lr)(unsigned int n, struct vgic_lr *lr);
	void (*write_lr)(unsigned int n, const struct vgic_lr *lr);
	void (*clear_lr)(unsigned int n);
	/* ICH_HCR_EL2.UIE / GICH_HCR.UIE: maintenance IRQ when LRs run low. */
	void (*set_underflow)(bool on);
	/* Refresh cif->vmcr from the hardware and decode pmr/grp*_en. */
	void (*read_vmcr)(struct vgic_cpu_if *cif);
	/* vCPU switch: restore VMCR + active priorities and set En / save and clear En. */
	void (*restore)(const struct vgic_cpu_if *cif);
	void (*save)(struct vgic_cpu_if *cif);
	/* Once per pCPU before the first vCPU is loaded: En off, all LRs empty. */
	void (*cpu_reset)(void);
};

extern const struct vgic_lr_ops vgic_v3_lr_ops;
extern const struct vgic_lr_ops vgic_v2_lr_ops;
/* GICv2: map the host GICH frame (once, boot CPU). 0 or -ENODEV/-ENOMEM. */
int vgic_v2_sr_init(paddr_t gich_base, uint64_t gich_size);

/* Make @vc's vCPU notice new work (vgic-domain.c: vcpu_kick). Called unlocked. */
void vgic_kick(struct vgic_cpu *vc);

/* ---- vgic.c: state machine ---- */

/*
 * Set up @dist: @spis is caller-provided storage for @nr_spis (a multiple of
 * 32, <= VGIC_MAX_SPIS) interrupts. Returns 0 or -EINVAL.
 */
int vgic_dist_setup(struct vgic_dist *dist, unsigned int version, domid_t domid,
		    unsigned int nr_spis, struct vgic_irq *spis, const struct vgic_lr_ops *ops);
/* Add vCPU @id (ids in order from 0) with back-pointer @v. 0, -EINVAL or -ENOSPC. */
int vgic_cpu_setup(struct vgic_dist *dist, struct vgic_cpu *vc, struct vcpu *v, unsigned int id);

/* The interrupt @intid as seen by @vc (banked for < 32), or NULL. Lock held. */
struct vgic_irq *vgic_get_irq(struct vgic_dist *dist, struct vgic_cpu *vc, uint32_t intid);

unsigned long vgic_lock(struct vgic_dist *dist);
/* Unlock and kick every vCPU that got new deliverable work meanwhile. */
void vgic_unlock(struct vgic_dist *dist, unsigned long flags);

/* Edge / level input. @vc is the target for SGIs/PPIs, ignored for SPIs. */
int vgic_dist_inject(struct vgic_dist *dist, struct vgic_cpu *vc, uint32_t intid);
int vgic_dist_set_level(struct vgic_dist *dist, struct vgic_cpu *vc, uint32_t intid, bool level);

/* State changes from register emulation; lock held. */
bool vgic_irq_pending(const struct vgic_dist *dist, const struct vgic_irq *irq);
void vgic_irq_set_enabled(struct vgic_dist *dist, struct vgic_irq *irq, bool on);
void vgic_irq_set_pending(struct vgic_dist *dist, struct vgic_irq *irq, bool on);
void vgic_irq_set_active(struct vgic_dist *dist, struct vgic_irq *irq, bool on);
void vgic_irq_set_priority(struct vgic_dist *dist, struct vgic_irq *irq, uint8_t prio);
void vgic_irq_set_group(struct vgic_dist *dist, struct vgic_irq *irq, bool group1);
void vgic_irq_set_edge(struct vgic_dist *dist, struct vgic_irq *irq, bool edge);
void vgic_irq_set_irouter(struct vgic_dist *dist, struct vgic_irq *irq, uint64_t irouter);
void vgic_irq_set_targets(struct vgic_dist *dist, struct vgic_irq *irq, uint8_t targets);
/* GICv2 SGI from @src: pend/unpend source bits. */
void vgic_sgi_v2_set_sources(struct vgic_dist *dist, struct vgic_irq *irq, uint8_t sources,
			     bool on);
/* GICD_CTLR group enables changed: re-evaluate every vCPU. */
void vgic_dist_set_enables(struct vgic_dist *dist, bool grp0, bool grp1);

/* Per-vCPU hardware interaction (the vCPU is loaded on this pCPU). */
void vgic_cpu_load(struct vgic_cpu *vc);
void vgic_cpu_put(struct vgic_cpu *vc);
/* Re-read the VMCR after an exit that skipped it (vmcr_stale). */
void vgic_cpu_refresh_vmcr(struct vgic_cpu *vc);
bool vgic_cpu_pending(struct vgic_cpu *vc);
void vgic_cpu_dump(struct vgic_cpu *vc);

/* ---- SGI generation ---- */
/* ICC_SGI1R_EL1 (@group1) / ICC_SGI0R_EL1 write by @src. */
void vgic_v3_send_sgi(struct vgic_dist *dist, struct vgic_cpu *src, uint64_t sgir, bool group1);
/* GICD_SGIR write by @src. */
void vgic_v2_send_sgi(struct vgic_dist *dist, struct vgic_cpu *src, uint32_t sgir);

/* ---- register emulation: 0 always (bad accesses are ignored and logged) ---- */
int vgic_v3_dist_read(struct vgic_dist *dist, struct vgic_cpu *vc, uint64_t off, unsigned int size,
		      uint64_t *val);
int vgic_v3_dist_write(struct vgic_dist *dist, struct vgic_cpu *vc, uint64_t off, unsigned int size,
		       uint64_t val);
/* @rd: the vCPU whose redistributor frame pair is accessed; @off within the 128 KiB. */
int vgic_v3_rdist_read(struct vgic_dist *dist, struct vgic_cpu *rd, uint64_t off, unsigned int size,
		       uint64_t *val);
int vgic_v3_rdist_write(struct vgic_dist *dist, struct vgic_cpu *rd, uint64_t off,
			unsigned int size, uint64_t val);
int vgic_v2_dist_read(struct vgic_dist *dist, struct vgic_cpu *vc, uint64_t off, unsigned int size,
		      uint64_t *val);
int vgic_v2_dist_write(struct vgic_dist *dist, struct vgic_cpu *vc, uint64_t off, unsigned int size,
		       uint64_t val);
/* A trapped sysreg access, decoded from ESR ISS. */
int vgic_v3_emulate_sysreg(struct vgic_dist *dist, struct vgic_cpu *vc, uint32_t iss,
			   register_t *val);

/* ---- vgic-mmio.c: registers common to GICv2 and GICv3 ---- */
enum vgic_bitreg {
	VGIC_REG_GROUP,
	VGIC_REG_SENABLE,
	VGIC_REG_CENABLE,
	VGIC_REG_SPEND,
	VGIC_REG_CPEND,
	VGIC_REG_SACTIVE,
	VGIC_REG_CACTIVE,
};

/* One 32-bit word of a bit-per-INTID register, INTIDs @first..@first+31. */
uint32_t vgic_mmio_read_bits(struct vgic_dist *dist, struct vgic_cpu *vc, uint32_t first,
			     enum vgic_bitreg reg);
void vgic_mmio_write_bits(struct vgic_dist *dist, struct vgic_cpu *vc, uint32_t first,
			  enum vgic_bitreg reg, uint32_t val);
/* @size bytes (1 or 4) of IPRIORITYR starting at INTID @first. */
uint32_t vgic_mmio_read_prio(struct vgic_dist *dist, struct vgic_cpu *vc, uint32_t first,
			     unsigned int size);
void vgic_mmio_write_prio(struct vgic_dist *dist, struct vgic_cpu *vc, uint32_t first,
			  unsigned int size, uint32_t val);
/* One ICFGR word, INTIDs @first..@first+15. SGIs are edge and read-only. */
uint32_t vgic_mmio_read_cfg(struct vgic_dist *dist, struct vgic_cpu *vc, uint32_t first);
void vgic_mmio_write_cfg(struct vgic_dist *dist, struct vgic_cpu *vc, uint32_t first, uint32_t val);
/* Log an ignored guest access (rate-limited NOTICE). */
void vgic_bad_access(struct vgic_dist *dist, struct vgic_cpu *vc, const char *frame, uint64_t off,
		     unsigned int size, bool write);

#endif
