// SPDX-License-Identifier: GPL-2.0-only
/*
 * GICv3 distributor and redistributor emulation, and the trapped SGI
 * generation registers (ICC_SGI1R_EL1 and friends).
 *
 * The guest sees a GIC with a single security state (GICD_CTLR.DS = 1),
 * affinity routing always on (ARE RAO/WI: the INTID 0-31 parts of the GICD
 * are RAZ/WI and live in the redistributors), no LPIs, no ITS, no extended
 * ranges, 1-of-N routing not supported (TYPER.No1N = 1, IROUTER.IRM RAZ/WI).
 * Bad accesses (size, alignment, reserved offsets, writes to read-only
 * registers) read as zero / are ignored, with a rate-limited notice.
 */
#include <basalt/lib.h>
#include <basalt/errno.h>
#include "vgic-internal.h"

#define GICD_CTLR	 0x0000
#define GICD_TYPER	 0x0004
#define GICD_IIDR	 0x0008
#define GICD_TYPER2	 0x000c
#define GICD_STATUSR	 0x0010
#define GICD_IGROUPR	 0x0080
#define GICD_ISENABLER	 0x0100
#define GICD_ICENABLER	 0x0180
#define GICD_ISPENDR	 0x0200
#define GICD_ICPENDR	 0x0280
#define GICD_ISACTIVER	 0x0300
#define GICD_ICACTIVER	 0x0380
#define GICD_IPRIORITYR	 0x0400
#define GICD_ITARGETSR	 0x0800
#define GICD_ICFGR	 0x0c00
#define GICD_IGRPMODR	 0x0d00
#define GICD_NSACR	 0x0e00
#define GICD_SGIR	 0x0f00
#define GICD_CPENDSGIR	 0x0f10
#define GICD_SPENDSGIR	 0x0f20
#define GICD_IROUTER	 0x6000
#define GICD_IROUTER_END 0x7fe0
#define GICD_PIDR2	 0xffe8

#define GICD_CTLR_ENABLE_G0 BIT(0)
#define GICD_CTLR_ENABLE_G1 BIT(1)
#define GICD_CTLR_ARE	    BIT(4)
#define GICD_CTLR_DS	    BIT(6)

#define GICD_TYPER_IDBITS(n) ((uint32_t)((n)-1) << 19)
#define GICD_TYPER_NO1N	     BIT(25)

#define GICR_CTLR	 0x0000
#define GICR_IIDR	 0x0004
#define GICR_TYPER	 0x0008
#define GICR_STATUSR	 0x0010
#define GICR_WAKER	 0x0014
#define GICR_PROPBASER	 0x0070
#define GICR_PENDBASER	 0x0078
#define GICR_PIDR2	 0xffe8
#define GICR_SGI_BASE	 0x10000
#define GICR_FRAMES_SIZE 0x20000

#define GICR_TYPER_LAST	   BIT(4)
#define GICR_WAKER_PSLEEP  BIT(1)
#define GICR_WAKER_CASLEEP BIT(2)

/* ArchRev 3 in bits [7:4]; the low nibble is the JEP106 continuation code. */
#define GIC_PIDR2_V3 0x3b
/* Implementer 0x43b (JEP106 code of Arm), ProductID 'B', revision 0. */
#define VGIC_IIDR 0x4200043bU

/* A bit-per-INTID register (0x80 bytes at @base) of the GICD or the SGI frame. */
struct vgic_bitrange {
	uint32_t base;
	enum vgic_bitreg reg;
};

static const struct vgic_bitrange vgic_v3_bitregs[] = {
    {GICD_IGROUPR, VGIC_REG_GROUP},	{GICD_ISENABLER, VGIC_REG_SENABLE},
    {GICD_ICENABLER, VGIC_REG_CENABLE}, {GICD_ISPENDR, VGIC_REG_SPEND},
    {GICD_ICPENDR, VGIC_REG_CPEND},	{GICD_ISACTIVER, VGIC_REG_SACTIVE},
    {GICD_ICACTIVER, VGIC_REG_CACTIVE},
};

/* Which bit register @off is in (each 0x80 bytes long); false if none. */
static bool vgic_v3_find_bitreg(uint64_t off, enum vgic_bitreg *reg, uint32_t *first)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(vgic_v3_bitregs); i++) {
		if (off >= vgic_v3_bitregs[i].base && off < vgic_v3_bitregs[i].base + 0x80) {
			*reg = vgic_v3_bitregs[i].reg;
			*first = (uint32_t)(off - vgic_v3_bitregs[i].base) * 8;
			return true;
		}
	}
	return false;
}

