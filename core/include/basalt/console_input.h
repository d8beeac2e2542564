/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Hypervisor console input read through CONSOLEIO_read (console_io).
 *
 * The console owner. In Xen the hardware domain reads what is typed on
 * Xen's serial line while input is switched to it, from one 128-byte ring,
 * and gets VIRQ_CONSOLE for each character; the dummy XSM lets a domain call
 * console_io if it is the control domain or marked is_console, and gives
 * -EPERM to anyone else. Basalt has no hardware domain in dom0less set-ups,
 * so it says who reads the console this way explicitly. A domain is a
 * CONSOLE OWNER when it is privileged (the control domain) or its dom0less
 * node carries the empty property `basalt,console-io`. For a console owner:
 *   - while the hypervisor console's input is switched to it (CTRL-a three
 *     times), each character typed is queued in its own input ring of
 *     CONSOLE_INPUT_SIZE bytes (Xen's SERIAL_RX_SIZE); when the ring is full
 *     the character is dropped, as Xen does;
 *   - the character also still goes to its vPL011 or PV console ring (hvc0),
 *     whichever takes its input, so a guest that reads those loses nothing;
 *   - VIRQ_CONSOLE is raised to it for every character, even a dropped one
 *     (Xen's rule: the reader never stalls on a lost notification). Each
 *     owner gets its own input and its own VIRQ; Xen's one global handler
 *     does not apply because rings are per domain;
 *   - CONSOLEIO_read(count, buffer) copies up to count bytes out through the
 *     checked guest copy and returns the number copied (0 if the ring is
 *     empty, whatever the pointer), -E2BIG if count (32 bits, as Xen's
 *     unsigned int) exceeds INT_MAX, -EFAULT if the copy faults (what was
 *     not copied stays queued).
 * Any other domain gets -EPERM from CONSOLEIO_read (Xen 4.17's answer for a
 * domain that is neither control domain nor is_console). CONSOLEIO_write
 * stays allowed for every domain (rate-limited).
 */
#ifndef BASALT_CONSOLE_INPUT_H
#define BASALT_CONSOLE_INPUT_H

#include <basalt/types.h>
#include <basalt/spinlock.h>

#define CONSOLE_INPUT_SIZE 128 /* a power of two: indices run freely */

/* A bounded FIFO of input characters, safe between the UART IRQ and hypercalls. */
struct console_input {
	spinlock_t lock;
	uint32_t prod, cons; /* free-running; prod - cons <= CONSOLE_INPUT_SIZE */
	uint64_t dropped;    /* characters lost to a full ring */
	char buf[CONSOLE_INPUT_SIZE];
};

void console_input_init(struct console_input *in);
/* Queue @c; false (and counted in ->dropped) if the ring is full. */
bool console_input_push(struct console_input *in, char c);
/* Characters queued now. */
size_t console_input_pending(struct console_input *in);

/*
 * Where console_input_read() puts the bytes: @len bytes at @offset of the
 * reader's buffer. 0, or a negative errno that ends the read.
 */
typedef int (*console_input_sink_t)(void *ctx, size_t offset, const char *buf, size_t len);
/*
 * Move up to @count queued bytes to @sink, oldest first, in at most two
 * contiguous pieces. Returns the number moved, or the sink's error if the
 * first piece failed; a piece the sink refused stays queued, and an error
 * after a piece went through is still returned (Xen does the same).
 */
long console_input_read(struct console_input *in, size_t count, console_input_sink_t sink,
			void *ctx);

/* ---- The console owner's side of console_io (console_io.c) ---- */
struct xen_domain;

/*
 * At domain creation: make @xd a console owner if @owner (allocates its
 * ring and hooks it to the console multiplexer). 0 or -ENOMEM.
 */
int console_io_domain_init(struct xen_domain *xd, bool owner);
void console_io_domain_destroy(struct xen_domain *xd);
/* One character typed while the console input is on @xd (queue + VIRQ_CONSOLE). */
void console_io_input(struct xen_domain *xd, char c);
/* Is @xd a console owner? */
bool console_io_is_owner(const struct xen_domain *xd);

#endif
