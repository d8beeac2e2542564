// SPDX-License-Identifier: GPL-2.0-only
/* ARM PrimeCell PL011 UART: polled output, interrupt-driven input. */
#include <basalt/lib.h>
#include <basalt/errno.h>
#include <basalt/fdt.h>
#include <asm/mmu.h>
#include "uart-driver.h"

#define UARTDR	 0x00
#define UARTFR	 0x18
#define UARTCR	 0x30
#define UARTIMSC 0x38
#define UARTICR	 0x44

#define FR_RXFE	  BIT(4)
#define FR_TXFF	  BIT(5)
#define CR_UARTEN BIT(0)
#define CR_TXE	  BIT(8)
#define CR_RXE	  BIT(9)
#define INT_RX	  BIT(4)
#define INT_RT	  BIT(6) /* receive timeout: fewer bytes than the FIFO level arrived */

static inline uint32_t pl011_read(struct uart *u, unsigned int reg)
{
	return *(volatile uint32_t *)((char *)u->base + reg);
}

static inline void pl011_write(struct uart *u, unsigned int reg, uint32_t v)
{
	*(volatile uint32_t *)((char *)u->base + reg) = v;
}

static void pl011_putc(struct uart *u, char c)
{
	while (pl011_read(u, UARTFR) & FR_TXFF)
		;
	pl011_write(u, UARTDR, (unsigned char)c);
}

static int pl011_getc(struct uart *u)
{
	if (pl011_read(u, UARTFR) & FR_RXFE)
		return -1;
	return (int)(pl011_read(u, UARTDR) & 0xff);
}

static void pl011_rx_irq_enable(struct uart *u)
{
	pl011_write(u, UARTICR, 0x7ff);
	pl011_write(u, UARTIMSC, INT_RX | INT_RT);
}

static void pl011_irq_ack(struct uart *u)
{
	pl011_write(u, UARTICR, INT_RX | INT_RT);
}

static const struct uart_ops pl011_ops = {
    .putc = pl011_putc,
    .getc = pl011_getc,
    .rx_irq_enable = pl011_rx_irq_enable,
    .irq_ack = pl011_irq_ack,
};

/* The firmware configured the line (baud rate, format); we only make sure it is on. */
static int pl011_probe(struct uart *u, const void *fdt, int node)
{
	paddr_t base;
	uint64_t size;

	if (fdt_get_reg(fdt, node, 0, &base, &size))
		return -ENODEV;
	u->base = ioremap(base, size ? size : PAGE_SIZE);
	if (!u->base)
		return -ENOMEM;
	u->phys = base;
	u->ops = &pl011_ops;
	u->name = "pl011";
	if (fdt_get_irq(fdt, node, 0, &u->irq, &u->irq_edge))
		u->irq = 0;
	pl011_write(u, UARTIMSC, 0);
	pl011_write(u, UARTCR, pl011_read(u, UARTCR) | CR_UARTEN | CR_TXE | CR_RXE);
	return 0;
}

const struct uart_driver pl011_driver = {
    .compatible = "arm,pl011",
    .probe = pl011_probe,
};
