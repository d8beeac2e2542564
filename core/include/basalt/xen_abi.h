/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The Xen public ABI (Debian's libxen-dev, Xen 4.17) as Basalt's guests see
 * it. Only arch-neutral headers plus <xen/foreign/arm64.h> are used, so the
 * same structure layouts hold in the aarch64 hypervisor and in host unit
 * tests (the native <xen/xen.h> of an x86-64 host would pick x86 layouts for
 * shared_info/vcpu_info; foreign/arm64.h gives the arm64 ones everywhere).
 */
#ifndef BASALT_XEN_ABI_H
#define BASALT_XEN_ABI_H

#ifndef __XEN_INTERFACE_VERSION__
#define __XEN_INTERFACE_VERSION__ 0x00040e00 /* latest of the 4.17 headers */
#endif

#include <basalt/types.h>
#include <xen/xen.h>
#include <xen/event_channel.h>
#include <xen/grant_table.h>
#include <xen/memory.h>
#include <xen/vcpu.h>
#include <xen/sched.h>
#include <xen/version.h>
#include <xen/features.h>
#include <xen/hvm/params.h>
#include <xen/hvm/hvm_op.h>
#include <xen/io/console.h>
#include <xen/foreign/arm64.h>

/* The version this hypervisor reports (XENVER_version, the /hypervisor node). */
#define BASALT_XEN_MAJOR 4
#define BASALT_XEN_MINOR 17

/* HVC immediate of a Xen hypercall (XEN_HYPERCALL_TAG in arch-arm.h). */
#define BASALT_XEN_HYPERCALL_TAG 0xEA1
/* The event-channel upcall PPI (GUEST_EVTCHN_PPI in arch-arm.h). */
#define BASALT_XEN_EVTCHN_PPI 31

/* Arm-only values of the public headers (hidden there unless built for Arm). */
#define BASALT_HVM_CALLBACK_TYPE_PPI   2  /* HVM_PARAM_CALLBACK_TYPE_PPI */
#define BASALT_HVM_CALLBACK_TYPE_SHIFT 56 /* HVM_PARAM_CALLBACK_IRQ_TYPE_SHIFT */
/* memory_op: the op is in the low bits, the rest is Xen-internal continuation state. */
#define BASALT_MEMOP_EXTENT_SHIFT 6
#define BASALT_MEMOP_CMD_MASK	  ((1UL << BASALT_MEMOP_EXTENT_SHIFT) - 1)

/* A guest handle carries a guest virtual address of the calling vCPU. */
#define guest_handle_gva(h) ((vaddr_t)(uintptr_t)(h).p)

typedef struct shared_info_arm64 xen_shared_info_t;
typedef struct vcpu_info_arm64 xen_vcpu_info_t;

/* The arm64 layouts the guest ABI fixes (xen-arm-abi.md); checked at build time. */
_Static_assert(sizeof(xen_shared_info_t) == 1088, "shared_info layout");
_Static_assert(sizeof(xen_vcpu_info_t) == 48, "vcpu_info layout");
_Static_assert(sizeof(struct gnttab_map_grant_ref) == 32, "map_grant_ref layout");
_Static_assert(sizeof(struct gnttab_unmap_grant_ref) == 24, "unmap_grant_ref layout");
_Static_assert(sizeof(struct gnttab_copy) == 40, "gnttab_copy layout");
_Static_assert(sizeof(struct xen_add_to_physmap_batch) == 32, "add_to_physmap_batch layout");
_Static_assert(sizeof(struct xen_memory_reservation) == 32, "memory_reservation layout");
_Static_assert(sizeof(struct evtchn_init_control) == 24, "init_control layout");
_Static_assert(sizeof(struct sched_poll) == 24, "sched_poll layout");
_Static_assert(sizeof(struct evtchn_fifo_control_block) == 72, "FIFO control block layout");

#endif
