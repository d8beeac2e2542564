/* SPDX-License-Identifier: GPL-2.0-only */
/* Logging, assertions and the small libc subset available in the hypervisor. */
#ifndef BASALT_LIB_H
#define BASALT_LIB_H

#include <basalt/types.h>
#include <stdarg.h>
#include <string.h> /* memcpy, memset, memcmp, memmove, strlen, strcmp, ... */

/*
 * Log levels with contracts (see docs/CODING.md): ERROR means a hypervisor bug
 * or bad host configuration; anything a guest can trigger is at most NOTICE
 * and must go through printk_guest_ratelimited().
 */
enum log_level { LOG_ERROR, LOG_WARNING, LOG_NOTICE, LOG_INFO, LOG_DEBUG };

/* printk("...") logs at INFO; a leading level marker is not used. */
void printk(const char *fmt, ...) __printf(1, 2);
void printk_level(enum log_level lvl, const char *fmt, ...) __printf(2, 3);
void vprintk_level(enum log_level lvl, const char *fmt, va_list ap);
/* Guest-triggerable diagnostics: NOTICE, rate-limited globally. */
void printk_guest_ratelimited(const char *fmt, ...) __printf(1, 2);

int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

/* Print CPU, syndrome, registers and a backtrace, stop every CPU. */
void panic(const char *fmt, ...) __printf(1, 2) __noreturn;

#define BUG()                                                                                     \
	panic("BUG at %s:%d", __FILE__, __LINE__)
#define BUG_ON(c)                                                                                 \
	do {                                                                                      \
		if (unlikely(c))                                                                  \
			panic("BUG_ON(%s) at %s:%d", #c, __FILE__, __LINE__);                     \
	} while (0)
#define ASSERT(c)                                                                                 \
	do {                                                                                      \
		if (unlikely(!(c)))                                                               \
			panic("ASSERT(%s) failed at %s:%d", #c, __FILE__, __LINE__);              \
	} while (0)

#endif
