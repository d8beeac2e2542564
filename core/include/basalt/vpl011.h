/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The emulated PL011 UART of a domain (vpl011.c) at GUEST_UART_BASE, SPI
 * GUEST_UART_SPI: transmit goes to the hypervisor console tagged with the
 * domain, receive comes from the console when input is switched to it.
 */
#ifndef BASALT_VPL011_H
#define BASALT_VPL011_H

#include <basalt/types.h>

struct domain;

/* Register the MMIO range and the console input hook. */
int vpl011_init(struct domain *d);
/* Unregister and free; @keep_log leaves the console's buffered output readable. */
void vpl011_destroy(struct domain *d, bool keep_log);

#endif
