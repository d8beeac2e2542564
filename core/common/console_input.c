// SPDX-License-Identifier: GPL-2.0-only
/*
 * The input ring behind CONSOLEIO_read: characters typed on the hypervisor
 * console for a console owner, queued until the domain reads them. Producer
 * (UART receive interrupt) and consumer (hypercall) share one lock; the
 * sink is called under it, so two vCPUs reading at once never both get
 * the same bytes.
 */
#include <basalt/console_input.h>
#include <basalt/lib.h>

#define IDX(i) ((i) & (CONSOLE_INPUT_SIZE - 1))

_Static_assert((CONSOLE_INPUT_SIZE & (CONSOLE_INPUT_SIZE - 1)) == 0,
	       "CONSOLE_INPUT_SIZE must be a power of two");

void console_input_init(struct console_input *in)
{
	spin_lock_init(&in->lock);
	in->prod = in->cons = 0;
	in->dropped = 0;
}

bool console_input_push(struct console_input *in, char c)
{
	unsigned long flags;
	bool queued;

	spin_lock_irqsave(&in->lock, flags);
	queued = in->prod - in->cons < CONSOLE_INPUT_SIZE;
	if (queued)
		in->buf[IDX(in->prod++)] = c;
	else
		in->dropped++;
	spin_unlock_irqrestore(&in->lock, flags);
	return queued;
}

size_t console_input_pending(struct console_input *in)
{
	unsigned long flags;
	size_t n;

	spin_lock_irqsave(&in->lock, flags);
	n = in->prod - in->cons;
	spin_unlock_irqrestore(&in->lock, flags);
	return n;
}

long console_input_read(struct console_input *in, size_t count, console_input_sink_t sink,
			void *ctx)
{
	unsigned long flags;
	size_t done = 0;
	long rc = 0;

	spin_lock_irqsave(&in->lock, flags);
	while (done < count && in->cons != in->prod) {
		size_t idx = IDX(in->cons);
		/* The contiguous run from cons: up to the ring's end or prod. */
		size_t len = MIN((size_t)(in->prod - in->cons), CONSOLE_INPUT_SIZE - idx);

		len = MIN(len, count - done);
		rc = sink(ctx, done, &in->buf[idx], len);
		if (rc)
			break;
		in->cons += (uint32_t)len;
		done += len;
	}
	spin_unlock_irqrestore(&in->lock, flags);
	return rc ? rc : (long)done;
}
