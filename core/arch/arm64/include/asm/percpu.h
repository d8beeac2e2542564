/* SPDX-License-Identifier: GPL-2.0-only */
/* this_cpu() and smp_processor_id() for <basalt/percpu.h>: TPIDR_EL2 points at pcpus[n]. */
#ifndef ASM_PERCPU_H
#define ASM_PERCPU_H

#include <asm/sysregs.h>

static inline struct pcpu *this_cpu(void)
{
	return (struct pcpu *)(uintptr_t)READ_SYSREG(tpidr_el2);
}

static inline unsigned int smp_processor_id(void)
{
	return this_cpu()->id;
}

#endif
