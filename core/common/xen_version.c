/* SPDX-License-Identifier: GPL-2.0-only */
/* xen_version (hypercall 17): identity and features of the hypervisor. */
#include <basalt/hypercall.h>
#include <basalt/errno.h>
#include <basalt/lib.h>
#include <basalt/guest_access.h>
#include <basalt/xen_domain.h>
#include <basalt/xen_env.h>

#define XENVER_DENIED "<denied>"

#ifndef BASALT_VERSION_STRING
#define BASALT_VERSION_STRING "basalt"
#endif

/* XENFEAT bits of submap 0 as Xen 4.17 on Arm reports them. */
static uint32_t xen_features(const struct xen_domain *xd)
{
	uint32_t f = BIT(XENFEAT_writable_page_tables) | BIT(XENFEAT_auto_translated_physmap) |
		     BIT(XENFEAT_memory_op_vnode_supported) | BIT(XENFEAT_ARM_SMCCC_supported) |
		     BIT(XENFEAT_not_direct_mapped);

	if (xd->privileged)
		f |= BIT(XENFEAT_dom0);
	return f;
}

/* NUL-terminated, truncated copy into a zeroed field of @size bytes. */
static void set_field(char *field, size_t size, const char *s)
{
	size_t n = MIN(strlen(s), size - 1);

	memset(field, 0, size);
	memcpy(field, s, n);
}

static long copy_string(vaddr_t arg, const char *s, size_t size)
{
	char buf[1024];

	set_field(buf, size, s);
	return copy_to_guest(arg, buf, size) ? -EFAULT : 0;
}

long do_xen_version(unsigned long cmd, vaddr_t arg)
{
	struct xen_vcpu *xv = xen_current();
	struct xen_feature_info fi;
	struct xen_compile_info ci;
	struct xen_platform_parameters pp;
	xen_domain_handle_t handle;

	switch (cmd) {
	case XENVER_version:
		return (BASALT_XEN_MAJOR << 16) | BASALT_XEN_MINOR;
	case XENVER_extraversion:
		return copy_string(arg, ".0-basalt", sizeof(xen_extraversion_t));
	case XENVER_compile_info:
		set_field(ci.compiler, sizeof(ci.compiler), "gcc");
		set_field(ci.compile_by, sizeof(ci.compile_by), "basalt");
		set_field(ci.compile_domain, sizeof(ci.compile_domain), "basalt");
		set_field(ci.compile_date, sizeof(ci.compile_date), __DATE__);
		return copy_to_guest(arg, &ci, sizeof(ci)) ? -EFAULT : 0;
	case XENVER_capabilities:
		return copy_string(arg, "xen-3.0-aarch64 ", sizeof(xen_capabilities_info_t));
	case XENVER_changeset:
		return copy_string(arg, BASALT_VERSION_STRING, sizeof(xen_changeset_info_t));
	case XENVER_platform_parameters:
		memset(&pp, 0, sizeof(pp)); /* no hypervisor hole in an Arm guest's VA space */
		return copy_to_guest(arg, &pp, sizeof(pp)) ? -EFAULT : 0;
	case XENVER_get_features:
		if (copy_from_guest(&fi, arg, sizeof(fi)))
			return -EFAULT;
		if (fi.submap_idx != 0)
			return -EINVAL;
		fi.submap = xen_features(xv->xd);
		return copy_to_guest(arg, &fi, sizeof(fi)) ? -EFAULT : 0;
	case XENVER_pagesize:
		return PAGE_SIZE;
	case XENVER_guest_handle:
		memset(handle, 0, sizeof(handle));
		return copy_to_guest(arg, handle, sizeof(handle)) ? -EFAULT : 0;
	case XENVER_commandline:
		/* Xen 4.17 never fails a denied sub-op: it copies "<denied>" and returns 0. */
		if (!xv->xd->privileged)
			return copy_string(arg, XENVER_DENIED, sizeof(XENVER_DENIED));
		return copy_string(arg, xen_env_cmdline(), sizeof(xen_commandline_t));
	case XENVER_build_id:
		if (!xv->xd->privileged)
			return -EPERM;
		return -ENODATA; /* no build id note in this image */
	default:
		return -ENOSYS;
	}
}
