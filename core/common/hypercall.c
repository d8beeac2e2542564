/* SPDX-License-Identifier: GPL-2.0-only */
/* The hypercall table: HVC #0xEA1 with the number in x16. */
#include <basalt/hypercall.h>
#include <basalt/errno.h>
#include <basalt/event.h>
#include <basalt/grant_table.h>
#include <basalt/xen_abi.h>
#include <basalt/xen_domain.h>
#include <basalt/xen_env.h>

typedef long (*hypercall_fn)(register_t *a);

static long hc_memory_op(register_t *a)
{
	return do_memory_op(a[0], a[1]);
}
static long hc_xen_version(register_t *a)
{
	return do_xen_version(a[0], a[1]);
}
static long hc_console_io(register_t *a)
{
	return do_console_io(a[0], a[1], a[2]);
}
static long hc_grant_table_op(register_t *a)
{
	return do_grant_table_op(a[0], a[1], a[2]);
}
static long hc_vm_assist(register_t *a)
{
	return do_vm_assist(a[0], a[1]);
}
static long hc_vcpu_op(register_t *a)
{
	return do_vcpu_op(a[0], a[1], a[2]);
}
static long hc_sched_op(register_t *a)
{
	return do_sched_op(a[0], a[1]);
}
static long hc_event_channel_op(register_t *a)
{
	return do_event_channel_op(a[0], a[1]);
}
static long hc_hvm_op(register_t *a)
{
	return do_hvm_op(a[0], a[1]);
}

static const hypercall_fn hypercall_table[HYPERCALL_TABLE_SIZE] = {
    [__HYPERVISOR_memory_op] = hc_memory_op,
    [__HYPERVISOR_xen_version] = hc_xen_version,
    [__HYPERVISOR_console_io] = hc_console_io,
    [__HYPERVISOR_grant_table_op] = hc_grant_table_op,
    [__HYPERVISOR_vm_assist] = hc_vm_assist,
    [__HYPERVISOR_vcpu_op] = hc_vcpu_op,
    [__HYPERVISOR_sched_op] = hc_sched_op,
    [__HYPERVISOR_event_channel_op] = hc_event_channel_op,
    [__HYPERVISOR_hvm_op] = hc_hvm_op,
};

long hypercall_dispatch(unsigned long nr, register_t args[HYPERCALL_NR_ARGS], bool *restart)
{
	struct xen_vcpu *xv = xen_current();
	long rc;

	*restart = false;
	/* A domain built without the Xen ABI (no domain_xen_init) has no hypercalls. */
	if (nr >= HYPERCALL_TABLE_SIZE || !hypercall_table[nr] || !xv)
		return -ENOSYS;
	xv->restart = false;
	xv->hc_args = args;
	rc = hypercall_table[nr](args);
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
