/* SPDX-License-Identifier: GPL-2.0-only */
#include "client.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "events.h"
#include "keepalive.h"
#include "message.h"
#include "server.h"

/* Frames read per wake-up, so one busy client cannot starve the others. */
#define VB_FRAMES_PER_WAKEUP 16

struct vb_outmsg {
	uint8_t *data;
	size_t len;
	size_t off;
	bool is_reply;
};

struct vb_client_source {
	GSource base;
	struct vb_client *client;
};

static void client_update_watch(struct vb_client *c);

static void client_free(struct vb_client *c)
{
	struct vb_outmsg *m;

	while ((m = g_queue_pop_head(&c->tx))) {
		g_free(m->data);
		g_free(m);
	}
	if (c->fd >= 0)
		close(c->fd);
	g_free(c->rx);
	g_free(c->peer);
	if (c->callbacks)
		g_array_unref(c->callbacks);
	g_free(c);
}

static void source_finalize(GSource *s)
{
	client_free(((struct vb_client_source *)s)->client);
}

static gboolean client_release(gpointer source)
{
	g_source_unref(source);
	return G_SOURCE_REMOVE;
}

void vb_client_close(struct vb_client *c, const char *why)
{
	if (c->closing)
		return;
	c->closing = true;
	if (vb_daemon_config()->verbose)
		g_message("client %lu (%s): closing: %s", c->id, c->peer, why);
	vb_events_client_gone(c);
	vb_server_client_gone(c);
	g_source_destroy(c->source);
	/* Callers up the stack may still look at c: free it from an idle
	 * callback (source_finalize), when they are done. */
	g_idle_add(client_release, c->source);
}

static void client_rx_reset(struct vb_client *c)
{
	g_clear_pointer(&c->rx, g_free);
	c->rx_len = 0;
	c->rx_have = 0;
	c->frame_started = 0;
}

/* Read what is available of the current frame. 1: frame whole, 0: need more,
 * -1: closed. */
static int client_read_frame(struct vb_client *c)
{
	const struct vb_config *cfg = vb_daemon_config();
	ssize_t n;

	if (c->rx_have < VB_LEN_WORD) {
		n = read(c->fd, c->lenbuf + c->rx_have, VB_LEN_WORD - c->rx_have);
		if (n <= 0)
			goto io_end;
		if (c->rx_have == 0)
			c->frame_started = g_get_monotonic_time();
		c->rx_have += n;
		c->last_rx = g_get_monotonic_time();
		if (c->rx_have < VB_LEN_WORD)
			return 0;
		long flen = vb_msg_frame_length(c->lenbuf, cfg->max_message_size);
		if (flen < 0) {
			char *why = g_strdup_printf(
			    "length word %02x%02x%02x%02x is %s (max_message_size %u)",
			    c->lenbuf[0], c->lenbuf[1], c->lenbuf[2], c->lenbuf[3],
			    flen == -EMSGSIZE ? "over the limit" : "shorter than a header",
			    cfg->max_message_size);
			vb_client_close(c, why);
			g_free(why);
			return -1;
		}
		c->rx_len = (size_t)flen;
		c->rx = g_malloc(c->rx_len);
		memcpy(c->rx, c->lenbuf, VB_LEN_WORD);
	}
	n = read(c->fd, c->rx + c->rx_have, c->rx_len - c->rx_have);
	if (n <= 0)
		goto io_end;
	c->rx_have += n;
	c->last_rx = g_get_monotonic_time();
	return c->rx_have == c->rx_len ? 1 : 0;

io_end:
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return 0;
	vb_client_close(c, n == 0 ? "peer closed the connection" : g_strerror(errno));
	return -1;
}

static void client_on_readable(struct vb_client *c)
{
	const struct vb_config *cfg = vb_daemon_config();

	for (int i = 0; i < VB_FRAMES_PER_WAKEUP && !c->closing; i++) {
		if (c->tx_replies >= cfg->max_client_requests)
			return;
		int rc = client_read_frame(c);
		if (rc <= 0)
			return;
		uint8_t *frame = c->rx;
		size_t len = c->rx_len;
		c->rx = NULL;
		client_rx_reset(c);
		c->pings_unanswered = 0;
		vb_dispatch_frame(c, frame, len);
		g_free(frame);
	}
}

