// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests of the vGIC's interrupt state logic and register emulation,
 * built natively. The list registers are an array here (fake_lr_ops): a test
 * double of the hardware, which also plays the guest's acknowledge and EOI
 * the way the GIC's virtual CPU interface does.
 */
/* Ours first: GLib #undefs and redefines MIN/MAX compatibly, not the other way round. */
#include "vgic-internal.h"
#include <basalt/errno.h>
#include <glib.h>
#include <string.h>

#define NR_VCPUS 4
#define NR_SPIS	 64

/* ---- fake hardware: list registers, HCR.UIE, VMCR ---- */
static struct vgic_lr hw_lr[VGIC_MAX_LRS];
static unsigned int hw_nr_lrs = 4;
static bool hw_uie;
static bool hw_en;
static struct vgic_cpu_if hw_cif = {.pmr = 0xff, .grp0_en = true, .grp1_en = true};
static uint64_t kicked;

static unsigned int fake_nr_lrs(void)
{
	return hw_nr_lrs;
}

static void fake_read_lr(unsigned int n, struct vgic_lr *lr)
{
	*lr = hw_lr[n];
}

static void fake_write_lr(unsigned int n, const struct vgic_lr *lr)
{
	g_assert_cmpuint(n, <, hw_nr_lrs);
	hw_lr[n] = *lr;
}

static void fake_clear_lr(unsigned int n)
{
	memset(&hw_lr[n], 0, sizeof(hw_lr[n]));
}

static void fake_set_underflow(bool on)
{
	hw_uie = on;
}

static unsigned int vmcr_reads;

static void fake_read_vmcr(struct vgic_cpu_if *cif)
{
	vmcr_reads++;
	cif->vmcr = hw_cif.vmcr;
	cif->pmr = hw_cif.pmr;
	cif->grp0_en = hw_cif.grp0_en;
	cif->grp1_en = hw_cif.grp1_en;
}

static void fake_restore(const struct vgic_cpu_if *cif)
{
	hw_cif = *cif;
	hw_en = true;
}

static void fake_save(struct vgic_cpu_if *cif)
{
	fake_read_vmcr(cif);
	hw_en = false;
}

static void fake_cpu_reset(void)
{
	memset(hw_lr, 0, sizeof(hw_lr));
}

static const struct vgic_lr_ops fake_lr_ops = {
    .nr_lrs = fake_nr_lrs,
    .read_lr = fake_read_lr,
    .write_lr = fake_write_lr,
    .clear_lr = fake_clear_lr,
    .set_underflow = fake_set_underflow,
    .read_vmcr = fake_read_vmcr,
    .restore = fake_restore,
    .save = fake_save,
    .cpu_reset = fake_cpu_reset,
};

void vgic_kick(struct vgic_cpu *vc)
{
	kicked |= 1ULL << vc->id;
}

/* The guest acknowledges the best pending LR above its PMR (like ICV_IAR1): intid or 1023. */
static uint32_t guest_ack(void)
{
	int best = -1;
	unsigned int i;

	for (i = 0; i < hw_nr_lrs; i++) {
		if (!hw_lr[i].pending || hw_lr[i].active || hw_lr[i].priority >= hw_cif.pmr)
			continue;
		if (best < 0 || hw_lr[i].priority < hw_lr[best].priority)
			best = (int)i;
	}
	if (best < 0)
		return 1023;
	hw_lr[best].pending = false;
	hw_lr[best].active = true;
	return hw_lr[best].intid;
}

/* The guest's EOI (priority drop + deactivate): the LR loses its active state. */
static void guest_eoi(uint32_t intid)
{
	unsigned int i;

	for (i = 0; i < hw_nr_lrs; i++) {
		if (hw_lr[i].active && hw_lr[i].intid == intid) {
			hw_lr[i].active = false;
			return;
		}
	}
	g_assert_not_reached();
}

static int lr_find(uint32_t intid)
{
	unsigned int i;

	for (i = 0; i < hw_nr_lrs; i++)
		if ((hw_lr[i].pending || hw_lr[i].active) && hw_lr[i].intid == intid)
			return (int)i;
	return -1;
}

static unsigned int lr_count(void)
{
	unsigned int i, n = 0;

	for (i = 0; i < hw_nr_lrs; i++)
		n += hw_lr[i].pending || hw_lr[i].active;
	return n;
}

/* ---- a domain with NR_VCPUS vCPUs ---- */
static struct vgic_dist dist;
static struct vgic_cpu vcpu[NR_VCPUS];
static struct vgic_irq spis[NR_SPIS];

static void setup(unsigned int version)
{
	unsigned int i;

	memset(hw_lr, 0, sizeof(hw_lr));
	hw_nr_lrs = 4;
	hw_uie = false;
	hw_cif = (struct vgic_cpu_if){.pmr = 0xff, .grp0_en = true, .grp1_en = true};
	g_assert_cmpint(vgic_dist_setup(&dist, version, 7, NR_SPIS, spis, &fake_lr_ops), ==, 0);
	for (i = 0; i < NR_VCPUS; i++)
		g_assert_cmpint(vgic_cpu_setup(&dist, &vcpu[i], NULL, i), ==, 0);
	kicked = 0;
}

static uint64_t gicd_read(uint64_t off, unsigned int size)
{
	uint64_t val = 0xdeadbeef;

	if (dist.version == VGIC_V3)
		g_assert_cmpint(vgic_v3_dist_read(&dist, &vcpu[0], off, size, &val), ==, 0);
	else
		g_assert_cmpint(vgic_v2_dist_read(&dist, &vcpu[0], off, size, &val), ==, 0);
	return val;
}

static void gicd_write(uint64_t off, unsigned int size, uint64_t val)
{
	if (dist.version == VGIC_V3)
		g_assert_cmpint(vgic_v3_dist_write(&dist, &vcpu[0], off, size, val), ==, 0);
	else
		g_assert_cmpint(vgic_v2_dist_write(&dist, &vcpu[0], off, size, val), ==, 0);
}

static uint64_t gicr_read(unsigned int cpu, uint64_t off, unsigned int size)
{
	uint64_t val = 0xdeadbeef;

	g_assert_cmpint(vgic_v3_rdist_read(&dist, &vcpu[cpu], off, size, &val), ==, 0);
	return val;
}

static void gicr_write(unsigned int cpu, uint64_t off, unsigned int size, uint64_t val)
{
	g_assert_cmpint(vgic_v3_rdist_write(&dist, &vcpu[cpu], off, size, val), ==, 0);
}