static uint32_t vgic_v3_dist_typer(const struct vgic_dist *dist)
{
	uint32_t lines = (dist->nr_spis + VGIC_NR_PRIVATE) / 32 - 1;
	uint32_t cpus = MIN(dist->nr_vcpus ? dist->nr_vcpus : 1, 8U) - 1;

	return lines | cpus << 5 | GICD_TYPER_IDBITS(10) | GICD_TYPER_NO1N;
}

static bool vgic_v3_dist_read32(struct vgic_dist *dist, struct vgic_cpu *vc, uint64_t off,
				uint32_t *val)
{
	enum vgic_bitreg reg;
	uint32_t first;

	*val = 0;
	if (off == GICD_CTLR)
		*val = GICD_CTLR_DS | GICD_CTLR_ARE | (dist->grp0_en ? GICD_CTLR_ENABLE_G0 : 0) |
		       (dist->grp1_en ? GICD_CTLR_ENABLE_G1 : 0);
	else if (off == GICD_TYPER)
		*val = vgic_v3_dist_typer(dist);
	else if (off == GICD_IIDR)
		*val = VGIC_IIDR;
	else if (off == GICD_PIDR2)
		*val = GIC_PIDR2_V3;
	else if (vgic_v3_find_bitreg(off, &reg, &first)) {
		if (first >= VGIC_NR_PRIVATE) /* ARE: INTIDs 0-31 are in the redistributors */
			*val = vgic_mmio_read_bits(dist, vc, first, reg);
	} else if (off >= GICD_IPRIORITYR && off < GICD_IPRIORITYR + 0x400) {
		first = (uint32_t)(off - GICD_IPRIORITYR);
		if (first >= VGIC_NR_PRIVATE)
			*val = vgic_mmio_read_prio(dist, vc, first, 4);
	} else if (off >= GICD_ICFGR && off < GICD_ICFGR + 0x100) {
		first = (uint32_t)(off - GICD_ICFGR) * 4;
		if (first >= VGIC_NR_PRIVATE)
			*val = vgic_mmio_read_cfg(dist, vc, first);
	} else if (!(off == GICD_TYPER2 || off == GICD_STATUSR ||
		     (off >= GICD_ITARGETSR && off < GICD_ITARGETSR + 0x400) ||
		     (off >= GICD_IGRPMODR && off < GICD_IGRPMODR + 0x80) ||
		     (off >= GICD_NSACR && off < GICD_NSACR + 0x100) ||
		     (off >= GICD_CPENDSGIR && off < GICD_SPENDSGIR + 0x10) ||
		     (off >= 0xffd0 && off <= 0xfffc))) {
		return false;
	}
	return true;
}

static bool vgic_v3_dist_write32(struct vgic_dist *dist, struct vgic_cpu *vc, uint64_t off,
				 uint32_t val)
{
	enum vgic_bitreg reg;
	uint32_t first;

	if (off == GICD_CTLR) {
		vgic_dist_set_enables(dist, val & GICD_CTLR_ENABLE_G0, val & GICD_CTLR_ENABLE_G1);
	} else if (vgic_v3_find_bitreg(off, &reg, &first)) {
		if (first >= VGIC_NR_PRIVATE)
			vgic_mmio_write_bits(dist, vc, first, reg, val);
	} else if (off >= GICD_IPRIORITYR && off < GICD_IPRIORITYR + 0x400) {
		first = (uint32_t)(off - GICD_IPRIORITYR);
		if (first >= VGIC_NR_PRIVATE)
			vgic_mmio_write_prio(dist, vc, first, 4, val);
	} else if (off >= GICD_ICFGR && off < GICD_ICFGR + 0x100) {
		first = (uint32_t)(off - GICD_ICFGR) * 4;
		if (first >= VGIC_NR_PRIVATE)
			vgic_mmio_write_cfg(dist, vc, first, val);
	} else if (!(off == GICD_STATUSR || off == GICD_SGIR ||
		     (off >= GICD_ITARGETSR && off < GICD_ITARGETSR + 0x400) ||
		     (off >= GICD_IGRPMODR && off < GICD_IGRPMODR + 0x80) ||
		     (off >= GICD_NSACR && off < GICD_NSACR + 0x100) ||
		     (off >= GICD_CPENDSGIR && off < GICD_SPENDSGIR + 0x10))) {
		return false; /* read-only or reserved */
	}
	return true;
}

