// SPDX-License-Identifier: GPL-2.0-only
/*
 * The arm64 world switch and the arch hooks of domains and vCPUs: reset
 * state, save/restore of the whole guest context (GPRs, EL1 system
 * registers, FP/SIMD, virtual timer, vGIC, stage-2), first entry, idle.
 */
#include <basalt/domain.h>
#include <basalt/hypercall.h>
#include <basalt/lib.h>
#include <basalt/p2m.h>
#include <basalt/percpu.h>
#include <basalt/sched.h>
#include <basalt/time.h>
#include <basalt/vcpu.h>
#include <basalt/vgic.h>
#include <asm/guest.h>
#include <asm/irqflags.h>
#include <asm/sysregs.h>

/* fpsimd-sr.S hard-codes this layout. */
_Static_assert(offsetof(struct fpsimd_state, fpsr) == 0x200, "fpsimd_state layout");
_Static_assert(offsetof(struct fpsimd_state, fpcr) == 0x204, "fpsimd_state layout");

/* SCTLR_EL1 at reset: MMU and caches off, RES1 bits set. */
#define SCTLR_EL1_RESET	 0x30d00800UL
#define MPIDR_RES1	 BIT(31)
#define CNTHCTL_EL1PCTEN BIT(0)	  /* EL1 may read the physical counter */
#define CPTR_EL2_RES1	 0x33ffUL /* TFP (bit 10) clear: FP/SIMD not trapped */

struct cpu_user_regs *vcpu_regs(struct vcpu *v)
{
	struct cpu_user_regs *frame = guest_exit_frame();

	if (frame && v == current_vcpu())
		return frame;
	return &v->arch.regs;
}

int domain_arch_init(struct domain *d, const struct domain_create_params *p)
{
	/* The guest's virtual counter starts near zero at creation. */
	d->arch.cntvoff = counter_read();
	d->arch.gic_version = p->gic_version;
	return 0;
}

void domain_arch_destroy(struct domain *d)
{
}

int vcpu_arch_init(struct vcpu *v)
{
	vtimer_vcpu_init(v);
	vcpu_arch_reset(v, 0, 0);
	return 0;
}

void vcpu_arch_destroy(struct vcpu *v)
{
	vtimer_vcpu_destroy(v);
}

void vcpu_arch_reset(struct vcpu *v, register_t entry, register_t context_id)
{
	struct arch_vcpu *a = &v->arch;

	ASSERT(!v->is_running);
	timer_stop(&a->vtimer.wake);
	memset(&a->regs, 0, sizeof(a->regs));
	memset(&a->sys, 0, sizeof(a->sys));
	memset(&a->fp, 0, sizeof(a->fp));
	a->regs.pc = entry;
	a->regs.x[0] = context_id;
	a->regs.cpsr = PSR_MODE_EL1h | PSR_DAIF;
	a->sys.sctlr = SCTLR_EL1_RESET;
	a->sys.vmpidr = MPIDR_RES1 | vgic_vcpu_mpidr(v->id);
	a->sys.vpidr = READ_SYSREG(midr_el1);
	a->vtimer.ctl = 0;
	a->vtimer.cval = 0;
	a->hcr = HCR_GUEST | vcpu_features_hcr();
}

void vcpu_arch_save(struct vcpu *v)
{
	struct cpu_user_regs *frame = guest_exit_frame();

	if (frame)
		v->arch.regs = *frame;
	vgic_vcpu_put(v);
	vtimer_save(v);
	sysregs_save(&v->arch.sys);
	fpsimd_save(&v->arch.fp);
}

void vcpu_arch_restore(struct vcpu *v)
{
	struct cpu_user_regs *frame = guest_exit_frame();

	WRITE_SYSREG(vttbr_el2, p2m_vttbr(&v->domain->p2m));
	WRITE_SYSREG(hcr_el2, v->arch.hcr);
	sysregs_restore(&v->arch.sys);
	fpsimd_restore(&v->arch.fp);
	vtimer_restore(v);
	isb();
	vgic_vcpu_load(v);
	if (frame)
		*frame = v->arch.regs;
}

void __noreturn vcpu_arch_enter(struct vcpu *v)
{
	guest_exit_frame_set(NULL);
	xen_vcpu_enter(v);
	vgic_flush_lrs(&v->vgic);
	enter_guest(&v->arch.regs);
}

void vcpu_arch_dump(const struct vcpu *v)
{
	const uint64_t *e = v->arch.exits;

	printk(
	    "        exits: irq %llu wfi %llu wfe %llu hvc %llu smc %llu sysreg %llu mmio %llu other %llu; WFI/WFE %s\n",
	    (unsigned long long)e[EXIT_IRQ], (unsigned long long)e[EXIT_WFI],
	    (unsigned long long)e[EXIT_WFE], (unsigned long long)e[EXIT_HVC],
	    (unsigned long long)e[EXIT_SMC], (unsigned long long)e[EXIT_SYSREG],
	    (unsigned long long)e[EXIT_MMIO], (unsigned long long)e[EXIT_OTHER],
	    (v->arch.hcr & HCR_TWI) ? "trapped" : "native (alone on its pCPU)");
}

register_t vcpu_arch_pc(const struct vcpu *v)
{
	return v->arch.regs.pc;
}

void vcpu_arch_set_wfx_trap(struct vcpu *v, bool trap)
{
	uint64_t hcr = trap ? v->arch.hcr | HCR_TWI | HCR_TWE : v->arch.hcr & ~(HCR_TWI | HCR_TWE);

	if (hcr == v->arch.hcr)
		return;
	v->arch.hcr = hcr;
	WRITE_SYSREG(hcr_el2, hcr);
	isb();
}

bool vcpu_arch_wake_pending(struct vcpu *v)
{
	return vgic_vcpu_pending_irq(v) || (v == current_vcpu() && vtimer_expired(v));
}

void sched_arch_init(void)
{
	vcpu_features_init();
	vtimer_init();
}

void sched_arch_cpu_init(void)
{
	p2m_cpu_init();
	WRITE_SYSREG(cnthctl_el2, CNTHCTL_EL1PCTEN);
	WRITE_SYSREG(cptr_el2, CPTR_EL2_RES1);
	/*
	 * Debug and PMU registers are not trapped (Linux resets breakpoints and
	 * the OS lock at boot); all counters stay the guest's (HPMN = PMCR.N).
	 */
	WRITE_SYSREG(mdcr_el2, (READ_SYSREG(pmcr_el0) >> 11) & 0x1f);
	isb();
	vtimer_cpu_init();
}

void sched_arch_idle_wait(void)
{
	/*
	 * WFI with interrupts masked still wakes on a pending one, which is then
	 * taken once unmasked: no wake-up can slip in between check and sleep.
	 */
	__asm__ volatile("dsb sy\n\twfi" ::: "memory");
	local_irq_enable();
	isb();
	local_irq_disable();
}