/* Guest-style set-up of SPI @intid: enabled, priority, routed to vCPU @cpu. */
static void spi_setup(uint32_t intid, uint8_t prio, unsigned int cpu)
{
	gicd_write(0x400 + intid, 1, prio);
	if (dist.version == VGIC_V3)
		gicd_write(0x6000 + 8 * intid, 8, vgic_vcpu_mpidr(cpu));
	else
		gicd_write(0x800 + intid, 1, 1U << cpu);
	/* Edge (ICFGR field 0b10), keeping the others. */
	gicd_write(0xc00 + intid / 16 * 4, 4,
		   gicd_read(0xc00 + intid / 16 * 4, 4) | 2U << (2 * (intid % 16)));
	gicd_write(0x100 + intid / 32 * 4, 4, 1U << (intid % 32));
}

static void dist_enable(void)
{
	gicd_write(0x0, 4, 0x3);
}

/* Invariants: every list sorted and consistent; nothing deliverable left off a list. */
static void check_invariants(void)
{
	struct vgic_irq *irq, *prev;
	unsigned int i;

	for (i = 0; i < dist.nr_vcpus; i++) {
		prev = NULL;
		list_for_each_entry(irq, &vcpu[i].ap_list, ap_node)
		{
			g_assert_true(irq->ap_vcpu == &vcpu[i]);
			g_assert_true(irq->active ||
				      (irq->enabled && vgic_irq_pending(&dist, irq)));
			if (prev)
				g_assert_cmpuint(prev->priority, <=, irq->priority);
			prev = irq;
		}
	}
	for (i = 0; i < dist.nr_spis; i++) {
		irq = &spis[i];
		if (irq->enabled && vgic_irq_pending(&dist, irq) &&
		    irq->target_vcpu != VGIC_NO_TARGET)
			g_assert_nonnull(irq->ap_vcpu);
		if (!irq->ap_vcpu)
			g_assert_true(list_empty(&irq->ap_node));
	}
}

/* ---- tests ---- */

static void test_setup_rejects_bad_config(void)
{
	struct vgic_dist d;
	struct vgic_cpu c;

	g_assert_cmpint(vgic_dist_setup(&d, 4, 1, 32, spis, &fake_lr_ops), ==, -EINVAL);
	g_assert_cmpint(vgic_dist_setup(&d, VGIC_V3, 1, 33, spis, &fake_lr_ops), ==, -EINVAL);
	g_assert_cmpint(vgic_dist_setup(&d, VGIC_V3, 1, 1024, spis, &fake_lr_ops), ==, -EINVAL);
	g_assert_cmpint(vgic_dist_setup(&d, VGIC_V2, 1, 0, NULL, &fake_lr_ops), ==, 0);
	g_assert_cmpint(vgic_cpu_setup(&d, &c, NULL, 1), ==, -EINVAL); /* ids in order */
	g_assert_cmpint(vgic_cpu_setup(&d, &c, NULL, 8), ==, -ENOSPC); /* GICv2: 8 CPUs */
	g_assert_cmpint(vgic_dist_inject(&d, NULL, 32), ==, -EINVAL);  /* no SPIs */
	g_assert_cmpint(vgic_dist_inject(&d, NULL, 5), ==, -EINVAL);   /* SGI needs a vCPU */
}

static void test_edge_disabled_then_enabled(void)
{
	setup(VGIC_V3);
	dist_enable();
	g_assert_cmpint(vgic_dist_inject(&dist, NULL, 40), ==, 0);
	g_assert_cmpuint(kicked, ==, 0); /* disabled: latched, not delivered */
	vgic_cpu_flush(&vcpu[0]);
	g_assert_cmpuint(lr_count(), ==, 0);
	vgic_cpu_sync(&vcpu[0]);
	spi_setup(40, 0xa0, 0);
	g_assert_cmpuint(kicked, ==, 1); /* enabling a pending SPI kicks its target */
	vgic_cpu_flush(&vcpu[0]);
	g_assert_cmpint(lr_find(40), >=, 0);
	g_assert_true(hw_lr[lr_find(40)].pending);
	g_assert_cmpuint(hw_lr[lr_find(40)].priority, ==, 0xa0);
	g_assert_false(hw_lr[lr_find(40)].eoi_maint); /* edge: no EOI maintenance */
	/* Not taken by the guest: it comes back pending at sync. */
	vgic_cpu_sync(&vcpu[0]);
	g_assert_cmpuint(lr_count(), ==, 0);
	g_assert_true(spis[8].pending_latch);
	check_invariants();
}

static void test_edge_ack_eoi_cycle(void)
{
	setup(VGIC_V3);
	dist_enable();
	spi_setup(33, 0x80, 0);
	vgic_dist_inject(&dist, NULL, 33);
	vgic_cpu_flush(&vcpu[0]);
	g_assert_cmpuint(guest_ack(), ==, 33);
	vgic_cpu_sync(&vcpu[0]);
	g_assert_true(spis[1].active);
	g_assert_false(vgic_irq_pending(&dist, &spis[1]));
	/* Active interrupts stay in an LR so the guest's EOI finds them. */
	vgic_cpu_flush(&vcpu[0]);
	g_assert_true(hw_lr[lr_find(33)].active);
	guest_eoi(33);
	vgic_cpu_sync(&vcpu[0]);
	g_assert_false(spis[1].active);
	g_assert_true(list_empty(&vcpu[0].ap_list));
	check_invariants();
}

/* The per-exit hooks' idle case (vgic.h): no LR touched, VMCR read deferred. */
static void test_idle_exit_fast_path(void)
{
	struct vgic_cpu *vc = &vcpu[0];
	unsigned int reads;

	setup(VGIC_V3);
	dist_enable();
	spi_setup(33, 0x80, 0);
	reads = vmcr_reads;
	vgic_flush_lrs(vc);
	g_assert_cmpuint(lr_count(), ==, 0);
	vgic_sync_lrs(vc);
	g_assert_cmpuint(vmcr_reads, ==, reads);
	g_assert_true(vc->vmcr_stale);
	/* The guest lowered its PMR natively: a wake-up decision re-reads it. */
	hw_cif.pmr = 0x40;
	vgic_cpu_refresh_vmcr(vc);
	g_assert_false(vc->vmcr_stale);
	g_assert_cmpuint(vc->cif.pmr, ==, 0x40);
	/* Work queued meanwhile is not skipped: the next entry fills an LR. */
	hw_cif.pmr = 0xff;
	vgic_dist_inject(&dist, NULL, 33);
	vgic_flush_lrs(vc);
	g_assert_cmpint(lr_find(33), >=, 0);
	g_assert_cmpuint(guest_ack(), ==, 33);
	/* An exit with an LR in use folds it and reads the VMCR. */
	reads = vmcr_reads;
	vgic_sync_lrs(vc);
	g_assert_cmpuint(vmcr_reads, ==, reads + 1);
	g_assert_false(vc->vmcr_stale);
	g_assert_true(spis[1].active);
	vgic_flush_lrs(vc);
	guest_eoi(33);
	vgic_sync_lrs(vc);
	g_assert_true(list_empty(&vc->ap_list));
	check_invariants();
}

