/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * One client connection. Non-blocking I/O on the main loop: a frame is read
 * into its own buffer (at most max_message_size), handed to the dispatcher
 * when whole; replies and events wait in a bounded outgoing queue. A client
 * that stops reading has its input paused once max_client_requests replies
 * are queued, and is dropped once max_queued_bytes are waiting, so it can
 * never make the daemon wait for it or grow without bound.
 */
#ifndef VB_CLIENT_H
#define VB_CLIENT_H

#include <stdbool.h>
#include <stdint.h>
#include <glib.h>

#include "dispatch.h"

struct vb_event_callback {
	int callback_id;
	int event_id;
	bool has_dom;
	unsigned char uuid[REMOTE_UUID_BUFLEN];
};

struct vb_client {
	unsigned long id;
	int fd;
	char *peer;    /* for log lines */
	bool readonly; /* ro socket or VIR_CONNECT_RO */
	bool tcp;      /* not a UNIX socket: reported as not secure */
	bool opened;   /* CONNECT_OPEN succeeded */
	bool close_callback;
	bool keepalive; /* asked for PROGRAM_KEEPALIVE: we PING it when idle */
	bool closing;
	unsigned int pings_unanswered;
	gint64 connected_at, last_rx, last_ping; /* monotonic, microseconds */

	/* input: the length word, then the rest of the frame */
	uint8_t lenbuf[4];
	size_t rx_have;
	uint8_t *rx;
	size_t rx_len;
	gint64 frame_started;

	/* output */
	GQueue tx; /* struct vb_outmsg */
	size_t tx_bytes;
	size_t tx_replies;

	const struct vb_proc *current;
	GArray *callbacks; /* struct vb_event_callback */
	int next_callback_id;

	GSource *source;
	gpointer fd_tag;
	GIOCondition watching;
};

/* Take over fd (already non-blocking) and watch it on the default context. */
struct vb_client *vb_client_new(int fd, const char *peer, bool readonly, bool tcp);

/*
 * Queue a whole frame (ownership passes). is_reply counts it against
 * max_client_requests. Frames are written in order; a client whose queue
 * passes max_queued_bytes is closed.
 */
void vb_client_send(struct vb_client *c, uint8_t *frame, size_t len, bool is_reply);

/* Close after logging why (at most once); the memory goes with its source. */
void vb_client_close(struct vb_client *c, const char *why);

/* Called every second: timeouts and keepalive PINGs. */
void vb_client_tick(struct vb_client *c, gint64 now);

#endif
