/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libFuzzer target: virtbasaltd's message decoder. The input is a byte
 * stream as a client would send it: frames are cut by their length word
 * (as client.c does), headers decoded, and the payload of every remote
 * CALL decoded with the argument filter of its procedure from the dispatch
 * table, then released. Any crash, leak or out-of-bounds access is a bug.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dispatch.h"
#include "message.h"

#define FUZZ_MAX_MESSAGE (1u << 20)

static void decode_args(const uint8_t *frame, size_t len, const struct vb_message_header *h)
{
	const struct vb_proc *p;
	void *args;

	if (h->prog != REMOTE_PROGRAM || h->type != VB_CALL)
		return;
	p = vb_proc_lookup(h->proc);
	if (!p || !p->args_size)
		return;
	args = calloc(1, p->args_size);
	if (vb_msg_decode_payload(frame, len, p->args_filter, args) == 0)
		xdr_free(p->args_filter, args);
	free(args);
}

static void decode_error_struct(const uint8_t *frame, size_t len)
{
	remote_error re;

	memset(&re, 0, sizeof(re));
	if (vb_msg_decode_payload(frame, len, (xdrproc_t)xdr_remote_error, &re) == 0)
		xdr_free((xdrproc_t)xdr_remote_error, &re);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t off = 0;

	while (size - off >= VB_LEN_WORD) {
		long flen = vb_msg_frame_length(data + off, FUZZ_MAX_MESSAGE);
		struct vb_message_header h;

		if (flen < 0 || (size_t)flen > size - off)
			break; /* the server closes, or waits for more */
		/* A private copy, so reads past the frame are caught. */
		uint8_t *frame = malloc(flen);
		memcpy(frame, data + off, flen);
		if (vb_msg_decode_header(frame, flen, &h) == 0) {
			decode_args(frame, flen, &h);
			if (h.status == VB_ERROR)
				decode_error_struct(frame, flen);
		}
		free(frame);
		off += flen;
	}
	return 0;
}
