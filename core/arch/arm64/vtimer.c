// SPDX-License-Identifier: GPL-2.0-only
/*
 * The guest's virtual timer (CNTV). While a vCPU runs, its CNTV state is in
 * the hardware and a firing timer raises host PPI 27 at EL2, which we turn
 * into the guest's virtual PPI 27. While it does not run, a software timer at
 * the same deadline injects the interrupt and wakes the vCPU.
 *
 * On injection the timer's IMASK is set (as Xen does): the guest's handler
 * clears it when it programs the next deadline, so a still-asserted timer
 * output does not interrupt EL2 again in between.
 */
#include <basalt/domain.h>
#include <basalt/irq.h>
#include <basalt/lib.h>
#include <basalt/percpu.h>
#include <basalt/time.h>
#include <basalt/vcpu.h>
#include <basalt/vgic.h>
#include <asm/guest.h>
#include <asm/sysregs.h>

#define VTIMER_PPI 27

static bool ctl_fires(uint64_t ctl)
{
	return (ctl & (CNTx_CTL_ENABLE | CNTx_CTL_IMASK)) == CNTx_CTL_ENABLE;
}

static void vtimer_inject(struct vcpu *v)
{
	vgic_inject_irq(v->domain, v, VTIMER_PPI);
}

/* Software timer: the deadline of a vCPU that is not on a pCPU passed. */
static void vtimer_wake(void *data)
{
	struct vcpu *v = data;

	if (!ctl_fires(v->arch.vtimer.ctl))
		return;
	v->arch.vtimer.ctl |= CNTx_CTL_IMASK;
	vtimer_inject(v);
	vcpu_kick(v);
}

/* Host PPI 27: the running vCPU's timer fired. */
static void vtimer_irq(unsigned int intid, void *data)
{
	struct vcpu *v = current_vcpu();
	uint64_t ctl = READ_SYSREG(cntv_ctl_el0);

	if (!v || !(ctl & CNTx_CTL_ISTATUS) || !ctl_fires(ctl))
		return;
	WRITE_SYSREG(cntv_ctl_el0, ctl | CNTx_CTL_IMASK);
	vtimer_inject(v);
}

void vtimer_vcpu_init(struct vcpu *v)
{
	v->arch.vtimer.ctl = 0;
	v->arch.vtimer.cval = 0;
	timer_init(&v->arch.vtimer.wake, vtimer_wake, v);
}

void vtimer_vcpu_destroy(struct vcpu *v)
{
	timer_stop(&v->arch.vtimer.wake);
}

/*
 * The deadline on the physical counter, without reading the counter: every
 * counter or timer register access is costly under emulation (QEMU takes its
 * global lock for each). A deadline already past fires at once.
 */
static uint64_t vtimer_deadline_ns(const struct vcpu *v)
{
	uint64_t cval = v->arch.vtimer.cval, off = v->domain->arch.cntvoff;
	uint64_t never = ns_to_ticks(~0ULL >> 1); /* centuries away; no overflow below */

	/* A guest "disables" its timer with a huge CVAL: that deadline never comes. */
	if (cval >= never || off >= never - cval)
		return ~0ULL >> 1;
	return ticks_to_ns(cval + off);
}

void vtimer_save(struct vcpu *v)
{
	struct vtimer *t = &v->arch.vtimer;

	t->ctl = READ_SYSREG(cntv_ctl_el0);
	t->cval = READ_SYSREG(cntv_cval_el0);
	/* Off while another vCPU (or nobody) runs here. */
	WRITE_SYSREG(cntv_ctl_el0, 0);
	isb();
	if (ctl_fires(t->ctl))
		timer_set(&t->wake, vtimer_deadline_ns(v), smp_processor_id());
}

/* CNTVOFF_EL2 as last written on each pCPU. */
static uint64_t cntvoff_loaded[NR_CPUS];
static bool cntvoff_valid[NR_CPUS];

void vtimer_restore(struct vcpu *v)
{
	struct vtimer *t = &v->arch.vtimer;
	unsigned int cpu = smp_processor_id();

	timer_stop(&t->wake);
	/* Unchanged when the pCPU goes back to the same domain (the common case). */
	if (!cntvoff_valid[cpu] || cntvoff_loaded[cpu] != v->domain->arch.cntvoff) {
		WRITE_SYSREG(cntvoff_el2, v->domain->arch.cntvoff);
		cntvoff_loaded[cpu] = v->domain->arch.cntvoff;
		cntvoff_valid[cpu] = true;
	}
	WRITE_SYSREG(cntv_cval_el0, t->cval);
	WRITE_SYSREG(cntv_ctl_el0, t->ctl);
}

bool vtimer_expired(const struct vcpu *v)
{
	uint64_t ctl = READ_SYSREG(cntv_ctl_el0);

	return ctl_fires(ctl) && (ctl & CNTx_CTL_ISTATUS);
}

void vtimer_init(void)
{
	if (irq_request(VTIMER_PPI, vtimer_irq, NULL))
		panic("vtimer: PPI %u already taken", VTIMER_PPI);
}

void vtimer_cpu_init(void)
{
	irq_set_type(VTIMER_PPI, false);
	irq_enable(VTIMER_PPI);
}

/*
 * Guests use the virtual timer; the EL1 physical timer traps (CNTHCTL_EL2
 * EL1PCEN = 0) and reads as zero, writes are ignored. CNTP_CTL_EL0 is
 * op0=3 op1=3 CRn=14 CRm=2 op2=1; TVAL op2=0, CVAL op2=2.
 */
bool vtimer_emulate_ptimer(uint32_t iss, register_t *val)
{
	unsigned int op0 = (iss >> 20) & 3, op2 = (iss >> 17) & 7, op1 = (iss >> 14) & 7;
	unsigned int crn = (iss >> 10) & 0xf, crm = (iss >> 1) & 0xf;
	bool read = iss & 1;

	if (op0 != 3 || op1 != 3 || crn != 14 || crm != 2 || op2 > 2)
		return false;
	if (read)
		*val = 0;
	return true;
}
