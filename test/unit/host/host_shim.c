/* SPDX-License-Identifier: GPL-2.0-only */
/* Host "fake arch" for unit tests: logging goes to stderr, panic aborts the test. */
#include <basalt/lib.h>
#include <stdio.h>
#include <stdlib.h>

void vprintk_level(enum log_level lvl, const char *fmt, va_list ap)
{
	fprintf(stderr, "[hv:%d] ", (int)lvl);
	vfprintf(stderr, fmt, ap);
}

void printk_guest_ratelimited(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintk_level(LOG_NOTICE, fmt, ap);
	va_end(ap);
}

void panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "PANIC: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	abort();
}
