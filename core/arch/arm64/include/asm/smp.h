/* SPDX-License-Identifier: GPL-2.0-only */
/* Bring-up of the physical CPUs (arch/arm64/smp.c, percpu.c). */
#ifndef ASM_SMP_H
#define ASM_SMP_H

#include <basalt/types.h>

#define MPIDR_AFF_MASK 0xff00ffffffUL

void percpu_setup(unsigned int id, uint64_t mpidr);
void percpu_mark_online(void);

/* Boot CPU: read /cpus, number the CPUs (boot CPU = 0). Returns how many. */
unsigned int smp_enumerate_cpus(const void *fdt);
/* Boot CPU: start every other CPU through PSCI and wait for each. */
void smp_boot_secondaries(void);
/* Boot CPU, once the scheduler is ready: let the secondaries call sched_start_cpu. */
void smp_release_secondaries(void);
/* Entered by each secondary from head.S with its MMU on. */
void __noreturn start_secondary(unsigned int id);
/* SGI handlers. */
void smp_init_sgis(void);

#endif
