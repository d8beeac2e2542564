/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hypervisor console: one serial line shared by the hypervisor and every
 * domain. Output from a domain is tagged per line, Xen style ("(d1) ..."),
 * and kept in a per-domain history from the domain's first output (so a late
 * reader, or someone looking at a crashed guest, still sees it). Input goes
 * to the hypervisor's debug keys or to one domain; typing CTRL-a three times
 * moves it to the next one in turn (hypervisor, d1, d2, ..., hypervisor).
 */
#ifndef BASALT_CONSOLE_H
#define BASALT_CONSOLE_H

#include <basalt/types.h>

#define CONSOLE_MAX_DOMAINS  128
#define CONSOLE_HISTORY_SIZE 16384 /* bytes of output kept per domain */
#define CONSOLE_LINE_MAX     256   /* a longer line is split */
#define CONSOLE_SWITCH_CHAR  0x01  /* CTRL-a */

typedef void (*console_input_fn_t)(domid_t id, char c, void *data);

/*
 * Attach domain @id: its input handler (may be NULL for output only) joins the
 * CTRL-a rotation. Output written before registering is kept. Returns 0,
 * -EEXIST if registered, -ENOSPC if CONSOLE_MAX_DOMAINS are in use.
 */
int console_register_domain(domid_t id, console_input_fn_t input, void *data);
/*
 * Detach @id: input leaves the rotation; its history stays readable until
 * reused. If @id had input, it gets it back when it registers again (a
 * reboot), unless input was switched by hand meanwhile.
 */
void console_unregister_domain(domid_t id);
/*
 * A second consumer of domain @id's input (CONSOLEIO_read of a console owner,
 * <basalt/console_input.h>): while input is on @id, each character goes to
 * @reader first, then to the input handler if there is one. A domain with a
 * reader is in the CTRL-a rotation even without an input handler. Returns
 * 0, -EEXIST if @id has a reader, -ENOSPC if no slot is free.
 */
int console_register_reader(domid_t id, console_input_fn_t reader, void *data);
/* Remove @id's reader; returns once no call to it is in flight on any CPU. */
void console_unregister_reader(domid_t id);
/* Output from domain @id (any bytes; tagged per line on the hypervisor console). */
void console_domain_write(domid_t id, const char *buf, size_t len);
/*
 * Copy the last output of domain @id (up to @len bytes, oldest first) into
 * @buf. Returns the number of bytes copied, or -ENOENT for an unknown domain.
 */
long console_domain_history(domid_t id, char *buf, size_t len);

/* Hypervisor output: one printk'd message (complete lines or a fragment). */
void console_hyp_write(const char *buf, size_t len);

/* A character received from the serial line (UART RX interrupt). */
void console_rx_char(char c);
/* The domain input currently goes to, or -1 for the hypervisor. */
int console_input_owner(void);

/* Hypervisor log messages at a level above this are kept in the ring only. */
void printk_set_loglevel(unsigned int lvl);
/*
 * Copy the tail of the hypervisor log (up to @len bytes, oldest first) into
 * @buf; returns the bytes copied.
 */
size_t printk_ring_read(char *buf, size_t len);

/* Panic: take the console lock by force so the last words get out. */
void console_force_unlock(void);

/*
 * The low-level sink (drivers/uart/uart.c on the board; the unit tests supply
 * their own): write raw bytes to the serial line.
 */
void console_sink_write(const char *buf, size_t len);

#endif
