/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Capabilities XML (capability.rng) and domain capabilities XML
 * (domaincaps.rng). Two guest kinds are advertised for aarch64:
 *   os type xen, machine xenpv, domain type xen   (libvirt's Xen dialect)
 *   os type hvm, machine virt,  domain type kvm   (what Nova/virt-install
 *                                                  write for aarch64)
 * Both describe the same Basalt PV guest; the XML model accepts both.
 */
#ifndef VB_CAPABILITIES_H
#define VB_CAPABILITIES_H

#include "error.h"

#define VB_GUEST_ARCH	   "aarch64"
#define VB_GUEST_MAX_VCPUS 128 /* GUEST_MAX_VCPUS of xen/arch-arm.h */

/* Newly allocated capabilities document, or NULL with err set. */
char *vb_capabilities_xml(struct vb_error *err);

/*
 * Domain capabilities for (arch, machine, virttype), each NULL for the
 * default (aarch64, and virt/kvm or xenpv/xen). emulator must be NULL or our
 * own path. NULL with err set (INVALID_ARG naming the value) if unsupported.
 */
char *vb_domain_capabilities_xml(const char *emulator, const char *arch, const char *machine,
				 const char *virttype, struct vb_error *err);

/* Path reported as <path> / accepted as emulatorbin: the daemon binary. */
const char *vb_capabilities_emulator(void);

#endif
