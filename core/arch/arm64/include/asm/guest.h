/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * arm64 internals of running guests, shared by the world switch (domain.c),
 * traps.c, vtimer.c, vpsci.c and the save/restore files. Not for generic code.
 */
#ifndef ASM_GUEST_H
#define ASM_GUEST_H

#include <basalt/types.h>
#include <asm/domain.h>
#include <asm/regs.h>
#include <basalt/percpu.h>

struct vcpu;

/* HCR_EL2 while a guest runs (besides the platform's VM/IMO/FMO/AMO/RW). */
#define HCR_TWI	   BIT(13) /* trap WFI */
#define HCR_TWE	   BIT(14) /* trap WFE */
#define HCR_TSC	   BIT(19) /* trap SMC */
#define HCR_TIDCP  BIT(20) /* trap implementation-defined sysregs */
#define HCR_TACR   BIT(21) /* trap ACTLR_EL1 */
#define HCR_TSW	   BIT(22) /* trap data cache maintenance by set/way */
#define HCR_FB	   BIT(9)  /* broadcast TLB/cache maintenance */
#define HCR_BSU_IS (1UL << 10)
#define HCR_GUEST                                                                                  \
	(HCR_VM | HCR_SWIO | HCR_FMO | HCR_IMO | HCR_AMO | HCR_RW | HCR_TWI | HCR_TWE | HCR_TSC |  \
	 HCR_TIDCP | HCR_TACR | HCR_TSW | HCR_FB | HCR_BSU_IS)

/* CNTV_CTL_EL0 bits. */
#define CNTx_CTL_ENABLE	 BIT(0)
#define CNTx_CTL_IMASK	 BIT(1)
#define CNTx_CTL_ISTATUS BIT(2)

/* sysreg-id.c: the CPU features guests see (HCR_EL2.TID3 emulation). */
void vcpu_features_init(void); /* once, boot CPU, before any vCPU */
/* HCR_EL2 bits the features need (TID3, and API/APK with pointer authentication). */
uint64_t vcpu_features_hcr(void);
bool cpu_has_pauth(void);
/* A guest's ID register CRm 1..7 / op2 as it sees it. */
uint64_t vcpu_id_reg(unsigned int crm, unsigned int op2);
/* A trapped sysreg access (ESR ISS @iss): true and *val set if it is an ID register read. */
bool vcpu_emulate_id_reg(uint32_t iss, register_t *val);

/* sysreg-sr.c */
void sysregs_save(struct el1_sysregs *s);
void sysregs_restore(const struct el1_sysregs *s);
/* fpsimd-sr.S */
void fpsimd_save(struct fpsimd_state *fp);
void fpsimd_restore(const struct fpsimd_state *fp);

/* vtimer.c */
void vtimer_vcpu_init(struct vcpu *v);
void vtimer_vcpu_destroy(struct vcpu *v);
void vtimer_save(struct vcpu *v);
void vtimer_restore(struct vcpu *v);
bool vtimer_expired(const struct vcpu *v);
void vtimer_init(void);	    /* once, boot CPU */
void vtimer_cpu_init(void); /* every pCPU */
/* Emulate a trapped CNTP_* access (RAZ/WI); false if @iss is not one. */
bool vtimer_emulate_ptimer(uint32_t iss, register_t *val);

/* vpsci.c: handle an SMCCC call (HVC #0 or SMC) from the current vCPU. */
void vpsci_handle(struct cpu_user_regs *regs);

/*
 * The frame of the exit being handled on this pCPU (what the vectors will
 * restore), or NULL outside a guest exit. The live registers of the current
 * vCPU are there, not in v->arch.regs.
 */
static inline struct cpu_user_regs *guest_exit_frame(void)
{
	return this_cpu()->guest_frame;
}

static inline void guest_exit_frame_set(struct cpu_user_regs *regs)
{
	this_cpu()->guest_frame = regs;
}
/* The registers of @v: the live exit frame if it is current here, else its saved copy. */
struct cpu_user_regs *vcpu_regs(struct vcpu *v);

#endif
