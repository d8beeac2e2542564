/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * virtbasaltd errors: what a REPLY with status ERROR carries to the client.
 * The client prints `message` verbatim ("error: <message>"), so it is the
 * whole human text, libvirt style ("Domain not found: no domain with
 * matching name 'x'"), naming the object, the limit or the errno behind it.
 */
#ifndef VB_ERROR_H
#define VB_ERROR_H

#include <glib.h>

/* virErrorNumber values (include/libvirt/virterror.h), the ones we send. */
enum vb_err_code {
	VB_ERR_INTERNAL_ERROR = 1,
	VB_ERR_NO_SUPPORT = 3,
	VB_ERR_NO_CONNECT = 5,
	VB_ERR_OPERATION_DENIED = 29,
	VB_ERR_INVALID_ARG = 8,
	VB_ERR_OPERATION_FAILED = 9,
	VB_ERR_XML_ERROR = 27,
	VB_ERR_RPC = 39,
	VB_ERR_NO_DOMAIN = 42,
	VB_ERR_OPERATION_INVALID = 55,
	VB_ERR_DOM_EXIST = 28,
	VB_ERR_CONFIG_UNSUPPORTED = 67,
	VB_ERR_NO_DOMAIN_METADATA = 80,
	VB_ERR_OPERATION_UNSUPPORTED = 84,
};

/* virErrorDomain values. Basalt's own driver errors use VB_FROM_DRIVER. */
enum vb_err_domain {
	VB_FROM_NONE = 0,
	VB_FROM_XEN = 1,
	VB_FROM_RPC = 7,
	VB_FROM_REMOTE = 13,
	VB_FROM_DOMAIN = 20,
	/* "Xen Driver" in clients' default error handler: Basalt speaks the Xen ABI. */
	VB_FROM_DRIVER = VB_FROM_XEN,
};

/* One error, reported once at the failure site. message is g_malloc'd. */
struct vb_error {
	int code;   /* enum vb_err_code */
	int domain; /* enum vb_err_domain */
	char *message;
};

/* Fill err (first error wins; later calls on a set error are ignored). */
void vb_error_set(struct vb_error *err, int code, int domain, const char *fmt, ...)
    G_GNUC_PRINTF(4, 5);

/* Release the message and reset err to "no error". */
void vb_error_clear(struct vb_error *err);

static inline gboolean vb_error_is_set(const struct vb_error *err)
{
	return err->code != 0;
}

#endif
