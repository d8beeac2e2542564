/* SPDX-License-Identifier: GPL-2.0-only */
/* Frame-pointer backtraces with symbol names (table generated at link time). */
#ifndef ASM_BACKTRACE_H
#define ASM_BACKTRACE_H

#include <basalt/types.h>

/* Name of the function containing @pc and the offset into it; NULL if unknown. */
const char *symbol_lookup(vaddr_t pc, vaddr_t *offset);
/* Print the call chain starting at @pc with frame pointer @fp. */
void backtrace_print(vaddr_t pc, vaddr_t fp);
/* Print the call chain of the caller. */
void backtrace_print_current(void);

#endif
