/* SPDX-License-Identifier: GPL-2.0-only */
#include "dispatch.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "config.h"
#include "keepalive.h"
#include "message.h"

static int proc_cmp(const void *key, const void *row)
{
	int proc = *(const int *)key;
	const struct vb_proc *p = row;

	return proc < p->proc ? -1 : proc > p->proc;
}

const struct vb_proc *vb_proc_lookup(int proc)
{
	return bsearch(&proc, vb_remote_procs, vb_remote_nprocs, sizeof(vb_remote_procs[0]),
		       proc_cmp);
}

bool vb_client_readonly(const struct vb_client *c)
{
	return c->readonly;
}

const struct vb_proc *vb_client_current_proc(const struct vb_client *c)
{
	return c->current;
}

static void reply_error(struct vb_client *c, const struct vb_message_header *call,
			const struct vb_error *err)
{
	uint8_t *frame;
	size_t len;

	if (vb_daemon_config()->verbose > 1)
		g_message("client %lu: proc %d serial %u: error %d: %s", c->id, call->proc,
			  call->serial, err->code, err->message);
	if (vb_msg_encode_error(call, err, &frame, &len) == 0)
		vb_client_send(c, frame, len, true);
	else
		vb_client_close(c, "could not encode an error reply");
}

static void reply_error_printf(struct vb_client *c, const struct vb_message_header *call, int code,
			       int domain, const char *fmt, ...) G_GNUC_PRINTF(5, 6);

static void reply_error_printf(struct vb_client *c, const struct vb_message_header *call, int code,
			       int domain, const char *fmt, ...)
{
	struct vb_error err = {.code = code, .domain = domain};
	va_list ap;

	va_start(ap, fmt);
	err.message = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	reply_error(c, call, &err);
	vb_error_clear(&err);
}

/* Refusals decided before any argument is looked at. A procedure whose
 * handler is not linked is refused last, so read-only and connection-state
 * checks hold for every procedure of the table. */
static bool call_refused(struct vb_client *c, const struct vb_message_header *hdr,
			 const struct vb_proc *p)
{
	if (!p)
		goto unknown;
	if (!c->opened && !(p->flags & VB_PROC_PREOPEN)) {
		reply_error_printf(c, hdr, VB_ERR_NO_CONNECT, VB_FROM_RPC,
				   "no connection open: %s (procedure %d) needs CONNECT_OPEN first",
				   p->name, p->proc);
		return true;
	}
	if (c->readonly && (p->flags & VB_PROC_WRITE)) {
		reply_error_printf(
		    c, hdr, VB_ERR_OPERATION_DENIED, VB_FROM_RPC,
		    "operation forbidden: read only access prevents %s (procedure %d)", p->name,
		    p->proc);
		return true;
	}
	if (p->fn)
		return false;
unknown:
	/* libvirtd's words: the client maps them to VIR_ERR_NO_SUPPORT. */
	reply_error_printf(c, hdr, VB_ERR_RPC, VB_FROM_RPC, "unknown procedure: %d", hdr->proc);
	return true;
}

static void dispatch_call(struct vb_client *c, const struct vb_message_header *hdr,
			  const uint8_t *frame, size_t len)
{
	const struct vb_proc *p = vb_proc_lookup(hdr->proc);
	struct vb_message_header rh = *hdr;
	struct vb_error err = {0};
	void *args = NULL, *ret = NULL;
	uint8_t *out;
	size_t outlen;
	int rc;

	if (call_refused(c, hdr, p))
		return;
	args = p->args_size ? g_malloc0(p->args_size) : NULL;
	ret = p->ret_size ? g_malloc0(p->ret_size) : NULL;
	if (args ? vb_msg_decode_payload(frame, len, p->args_filter, args)
		 : (len != VB_FRAME_MIN ? -1 : 0)) {
		reply_error_printf(
		    c, hdr, VB_ERR_RPC, VB_FROM_RPC,
		    "Unable to decode message payload of %s (procedure %d, %zu bytes)", p->name,
		    p->proc, len - VB_FRAME_MIN);
		g_free(args);
		g_free(ret);
		return;
	}

	c->current = p;
	rc = p->fn(c, args, ret, &err);
	c->current = NULL;
	if (rc < 0 || vb_error_is_set(&err)) {
		if (!vb_error_is_set(&err))
			vb_error_set(&err, VB_ERR_INTERNAL_ERROR, VB_FROM_RPC,
				     "internal error: %s failed without saying why", p->name);
		reply_error(c, hdr, &err);
		vb_error_clear(&err);
	} else {
		rh.type = VB_REPLY;
		rh.status = VB_OK;
		rc = vb_msg_encode(&rh, p->ret_filter, ret, VB_MESSAGE_MAX, &out, &outlen);
		if (rc == 0)
			vb_client_send(c, out, outlen, true);
		else
			reply_error_printf(
			    c, hdr, VB_ERR_RPC, VB_FROM_RPC, "%s: reply %s (limit %d bytes)",
			    p->name, rc == -EMSGSIZE ? "too large to send" : "failed to encode",
			    VB_MESSAGE_MAX);
	}
	if (args) {
		xdr_free(p->args_filter, args);
		g_free(args);
	}
	if (ret) {
		xdr_free(p->ret_filter, ret);
		g_free(ret);
	}
}

void vb_dispatch_frame(struct vb_client *c, const uint8_t *frame, size_t len)
{
	struct vb_message_header hdr;

	if (vb_msg_decode_header(frame, len, &hdr) < 0) {
		vb_client_close(c, "undecodable message header");
		return;
	}
	if (hdr.prog == KEEPALIVE_PROGRAM) {
		vb_keepalive_handle(c, &hdr);
		return;
	}
	switch (hdr.type) {
	case VB_CALL:
		break;
	case VB_CALL_WITH_FDS:
		reply_error_printf(c, &hdr, VB_ERR_RPC, VB_FROM_RPC,
				   "file descriptor passing is not supported by virtbasaltd");
		return;
	case VB_STREAM:
	case VB_STREAM_HOLE:
		/* No stream is ever open yet: drop, as the client does for
		 * packets of unknown serials. */
		return;
	default:
		vb_client_close(c, "unexpected message type from a client");
		return;
	}
	if (hdr.prog != REMOTE_PROGRAM) {
		reply_error_printf(c, &hdr, VB_ERR_RPC, VB_FROM_RPC,
				   "Cannot find program %d version %d", hdr.prog, hdr.vers);
		return;
	}
	if (hdr.vers != REMOTE_PROTOCOL_VERSION) {
		reply_error_printf(c, &hdr, VB_ERR_RPC, VB_FROM_RPC,
				   "version mismatch (actual %x, expected %x)", hdr.vers,
				   REMOTE_PROTOCOL_VERSION);
		return;
	}
	if (hdr.status != VB_OK) {
		reply_error_printf(c, &hdr, VB_ERR_RPC, VB_FROM_RPC, "Unexpected message status %u",
				   hdr.status);
		return;
	}
	dispatch_call(c, &hdr, frame, len);
}
