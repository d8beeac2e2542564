/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hvm_op (hypercall 34): on Arm only get/set of HVM params. A guest may read
 * the params Xen/ARM lets it read about itself and set none of them; a
 * privileged domain (the toolstack) may read and set any param of others.
 */
#include <basalt/hypercall.h>
#include <basalt/errno.h>
#include <basalt/guest_access.h>
#include <basalt/xen_domain.h>
#include <basalt/xen_env.h>

static bool guest_may_read(uint32_t index)
{
	switch (index) {
	case HVM_PARAM_CALLBACK_IRQ:
	case HVM_PARAM_STORE_PFN:
	case HVM_PARAM_STORE_EVTCHN:
	case HVM_PARAM_CONSOLE_PFN:
	case HVM_PARAM_CONSOLE_EVTCHN:
		return true;
	default:
		return false;
	}
}

static long hvm_param(struct xen_domain *self, unsigned long op, struct xen_hvm_param *p)
{
	struct xen_domain *d;
	long rc = 0;

	if (p->index >= XEN_NR_HVM_PARAMS)
		return -EINVAL;
	d = xen_domain_get_or_self(p->domid, self);
	if (!d)
		return -ESRCH;
	if (op == HVMOP_set_param) {
		if (!self->privileged || d == self)
			rc = -EPERM;
		else
			d->params[p->index] = p->value;
	} else {
		if (d != self && !self->privileged)
			rc = -EPERM;
		else if (d == self && !guest_may_read(p->index))
			rc = -EINVAL;
		else
			p->value = d->params[p->index];
	}
	xen_domain_put(d);
	return rc;
}

long do_hvm_op(unsigned long op, vaddr_t arg)
{
	struct xen_vcpu *xv = xen_current();
	struct xen_hvm_param p;
	long rc;

	if (op != HVMOP_set_param && op != HVMOP_get_param)
		return -ENOSYS;
	if (copy_from_guest(&p, arg, sizeof(p)))
		return -EFAULT;
	rc = hvm_param(xv->xd, op, &p);
	if (!rc && op == HVMOP_get_param && copy_to_guest(arg, &p, sizeof(p)))
		rc = -EFAULT;
	return rc;
}
