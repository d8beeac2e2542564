/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hypervisor as PV console backend (hvc0) of a domain without dom0:
 * a ring page (xencons_interface) at a guest frame outside RAM and an event
 * channel, published as HVM params 17/18. Guest output is drained into the
 * hypervisor console multiplexer; input from it is fed into the ring.
 */
#ifndef BASALT_CONSOLE_BACKEND_H
#define BASALT_CONSOLE_BACKEND_H

#include <basalt/types.h>

struct xen_domain;

int console_backend_init(struct xen_domain *xd, uint64_t gfn);
void console_backend_destroy(struct xen_domain *xd);
/* Feed one input character into the domain's ring (console mux input). */
void console_backend_input(struct xen_domain *xd, char c);
/* Drain the ring now (also done on every guest notification). */
void console_backend_drain(struct xen_domain *xd);

#endif