static void client_on_writable(struct vb_client *c)
{
	struct vb_outmsg *m;

	while ((m = g_queue_peek_head(&c->tx))) {
		ssize_t n = write(c->fd, m->data + m->off, m->len - m->off);
		if (n < 0) {
			if (errno == EAGAIN || errno == EINTR)
				return;
			vb_client_close(c, g_strerror(errno));
			return;
		}
		m->off += n;
		c->tx_bytes -= n;
		if (m->off < m->len)
			return;
		g_queue_pop_head(&c->tx);
		if (m->is_reply)
			c->tx_replies--;
		g_free(m->data);
		g_free(m);
	}
}

void vb_client_send(struct vb_client *c, uint8_t *frame, size_t len, bool is_reply)
{
	const struct vb_config *cfg = vb_daemon_config();
	struct vb_outmsg *m;

	if (c->closing) {
		g_free(frame);
		return;
	}
	if (c->tx_bytes > 0 && c->tx_bytes + len > cfg->max_queued_bytes) {
		g_free(frame);
		vb_client_close(c, "not reading its replies (max_queued_bytes reached)");
		return;
	}
	m = g_new0(struct vb_outmsg, 1);
	m->data = frame;
	m->len = len;
	m->is_reply = is_reply;
	g_queue_push_tail(&c->tx, m);
	c->tx_bytes += len;
	if (is_reply)
		c->tx_replies++;
	/* Write at once when we can: the usual case costs no extra wake-up. */
	if (c->tx.length == 1)
		client_on_writable(c);
	if (!c->closing)
		client_update_watch(c);
}

static void client_update_watch(struct vb_client *c)
{
	const struct vb_config *cfg = vb_daemon_config();
	GIOCondition want = G_IO_HUP | G_IO_ERR;

	if (c->tx_replies < cfg->max_client_requests)
		want |= G_IO_IN;
	if (!g_queue_is_empty(&c->tx))
		want |= G_IO_OUT;
	if (want != c->watching) {
		g_source_modify_unix_fd(c->source, c->fd_tag, want);
		c->watching = want;
	}
}

static gboolean source_dispatch(GSource *s, GSourceFunc cb, gpointer data)
{
	struct vb_client *c = ((struct vb_client_source *)s)->client;
	GIOCondition rev = g_source_query_unix_fd(s, c->fd_tag);

	if (rev & G_IO_OUT)
		client_on_writable(c);
	if (!c->closing && (rev & (G_IO_IN | G_IO_HUP | G_IO_ERR)))
		client_on_readable(c);
	if (!c->closing && (rev & (G_IO_HUP | G_IO_ERR)) && !(rev & G_IO_IN))
		vb_client_close(c, "connection hung up");
	if (c->closing)
		return G_SOURCE_REMOVE;
	client_update_watch(c);
	return G_SOURCE_CONTINUE;
}

static GSourceFuncs client_source_funcs = {
    .dispatch = source_dispatch,
    .finalize = source_finalize,
};

struct vb_client *vb_client_new(int fd, const char *peer, bool readonly, bool tcp)
{
	static unsigned long next_id = 1;
	struct vb_client *c = g_new0(struct vb_client, 1);
	GSource *s;

	c->id = next_id++;
	c->fd = fd;
	c->peer = g_strdup(peer);
	c->readonly = readonly;
	c->tcp = tcp;
	c->connected_at = c->last_rx = g_get_monotonic_time();
	g_queue_init(&c->tx);
	c->callbacks = g_array_new(FALSE, TRUE, sizeof(struct vb_event_callback));

	s = g_source_new(&client_source_funcs, sizeof(struct vb_client_source));
	((struct vb_client_source *)s)->client = c;
	c->source = s;
	c->watching = G_IO_IN | G_IO_HUP | G_IO_ERR;
	c->fd_tag = g_source_add_unix_fd(s, fd, c->watching);
	g_source_attach(s, NULL); /* our reference goes in client_release */
	return c;
}

void vb_client_tick(struct vb_client *c, gint64 now)
{
	const struct vb_config *cfg = vb_daemon_config();
	gint64 open_limit = (gint64)cfg->open_timeout * G_USEC_PER_SEC;

	if (!c->opened && open_limit && now - c->connected_at > open_limit) {
		vb_client_close(c, "did not open a connection within open_timeout");
		return;
	}
	/* A frame started but not finished: a stalled or lying sender. */
	if (c->rx_have && open_limit && now - c->frame_started > open_limit) {
		vb_client_close(c, "partial message not completed within open_timeout");
		return;
	}
	vb_keepalive_tick(c, now);
}