/* GICD_IROUTER<n>: a 64-bit register, 32-bit halves allowed. */
static bool vgic_v3_irouter_access(struct vgic_dist *dist, struct vgic_cpu *vc, uint64_t off,
				   unsigned int size, uint64_t *val, bool write)
{
	uint32_t intid = (uint32_t)((off - GICD_IROUTER) / 8);
	unsigned int shift = (off & 4) * 8;
	struct vgic_irq *irq;
	uint64_t mask, cur;

	if (!((size == 8 && IS_ALIGNED(off, 8)) || (size == 4 && IS_ALIGNED(off, 4))))
		return false;
	irq = intid >= VGIC_NR_PRIVATE ? vgic_get_irq(dist, vc, intid) : NULL;
	if (!irq) {
		if (!write)
			*val = 0; /* reserved or unimplemented INTID: RAZ/WI */
		return true;
	}
	mask = size == 8 ? ~0ULL : 0xffffffffULL << shift;
	cur = irq->irouter;
	if (!write) {
		*val = (cur & mask) >> shift;
		return true;
	}
	vgic_irq_set_irouter(dist, irq, (cur & ~mask) | ((*val << shift) & mask));
	return true;
}

/* Access to a 32-bit register with a byte-accessible exception (IPRIORITYR). */
static bool vgic_size_ok(uint64_t off, unsigned int size, bool bytes_ok)
{
	if (size == 4)
		return IS_ALIGNED(off, 4);
	return bytes_ok && size == 1;
}

static bool vgic_v3_is_prio(uint64_t off, uint64_t base)
{
	return off >= base && off < base + 0x400;
}

int vgic_v3_dist_read(struct vgic_dist *dist, struct vgic_cpu *vc, uint64_t off, unsigned int size,
		      uint64_t *val)
{
	unsigned long flags = vgic_lock(dist);
	bool prio = vgic_v3_is_prio(off, GICD_IPRIORITYR);
	bool ok;
	uint32_t v32;

	*val = 0;
	if (off >= GICD_IROUTER && off < GICD_IROUTER_END) {
		ok = vgic_v3_irouter_access(dist, vc, off, size, val, false);
	} else if (!vgic_size_ok(off, size, prio)) {
		ok = false;
	} else if (size == 1) {
		ok = true;
		if (off - GICD_IPRIORITYR >= VGIC_NR_PRIVATE)
			*val = vgic_mmio_read_prio(dist, vc, (uint32_t)(off - GICD_IPRIORITYR), 1);
	} else {
		ok = vgic_v3_dist_read32(dist, vc, off, &v32);
		*val = v32;
	}
	vgic_unlock(dist, flags);
	if (!ok)
		vgic_bad_access(dist, vc, "GICD", off, size, false);
	return 0;
}

int vgic_v3_dist_write(struct vgic_dist *dist, struct vgic_cpu *vc, uint64_t off, unsigned int size,
		       uint64_t val)
{
	unsigned long flags = vgic_lock(dist);
	bool prio = vgic_v3_is_prio(off, GICD_IPRIORITYR);
	bool ok;

	if (off >= GICD_IROUTER && off < GICD_IROUTER_END) {
		ok = vgic_v3_irouter_access(dist, vc, off, size, &val, true);
	} else if (!vgic_size_ok(off, size, prio)) {
		ok = false;
	} else if (size == 1) {
		ok = true;
		if (off - GICD_IPRIORITYR >= VGIC_NR_PRIVATE)
			vgic_mmio_write_prio(dist, vc, (uint32_t)(off - GICD_IPRIORITYR), 1,
					     (uint32_t)val);
	} else {
		ok = vgic_v3_dist_write32(dist, vc, off, (uint32_t)val);
	}
	vgic_unlock(dist, flags);
	if (!ok)
		vgic_bad_access(dist, vc, "GICD", off, size, true);
	return 0;
}

static uint64_t vgic_v3_rdist_typer(const struct vgic_dist *dist, const struct vgic_cpu *rd)
{
	uint64_t aff = (rd->mpidr & 0xffffff) | ((rd->mpidr >> 32) & 0xff) << 24;
	uint64_t typer = aff << 32 | (uint64_t)rd->id << 8;

	if (rd->id == dist->nr_vcpus - 1)
		typer |= GICR_TYPER_LAST;
	return typer;
}

