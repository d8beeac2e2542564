/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * console_io (hypercall 18): any domain may write (rate-limited, tagged with
 * its id by the console mux); the console owner (privileged) reads input, others read 0 bytes.
 */
#include <basalt/hypercall.h>
#include <basalt/errno.h>
#include <basalt/lib.h>
#include <basalt/guest_access.h>
#include <basalt/xen_domain.h>
#include <basalt/xen_env.h>

#define CONSOLEIO_CHUNK 128

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

static long conio_read(struct xen_domain *xd, unsigned long count, vaddr_t buf)
{
	char chunk[CONSOLEIO_CHUNK];
	unsigned long done = 0;

	/*
	 * Xen 4.17 lets dom0less domUs use console_io (is_console): a read finds
	 * the hypervisor's input ring empty for them and returns 0. Their input
	 * goes to their own PV console ring or vPL011, so ours never holds any.
	 */
	if (!xd->privileged)
		return 0;
	while (done < count) {
		size_t n = xen_env_console_read(chunk, MIN(count - done, sizeof(chunk)));

		if (!n)
			break;
		if (copy_to_guest(buf + done, chunk, n))
			return -EFAULT;
		done += n;
	}
	return done;
}

long do_console_io(unsigned long cmd, unsigned long count, vaddr_t buf)
{
	struct xen_vcpu *xv = xen_current();

	if (count > INT32_MAX)
		return -EINVAL;
	switch (cmd) {
	case CONSOLEIO_write:
		return conio_write(xv->xd, count, buf);
	case CONSOLEIO_read:
		return conio_read(xv->xd, count, buf);
	default:
		return -ENOSYS;
	}
}
