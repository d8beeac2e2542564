/* SPDX-License-Identifier: GPL-2.0-only */
/* The two halves of every panic (common/panic.c); panic() itself is in lib.h. */
#ifndef BASALT_PANIC_H
#define BASALT_PANIC_H

#include <basalt/types.h>

/* Mask interrupts, claim the panic (another CPU panicking: stop here), free the console. */
void panic_begin(void);
/* Say the hypervisor stopped and halt every CPU. */
void __noreturn panic_end(void);

#endif
