// SPDX-License-Identifier: GPL-2.0-only
/*
 * PSCI 1.1 and the SMCCC discovery calls for guests, over HVC #0 and SMC
 * (function id in x0, arguments in x1-x3, result in x0; SMCCC 1.1 leaves
 * x1-x17 alone). Unknown ids answer NOT_SUPPORTED, as SMCCC requires.
 */
#include <basalt/domain.h>
#include <basalt/lib.h>
#include <basalt/vcpu.h>
#include <basalt/vgic.h>
#include <asm/guest.h>
#include <xen/sched.h>

#define SMCCC_VERSION	       0x80000000U
#define SMCCC_ARCH_FEATURES    0x80000001U
#define SMCCC_VERSION_1_1      0x10001
#define PSCI_VERSION	       0x84000000U
#define PSCI_CPU_SUSPEND       0x84000001U
#define PSCI_CPU_OFF	       0x84000002U
#define PSCI_CPU_ON	       0x84000003U
#define PSCI_AFFINITY_INFO     0x84000004U
#define PSCI_MIGRATE	       0x84000005U
#define PSCI_MIGRATE_INFO_TYPE 0x84000006U
#define PSCI_SYSTEM_OFF	       0x84000008U
#define PSCI_SYSTEM_RESET      0x84000009U
#define PSCI_FEATURES	       0x8400000AU
#define PSCI_64BIT	       0x40000000U /* SMC64 variant of an id */
#define PSCI_VERSION_1_1       0x10001

#define PSCI_SUCCESS		0
#define PSCI_NOT_SUPPORTED	(-1)
#define PSCI_INVALID_PARAMETERS (-2)
#define PSCI_ALREADY_ON		(-4)
#define PSCI_AFF_ON		0
#define PSCI_AFF_OFF		1
#define PSCI_TOS_NOT_PRESENT_MP 2

/* The vCPU of @d whose MPIDR affinity is @mpidr, or NULL. */
static struct vcpu *vcpu_by_mpidr(struct domain *d, register_t mpidr)
{
	unsigned int i;

	for (i = 0; i < d->max_vcpus; i++)
		if (vgic_vcpu_mpidr(i) == (mpidr & 0xff00ffffffUL))
			return d->vcpus[i];
	return NULL;
}

static long psci_cpu_on(struct domain *d, register_t target, register_t entry, register_t ctx)
{
	struct vcpu *t = vcpu_by_mpidr(d, target);

	if (!t)
		return PSCI_INVALID_PARAMETERS;
	/* Still running (e.g. just turning itself off): its state is not ours to reset. */
	if (!vcpu_is_down(t) || t->is_running)
		return PSCI_ALREADY_ON;
	vcpu_power_on(t, entry, ctx);
	return PSCI_SUCCESS;
}

static long psci_affinity_info(struct domain *d, register_t target, register_t level)
{
	struct vcpu *t;

	if (level != 0)
		return PSCI_INVALID_PARAMETERS;
	t = vcpu_by_mpidr(d, target);
	if (!t)
		return PSCI_INVALID_PARAMETERS;
	return vcpu_is_down(t) ? PSCI_AFF_OFF : PSCI_AFF_ON;
}

static bool psci_implemented(uint32_t fn)
{
	switch (fn & ~PSCI_64BIT) {
	case PSCI_VERSION:
	case PSCI_CPU_SUSPEND:
	case PSCI_CPU_OFF:
	case PSCI_CPU_ON:
	case PSCI_AFFINITY_INFO:
	case PSCI_MIGRATE_INFO_TYPE:
	case PSCI_SYSTEM_OFF:
	case PSCI_SYSTEM_RESET:
	case PSCI_FEATURES:
	case SMCCC_VERSION & ~PSCI_64BIT:
		return true;
	default:
		return false;
	}
}

static long smccc_call(struct vcpu *v, uint32_t fn, register_t a1, register_t a2, register_t a3)
{
	struct domain *d = v->domain;

	switch (fn) {
	case SMCCC_VERSION:
		return SMCCC_VERSION_1_1;
	case SMCCC_ARCH_FEATURES:
		/* No firmware workarounds (Spectre v2/v4/BHB) are offered: none needed under us. */
		return a1 == SMCCC_VERSION ? PSCI_SUCCESS : PSCI_NOT_SUPPORTED;
	case PSCI_VERSION:
		return PSCI_VERSION_1_1;
	case PSCI_FEATURES:
		/* CPU_SUSPEND: original parameter format, no OS-initiated mode (flags 0). */
		return psci_implemented((uint32_t)a1) ? PSCI_SUCCESS : PSCI_NOT_SUPPORTED;
	case PSCI_CPU_SUSPEND:
	case PSCI_CPU_SUSPEND | PSCI_64BIT:
		/* Treated as standby: wait like WFI, then return as if woken. */
		vcpu_block();
		return PSCI_SUCCESS;
	case PSCI_CPU_OFF:
		vcpu_power_off(v);
		return PSCI_SUCCESS; /* not seen: the vCPU does not return */
	case PSCI_CPU_ON:
	case PSCI_CPU_ON | PSCI_64BIT:
		if (!(fn & PSCI_64BIT)) {
			a1 = (uint32_t)a1;
			a2 = (uint32_t)a2;
			a3 = (uint32_t)a3;
		}
		return psci_cpu_on(d, a1, a2, a3);
	case PSCI_AFFINITY_INFO:
	case PSCI_AFFINITY_INFO | PSCI_64BIT:
		return psci_affinity_info(d, a1, a2);
	case PSCI_MIGRATE_INFO_TYPE:
		return PSCI_TOS_NOT_PRESENT_MP;
	case PSCI_SYSTEM_OFF:
		domain_shutdown(d, SHUTDOWN_poweroff);
		return PSCI_SUCCESS;
	case PSCI_SYSTEM_RESET:
		domain_shutdown(d, SHUTDOWN_reboot);
		return PSCI_SUCCESS;
	default:
		return PSCI_NOT_SUPPORTED;
	}
}

void vpsci_handle(struct cpu_user_regs *regs)
{
	struct vcpu *v = current_vcpu();
	uint32_t fn = (uint32_t)regs->x[0];

	regs->x[0] = (register_t)smccc_call(v, fn, regs->x[1], regs->x[2], regs->x[3]);
}
