/* SPDX-License-Identifier: GPL-2.0-only */
#include "error.h"

#include <stdarg.h>

void vb_error_set(struct vb_error *err, int code, int domain, const char *fmt, ...)
{
	va_list ap;

	if (!err || vb_error_is_set(err))
		return;
	err->code = code;
	err->domain = domain;
	va_start(ap, fmt);
	err->message = g_strdup_vprintf(fmt, ap);
	va_end(ap);
}

void vb_error_clear(struct vb_error *err)
{
	g_clear_pointer(&err->message, g_free);
	err->code = 0;
	err->domain = 0;
}
