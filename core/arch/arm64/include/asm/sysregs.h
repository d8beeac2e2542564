/* SPDX-License-Identifier: GPL-2.0-only */
/* System register access and the EL2 register fields the platform uses. */
#ifndef ASM_SYSREGS_H
#define ASM_SYSREGS_H

#include <basalt/types.h>

#define __stringify_1(x) #x
#define __stringify(x)	 __stringify_1(x)

#define READ_SYSREG(name)                                                                          \
	({                                                                                         \
		uint64_t _v;                                                                       \
		__asm__ volatile("mrs %0, " __stringify(name) : "=r"(_v));                         \
		_v;                                                                                \
	})
#define WRITE_SYSREG(name, v)                                                                      \
	do {                                                                                       \
		uint64_t _w = (v);                                                                 \
		__asm__ volatile("msr " __stringify(name) ", %0" : : "r"(_w) : "memory");          \
	} while (0)

static inline void isb(void)
{
	__asm__ volatile("isb" ::: "memory");
}

#define dsb(opt) __asm__ volatile("dsb " #opt ::: "memory")
#define dmb(opt) __asm__ volatile("dmb " #opt ::: "memory")

/* HCR_EL2 bits the platform sets at boot (VM adds its own per vCPU). */
#define HCR_VM	 BIT(0)
#define HCR_SWIO BIT(1)
#define HCR_FMO	 BIT(3)
#define HCR_IMO	 BIT(4)
#define HCR_AMO	 BIT(5)
#define HCR_RW	 BIT(31)
/*
 * IMO/FMO/AMO must stay set at all times: with them clear, physical
 * interrupts target EL1 and are never taken while EL2 runs.
 */
#define HCR_HOST_BOOT (HCR_RW | HCR_IMO | HCR_FMO | HCR_AMO)

/* ESR_EL2 exception classes (ESR_ELx.EC). */
#define ESR_EC_SHIFT	   26
#define ESR_EC(esr)	   (((esr) >> ESR_EC_SHIFT) & 0x3f)
#define ESR_IL		   BIT(25)
#define ESR_ISS(esr)	   ((esr)&0x1ffffff)
#define ESR_EC_UNKNOWN	   0x00
#define ESR_EC_WFX	   0x01
#define ESR_EC_CP15_32	   0x03
#define ESR_EC_CP15_64	   0x04
#define ESR_EC_CP14_MR	   0x05
#define ESR_EC_CP14_LS	   0x06
#define ESR_EC_FP_ASIMD	   0x07
#define ESR_EC_CP10_ID	   0x08
#define ESR_EC_CP14_64	   0x0c
#define ESR_EC_ILL	   0x0e
#define ESR_EC_SVC32	   0x11
#define ESR_EC_HVC32	   0x12
#define ESR_EC_SMC32	   0x13
#define ESR_EC_SVC64	   0x15
#define ESR_EC_HVC64	   0x16
#define ESR_EC_SMC64	   0x17
#define ESR_EC_SYS64	   0x18
#define ESR_EC_SVE	   0x19
#define ESR_EC_IABT_LOW	   0x20
#define ESR_EC_IABT_CUR	   0x21
#define ESR_EC_PC_ALIGN	   0x22
#define ESR_EC_DABT_LOW	   0x24
#define ESR_EC_DABT_CUR	   0x25
#define ESR_EC_SP_ALIGN	   0x26
#define ESR_EC_FP_EXC64	   0x2c
#define ESR_EC_SERROR	   0x2f
#define ESR_EC_BREAKPT_LOW 0x30
#define ESR_EC_BREAKPT_CUR 0x31
#define ESR_EC_SOFTSTP_LOW 0x32
#define ESR_EC_SOFTSTP_CUR 0x33
#define ESR_EC_WATCHPT_LOW 0x34
#define ESR_EC_WATCHPT_CUR 0x35
#define ESR_EC_BRK64	   0x3c

/* A short name for an exception class ("DABT_CUR", ...), never NULL. */
const char *esr_class_name(uint64_t esr);

#endif