static void test_edge_active_and_pending(void)
{
	setup(VGIC_V3);
	dist_enable();
	spi_setup(34, 0x80, 0);
	vgic_dist_inject(&dist, NULL, 34);
	vgic_cpu_flush(&vcpu[0]);
	g_assert_cmpuint(guest_ack(), ==, 34);
	/* A second edge arrives while the guest handles the first. */
	vgic_dist_inject(&dist, NULL, 34);
	vgic_cpu_sync(&vcpu[0]);
	vgic_cpu_flush(&vcpu[0]);
	g_assert_true(hw_lr[lr_find(34)].active);
	g_assert_true(hw_lr[lr_find(34)].pending);
	guest_eoi(34);
	g_assert_cmpuint(guest_ack(), ==, 34);
	guest_eoi(34);
	vgic_cpu_sync(&vcpu[0]);
	g_assert_true(list_empty(&vcpu[0].ap_list));
}

static void test_level_resampled_at_eoi(void)
{
	setup(VGIC_V3);
	dist_enable();
	spi_setup(48, 0x80, 0);
	gicd_write(0xc00 + 48 / 16 * 4, 4, 0); /* ICFGR: INTIDs 48-63 level */
	g_assert_false(spis[16].edge);
	vgic_dist_set_level(&dist, NULL, 48, true);
	vgic_cpu_flush(&vcpu[0]);
	g_assert_true(hw_lr[lr_find(48)].eoi_maint); /* level: EOI maintenance requested */
	g_assert_cmpuint(guest_ack(), ==, 48);
	guest_eoi(48); /* the guest EOIs with the device line still high */
	vgic_cpu_sync(&vcpu[0]);
	g_assert_true(vgic_irq_pending(&dist, &spis[16]));
	vgic_cpu_flush(&vcpu[0]);
	g_assert_true(hw_lr[lr_find(48)].pending); /* delivered again */
	g_assert_cmpuint(guest_ack(), ==, 48);
	vgic_cpu_sync(&vcpu[0]);
	vgic_dist_set_level(&dist, NULL, 48, false); /* the handler quiets the device */
	vgic_cpu_flush(&vcpu[0]);
	g_assert_true(hw_lr[lr_find(48)].active);
	g_assert_false(hw_lr[lr_find(48)].pending);
	guest_eoi(48);
	vgic_cpu_sync(&vcpu[0]);
	g_assert_true(list_empty(&vcpu[0].ap_list));
	/* ISPENDR on a level interrupt: soft pending, consumed by the acknowledge. */
	gicd_write(0x200 + 4, 4, 1U << 16);
	vgic_cpu_flush(&vcpu[0]);
	g_assert_false(hw_lr[lr_find(48)].eoi_maint); /* no line to re-sample: no exit at EOI */
	g_assert_cmpuint(guest_ack(), ==, 48);
	vgic_cpu_sync(&vcpu[0]);
	g_assert_false(vgic_irq_pending(&dist, &spis[16]));
	check_invariants();
}

static bool line_value;
static unsigned int line_reads;

static bool read_line(void *data, uint32_t intid)
{
	g_assert_true(data == &line_value);
	g_assert_cmpuint(intid, ==, 20);
	line_reads++;
	return line_value;
}

static void test_level_resample_callback(void)
{
	struct vgic_irq *ppi;

	setup(VGIC_V3);
	dist_enable();
	ppi = &vcpu[1].private_irqs[20];
	ppi->resample = read_line;
	ppi->resample_data = &line_value;
	gicr_write(1, 0x10000 + 0xc04, 4, 0);	     /* ICFGR1: PPIs level */
	gicr_write(1, 0x10000 + 0x100, 4, 1U << 20); /* ISENABLER0 */
	line_value = true;
	line_reads = 0;
	vgic_dist_set_level(&dist, &vcpu[1], 20, true);
	g_assert_cmpuint(kicked, ==, 1U << 1);
	vgic_cpu_flush(&vcpu[1]);
	g_assert_cmpuint(guest_ack(), ==, 20);
	line_value = false; /* the device dropped its line without telling us */
	guest_eoi(20);
	vgic_cpu_sync(&vcpu[1]);
	g_assert_cmpuint(line_reads, ==, 1);
	g_assert_false(vgic_irq_pending(&dist, ppi));
	g_assert_true(list_empty(&vcpu[1].ap_list));
}

static void test_priority_order_and_overflow(void)
{
	static const uint8_t prio[6] = {0xc0, 0x20, 0x80, 0x40, 0xa0, 0x60};
	uint32_t order[6];
	unsigned int i, n = 0;
	uint32_t intid;

	setup(VGIC_V3);
	dist_enable();
	for (i = 0; i < 6; i++) {
		spi_setup(32 + i, prio[i], 0);
		vgic_dist_inject(&dist, NULL, 32 + i);
	}
	check_invariants();
	vgic_cpu_flush(&vcpu[0]);
	/* 4 LRs: the 4 best (0x20, 0x40, 0x60, 0x80), and underflow to get the rest later. */
	g_assert_cmpuint(lr_count(), ==, 4);
	g_assert_cmpint(lr_find(33), >=, 0);
	g_assert_cmpint(lr_find(35), >=, 0);
	g_assert_cmpint(lr_find(37), >=, 0);
	g_assert_cmpint(lr_find(34), >=, 0);
	g_assert_true(hw_uie);
	while ((intid = guest_ack()) != 1023) {
		order[n++] = intid;
		guest_eoi(intid);
	}
	vgic_cpu_sync(&vcpu[0]); /* the underflow maintenance interrupt made us exit */
	g_assert_false(hw_uie);
	vgic_cpu_flush(&vcpu[0]);
	g_assert_cmpuint(lr_count(), ==, 2);
	g_assert_false(hw_uie);
	while ((intid = guest_ack()) != 1023) {
		order[n++] = intid;
		guest_eoi(intid);
	}
	vgic_cpu_sync(&vcpu[0]);
	g_assert_cmpuint(n, ==, 6);
	for (i = 1; i < n; i++)
		g_assert_cmpuint(prio[order[i - 1] - 32], <, prio[order[i] - 32]);
	g_assert_true(list_empty(&vcpu[0].ap_list));
}