/* RD_base frame registers other than TYPER. */
static bool vgic_v3_rd_read32(struct vgic_cpu *rd, uint64_t off, uint32_t *val)
{
	*val = 0;
	if (off == GICR_IIDR)
		*val = VGIC_IIDR;
	else if (off == GICR_WAKER)
		*val = rd->rdist_sleep ? GICR_WAKER_PSLEEP | GICR_WAKER_CASLEEP : 0;
	else if (off == GICR_PIDR2)
		*val = GIC_PIDR2_V3;
	else if (!(off == GICR_CTLR || off == GICR_STATUSR || off == GICR_PROPBASER ||
		   off == GICR_PROPBASER + 4 || off == GICR_PENDBASER ||
		   off == GICR_PENDBASER + 4 || (off >= 0xffd0 && off <= 0xfffc)))
		return false;
	return true;
}

static bool vgic_v3_rd_write32(struct vgic_cpu *rd, uint64_t off, uint32_t val)
{
	if (off == GICR_WAKER)
		/* ChildrenAsleep follows ProcessorSleep at once: there is nothing to quiesce. */
		rd->rdist_sleep = val & GICR_WAKER_PSLEEP;
	else if (!(off == GICR_CTLR || off == GICR_STATUSR || off == GICR_PROPBASER ||
		   off == GICR_PROPBASER + 4 || off == GICR_PENDBASER || off == GICR_PENDBASER + 4))
		return false;
	return true;
}

/* SGI_base frame: the same layout as the GICD's first words, for this vCPU's INTIDs 0-31. */
static bool vgic_v3_sgi_access(struct vgic_dist *dist, struct vgic_cpu *rd, uint64_t off,
			       unsigned int size, uint64_t *val, bool write)
{
	enum vgic_bitreg reg;
	uint32_t first;

	if (off >= GICD_IPRIORITYR && off < GICD_IPRIORITYR + VGIC_NR_PRIVATE) {
		first = (uint32_t)(off - GICD_IPRIORITYR);
		if (write)
			vgic_mmio_write_prio(dist, rd, first, size, (uint32_t)*val);
		else
			*val = vgic_mmio_read_prio(dist, rd, first, size);
		return true;
	}
	if (size != 4)
		return false;
	if (vgic_v3_find_bitreg(off, &reg, &first) && first == 0) {
		if (write)
			vgic_mmio_write_bits(dist, rd, 0, reg, (uint32_t)*val);
		else
			*val = vgic_mmio_read_bits(dist, rd, 0, reg);
		return true;
	}
	if (off == GICD_ICFGR || off == GICD_ICFGR + 4) {
		first = (uint32_t)(off - GICD_ICFGR) * 4;
		if (write)
			vgic_mmio_write_cfg(dist, rd, first, (uint32_t)*val);
		else
			*val = vgic_mmio_read_cfg(dist, rd, first);
		return true;
	}
	/* IGRPMODR0 and NSACR: RAZ/WI with a single security state. */
	return off == GICD_IGRPMODR || off == GICD_NSACR;
}

static bool vgic_v3_rdist_access(struct vgic_dist *dist, struct vgic_cpu *rd, uint64_t off,
				 unsigned int size, uint64_t *val, bool write)
{
	uint32_t v32 = (uint32_t)*val;
	uint64_t typer;
	bool ok;

	if (off >= GICR_SGI_BASE) {
		off -= GICR_SGI_BASE;
		if (!vgic_size_ok(off, size, vgic_v3_is_prio(off, GICD_IPRIORITYR)))
			return false;
		return vgic_v3_sgi_access(dist, rd, off, size, val, write);
	}
	if (off == GICR_TYPER || off == GICR_TYPER + 4) {
		if (!((size == 8 && off == GICR_TYPER) || size == 4) || write)
			return false;
		typer = vgic_v3_rdist_typer(dist, rd);
		*val = size == 8 ? typer : (uint32_t)(typer >> ((off & 4) * 8));
		return true;
	}
	if (!vgic_size_ok(off, size, false))
		return false;
	if (write)
		return vgic_v3_rd_write32(rd, off, v32);
	ok = vgic_v3_rd_read32(rd, off, &v32);
	*val = v32;
	return ok;
}

