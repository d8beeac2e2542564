/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vcpu_op (hypercall 24): on Arm only registering the vcpu_info and the
 * runstate area; the runstate is kept up to date on every state change.
 */
#include <basalt/hypercall.h>
#include <basalt/errno.h>
#include <basalt/lib.h>
#include <basalt/guest_access.h>
#include <basalt/xen_domain.h>
#include <basalt/xen_env.h>

static long register_vcpu_info(struct xen_vcpu *xv, vaddr_t arg)
{
	struct xen_domain *xd = xv->xd;
	struct vcpu_register_vcpu_info info;
	struct guest_page pg;
	xen_vcpu_info_t *vi;

	if (copy_from_guest(&info, arg, sizeof(info)))
		return -EFAULT;
	/* Xen 4.17 (map_vcpu_info): -ENXIO unless aligned and in one page; once per vCPU. */
	if (info.offset > PAGE_SIZE - sizeof(xen_vcpu_info_t) || info.offset & 7)
		return -ENXIO;
	if (xv->vcpu_info_registered)
		return -EINVAL;
	if (map_guest_gfn(xd->dom, info.mfn, true, &pg))
		return -EINVAL;
	vi = (xen_vcpu_info_t *)((char *)pg.va + info.offset);

	spin_lock(&xd->evtchn.lock);
	if (xv->vcpu_info)
		memcpy(vi, xv->vcpu_info, sizeof(*vi));
	else
		memset(vi, 0, sizeof(*vi));
	xv->vcpu_info_page = pg;
	xv->vcpu_info = vi;
	xv->vcpu_info_registered = true;
	/* Anything raised before registration is found by a full rescan. */
	__atomic_store_n(&vi->evtchn_pending_sel, ~0ULL, __ATOMIC_RELEASE);
	__atomic_store_n(&vi->evtchn_upcall_pending, 1, __ATOMIC_RELEASE);
	spin_unlock(&xd->evtchn.lock);
	xen_env_upcall_level(xv, true);
	return 0;
}

static long register_runstate(struct xen_vcpu *xv, vaddr_t arg)
{
	struct vcpu_register_runstate_memory_area area;

	if (copy_from_guest(&area, arg, sizeof(area)))
		return -EFAULT;
	xv->runstate_gva = (vaddr_t)area.addr.p;
	xv->runstate_dirty = true;
	/* The caller is running right now, whatever the scheduler told us so far. */
	if (xv == xen_current() && xv->runstate.state != RUNSTATE_running)
		xen_vcpu_runstate(xv, RUNSTATE_running, xen_env_now_ns());
	if (xv == xen_current())
		xen_vcpu_runstate_flush(xv);
	return 0;
}

long do_vcpu_op(unsigned long cmd, unsigned long vcpuid, vaddr_t arg)
{
	struct xen_vcpu *self = xen_current();
	struct xen_vcpu *xv;

	if (cmd != VCPUOP_register_vcpu_info && cmd != VCPUOP_register_runstate_memory_area)
		return -EINVAL; /* the only vcpu_ops Xen offers on Arm */
	xv = vcpuid <= UINT32_MAX ? xen_domain_vcpu(self->xd, vcpuid) : NULL;
	if (!xv)
		return -ENOENT;
	if (cmd == VCPUOP_register_vcpu_info)
		return register_vcpu_info(xv, arg);
	return register_runstate(xv, arg);
}

void xen_vcpu_runstate(struct xen_vcpu *xv, int state, uint64_t now_ns)
{
	struct vcpu_runstate_info *rs = &xv->runstate;

	if (rs->state >= 0 && rs->state < 4 && now_ns > rs->state_entry_time)
		rs->time[rs->state] += now_ns - rs->state_entry_time;
	rs->state = state;
	rs->state_entry_time = now_ns;
	xv->runstate_dirty = true;
}

void xen_vcpu_runstate_flush(struct xen_vcpu *xv)
{
	struct vcpu_runstate_info rs;
	vaddr_t gva = xv->runstate_gva;
	bool flag = xv->xd->vm_assist & BIT(VMASST_TYPE_runstate_update_flag);
	uint64_t entry;

	if (!gva || !xv->runstate_dirty)
		return;
	rs = xv->runstate;
	entry = rs.state_entry_time;
	xv->runstate_dirty = false;
	/* With the update flag, the guest sees XEN_RUNSTATE_UPDATE while we write. */
	if (flag) {
		rs.state_entry_time = entry | XEN_RUNSTATE_UPDATE;
		copy_to_guest(gva + offsetof(struct vcpu_runstate_info, state_entry_time),
			      &rs.state_entry_time, sizeof(rs.state_entry_time));
		__atomic_thread_fence(__ATOMIC_RELEASE);
	}
	copy_to_guest(gva, &rs, sizeof(rs));
	if (flag) {
		__atomic_thread_fence(__ATOMIC_RELEASE);
		copy_to_guest(gva + offsetof(struct vcpu_runstate_info, state_entry_time), &entry,
			      sizeof(entry));
	}
}
