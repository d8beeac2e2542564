/* SPDX-License-Identifier: GPL-2.0-only */
/* sched_op (hypercall 29): yield, block, poll, shutdown and friends. */
#include <basalt/hypercall.h>
#include <basalt/errno.h>
#include <basalt/lib.h>
#include <basalt/guest_access.h>
#include <basalt/xen_domain.h>
#include <basalt/xen_env.h>

#define SCHED_POLL_MAX_PORTS 128 /* Xen: nr_ports bounded by the port space; we cap lower */

/*
 * Xen 4.17 truncates the reason to 8 bits and shuts the domain down whatever
 * it is. Reasons the domain layer has no policy for (suspend is one it has;
 * soft_reset and unknown codes are not) stop the domain like poweroff: with
 * no toolstack Xen leaves such a domain shut down for good.
 */
static long sched_shutdown(struct xen_domain *xd, unsigned int reason)
{
	reason &= 0xff;
	if (reason > SHUTDOWN_watchdog) {
		printk_guest_ratelimited("d%u: shutdown reason %u, stopped as poweroff\n", xd->id,
					 reason);
		xd->shutdown_code = (int)reason;
		reason = SHUTDOWN_poweroff;
	}
	if (reason == SHUTDOWN_crash)
		printk_guest_ratelimited("d%u: crashed (SCHEDOP_shutdown)\n", xd->id);
	return xen_env_domain_shutdown(xd, reason);
}

/* Is any of the listed ports pending? -EINVAL for a port that is not valid. */
static long poll_check(struct xen_domain *xd, const evtchn_port_t *ports, unsigned int n)
{
	unsigned int i;
	long rc = 0;

	for (i = 0; i < n; i++) {
		if (ports[i] >= xd->evtchn.ops->nr_ports || !evtchn_from_port(xd, ports[i]))
			return -EINVAL;
		if (evtchn_port_pending(xd, ports[i]))
			rc = 1;
	}
	return rc;
}

static long sched_poll(struct xen_vcpu *xv, vaddr_t arg)
{
	evtchn_port_t ports[SCHED_POLL_MAX_PORTS];
	struct sched_poll sp;
	long rc;

	if (copy_from_guest(&sp, arg, sizeof(sp)))
		return -EFAULT;
	if (sp.nr_ports > SCHED_POLL_MAX_PORTS)
		return -EINVAL;
	if (copy_from_guest(ports, guest_handle_gva(sp.ports), sp.nr_ports * sizeof(ports[0])))
		return -EFAULT;
	xv->polling = true;
	__atomic_thread_fence(__ATOMIC_SEQ_CST); /* a raise after this sees polling */
	rc = poll_check(xv->xd, ports, sp.nr_ports);
	if (rc != 0) {
		xv->polling = false;
		return rc < 0 ? rc : 0;
	}
	/* Nothing pending: sleep until a port of the domain is raised or the timeout. */
	if (sp.timeout && sp.timeout <= xen_env_now_ns()) {
		xv->polling = false;
		return 0;
	}
	xen_env_vcpu_block(xv, sp.timeout);
	/* A raise between the check and the block found nobody blocked to wake: look again. */
	if (poll_check(xv->xd, ports, sp.nr_ports) != 0)
		xen_env_vcpu_kick(xv);
	return 0;
}

static long remote_shutdown(struct xen_domain *self, vaddr_t arg)
{
	struct sched_remote_shutdown rs;
	struct xen_domain *d;
	long rc;

	if (copy_from_guest(&rs, arg, sizeof(rs)))
		return -EFAULT;
	/*
	 * By id only (DOMID_SELF is not a domain here). Xen's check is
	 * XSM_DM_PRIV: an unprivileged caller is refused for every domain,
	 * itself included (it has SCHEDOP_shutdown for that).
	 */
	d = rs.domain_id == DOMID_SELF ? NULL : xen_domain_get_or_self(rs.domain_id, self);
	if (!d)
		return -ESRCH;
	if (!self->privileged)
		rc = -EPERM;
	else
		rc = sched_shutdown(d, rs.reason);
	xen_domain_put(d);
	return rc;
}

long do_sched_op(unsigned long cmd, vaddr_t arg)
{
	struct xen_vcpu *xv = xen_current();
	struct sched_shutdown ss;

	switch (cmd) {
	case SCHEDOP_yield:
		xen_env_vcpu_yield(xv);
		return 0;
	case SCHEDOP_block:
		xen_env_vcpu_block(xv, 0);
		return 0;
	case SCHEDOP_shutdown:
		if (copy_from_guest(&ss, arg, sizeof(ss)))
			return -EFAULT;
		return sched_shutdown(xv->xd, ss.reason);
	case SCHEDOP_shutdown_code:
		if (copy_from_guest(&ss, arg, sizeof(ss)))
			return -EFAULT;
		xv->xd->shutdown_code = ss.reason & 0xff; /* Xen: any code, as u8 */
		return 0;
	case SCHEDOP_poll:
		return sched_poll(xv, arg);
	case SCHEDOP_remote_shutdown:
		return remote_shutdown(xv->xd, arg);
	case SCHEDOP_pin_override:
		return xv->xd->privileged ? -ENOSYS : -EPERM;
	default:
		return -ENOSYS;
	}
}