static void test_active_keeps_lr_in_overflow(void)
{
	unsigned int i;

	setup(VGIC_V3);
	dist_enable();
	spi_setup(50, 0xf0, 0);
	vgic_dist_inject(&dist, NULL, 50);
	vgic_cpu_flush(&vcpu[0]);
	g_assert_cmpuint(guest_ack(), ==, 50);
	vgic_cpu_sync(&vcpu[0]);
	for (i = 0; i < 5; i++) {
		spi_setup(32 + i, 0x10, 0);
		vgic_dist_inject(&dist, NULL, 32 + i);
	}
	vgic_cpu_flush(&vcpu[0]);
	g_assert_cmpint(lr_find(50), >=, 0);
	g_assert_true(hw_lr[lr_find(50)].active);
	g_assert_true(hw_uie);
	vgic_cpu_sync(&vcpu[0]);
	check_invariants();
}

static void test_double_flush_refolds(void)
{
	setup(VGIC_V3);
	dist_enable();
	spi_setup(36, 0x80, 0);
	vgic_dist_inject(&dist, NULL, 36);
	vgic_cpu_flush(&vcpu[0]);
	g_assert_cmpuint(guest_ack(), ==, 36);
	vgic_cpu_flush(&vcpu[0]); /* no sync in between: the LR state must not be lost */
	g_assert_cmpuint(lr_count(), ==, 1);
	g_assert_true(hw_lr[lr_find(36)].active);
	g_assert_cmpuint(vcpu[0].used_lrs, ==, 1);
	vgic_cpu_sync(&vcpu[0]);
	check_invariants();
}

static void test_level_line_on_edge_config_latches_rising_edge(void)
{
	setup(VGIC_V3);
	dist_enable();
	spi_setup(40, 0x80, 0); /* edge */
	vgic_dist_set_level(&dist, NULL, 40, true);
	g_assert_true(spis[8].pending_latch);
	vgic_cpu_flush(&vcpu[0]);
	g_assert_cmpuint(guest_ack(), ==, 40);
	guest_eoi(40);
	vgic_cpu_sync(&vcpu[0]);
	/* The line stays high: no new edge, nothing pending. */
	vgic_dist_set_level(&dist, NULL, 40, true);
	g_assert_false(vgic_irq_pending(&dist, &spis[8]));
	/* Low then high again: a new edge. */
	vgic_dist_set_level(&dist, NULL, 40, false);
	vgic_dist_set_level(&dist, NULL, 40, true);
	g_assert_true(vgic_irq_pending(&dist, &spis[8]));
	check_invariants();
}

static void test_reroute_while_in_lr_not_doubled(void)
{
	setup(VGIC_V3);
	dist_enable();
	spi_setup(50, 0x80, 0);
	gicd_write(0xc00 + 50 / 16 * 4, 4, 0); /* level */
	vgic_dist_set_level(&dist, NULL, 50, true);
	vgic_cpu_flush(&vcpu[0]);
	g_assert_cmpint(lr_find(50), >=, 0);
	/* The guest moves it to vCPU 1 while vCPU 0's LR still holds it. */
	gicd_write(0x6000 + 8 * 50, 8, vgic_vcpu_mpidr(1));
	g_assert_true(spis[18].ap_vcpu == &vcpu[1]);
	{
		struct vgic_lr saved[VGIC_MAX_LRS];

		memcpy(saved, hw_lr, sizeof(saved));
		memset(hw_lr, 0, sizeof(hw_lr));
		vgic_cpu_flush(&vcpu[1]); /* vCPU 1 must not take it as well */
		g_assert_cmpint(lr_find(50), <, 0);
		vgic_cpu_sync(&vcpu[1]);
		memcpy(hw_lr, saved, sizeof(saved));
	}
	kicked = 0;
	vgic_cpu_sync(&vcpu[0]); /* folding it back hands it to vCPU 1 */
	g_assert_cmpuint(kicked, ==, 1U << 1);
	vgic_cpu_flush(&vcpu[1]);
	g_assert_cmpint(lr_find(50), >=, 0);
	vgic_cpu_sync(&vcpu[1]);
	check_invariants();
}

static void test_group_disabled_at_distributor_holds_back(void)
{
	setup(VGIC_V3);
	gicd_write(0x0, 4, 0x1); /* group 0 only; the SPI is group 1 */
	spi_setup(45, 0x80, 0);
	vgic_dist_inject(&dist, NULL, 45);
	vgic_cpu_flush(&vcpu[0]);
	g_assert_cmpuint(lr_count(), ==, 0);
	vgic_cpu_sync(&vcpu[0]);
	kicked = 0;
	gicd_write(0x0, 4, 0x3);
	g_assert_cmpuint(kicked, ==, 1); /* enabling the group kicks who has work */
	vgic_cpu_flush(&vcpu[0]);
	g_assert_cmpint(lr_find(45), >=, 0);
	vgic_cpu_sync(&vcpu[0]);
}

static void test_priority_change_resorts(void)
{
	setup(VGIC_V3);
	dist_enable();
	spi_setup(32, 0x80, 0);
	spi_setup(33, 0x90, 0);
	vgic_dist_inject(&dist, NULL, 32);
	vgic_dist_inject(&dist, NULL, 33);
	g_assert_cmpuint(list_first_entry(&vcpu[0].ap_list, struct vgic_irq, ap_node)->intid, ==,
			 32);
	gicd_write(0x400 + 33, 1, 0x10);
	g_assert_cmpuint(list_first_entry(&vcpu[0].ap_list, struct vgic_irq, ap_node)->intid, ==,
			 33);
	check_invariants();
}

#define ISS_SGI1R (3U << 20 | 5U << 17 | 0U << 14 | 12U << 10 | 11U << 1)
#define ISS_SGI0R (3U << 20 | 7U << 17 | 0U << 14 | 12U << 10 | 11U << 1)

