/* SPDX-License-Identifier: GPL-2.0-only */
/* What a UART driver provides to the UART layer (uart.c). */
#ifndef DRIVERS_UART_DRIVER_H
#define DRIVERS_UART_DRIVER_H

#include <basalt/types.h>

struct uart;

struct uart_ops {
	void (*putc)(struct uart *u, char c); /* waits for room in the FIFO */
	int (*getc)(struct uart *u);	      /* a received byte, or -1 if none */
	void (*rx_irq_enable)(struct uart *u);
	void (*irq_ack)(struct uart *u); /* clear the interrupt after draining RX */
};

struct uart {
	const struct uart_ops *ops;
	void *base; /* mapped registers */
	paddr_t phys;
	unsigned int irq; /* GIC INTID, 0 if none */
	bool irq_edge;
	const char *name; /* driver name */
};

struct uart_driver {
	const char *compatible;
	/* Map and initialise the UART described by @node into @u. Returns 0 or -errno. */
	int (*probe)(struct uart *u, const void *fdt, int node);
};

extern const struct uart_driver pl011_driver;

#endif