int vgic_v3_rdist_read(struct vgic_dist *dist, struct vgic_cpu *rd, uint64_t off, unsigned int size,
		       uint64_t *val)
{
	unsigned long flags = vgic_lock(dist);
	bool ok;

	*val = 0;
	ok = off < GICR_FRAMES_SIZE && vgic_v3_rdist_access(dist, rd, off, size, val, false);
	vgic_unlock(dist, flags);
	if (!ok) {
		*val = 0;
		vgic_bad_access(dist, rd, "GICR", off, size, false);
	}
	return 0;
}

int vgic_v3_rdist_write(struct vgic_dist *dist, struct vgic_cpu *rd, uint64_t off,
			unsigned int size, uint64_t val)
{
	unsigned long flags = vgic_lock(dist);
	bool ok;

	ok = off < GICR_FRAMES_SIZE && vgic_v3_rdist_access(dist, rd, off, size, &val, true);
	vgic_unlock(dist, flags);
	if (!ok)
		vgic_bad_access(dist, rd, "GICR", off, size, true);
	return 0;
}

/* Pend SGI @sgi on @dst if it is in the group the register generates. Lock held. */
static void vgic_v3_pend_sgi(struct vgic_dist *dist, struct vgic_cpu *dst, unsigned int sgi,
			     bool group1)
{
	struct vgic_irq *irq = &dst->private_irqs[sgi];

	if (irq->group1 == group1)
		vgic_irq_set_pending(dist, irq, true);
}

void vgic_v3_send_sgi(struct vgic_dist *dist, struct vgic_cpu *src, uint64_t sgir, bool group1)
{
	unsigned int sgi = (sgir >> 24) & 0xf;
	uint64_t aff =
	    (sgir >> 48 & 0xff) << 32 | (sgir >> 32 & 0xff) << 16 | (sgir >> 16 & 0xff) << 8;
	unsigned int rs = (sgir >> 44) & 0xf;
	unsigned long flags;
	unsigned int i, bit;
	struct vgic_cpu *dst;

	flags = vgic_lock(dist);
	for (i = 0; i < dist->nr_vcpus; i++) {
		dst = dist->vcpus[i];
		if (sgir & BIT(40)) { /* IRM: every PE but the sender */
			if (dst != src)
				vgic_v3_pend_sgi(dist, dst, sgi, group1);
			continue;
		}
		if ((dst->mpidr & ~0xffULL) != aff)
			continue;
		bit = (unsigned int)(dst->mpidr & 0xff) - rs * 16;
		if ((dst->mpidr & 0xff) >= rs * 16 && bit < 16 && (sgir & BIT(bit)))
			vgic_v3_pend_sgi(dist, dst, sgi, group1);
	}
	vgic_unlock(dist, flags);
}

#define SYSREG_ISS(op0, op1, crn, crm, op2)                                                        \
	((uint32_t)(op0) << 20 | (uint32_t)(op2) << 17 | (uint32_t)(op1) << 14 |                   \
	 (uint32_t)(crn) << 10 | (uint32_t)(crm) << 1)
#define SYSREG_ISS_MASK	   SYSREG_ISS(3, 7, 15, 15, 7)
#define ISS_ICC_SGI1R_EL1  SYSREG_ISS(3, 0, 12, 11, 5)
#define ISS_ICC_ASGI1R_EL1 SYSREG_ISS(3, 0, 12, 11, 6)
#define ISS_ICC_SGI0R_EL1  SYSREG_ISS(3, 0, 12, 11, 7)
#define ISS_DIR_READ	   BIT(0)

int vgic_v3_emulate_sysreg(struct vgic_dist *dist, struct vgic_cpu *vc, uint32_t iss,
			   register_t *val)
{
	uint32_t reg = iss & SYSREG_ISS_MASK;

	if (dist->version != VGIC_V3)
		return -EOPNOTSUPP;
	if (reg != ISS_ICC_SGI1R_EL1 && reg != ISS_ICC_ASGI1R_EL1 && reg != ISS_ICC_SGI0R_EL1)
		return -EOPNOTSUPP;
	if (iss & ISS_DIR_READ)
		return -EOPNOTSUPP; /* write-only registers: a read is UNDEFINED */
	/* With one security state there is no "other" group 1 for ICC_ASGI1R_EL1: WI. */
	if (reg != ISS_ICC_ASGI1R_EL1)
		vgic_v3_send_sgi(dist, vc, *val, reg == ISS_ICC_SGI1R_EL1);
	return 0;
}
