// SPDX-License-Identifier: GPL-2.0-only
/*
 * Guest exits: decode ESR_EL2 and emulate (WFI/WFE, HVC/SMC, system
 * registers, data aborts on emulated MMIO), or hand the guest the fault it
 * caused. Nothing a guest does here may crash the hypervisor or log above a
 * rate-limited NOTICE.
 */
#include <basalt/domain.h>
#include <basalt/errno.h>
#include <basalt/hypercall.h>
#include <basalt/irq.h>
#include <basalt/lib.h>
#include <basalt/mmio.h>
#include <basalt/p2m.h>
#include <basalt/sched.h>
#include <basalt/sched_exit.h>
#include <basalt/vcpu.h>
#include <basalt/vgic.h>
#include <asm/guest.h>
#include <asm/sysregs.h>

#define XEN_HYPERCALL_TAG 0xEA1

/* Data abort ISS fields (ESR_ELx for EC 0x24). */
#define DABT_ISV      BIT(24)
#define DABT_SAS(iss) (((iss) >> 22) & 3)
#define DABT_SSE      BIT(21)
#define DABT_SRT(iss) (((iss) >> 16) & 0x1f)
#define DABT_SF	      BIT(15)
#define DABT_S1PTW    BIT(7)
#define DABT_WNR      BIT(6)
#define FSC_TYPE(iss) ((iss)&0x3c) /* fault status without the level */
#define FSC_TRANS     0x04
#define FSC_ACCESS    0x08
#define FSC_PERM      0x0c

/* Sysreg trap ISS: Op0, Op2, Op1, CRn, Rt, CRm, direction (1 = read). */
#define SYS_RT(iss)   (((iss) >> 5) & 0x1f)
#define SYS_READ(iss) ((iss)&1)
#define SYS_ENC_MASK  0x3ffc1e /* everything but Rt and direction */
#define SYS_ENC(op0, op1, crn, crm, op2)                                                           \
	(((op0) << 20) | ((op2) << 17) | ((op1) << 14) | ((crn) << 10) | ((crm) << 1))
#define SYS_ACTLR_EL1 SYS_ENC(3, 0, 1, 0, 1)
#define SYS_ICC_CRN   12
#define SYS_CRN(iss)  (((iss) >> 10) & 0xf)
#define SYS_OP0(iss)  (((iss) >> 20) & 3)

static ipa_t fault_ipa(const struct cpu_user_regs *regs)
{
	return ((regs->hpfar & 0xfffffffff0UL) << 8) | (regs->far & 0xfff);
}

static void advance_pc(struct cpu_user_regs *regs)
{
	regs->pc += (regs->esr & ESR_IL) ? 4 : 2;
}

/* Register Rt of the trapped instruction; x31 is XZR here. */
static register_t get_rt(const struct cpu_user_regs *regs, unsigned int rt)
{
	return rt == 31 ? 0 : regs->x[rt];
}

static void set_rt(struct cpu_user_regs *regs, unsigned int rt, register_t val)
{
	if (rt != 31)
		regs->x[rt] = val;
}

static void handle_wfx(struct cpu_user_regs *regs)
{
	bool wfe = regs->esr & 1;

	advance_pc(regs);
	if (wfe)
		vcpu_yield();
	else
		vcpu_block();
}

static void handle_hvc(struct cpu_user_regs *regs)
{
	struct vcpu *v = current_vcpu();
	uint32_t imm = regs->esr & 0xffff;

	/* ELR already points past the HVC. */
	if (imm == 0) {
		vpsci_handle(regs);
	} else if (imm == XEN_HYPERCALL_TAG) {
		/* Xen hypercall: number in x16, arguments x0-x4, result in x0. */
		bool restart;

		regs->x[0] = (register_t)hypercall_dispatch(regs->x[16], regs->x, &restart);
		if (restart)
			regs->pc -= 4; /* a long batch: the guest re-issues the HVC for the rest */
	} else {
		printk_guest_ratelimited("d%uv%u: HVC #%#x: undefined\n", v->domain->id, v->id,
					 imm);
		vcpu_inject_undef(v);
	}
}

static void handle_smc(struct cpu_user_regs *regs)
{
	/* A trapped SMC's ELR is the SMC itself: resume after it. */
	advance_pc(regs);
	vpsci_handle(regs);
}

