/* SPDX-License-Identifier: GPL-2.0-only */
#include "message.h"

#include <errno.h>
#include <string.h>
#include <glib.h>

#define VB_ERR_LEVEL_ERROR 2 /* virErrorLevel VIR_ERR_ERROR */

bool_t vb_xdr_void(XDR *xdrs, void *obj)
{
	return TRUE;
}

long vb_msg_frame_length(const uint8_t *buf, size_t max_message)
{
	uint32_t len = (uint32_t)buf[0] << 24 | (uint32_t)buf[1] << 16 | (uint32_t)buf[2] << 8 |
		       (uint32_t)buf[3];

	if (len < VB_FRAME_MIN)
		return -EBADMSG;
	if ((size_t)len - VB_LEN_WORD > max_message)
		return -EMSGSIZE;
	return (long)len;
}

int vb_msg_decode_header(const uint8_t *frame, size_t len, struct vb_message_header *hdr)
{
	XDR xdr;
	int rc = 0;

	if (len < VB_FRAME_MIN)
		return -EBADMSG;
	xdrmem_create(&xdr, (char *)frame + VB_LEN_WORD, VB_HEADER_LEN, XDR_DECODE);
	if (!xdr_vb_message_header(&xdr, hdr))
		rc = -EBADMSG;
	xdr_destroy(&xdr);
	return rc;
}

int vb_msg_decode_payload(const uint8_t *frame, size_t len, xdrproc_t filter, void *obj)
{
	size_t plen;
	XDR xdr;
	int rc = 0;

	if (len < VB_FRAME_MIN)
		return -EBADMSG;
	plen = len - VB_FRAME_MIN;
	xdrmem_create(&xdr, (char *)frame + VB_FRAME_MIN, (u_int)plen, XDR_DECODE);
	if (!filter(&xdr, obj) || xdr_getpos(&xdr) != plen) {
		/* xdr_free also releases what a failed decode left allocated. */
		xdr_free(filter, obj);
		rc = -EBADMSG;
	}
	xdr_destroy(&xdr);
	return rc;
}

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

int vb_msg_encode(const struct vb_message_header *hdr, xdrproc_t filter, const void *obj,
		  size_t max_message, uint8_t **out, size_t *outlen)
{
	unsigned long psize = obj ? xdr_sizeof(filter, (void *)obj) : 0;
	size_t total = VB_FRAME_MIN + psize;
	uint8_t *buf;
	XDR xdr;
	int rc = 0;

	if (obj && psize == 0 && filter != (xdrproc_t)vb_xdr_void)
		return -EINVAL;
	if (total - VB_LEN_WORD > max_message)
		return -EMSGSIZE;
	buf = g_malloc(total);
	put_be32(buf, (uint32_t)total);
	xdrmem_create(&xdr, (char *)buf + VB_LEN_WORD, (u_int)(total - VB_LEN_WORD), XDR_ENCODE);
	if (!xdr_vb_message_header(&xdr, (struct vb_message_header *)hdr) ||
	    (obj && !filter(&xdr, (void *)obj)) || xdr_getpos(&xdr) != total - VB_LEN_WORD)
		rc = -EINVAL;
	xdr_destroy(&xdr);
	if (rc < 0) {
		g_free(buf);
		return rc;
	}
	*out = buf;
	*outlen = total;
	return 0;
}

int vb_msg_encode_error(const struct vb_message_header *call, const struct vb_error *err,
			uint8_t **out, size_t *outlen)
{
	struct vb_message_header hdr = *call;
	char *text = err->message ? err->message : (char *)"internal error: unknown failure";
	remote_error re;

	memset(&re, 0, sizeof(re));
	re.code = err->code ? err->code : 1;
	re.domain = err->domain;
	re.message = &text;
	re.level = VB_ERR_LEVEL_ERROR;
	re.int1 = -1;
	re.int2 = -1;
	hdr.type = VB_REPLY;
	hdr.status = VB_ERROR;
	return vb_msg_encode(&hdr, (xdrproc_t)xdr_remote_error, &re, VB_MESSAGE_MAX, out, outlen);
}