static void test_sgi_v3_target_list_and_broadcast(void)
{
	register_t val;
	unsigned int i;

	setup(VGIC_V3);
	dist_enable();
	/* SGI 3 from vCPU 0 to vCPUs 1 and 2 (Aff0 1 and 2 in the target list). */
	val = 3ULL << 24 | 0x6;
	g_assert_cmpint(vgic_v3_emulate_sysreg(&dist, &vcpu[0], ISS_SGI1R, &val), ==, 0);
	g_assert_true(vcpu[1].private_irqs[3].pending_latch);
	g_assert_true(vcpu[2].private_irqs[3].pending_latch);
	g_assert_false(vcpu[0].private_irqs[3].pending_latch);
	g_assert_false(vcpu[3].private_irqs[3].pending_latch);
	g_assert_cmpuint(kicked, ==, 0x6);
	/* IRM = 1: everyone but the sender. */
	kicked = 0;
	val = 1ULL << 40 | 5ULL << 24;
	vgic_v3_emulate_sysreg(&dist, &vcpu[2], ISS_SGI1R, &val);
	for (i = 0; i < NR_VCPUS; i++)
		g_assert_true(vcpu[i].private_irqs[5].pending_latch == (i != 2));
	g_assert_cmpuint(kicked, ==, 0xb);
	/* Aff1 = 1 matches nobody; SGI0R generates group 0 only (ours are group 1). */
	val = 1ULL << 16 | 7ULL << 24 | 0xf;
	vgic_v3_emulate_sysreg(&dist, &vcpu[0], ISS_SGI1R, &val);
	val = 7ULL << 24 | 0xf;
	vgic_v3_emulate_sysreg(&dist, &vcpu[0], ISS_SGI0R, &val);
	for (i = 0; i < NR_VCPUS; i++)
		g_assert_false(vcpu[i].private_irqs[7].pending_latch);
	/* Reads of the write-only register, and other registers, are not ours. */
	g_assert_cmpint(vgic_v3_emulate_sysreg(&dist, &vcpu[0], ISS_SGI1R | 1, &val), ==,
			-EOPNOTSUPP);
	g_assert_cmpint(
	    vgic_v3_emulate_sysreg(&dist, &vcpu[0], 3U << 20 | 12U << 10 | 12U << 1, &val), ==,
	    -EOPNOTSUPP);
	/* Delivered on the target. */
	vgic_cpu_flush(&vcpu[1]);
	g_assert_cmpint(lr_find(3), >=, 0);
	vgic_cpu_sync(&vcpu[1]);
	check_invariants();
}

static void test_sgi_v2_sources(void)
{
	uint32_t first, second;

	setup(VGIC_V2);
	dist_enable();
	/* SGI 2 to vCPU 1 from vCPUs 0 and 3 (target list filter 0). */
	vgic_v2_dist_write(&dist, &vcpu[0], 0xf00, 4, 0x2U << 16 | 2);
	vgic_v2_dist_write(&dist, &vcpu[3], 0xf00, 4, 0x2U << 16 | 2);
	g_assert_cmpuint(vcpu[1].private_irqs[2].sgi_sources, ==, 0x9);
	/* SPENDSGIR of vCPU 1 shows one bit per source in SGI 2's byte. */
	{
		uint64_t v;

		vgic_v2_dist_read(&dist, &vcpu[1], 0xf20, 4, &v);
		g_assert_cmphex(v, ==, 0x9U << 16);
	}
	vgic_cpu_flush(&vcpu[1]);
	g_assert_cmpuint(lr_count(), ==, 1); /* one source at a time */
	g_assert_cmpuint(hw_lr[0].source, ==, 0);
	g_assert_true(hw_lr[0].eoi_maint); /* another source waits for this EOI */
	first = guest_ack();
	guest_eoi(first);
	vgic_cpu_sync(&vcpu[1]);
	vgic_cpu_flush(&vcpu[1]);
	g_assert_cmpuint(hw_lr[0].source, ==, 3);
	g_assert_false(hw_lr[0].eoi_maint);
	second = guest_ack();
	guest_eoi(second);
	vgic_cpu_sync(&vcpu[1]);
	g_assert_cmpuint(first, ==, 2);
	g_assert_cmpuint(second, ==, 2);
	g_assert_true(list_empty(&vcpu[1].ap_list));
	/* Filter 1: all but self; filter 2: self only. */
	vgic_v2_dist_write(&dist, &vcpu[1], 0xf00, 4, 1U << 24 | 4);
	g_assert_cmpuint(vcpu[0].private_irqs[4].sgi_sources, ==, 0x2);
	g_assert_cmpuint(vcpu[1].private_irqs[4].sgi_sources, ==, 0);
	g_assert_cmpuint(vcpu[3].private_irqs[4].sgi_sources, ==, 0x2);
	vgic_v2_dist_write(&dist, &vcpu[2], 0xf00, 4, 2U << 24 | 5);
	g_assert_cmpuint(vcpu[2].private_irqs[5].sgi_sources, ==, 0x4);
	/* CPENDSGIR byte write clears sources; SPENDSGIR sets them. */
	vgic_v2_dist_write(&dist, &vcpu[0], 0xf14, 1, 0x2);
	g_assert_cmpuint(vcpu[0].private_irqs[4].sgi_sources, ==, 0);
	vgic_v2_dist_write(&dist, &vcpu[0], 0xf20 + 6, 1, 0x8);
	g_assert_cmpuint(vcpu[0].private_irqs[6].sgi_sources, ==, 0x8);
	check_invariants();
}

