/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The device tree a guest boots with, generated with libfdt from the guest
 * layout (guest_layout.h): /memory, /cpus (PSCI enable method), /psci (HVC),
 * the virtual GIC (v2 or v3), the armv8 timer, the emulated PL011 with its
 * clock, /chosen (bootargs, initrd, stdout-path) and optionally /hypervisor
 * for the Xen ABI. #address-cells/#size-cells are 2/2 at the root.
 */
#ifndef BASALT_GUEST_FDT_H
#define BASALT_GUEST_FDT_H

#include <basalt/types.h>

#define GUEST_FDT_MAX_MEM_BANKS	  8
#define GUEST_FDT_MAX_EXT_REGIONS 8

/* Phandles of the generated nodes */
#define GUEST_FDT_PHANDLE_GIC 0x8001
#define GUEST_FDT_PHANDLE_CLK 0x8002

struct guest_fdt_range {
	uint64_t base;
	uint64_t size;
};

struct guest_fdt_params {
	unsigned int nr_vcpus;	  /* 1..GUEST_VCPUS_MAX */
	unsigned int gic_version; /* 2 or 3 */
	unsigned int nr_mem;	  /* RAM banks, ascending, 1..GUEST_FDT_MAX_MEM_BANKS */
	struct guest_fdt_range mem[GUEST_FDT_MAX_MEM_BANKS];
	const char *bootargs;  /* NULL: no bootargs property */
	uint64_t initrd_start; /* guest physical */
	uint64_t initrd_size;  /* 0: no initrd */
	bool uart;	       /* emulated PL011 node; stdout-path points at it */
	bool xen;	       /* /hypervisor node (Xen ABI) */
	/* Xen: extended regions (unused IPA space for foreign maps), ascending */
	unsigned int nr_ext_regions;
	struct guest_fdt_range ext_regions[GUEST_FDT_MAX_EXT_REGIONS];
};

/*
 * Build the DT into @buf (@size bytes; 64 KiB is plenty) and pack it.
 * Returns 0, -EINVAL for bad parameters, -ENOSPC if @buf is too small.
 */
int guest_fdt_build(const struct guest_fdt_params *p, void *buf, size_t size);

/* The path of the UART node ("/pl011@22000000"), as stdout-path names it. */
#define GUEST_FDT_UART_PATH "/pl011@22000000"

#endif
