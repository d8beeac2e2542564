// SPDX-License-Identifier: GPL-2.0-only
/*
 * The hypervisor's copy of the host DTB. It lives inside the image (BSS), so
 * it can never overlap memory handed to the page allocator or a boot module,
 * and the loader's copy may be overwritten once we have ours.
 */
#include <basalt/lib.h>
#include <basalt/errno.h>
#include <basalt/fdt.h>
#include <libfdt.h>

#define HOST_FDT_MAX (2UL * 1024 * 1024) /* the arm64 boot protocol's limit */

static char host_fdt_buf[HOST_FDT_MAX] __aligned(8);
static bool host_fdt_valid;

const void *host_fdt(void)
{
	return host_fdt_valid ? host_fdt_buf : NULL;
}

int host_fdt_copy(const void *fdt)
{
	if (!fdt || fdt_check_header(fdt) || fdt_totalsize(fdt) > HOST_FDT_MAX)
		return -EINVAL;
	if (fdt_move(fdt, host_fdt_buf, HOST_FDT_MAX))
		return -EINVAL;
	host_fdt_valid = true;
	return 0;
}
