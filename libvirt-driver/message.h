/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Framing of libvirt RPC messages, without I/O:
 *
 *   [length: 4 bytes, counts itself][header: 24 bytes][payload: XDR]
 *
 * Everything a peer sends passes through these functions first, so each
 * rejects what does not fit (a length below the header size or above the
 * limit, a short header, a payload that does not decode or leaves bytes
 * over) and never reads outside the buffer it was given.
 */
#ifndef VB_MESSAGE_H
#define VB_MESSAGE_H

#include <stddef.h>
#include <stdint.h>
#include <rpc/rpc.h>

#include "basalt_remote.h"
#include "error.h"

#define VB_LEN_WORD   4
#define VB_HEADER_LEN 24
#define VB_FRAME_MIN  (VB_LEN_WORD + VB_HEADER_LEN)

/* The filter of an empty payload (libtirpc's xdr_void takes no arguments). */
bool_t vb_xdr_void(XDR *xdrs, void *obj);

/*
 * Read the length word at buf[0..3]. Return the whole frame length (length
 * word included) or -EBADMSG if it is shorter than a header, -EMSGSIZE if the
 * message (length word excluded) is larger than max_message.
 */
long vb_msg_frame_length(const uint8_t *buf, size_t max_message);

/* Decode the header of a whole frame (length word included). 0 or -EBADMSG. */
int vb_msg_decode_header(const uint8_t *frame, size_t len, struct vb_message_header *hdr);

/*
 * Decode the payload of a whole frame into obj (zeroed by the caller, of the
 * type filter decodes). The payload must decode completely and exactly. On
 * failure obj holds nothing to free; return -EBADMSG.
 */
int vb_msg_decode_payload(const uint8_t *frame, size_t len, xdrproc_t filter, void *obj);

/*
 * Build a whole frame: hdr then obj encoded with filter (xdr_void: none).
 * Return 0 with *out (g_malloc'd) and *outlen, -EMSGSIZE if it would exceed
 * max_message, -EINVAL if obj does not encode.
 */
int vb_msg_encode(const struct vb_message_header *hdr, xdrproc_t filter, const void *obj,
		  size_t max_message, uint8_t **out, size_t *outlen);

/*
 * Build the ERROR reply to a call (same prog, vers, proc and serial) carrying
 * err (level ERROR). Return as vb_msg_encode.
 */
int vb_msg_encode_error(const struct vb_message_header *call, const struct vb_error *err,
			uint8_t **out, size_t *outlen);

#endif
