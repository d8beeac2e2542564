/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Debug keys on the hypervisor console. A key typed while input is directed
 * to the hypervisor runs its handler (in interrupt context on the CPU that
 * owns the UART interrupt). PLAT provides h (help), m (memory), d (pCPU
 * registers); VM adds q (domains) and r (run queues).
 */
#ifndef BASALT_KEYHANDLER_H
#define BASALT_KEYHANDLER_H

typedef void (*keyhandler_fn_t)(char key);

/* Register @fn for @key with a one-line @desc (for 'h'). Returns 0, -EINVAL or -EBUSY. */
int keyhandler_register(char key, const char *desc, keyhandler_fn_t fn);
/* Run the handler of @key, or say there is none. */
void keyhandler_handle(char key);
/* Register PLAT's own keys (h, m, d). */
void keyhandler_init(void);
/* Register only 'h' (keyhandler.c; keyhandler_init calls it). */
void keyhandler_init_help(void);

#endif
