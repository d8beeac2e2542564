/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The register frame saved by the exception vectors (vectors.S) when a lower
 * EL (a guest) or EL2 itself takes an exception. Offsets used by assembly
 * come from asm-offsets.c; never hard-code them.
 */
#ifndef ASM_REGS_H
#define ASM_REGS_H

#include <basalt/types.h>

struct cpu_user_regs {
	register_t x[31];  /* x0..x30 (x29 = frame pointer, x30 = link register) */
	register_t sp_el0; /* guest EL0 stack pointer (or the EL2 SP for a hyp frame) */
	register_t pc;	   /* ELR_EL2: where the exception was taken */
	register_t cpsr;   /* SPSR_EL2: PSTATE at the exception */
	uint64_t esr;	   /* ESR_EL2 captured at the exception */
	uint64_t far;	   /* FAR_EL2 */
	uint64_t hpfar;	   /* HPFAR_EL2 (IPA of a stage-2 fault, bits [47:12] >> 8) */
	uint64_t pad;	   /* keeps the frame a multiple of 16 bytes */
};

/* PSTATE/SPSR fields. */
#define PSR_MODE_MASK 0xfUL
#define PSR_MODE_EL0t 0x0UL
#define PSR_MODE_EL1t 0x4UL
#define PSR_MODE_EL1h 0x5UL
#define PSR_MODE_EL2t 0x8UL
#define PSR_MODE_EL2h 0x9UL
#define PSR_MODE_32   BIT(4) /* AArch32 */
#define PSR_F	      BIT(6)
#define PSR_I	      BIT(7)
#define PSR_A	      BIT(8)
#define PSR_D	      BIT(9)
#define PSR_DAIF      (PSR_D | PSR_A | PSR_I | PSR_F)

/* Whether @regs were saved from a guest (EL0/EL1) rather than from EL2. */
static inline bool regs_from_guest(const struct cpu_user_regs *regs)
{
	unsigned long mode = regs->cpsr & PSR_MODE_MASK;

	return (regs->cpsr & PSR_MODE_32) || mode < PSR_MODE_EL2t;
}

/*
 * The guest-entry ABI of vectors.S. Lower-EL exceptions (AArch64 or AArch32)
 * push a frame on this pCPU's EL2 stack and call these (VM implements them;
 * PLAT's weak defaults panic). On return the frame, possibly modified, is
 * restored and the vectors ERET to it.
 */
void do_trap_guest_sync(struct cpu_user_regs *regs);
void do_trap_guest_irq(struct cpu_user_regs *regs); /* calls irq_handle() */
/* SError from a guest: weak default logs (rate-limited) and returns. */
void do_trap_guest_serror(struct cpu_user_regs *regs);

/*
 * First entry into a guest: reset SP_EL2 to this pCPU's empty stack, load
 * @frame (which may live anywhere, e.g. in struct vcpu) and ERET to it.
 * DAIF must be masked by the caller's context; the ERET restores frame->cpsr.
 */
void __noreturn enter_guest(const struct cpu_user_regs *frame);

/* Print a frame (panic, debug key 'd'). */
void show_regs(const struct cpu_user_regs *regs);

#endif
