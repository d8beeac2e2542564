// SPDX-License-Identifier: GPL-2.0-only
/*
 * console_io (hypercall 18): any domain may write (rate-limited, tagged with
 * its id by the console mux); a console owner (see <basalt/console_input.h>)
 * reads what is typed for it on the hypervisor console, anyone else gets
 * -EPERM as from Xen's dummy XSM.
 */
#include <basalt/hypercall.h>
#include <basalt/errno.h>
#include <basalt/lib.h>
#include <basalt/guest_access.h>
#include <basalt/console_input.h>
#include <basalt/xen_domain.h>
#include <basalt/xen_env.h>

#define CONSOLEIO_CHUNK 128
#define XEN_INT_MAX	0x7fffffffU /* Xen's INT_MAX: a read count above it is -E2BIG */

/* Token bucket: CONSOLEIO_BURST_BYTES per CONSOLEIO_PERIOD_NS. */
static size_t conio_allow(struct xen_domain *xd, size_t want)
{
	uint64_t now = xen_env_now_ns();
	uint64_t periods = (now - xd->conio_last_ns) / CONSOLEIO_PERIOD_NS;
	size_t ok;

	if (periods) {
		xd->conio_tokens = CONSOLEIO_BURST_BYTES;
		xd->conio_last_ns = now;
	}
	ok = MIN(want, xd->conio_tokens);
	xd->conio_tokens -= ok;
	return ok;
}

static long conio_write(struct xen_domain *xd, unsigned long count, vaddr_t buf)
{
	char chunk[CONSOLEIO_CHUNK];
	unsigned long done = 0;
	bool dropped = false;

	if (count > INT32_MAX)
		return -EINVAL;
	while (done < count) {
		size_t n = MIN(count - done, sizeof(chunk));
		size_t allowed;

		if (copy_from_guest(chunk, buf + done, n))
			return -EFAULT;
		spin_lock(&xd->lock);
		allowed = conio_allow(xd, n);
		spin_unlock(&xd->lock);
		if (allowed)
			xen_env_console_write(xd->id, chunk, allowed);
		done += n;
		if (allowed < n) {
			dropped = true;
			break; /* the rest would be dropped too: do not walk it */
		}
	}
	if (dropped)
		printk_guest_ratelimited("d%u: console_io output rate-limited\n", xd->id);
	return 0;
}

/* console_input_read()'s sink: the caller's buffer, through the checked copy. */
static int conio_copy_out(void *ctx, size_t offset, const char *src, size_t len)
{
	vaddr_t buf = *(vaddr_t *)ctx;

	return copy_to_guest(buf + offset, src, len) ? -EFAULT : 0;
}

static long conio_read(struct xen_domain *xd, uint32_t count, vaddr_t buf)
{
	if (!console_io_is_owner(xd))
		return -EPERM; /* Xen checks permission (XSM) before anything else */
	/* The result is a count or an errno: the two ranges must not meet. */
	if (count > XEN_INT_MAX)
		return -E2BIG;
	return console_input_read(xd->conio_in, count, conio_copy_out, &buf);
}

long do_console_io(unsigned long cmd, unsigned long count, vaddr_t buf)
{
	struct xen_vcpu *xv = xen_current();

	/* Xen takes cmd and count as unsigned int: the upper halves are ignored. */
	switch ((uint32_t)cmd) {
	case CONSOLEIO_write:
		return conio_write(xv->xd, count, buf);
	case CONSOLEIO_read:
		return conio_read(xv->xd, (uint32_t)count, buf);
	default:
		return -ENOSYS;
	}
}

/* ---- the console owner's input ---- */

bool console_io_is_owner(const struct xen_domain *xd)
{
	return xd->conio_in != NULL;
}

void console_io_input(struct xen_domain *xd, char c)
{
	if (!xd->conio_in)
		return;
	console_input_push(xd->conio_in, c); /* a full ring drops it, as Xen */
	/* Raised even for a dropped character, so a reader never stalls. */
	evtchn_send_virq(xd, VIRQ_CONSOLE);
}

static void conio_mux_input(domid_t id, char c, void *data)
{
	console_io_input(data, c);
}

int console_io_domain_init(struct xen_domain *xd, bool owner)
{
	struct console_input *in;

	if (!owner)
		return 0;
	in = xen_env_zalloc(sizeof(*in));
	if (!in)
		return -ENOMEM;
	console_input_init(in);
	xd->conio_in = in;
	xen_env_console_reader_attach(xd, conio_mux_input, xd);
	return 0;
}

void console_io_domain_destroy(struct xen_domain *xd)
{
	if (!xd->conio_in)
		return;
	/* Returns once no character is being handed to us any more. */
	xen_env_console_reader_detach(xd);
	xen_env_free(xd->conio_in);
	xd->conio_in = NULL;
}
