/* SPDX-License-Identifier: GPL-2.0-only */
/* Host unit tests: this_cpu() and smp_processor_id() are defined by the test or shim. */
#ifndef ASM_PERCPU_H
#define ASM_PERCPU_H

struct pcpu *this_cpu(void);
unsigned int smp_processor_id(void);

#endif
