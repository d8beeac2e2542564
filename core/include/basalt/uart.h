/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The board's serial line (drivers/uart/): found through the DT (/chosen
 * stdout-path, else the first UART a driver knows). Drivers plug in with a
 * struct uart_driver (drivers/uart/uart-driver.h).
 */
#ifndef BASALT_UART_H
#define BASALT_UART_H

/* Probe the console UART (polled output works from here on). Returns 0 or -ENODEV. */
int uart_init(const void *fdt);
/* Once the GIC is up: take received characters by interrupt (to console_rx_char). */
int uart_enable_rx_irq(void);
/* Human-readable name of the console UART ("pl011@0x9000000"), or "none". */
const char *uart_name(void);

#endif
