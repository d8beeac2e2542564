/* SPDX-License-Identifier: GPL-2.0-only */
/* What libfdt needs from <stdlib.h> in the freestanding hypervisor. */
#ifndef LIBC_STDLIB_H
#define LIBC_STDLIB_H

#include <stddef.h>

unsigned long strtoul(const char *s, char **end, int base);

#endif
