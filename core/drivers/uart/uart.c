// SPDX-License-Identifier: GPL-2.0-only
/* The UART layer: pick the console UART from the DT, output, interrupt-driven input. */
#include <basalt/lib.h>
#include <basalt/errno.h>
#include <basalt/uart.h>
#include <basalt/console.h>
#include <basalt/irq.h>
#include <basalt/fdt.h>
#include <libfdt.h>
#include "uart-driver.h"

/* Known drivers; an ns16550 driver adds one line here. */
static const struct uart_driver *const uart_drivers[] = {
    &pl011_driver,
};

static struct uart console_uart;
static bool uart_ready;
static char uart_desc[48] = "none";

void console_sink_write(const char *buf, size_t len)
{
	if (!uart_ready)
		return;
	for (size_t i = 0; i < len; i++) {
		if (buf[i] == '\n')
			console_uart.ops->putc(&console_uart, '\r');
		console_uart.ops->putc(&console_uart, buf[i]);
	}
}

static const struct uart_driver *driver_for(const void *fdt, int node)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(uart_drivers); i++) {
		if (!fdt_node_check_compatible(fdt, node, uart_drivers[i]->compatible))
			return uart_drivers[i];
	}
	return NULL;
}

/* /chosen/stdout-path (up to a ':'), else -1. */
static int stdout_node(const void *fdt)
{
	int chosen = fdt_path_offset(fdt, "/chosen"), len;
	const char *path, *colon;

	if (chosen < 0)
		return -1;
	path = fdt_getprop(fdt, chosen, "stdout-path", &len);
	if (!path)
		return -1;
	colon = strchr(path, ':');
	return fdt_path_offset_namelen(fdt, path, colon ? (int)(colon - path) : (int)strlen(path));
}

static int try_probe(const void *fdt, int node)
{
	const struct uart_driver *drv = driver_for(fdt, node);

	if (!drv || !fdt_node_is_enabled(fdt, node) || drv->probe(&console_uart, fdt, node))
		return -ENODEV;
	snprintf(uart_desc, sizeof(uart_desc), "%s@%#lx", console_uart.name,
		 (unsigned long)console_uart.phys);
	uart_ready = true;
	return 0;
}

int uart_init(const void *fdt)
{
	int node = stdout_node(fdt);

	if (node >= 0 && !try_probe(fdt, node))
		return 0;
	for (node = fdt_next_node(fdt, -1, NULL); node >= 0;
	     node = fdt_next_node(fdt, node, NULL)) {
		if (!try_probe(fdt, node))
			return 0;
	}
	return -ENODEV;
}

const char *uart_name(void)
{
	return uart_desc;
}

static void uart_irq(unsigned int intid, void *data)
{
	struct uart *u = data;
	int c;

	/*
	 * Ack before draining: a character arriving between the last read and a
	 * late ack would have its interrupt cleared and sit unread, and with a
	 * one-deep FIFO block all further input.
	 */
	u->ops->irq_ack(u);
	while ((c = u->ops->getc(u)) >= 0)
		console_rx_char((char)c);
}

int uart_enable_rx_irq(void)
{
	int rc;

	if (!uart_ready || !console_uart.irq)
		return -ENODEV;
	rc = irq_request(console_uart.irq, uart_irq, &console_uart);
	if (rc)
		return rc;
	irq_set_type(console_uart.irq, console_uart.irq_edge);
	irq_enable(console_uart.irq);
	console_uart.ops->rx_irq_enable(&console_uart);
	return 0;
}