static void handle_sysreg(struct cpu_user_regs *regs)
{
	struct vcpu *v = current_vcpu();
	uint32_t iss = ESR_ISS(regs->esr);
	unsigned int rt = SYS_RT(iss);
	register_t val = SYS_READ(iss) ? 0 : get_rt(regs, rt);

	if ((iss & SYS_ENC_MASK) == SYS_ACTLR_EL1) {
		/* ACTLR_EL1 is implementation defined: reads as zero, writes ignored. */
		val = 0;
	} else if (SYS_OP0(iss) == 3 && SYS_CRN(iss) == SYS_ICC_CRN) {
		if (vgic_emulate_sysreg(v, iss, &val) < 0)
			goto undef;
	} else if (SYS_OP0(iss) == 1 && SYS_CRN(iss) == 7) {
		/* DC ISW/CSW/CISW (HCR_EL2.TSW): no set/way state to maintain for a guest. */
	} else if (vcpu_emulate_id_reg(iss, &val)) {
		/* HCR_EL2.TID3: the features this guest gets (sysreg-id.c). */
	} else if (!vtimer_emulate_ptimer(iss, &val)) {
		goto undef;
	}
	if (SYS_READ(iss))
		set_rt(regs, rt, val);
	advance_pc(regs);
	return;
undef:
	printk_guest_ratelimited(
	    "d%uv%u: %s of system register op0=%u op1=%u CRn=%u CRm=%u op2=%u at %#llx: undefined\n",
	    v->domain->id, v->id, SYS_READ(iss) ? "read" : "write", SYS_OP0(iss), (iss >> 14) & 7,
	    SYS_CRN(iss), (iss >> 1) & 0xf, (iss >> 17) & 7, (unsigned long long)regs->pc);
	vcpu_inject_undef(v);
}

static uint64_t sign_extend(uint64_t val, unsigned int bytes)
{
	unsigned int shift = 64 - bytes * 8;

	return shift ? (uint64_t)((int64_t)(val << shift) >> shift) : val;
}

/* An access to @ipa the stage-2 could not satisfy: emulate it, or fault the guest. */
static void handle_mmio_abort(struct cpu_user_regs *regs, uint32_t iss, ipa_t ipa)
{
	struct vcpu *v = current_vcpu();
	unsigned int size = 1U << DABT_SAS(iss), rt = DABT_SRT(iss);
	bool write = iss & DABT_WNR;
	uint64_t val = 0;
	int rc = -ENOENT;

	if (!(iss & DABT_ISV)) {
		/* Load/store pair, writeback, ...: no syndrome to emulate from. */
		if (mmio_find(v->domain, ipa, 1))
			rc = -EINVAL;
		goto fault;
	}
	if (write)
		val = get_rt(regs, rt);
	rc = mmio_dispatch(v, ipa, write, size, &val);
	if (rc)
		goto fault;
	if (!write) {
		if (iss & DABT_SSE)
			val = sign_extend(val, size);
		if (!(iss & DABT_SF))
			val = (uint32_t)val;
		set_rt(regs, rt, val);
	}
	advance_pc(regs);
	return;
fault:
	printk_guest_ratelimited(
	    "d%uv%u: %s %s IPA %#llx (VA %#llx) at pc %#llx: %s, injecting data abort\n",
	    v->domain->id, v->id, write ? "write to" : "read from",
	    rc == -ENOENT ? "unmapped" : "emulated", (unsigned long long)ipa,
	    (unsigned long long)regs->far, (unsigned long long)regs->pc,
	    rc == -ENOENT ? "neither RAM nor a device" : "cannot emulate");
	vcpu_inject_dabt(v, regs->far);
}

