/* SPDX-License-Identifier: GPL-2.0-only */
/* Host fake arch: the arch parts of vCPUs and domains, reduced to what generic code may touch. */
#ifndef ASM_DOMAIN_H
#define ASM_DOMAIN_H

#include <basalt/types.h>

struct arch_vcpu {
	register_t pc;
};

struct arch_domain {
	uint64_t cntvoff;
	unsigned int gic_version;
};

#endif
