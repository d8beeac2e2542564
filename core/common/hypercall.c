/* SPDX-License-Identifier: GPL-2.0-only */
/* Hypercall dispatch: HVC #0xEA1 with the number in x16. */
#include <basalt/hypercall.h>
#include <basalt/errno.h>
#include <basalt/event.h>
#include <basalt/grant_table.h>
#include <basalt/xen_abi.h>
#include <basalt/xen_domain.h>
#include <basalt/xen_env.h>

/*
 * A switch rather than a table of wrappers: the compiler turns it into
 * compares and direct calls, so a hypercall costs one call less (under
 * QEMU's TCG, each indirect call and return is a translation-block lookup).
 */
static long hypercall_call(unsigned long nr, register_t *a)
{
	switch (nr) {
	case __HYPERVISOR_event_channel_op:
		return do_event_channel_op(a[0], a[1]);
	case __HYPERVISOR_sched_op:
		return do_sched_op(a[0], a[1]);
	case __HYPERVISOR_xen_version:
		return do_xen_version(a[0], a[1]);
	case __HYPERVISOR_memory_op:
		return do_memory_op(a[0], a[1]);
	case __HYPERVISOR_grant_table_op:
		return do_grant_table_op(a[0], a[1], a[2]);
	case __HYPERVISOR_vcpu_op:
		return do_vcpu_op(a[0], a[1], a[2]);
	case __HYPERVISOR_hvm_op:
		return do_hvm_op(a[0], a[1]);
	case __HYPERVISOR_console_io:
		return do_console_io(a[0], a[1], a[2]);
	case __HYPERVISOR_vm_assist:
		return do_vm_assist(a[0], a[1]);
	default:
		return -ENOSYS;
	}
}

long hypercall_dispatch(unsigned long nr, register_t args[HYPERCALL_NR_ARGS], bool *restart)
{
	struct xen_vcpu *xv = xen_current();
	long rc;

	*restart = false;
	/* A domain built without the Xen ABI (no domain_xen_init) has no hypercalls. */
	if (!xv)
		return -ENOSYS;
	xv->restart = false;
	xv->hc_args = args;
	rc = hypercall_call(nr, args);
	xv->hc_args = NULL;
	*restart = xv->restart;
	return xv->restart ? (long)args[0] : rc;
}

void hypercall_set_restart(void)
{
	xen_current()->restart = true;
}

register_t *hypercall_args(void)
{
	return xen_current()->hc_args;
}

long do_vm_assist(unsigned long cmd, unsigned long type)
{
	struct xen_domain *xd = xen_current()->xd;

	/* The only assist Xen offers on Arm. */
	if (type != VMASST_TYPE_runstate_update_flag)
		return -EINVAL;
	switch (cmd) {
	case VMASST_CMD_enable:
		__atomic_fetch_or(&xd->vm_assist, BIT(type), __ATOMIC_SEQ_CST);
		return 0;
	case VMASST_CMD_disable:
		__atomic_fetch_and(&xd->vm_assist, ~BIT(type), __ATOMIC_SEQ_CST);
		return 0;
	default:
		return -ENOSYS;
	}
}
