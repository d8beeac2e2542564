/* SPDX-License-Identifier: GPL-2.0-only */
/* arm64 part of a vCPU and a domain: registers, EL1 state, FP/SIMD, timer. */
#ifndef ASM_DOMAIN_H
#define ASM_DOMAIN_H

#include <basalt/types.h>
#include <basalt/time.h>
#include <asm/regs.h>

/* EL1 system registers switched on every world switch (sysreg-sr.c). */
struct el1_sysregs {
	uint64_t sctlr, actlr, cpacr;
	uint64_t ttbr0, ttbr1, tcr, mair, amair;
	uint64_t vbar, contextidr, tpidr_el0, tpidrro_el0, tpidr_el1;
	uint64_t sp_el0, sp_el1, elr_el1, spsr_el1;
	uint64_t esr, far, afsr0, afsr1, par;
	uint64_t cntkctl, csselr, mdscr;
	uint64_t vmpidr, vpidr;
	/* Pointer authentication keys (APIA, APIB, APDA, APDB, APGA; lo, hi). */
	uint64_t apkeys[10];
};

/* FP/SIMD state (fpsimd-sr.S: q0-q31 then fpsr, fpcr). */
struct fpsimd_state {
	__uint128_t q[32];
	uint32_t fpsr, fpcr;
} __aligned(16);

/* Virtual timer (vtimer.c). */
struct vtimer {
	uint64_t ctl;	   /* CNTV_CTL_EL0 */
	uint64_t cval;	   /* CNTV_CVAL_EL0 */
	struct timer wake; /* fires at the deadline while the vCPU is not running */
};

/* Exit classes counted for debug key 'q'. */
enum exit_class {
	EXIT_IRQ,
	EXIT_WFI,
	EXIT_WFE,
	EXIT_HVC,
	EXIT_SMC,
	EXIT_SYSREG,
	EXIT_MMIO,
	EXIT_OTHER,
	NR_EXIT_CLASSES
};

struct arch_vcpu {
	struct cpu_user_regs regs; /* GPRs, PC, PSTATE while not on a pCPU */
	struct el1_sysregs sys;
	struct fpsimd_state fp;
	struct vtimer vtimer;
	uint64_t hcr;
	uint64_t exits[NR_EXIT_CLASSES];
};

struct arch_domain {
	uint64_t cntvoff; /* CNTVOFF_EL2: guest virtual time starts at 0 */
	unsigned int gic_version;
};

#endif
