/* SPDX-License-Identifier: GPL-2.0-only */
#include "keepalive.h"

#include "client.h"
#include "config.h"
#include "message.h"

/* A PONG answers client input, so it counts against max_client_requests
 * like a reply: a client sending PINGs without reading stalls only itself. */
static void keepalive_send(struct vb_client *c, int proc)
{
	struct vb_message_header hdr = {
	    .prog = KEEPALIVE_PROGRAM,
	    .vers = KEEPALIVE_PROTOCOL_VERSION,
	    .proc = proc,
	    .type = VB_MESSAGE,
	    .serial = 0,
	    .status = VB_OK,
	};
	uint8_t *frame;
	size_t len;

	if (vb_msg_encode(&hdr, (xdrproc_t)vb_xdr_void, NULL, VB_MESSAGE_MAX, &frame, &len) == 0)
		vb_client_send(c, frame, len, proc == KEEPALIVE_PROC_PONG);
}

void vb_keepalive_handle(struct vb_client *c, const struct vb_message_header *hdr)
{
	/* Anything else of this program is ignored, as libvirt does. */
	if (hdr->vers != KEEPALIVE_PROTOCOL_VERSION || hdr->type != VB_MESSAGE)
		return;
	if (hdr->proc == KEEPALIVE_PROC_PING)
		keepalive_send(c, KEEPALIVE_PROC_PONG);
	/* A PONG needs nothing more: any packet already reset the counter. */
}

void vb_keepalive_tick(struct vb_client *c, gint64 now)
{
	const struct vb_config *cfg = vb_daemon_config();
	gint64 interval = (gint64)cfg->keepalive_interval * G_USEC_PER_SEC;

	if (!c->keepalive || !interval)
		return;
	if (c->pings_unanswered == 0 && now - c->last_rx < interval)
		return;
	if (c->pings_unanswered && now - c->last_ping < interval)
		return;
	if (c->pings_unanswered >= cfg->keepalive_count) {
		vb_client_close(c, "keepalive timeout: no answer to our PINGs");
		return;
	}
	c->pings_unanswered++;
	c->last_ping = now;
	keepalive_send(c, KEEPALIVE_PROC_PING);
}