static void test_spi_routing_v3(void)
{
	setup(VGIC_V3);
	dist_enable();
	spi_setup(60, 0x80, 2);
	vgic_dist_inject(&dist, NULL, 60);
	g_assert_true(spis[28].ap_vcpu == &vcpu[2]);
	g_assert_cmpuint(kicked, ==, 1U << 2);
	/* Re-route while pending: it moves. */
	gicd_write(0x6000 + 8 * 60, 8, vgic_vcpu_mpidr(3));
	g_assert_true(spis[28].ap_vcpu == &vcpu[3]);
	/* To an affinity no vCPU has: it stays pending, on no list. */
	gicd_write(0x6000 + 8 * 60, 8, 0x0100000000ULL);
	g_assert_null(spis[28].ap_vcpu);
	g_assert_true(vgic_irq_pending(&dist, &spis[28]));
	/* IRM (bit 31) is RAZ/WI: 1-of-N is not supported (GICD_TYPER.No1N). */
	gicd_write(0x6000 + 8 * 60, 8, 1ULL << 31 | 1);
	g_assert_cmphex(gicd_read(0x6000 + 8 * 60, 8), ==, 1);
	g_assert_true(spis[28].ap_vcpu == &vcpu[1]);
	/* 32-bit halves. */
	gicd_write(0x6000 + 8 * 60 + 4, 4, 0);
	gicd_write(0x6000 + 8 * 60, 4, 2);
	g_assert_cmphex(gicd_read(0x6000 + 8 * 60, 4), ==, 2);
	g_assert_true(spis[28].ap_vcpu == &vcpu[2]);
	check_invariants();
}

static void test_spi_routing_v2(void)
{
	setup(VGIC_V2);
	dist_enable();
	spi_setup(40, 0x80, 1);
	vgic_dist_inject(&dist, NULL, 40);
	g_assert_true(spis[8].ap_vcpu == &vcpu[1]);
	/* Several targets: the lowest numbered one gets it. */
	gicd_write(0x800 + 40, 1, 0xc);
	g_assert_true(spis[8].ap_vcpu == &vcpu[2]);
	/* Bits for vCPUs that do not exist are dropped. */
	gicd_write(0x800 + 40, 1, 0xf0);
	g_assert_cmphex(gicd_read(0x800 + 40, 1), ==, 0);
	g_assert_null(spis[8].ap_vcpu);
	/* ITARGETSR0-7 read this vCPU's own bit for SGIs/PPIs and ignore writes. */
	g_assert_cmphex(gicd_read(0x800, 4), ==, 0x01010101);
	gicd_write(0x800, 4, 0x0f0f0f0f);
	g_assert_cmphex(gicd_read(0x800 + 28, 4), ==, 0x01010101);
	{
		uint64_t v;

		vgic_v2_dist_read(&dist, &vcpu[3], 0x81c, 4, &v);
		g_assert_cmphex(v, ==, 0x08080808);
	}
	check_invariants();
}

static void test_gicd_v3_registers(void)
{
	setup(VGIC_V3);
	/* CTLR: DS and ARE read as one, group enables writable. */
	g_assert_cmphex(gicd_read(0x0, 4), ==, 0x50);
	gicd_write(0x0, 4, 0x13);
	g_assert_cmphex(gicd_read(0x0, 4), ==, 0x53);
	/* TYPER: ITLinesNumber (64 SPIs -> 2), IDbits 10 bits, No1N, no LPIs, no MBIs. */
	g_assert_cmphex(gicd_read(0x4, 4), ==, 2 | 3 << 5 | 9 << 19 | 1 << 25);
	gicd_write(0x4, 4, 0);
	g_assert_cmphex(gicd_read(0x4, 4), ==, 2 | 3 << 5 | 9 << 19 | 1 << 25);
	g_assert_cmphex(gicd_read(0xffe8, 4) & 0xf0, ==, 0x30);
	g_assert_cmphex(gicd_read(0x8, 4) & 0xfff, ==, 0x43b);
	/* ISENABLER/ICENABLER: write 1 to set / clear, 0 has no effect. */
	gicd_write(0x104, 4, 0x00000005);
	gicd_write(0x104, 4, 0x00000100);
	g_assert_cmphex(gicd_read(0x104, 4), ==, 0x105);
	g_assert_cmphex(gicd_read(0x184, 4), ==, 0x105);
	gicd_write(0x184, 4, 0x1);
	g_assert_cmphex(gicd_read(0x104, 4), ==, 0x104);
	/* ISPENDR/ICPENDR, ISACTIVER/ICACTIVER. */
	gicd_write(0x204, 4, 0x30);
	g_assert_cmphex(gicd_read(0x284, 4), ==, 0x30);
	gicd_write(0x284, 4, 0x10);
	g_assert_cmphex(gicd_read(0x204, 4), ==, 0x20);
	gicd_write(0x304, 4, 0x80000000);
	g_assert_cmphex(gicd_read(0x384, 4), ==, 0x80000000);
	gicd_write(0x384, 4, 0xffffffff);
	g_assert_cmphex(gicd_read(0x304, 4), ==, 0);
	/* INTIDs 0-31 are in the redistributor under ARE: RAZ/WI here. */
	gicd_write(0x100, 4, 0xffffffff);
	g_assert_cmphex(gicd_read(0x100, 4), ==, 0);
	g_assert_false(vcpu[0].private_irqs[16].enabled);
	/* IPRIORITYR: byte writes, word reads. */
	gicd_write(0x420, 1, 0x11);
	gicd_write(0x421, 1, 0x22);
	gicd_write(0x423, 1, 0x44);
	g_assert_cmphex(gicd_read(0x420, 4), ==, 0x44002211);
	gicd_write(0x424, 4, 0xa0b0c0d0);
	g_assert_cmphex(gicd_read(0x426, 1), ==, 0xb0);
	g_assert_cmphex(gicd_read(0x400, 4), ==, 0);
	/* IGROUPR: group 1 after reset (Linux's setting), writable. */
	g_assert_cmphex(gicd_read(0x84, 4), ==, 0xffffffff);
	gicd_write(0x84, 4, 0xfffffffe);
	g_assert_false(spis[0].group1);
	/* ICFGR: edge = 2, level = 0. */
	gicd_write(0xc08, 4, 0xa);
	g_assert_cmphex(gicd_read(0xc08, 4), ==, 0xa);
	g_assert_true(spis[0].edge);
	g_assert_true(spis[1].edge);
	g_assert_false(spis[2].edge);
	/* Unimplemented SPIs (beyond 95) read as zero. */
	g_assert_cmphex(gicd_read(0x10c, 4), ==, 0);
	gicd_write(0x10c, 4, 0xffffffff);
	g_assert_cmphex(gicd_read(0x6000 + 8 * 200, 8), ==, 0);
	/* Wrong sizes and misaligned accesses are ignored. */
	gicd_write(0x104, 2, 0xffff);
	gicd_write(0x106, 4, 0xffff);
	g_assert_cmphex(gicd_read(0x104, 4), ==, 0x104);
	g_assert_cmphex(gicd_read(0x104, 2), ==, 0);
	g_assert_cmphex(gicd_read(0x5000, 4), ==, 0);
	/* GICD_SGIR is ignored with ARE. */
	gicd_write(0xf00, 4, 0x00010001);
	g_assert_false(vcpu[0].private_irqs[1].pending_latch);
	check_invariants();
}

