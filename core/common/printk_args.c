// SPDX-License-Identifier: GPL-2.0-only
/*
 * printk() and printk_level(): the variadic front ends of vprintk_level().
 * A file of their own so the host unit tests, whose shim sends
 * vprintk_level() to stderr, share them with the hypervisor.
 */
#include <basalt/lib.h>

void printk_level(enum log_level lvl, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintk_level(lvl, fmt, ap);
	va_end(ap);
}

void printk(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintk_level(LOG_INFO, fmt, ap);
	va_end(ap);
}