static void handle_dabt(struct cpu_user_regs *regs)
{
	uint32_t iss = ESR_ISS(regs->esr);
	struct vcpu *v = current_vcpu();
	ipa_t ipa = fault_ipa(regs);
	unsigned int fsc = FSC_TYPE(iss);

	/* Raced with a break-before-make on another pCPU (MEM): just retry. */
	if ((fsc == FSC_TRANS || fsc == FSC_ACCESS || fsc == FSC_PERM) &&
	    p2m_fault_resolved(&v->domain->p2m, ipa, (iss & DABT_WNR) && !(iss & DABT_S1PTW),
			       false))
		return;
	switch (fsc) {
	case FSC_TRANS:
	case FSC_ACCESS:
		if (iss & DABT_S1PTW) {
			/* The guest's own page tables point outside its RAM. */
			printk_guest_ratelimited(
			    "d%uv%u: stage-1 walk hit IPA %#llx: injecting data abort\n",
			    v->domain->id, v->id, (unsigned long long)ipa);
			vcpu_inject_dabt(v, regs->far);
			return;
		}
		handle_mmio_abort(regs, iss, ipa);
		return;
	default:
		printk_guest_ratelimited(
		    "d%uv%u: data abort FSC %#x at IPA %#llx pc %#llx: injecting\n", v->domain->id,
		    v->id, iss & 0x3f, (unsigned long long)ipa, (unsigned long long)regs->pc);
		vcpu_inject_dabt(v, regs->far);
	}
}

static void handle_iabt(struct cpu_user_regs *regs)
{
	struct vcpu *v = current_vcpu();
	unsigned int fsc = FSC_TYPE(ESR_ISS(regs->esr));

	/* Raced with a break-before-make on another pCPU (MEM): just retry. */
	if ((fsc == FSC_TRANS || fsc == FSC_ACCESS || fsc == FSC_PERM) &&
	    p2m_fault_resolved(&v->domain->p2m, fault_ipa(regs), false, true))
		return;
	printk_guest_ratelimited(
	    "d%uv%u: instruction fetch from IPA %#llx (pc %#llx): injecting prefetch abort\n",
	    v->domain->id, v->id, (unsigned long long)fault_ipa(regs),
	    (unsigned long long)regs->pc);
	vcpu_inject_iabt(v, regs->far);
}

/* Common tail of every exit: maybe switch vCPU, then load the vGIC for ERET. */
static inline __attribute__((always_inline)) void leave_to_guest(void)
{
	struct vcpu *v;

	sched_maybe_switch();
	v = current_vcpu();
	xen_vcpu_enter(v); /* event PPI level and runstate area, with v's EL1 state loaded */
	vgic_flush_lrs(&v->vgic);
	guest_exit_frame_set(NULL);
}

static inline __attribute__((always_inline)) void enter_from_guest(struct cpu_user_regs *regs)
{
	struct vcpu *v = current_vcpu();

	guest_exit_frame_set(regs);
	v->nr_exits++;
	vgic_sync_lrs(&v->vgic);
}

static enum exit_class exit_class_of(uint64_t esr)
{
	switch (ESR_EC(esr)) {
	case ESR_EC_WFX:
		return (esr & 1) ? EXIT_WFE : EXIT_WFI;
	case ESR_EC_HVC64:
		return EXIT_HVC;
	case ESR_EC_SMC64:
		return EXIT_SMC;
	case ESR_EC_SYS64:
		return EXIT_SYSREG;
	case ESR_EC_DABT_LOW:
		return EXIT_MMIO;
	default:
		return EXIT_OTHER;
	}
}

void do_trap_guest_sync(struct cpu_user_regs *regs)
{
	struct vcpu *v = current_vcpu();

	enter_from_guest(regs);
	v->arch.exits[exit_class_of(regs->esr)]++;
	switch (ESR_EC(regs->esr)) {
	case ESR_EC_WFX:
		handle_wfx(regs);
		break;
	case ESR_EC_HVC64:
		handle_hvc(regs);
		break;
	case ESR_EC_SMC64:
		handle_smc(regs);
		break;
	case ESR_EC_SYS64:
		handle_sysreg(regs);
		break;
	case ESR_EC_DABT_LOW:
		handle_dabt(regs);
		break;
	case ESR_EC_IABT_LOW:
		handle_iabt(regs);
		break;
	default:
		printk_guest_ratelimited(
		    "d%uv%u: unhandled exit EC %#llx ESR %#llx at pc %#llx: injecting undef\n",
		    v->domain->id, v->id, (unsigned long long)ESR_EC(regs->esr),
		    (unsigned long long)regs->esr, (unsigned long long)regs->pc);
		vcpu_inject_undef(v);
		break;
	}
	leave_to_guest();
}

void do_trap_guest_irq(struct cpu_user_regs *regs)
{
	enter_from_guest(regs);
	current_vcpu()->arch.exits[EXIT_IRQ]++;
	irq_handle();
	leave_to_guest();
}