static void test_gicr_registers(void)
{
	unsigned int i;
	uint64_t typer;

	setup(VGIC_V3);
	for (i = 0; i < NR_VCPUS; i++) {
		typer = gicr_read(i, 0x8, 8);
		g_assert_cmphex(typer >> 32, ==, vgic_vcpu_mpidr(i));
		g_assert_cmpuint((typer >> 8) & 0xffff, ==, i);
		g_assert_true(!!(typer & 0x10) == (i == NR_VCPUS - 1)); /* Last */
		g_assert_cmphex(gicr_read(i, 0xc, 4), ==, typer >> 32);
		g_assert_cmphex(gicr_read(i, 0x8, 4), ==, (uint32_t)typer);
	}
	g_assert_cmphex(gicr_read(0, 0xffe8, 4) & 0xf0, ==, 0x30);
	/* WAKER: Linux clears ProcessorSleep and waits for ChildrenAsleep to clear. */
	g_assert_cmphex(gicr_read(1, 0x14, 4), ==, 0x6);
	gicr_write(1, 0x14, 4, 0);
	g_assert_cmphex(gicr_read(1, 0x14, 4), ==, 0);
	g_assert_cmphex(gicr_read(0, 0x14, 4), ==, 0x6);
	/* TYPER is read-only; LPIs are not implemented (CTLR RAZ/WI). */
	gicr_write(1, 0x8, 8, 0);
	g_assert_cmphex(gicr_read(1, 0x8, 8), ==, gicr_read(1, 0x8, 8));
	gicr_write(1, 0x0, 4, 1);
	g_assert_cmphex(gicr_read(1, 0x0, 4), ==, 0);
	/* SGI frame: banked enables, priorities and config of vCPU 2. */
	gicr_write(2, 0x10100, 4, 0x80000001);
	g_assert_cmphex(gicr_read(2, 0x10100, 4), ==, 0x8000ffff); /* SGIs enabled at reset */
	g_assert_cmphex(gicr_read(1, 0x10100, 4), ==, 0x0000ffff);
	gicr_write(2, 0x10180, 4, 0xffff);
	g_assert_cmphex(gicr_read(2, 0x10100, 4), ==, 0x80000000);
	gicr_write(2, 0x1041b, 1, 0xa0); /* PPI 27 */
	g_assert_cmphex(gicr_read(2, 0x10418, 4), ==, 0xa0000000);
	g_assert_cmpuint(vcpu[2].private_irqs[27].priority, ==, 0xa0);
	g_assert_cmphex(gicr_read(2, 0x10c00, 4), ==, 0xaaaaaaaa); /* SGIs: edge, RO */
	gicr_write(2, 0x10c00, 4, 0);
	g_assert_cmphex(gicr_read(2, 0x10c00, 4), ==, 0xaaaaaaaa);
	gicr_write(2, 0x10c04, 4, 0x00800000); /* PPI 27 edge */
	g_assert_true(vcpu[2].private_irqs[27].edge);
	/* ISPENDR0 on the frame pends that vCPU's PPI. */
	gicr_write(2, 0x10200, 4, 0x80000000);
	g_assert_true(vcpu[2].private_irqs[31].pending_latch);
	g_assert_true(vcpu[2].private_irqs[31].ap_vcpu == &vcpu[2]);
	/* Out of the frame pair, bad sizes: ignored. */
	g_assert_cmphex(gicr_read(2, 0x20000, 4), ==, 0);
	g_assert_cmphex(gicr_read(2, 0x10100, 8), ==, 0);
	check_invariants();
}

static void test_gicd_v2_registers(void)
{
	setup(VGIC_V2);
	g_assert_cmphex(gicd_read(0x4, 4), ==, 2 | 3 << 5); /* ITLinesNumber, CPUNumber */
	g_assert_cmphex(gicd_read(0xfe8, 4) & 0xf0, ==, 0x20);
	gicd_write(0x0, 4, 1);
	g_assert_cmphex(gicd_read(0x0, 4), ==, 1);
	/* IGROUPR resets to group 0 on GICv2 (Linux never touches it). */
	g_assert_cmphex(gicd_read(0x84, 4), ==, 0);
	/* Banked INTIDs 0-31: each vCPU its own. */
	gicd_write(0x100, 4, 1U << 27);
	g_assert_true(vcpu[0].private_irqs[27].enabled);
	g_assert_false(vcpu[1].private_irqs[27].enabled);
	gicd_write(0x41b, 1, 0x50);
	g_assert_cmpuint(vcpu[0].private_irqs[27].priority, ==, 0x50);
	/* ICFGR0 (SGIs) is read-only. */
	g_assert_cmphex(gicd_read(0xc00, 4), ==, 0xaaaaaaaa);
	gicd_write(0xc00, 4, 0);
	g_assert_cmphex(gicd_read(0xc00, 4), ==, 0xaaaaaaaa);
	/* ISPENDR0 does not pend SGIs on GICv2 (SPENDSGIR does). */
	gicd_write(0x200, 4, 0x1);
	g_assert_cmpuint(vcpu[0].private_irqs[0].sgi_sources, ==, 0);
	/* Read-only TYPER, reserved space. */
	gicd_write(0x4, 4, 0);
	g_assert_cmphex(gicd_read(0x4, 4), ==, 2 | 3 << 5);
	g_assert_cmphex(gicd_read(0xd00, 4), ==, 0);
	g_assert_cmphex(gicd_read(0x2000, 4), ==, 0);
	check_invariants();
}

static void test_wfi_pending_respects_mask(void)
{
	setup(VGIC_V3);
	spi_setup(45, 0x80, 0);
	vgic_dist_inject(&dist, NULL, 45);
	g_assert_false(vgic_cpu_pending(&vcpu[0])); /* distributor disabled */
	dist_enable();
	g_assert_true(vgic_cpu_pending(&vcpu[0]));
	g_assert_false(vgic_cpu_pending(&vcpu[1]));
	/* The guest's PMR (read back from VMCR at sync) masks priority 0x80. */
	hw_cif.pmr = 0x80;
	vgic_cpu_sync(&vcpu[0]);
	g_assert_false(vgic_cpu_pending(&vcpu[0]));
	hw_cif.pmr = 0x90;
	vgic_cpu_sync(&vcpu[0]);
	g_assert_true(vgic_cpu_pending(&vcpu[0]));
	/* Group 1 disabled at the CPU interface. */
	hw_cif.grp1_en = false;
	vgic_cpu_sync(&vcpu[0]);
	g_assert_false(vgic_cpu_pending(&vcpu[0]));
	hw_cif.grp1_en = true;
	vgic_cpu_sync(&vcpu[0]);
	/* Disabled at the distributor's enable register. */
	gicd_write(0x184 + 0, 4, 1U << 13);
	g_assert_false(vgic_cpu_pending(&vcpu[0]));
}

