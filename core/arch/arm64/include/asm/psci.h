/* SPDX-License-Identifier: GPL-2.0-only */
/* Calls to the host's PSCI firmware (the conduit, SMC or HVC, from the DT). */
#ifndef ASM_PSCI_H
#define ASM_PSCI_H

#include <basalt/types.h>

#define PSCI_0_2_FN_VERSION	 0x84000000U
#define PSCI_0_2_FN_CPU_OFF	 0x84000002U
#define PSCI_0_2_FN64_CPU_ON	 0xc4000003U
#define PSCI_0_2_FN_SYSTEM_OFF	 0x84000008U
#define PSCI_0_2_FN_SYSTEM_RESET 0x84000009U

#define PSCI_SUCCESS		0
#define PSCI_NOT_SUPPORTED	-1
#define PSCI_INVALID_PARAMETERS -2
#define PSCI_DENIED		-3
#define PSCI_ALREADY_ON		-4
#define PSCI_ON_PENDING		-5
#define PSCI_INTERNAL_FAILURE	-6

/* Read /psci (method, cpu_on id for PSCI 0.1). Returns 0 or -ENODEV. */
int psci_host_init(const void *fdt);
/* Start the CPU @mpidr at physical address @entry with x0 = @context. */
int psci_cpu_on(uint64_t mpidr, paddr_t entry, uint64_t context);
uint32_t psci_version(void);
void __noreturn psci_system_off(void);
void __noreturn psci_system_reset(void);

#endif
