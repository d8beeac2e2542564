/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The guest physical address map every domain sees: the values of Xen's ARM
 * guest layout (public/arch-arm.h), so a stock Linux built for Xen guests
 * finds everything where it expects. The names differ from Xen's so this
 * header can sit next to <xen/arch-arm.h> compiled with __XEN__.
 */
#ifndef BASALT_GUEST_LAYOUT_H
#define BASALT_GUEST_LAYOUT_H

#include <basalt/types.h>

/* Virtual GICv3: distributor and one 128 KiB redistributor frame per vCPU */
#define GUEST_GICV3_DIST_BASE	  0x03001000UL
#define GUEST_GICV3_DIST_SIZE	  0x00010000UL
#define GUEST_GICV3_REDIST_BASE	  0x03020000UL
#define GUEST_GICV3_REDIST_STRIDE 0x00020000UL
#define GUEST_GICV3_REDIST_SIZE	  0x01000000UL /* room for GUEST_VCPUS_MAX */

/* Virtual GICv2: distributor and CPU interface */
#define GUEST_GICV2_DIST_BASE 0x03001000UL
#define GUEST_GICV2_DIST_SIZE 0x00001000UL
#define GUEST_GICV2_CPU_BASE  0x03002000UL
#define GUEST_GICV2_CPU_SIZE  0x00002000UL

/* Emulated PL011 and its interrupt (an SPI INTID) */
#define GUEST_UART_BASE 0x22000000UL
#define GUEST_UART_SIZE 0x00001000UL
#define GUEST_UART_SPI	32
/* Frequency of the fixed clock the UART's DT node references */
#define GUEST_UART_CLK_HZ 24000000U

/* Xen ABI: grant-table window (not RAM) and the "magic" pages area */
#define GUEST_GRANT_BASE 0x38000000UL
#define GUEST_GRANT_SIZE 0x01000000UL
#define GUEST_MAGIC_BASE 0x39000000UL
#define GUEST_MAGIC_SIZE 0x01000000UL

/* RAM banks: 3 GiB at 1 GiB, then the rest at 8 GiB */
#define GUEST_RAM_BANK0_BASE 0x0040000000UL
#define GUEST_RAM_BANK0_SIZE 0x00c0000000UL
#define GUEST_RAM_BANK1_BASE 0x0200000000UL
#define GUEST_RAM_BANK1_SIZE 0xfe00000000UL
#define GUEST_RAM_BANKS	     2

/* Interrupts (GIC INTIDs) */
#define GUEST_XEN_EVTCHN_PPI	31 /* Xen event-channel upcall */
#define GUEST_SECURE_PTIMER_PPI 29 /* secure physical timer */
#define GUEST_PTIMER_PPI	30 /* non-secure physical timer */
#define GUEST_VTIMER_PPI	27 /* virtual timer */
#define GUEST_HTIMER_PPI	26 /* hypervisor timer (named in the DT only) */

#define GUEST_VCPUS_MAX 128

/*
 * The MPIDR affinity of vCPU @id, as Xen numbers them: 16 vCPUs per
 * cluster (Aff0 0..15), clusters in Aff1. The guest DT's cpu@ reg and the
 * vCPU's VMPIDR_EL2 must agree.
 */
static inline uint64_t guest_vcpu_mpidr_aff(unsigned int id)
{
	return ((uint64_t)(id & 0xf)) | ((uint64_t)((id >> 4) & 0xff) << 8);
}

/*
 * Split @size bytes of guest RAM over the banks: bank 0 first, the rest in
 * bank 1. Fills base/size for each bank; returns the number of banks used.
 */
static inline unsigned int guest_ram_split(uint64_t size, uint64_t base[GUEST_RAM_BANKS],
					   uint64_t len[GUEST_RAM_BANKS])
{
	uint64_t lo = MIN(size, GUEST_RAM_BANK0_SIZE);

	base[0] = GUEST_RAM_BANK0_BASE;
	len[0] = lo;
	base[1] = GUEST_RAM_BANK1_BASE;
	len[1] = size - lo;
	return len[1] ? 2 : 1;
}

#endif