static void test_load_put_switch_state(void)
{
	setup(VGIC_V3);
	vcpu[0].cif.vmcr = 0x1234;
	vgic_cpu_load(&vcpu[0]);
	g_assert_true(hw_en);
	g_assert_cmphex(hw_cif.vmcr, ==, 0x1234);
	hw_cif.vmcr = 0x5678;
	hw_cif.pmr = 0x40;
	vgic_cpu_put(&vcpu[0]);
	g_assert_false(hw_en);
	g_assert_cmphex(vcpu[0].cif.vmcr, ==, 0x5678);
	g_assert_cmpuint(vcpu[0].cif.pmr, ==, 0x40);
}

static void test_cross_vcpu_kick(void)
{
	setup(VGIC_V3);
	dist_enable();
	spi_setup(70, 0x80, 3);
	kicked = 0;
	vgic_dist_inject(&dist, NULL, 70);
	g_assert_cmpuint(kicked, ==, 1U << 3);
	/* A PPI for vCPU 1 (the timer, say) kicks vCPU 1 only once it is enabled. */
	kicked = 0;
	vgic_dist_inject(&dist, &vcpu[1], 27);
	g_assert_cmpuint(kicked, ==, 0);
	gicr_write(1, 0x10100, 4, 1U << 27);
	g_assert_cmpuint(kicked, ==, 1U << 1);
	/* The running vCPU folding its own LRs does not kick itself. */
	kicked = 0;
	vgic_cpu_flush(&vcpu[1]);
	vgic_cpu_sync(&vcpu[1]);
	g_assert_cmpuint(kicked, ==, 0);
}

static void test_hostile_accesses(void)
{
	static const unsigned int sizes[] = {1, 2, 4, 8, 3};
	GRand *rnd = g_rand_new_with_seed(0xb5a17);
	unsigned int i, version, size;
	uint64_t off, val;

	for (version = VGIC_V2; version <= VGIC_V3; version++) {
		setup(version);
		for (i = 0; i < 1500; i++) {
			size = sizes[g_rand_int_range(rnd, 0, 5)];
			off = (uint64_t)g_rand_int_range(rnd, 0,
							 version == VGIC_V3 ? 0x10000 : 0x1000);
			if (i % 3 == 0) /* concentrate on the real registers */
				off &= 0xfff;
			val = (uint64_t)g_rand_int(rnd) << 32 | g_rand_int(rnd);
			if (g_rand_boolean(rnd))
				gicd_write(off, size, val);
			else
				gicd_read(off, size);
			if (version == VGIC_V3) {
				off = (uint64_t)g_rand_int_range(rnd, 0, 0x30000);
				gicr_write(i % NR_VCPUS, off, size, val);
				gicr_read(i % NR_VCPUS, off, size);
			}
			if (i % 64 == 0) {
				vgic_dist_inject(&dist, NULL, 32 + i % NR_SPIS);
				vgic_cpu_flush(&vcpu[i % NR_VCPUS]);
				guest_ack();
				vgic_cpu_sync(&vcpu[i % NR_VCPUS]);
				check_invariants();
			}
		}
		check_invariants();
	}
	g_rand_free(rnd);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/vgic/setup/rejects-bad-config", test_setup_rejects_bad_config);
	g_test_add_func("/vgic/edge/disabled-then-enabled", test_edge_disabled_then_enabled);
	g_test_add_func("/vgic/edge/ack-eoi-cycle", test_edge_ack_eoi_cycle);
	g_test_add_func("/vgic/lr/idle-exit-fast-path", test_idle_exit_fast_path);
	g_test_add_func("/vgic/edge/active-and-pending", test_edge_active_and_pending);
	g_test_add_func("/vgic/level/resampled-at-eoi", test_level_resampled_at_eoi);
	g_test_add_func("/vgic/level/resample-callback", test_level_resample_callback);
	g_test_add_func("/vgic/lr/priority-order-and-overflow", test_priority_order_and_overflow);
	g_test_add_func("/vgic/lr/active-keeps-lr-in-overflow", test_active_keeps_lr_in_overflow);
	g_test_add_func("/vgic/lr/priority-change-resorts", test_priority_change_resorts);
	g_test_add_func("/vgic/lr/double-flush-refolds", test_double_flush_refolds);
	g_test_add_func("/vgic/lr/reroute-while-in-lr-not-doubled",
			test_reroute_while_in_lr_not_doubled);
	g_test_add_func("/vgic/edge/level-line-latches-rising-edge",
			test_level_line_on_edge_config_latches_rising_edge);
	g_test_add_func("/vgic/dist/group-disabled-holds-back",
			test_group_disabled_at_distributor_holds_back);
	g_test_add_func("/vgic/sgi/v3-target-list-and-broadcast",
			test_sgi_v3_target_list_and_broadcast);
	g_test_add_func("/vgic/sgi/v2-sources", test_sgi_v2_sources);
	g_test_add_func("/vgic/spi/routing-v3", test_spi_routing_v3);
	g_test_add_func("/vgic/spi/routing-v2", test_spi_routing_v2);
	g_test_add_func("/vgic/mmio/gicd-v3", test_gicd_v3_registers);
	g_test_add_func("/vgic/mmio/gicr", test_gicr_registers);
	g_test_add_func("/vgic/mmio/gicd-v2", test_gicd_v2_registers);
	g_test_add_func("/vgic/cpu/wfi-pending-respects-mask", test_wfi_pending_respects_mask);
	g_test_add_func("/vgic/cpu/load-put", test_load_put_switch_state);
	g_test_add_func("/vgic/cpu/cross-vcpu-kick", test_cross_vcpu_kick);
	g_test_add_func("/vgic/mmio/hostile-accesses", test_hostile_accesses);
	return g_test_run();
}
