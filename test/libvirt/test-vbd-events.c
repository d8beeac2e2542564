/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * virtbasaltd's event broadcast (libvirt-driver/events.c) over real client
 * objects on socket pairs: who gets a lifecycle event, what is on the wire,
 * and that a client which never reads is dropped instead of growing.
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <glib.h>

#include "client.h"
#include "config.h"
#include "events.h"
#include "message.h"
#include "remote_handlers.h"
#include "server.h"

static struct vb_config cfg;

struct peer {
	struct vb_client *c;
	int fd; /* the test's end */
};

static struct peer peer_new(void)
{
	int sv[2];
	struct peer p;

	g_assert_cmpint(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, sv), ==,
			0);
	p.c = vb_client_new(sv[0], "test", false, false);
	p.c->opened = true;
	vb_server_add_client(p.c);
	p.fd = sv[1];
	return p;
}

static int register_cb(struct peer *p, int event_id, const unsigned char *uuid)
{
	remote_nonnull_domain dom = {.name = (char *)"f", .id = -1};
	remote_connect_domain_event_callback_register_any_args a = {.eventID = event_id};
	remote_connect_domain_event_callback_register_any_ret r = {0};
	struct vb_error err = {0};

	if (uuid) {
		memcpy(dom.uuid, uuid, 16);
		a.dom = &dom;
	}
	g_assert_cmpint(vb_connect_domain_event_callback_register_any(p->c, &a, &r, &err), ==, 0);
	return r.callbackID;
}

/* Read every whole frame waiting on fd; return how many. */
static int read_events(int fd, remote_domain_event_callback_lifecycle_msg *last)
{
	uint8_t buf[65536];
	ssize_t n = read(fd, buf, sizeof(buf));
	size_t off = 0;
	int count = 0;

	if (n <= 0)
		return 0;
	while (off + VB_FRAME_MIN <= (size_t)n) {
		long flen = vb_msg_frame_length(buf + off, VB_MESSAGE_MAX);
		struct vb_message_header h;

		g_assert_cmpint(flen, >, 0);
		g_assert_cmpint(vb_msg_decode_header(buf + off, flen, &h), ==, 0);
		g_assert_cmpuint(h.prog, ==, REMOTE_PROGRAM);
		g_assert_cmpint(h.type, ==, VB_MESSAGE);
		g_assert_cmpint(h.proc, ==, REMOTE_PROC_DOMAIN_EVENT_CALLBACK_LIFECYCLE);
		g_assert_cmpuint(h.serial, ==, 1);
		if (last) {
			xdr_free((xdrproc_t)xdr_remote_domain_event_callback_lifecycle_msg, last);
			memset(last, 0, sizeof(*last));
			g_assert_cmpint(
			    vb_msg_decode_payload(
				buf + off, flen,
				(xdrproc_t)xdr_remote_domain_event_callback_lifecycle_msg, last),
			    ==, 0);
		}
		off += flen;
		count++;
	}
	return count;
}

static void test_broadcast(void)
{
	unsigned char ux[16], uy[16];
	remote_nonnull_domain x = {.name = (char *)"vmx", .id = -1};
	remote_nonnull_domain y = {.name = (char *)"vmy", .id = 3};
	remote_domain_event_callback_lifecycle_msg m;
	struct peer all = peer_new(), only_x = peer_new(), none = peer_new(), other = peer_new();

	memset(ux, 0x11, 16);
	memset(uy, 0x22, 16);
	memcpy(x.uuid, ux, 16);
	memcpy(y.uuid, uy, 16);
	memset(&m, 0, sizeof(m));
	g_assert_cmpint(register_cb(&all, 0, NULL), ==, 0);
	g_assert_cmpint(register_cb(&all, 0, NULL), ==, 1);
	g_assert_cmpint(register_cb(&only_x, 0, ux), ==, 0);
	g_assert_cmpint(register_cb(&other, 13, NULL), ==, 0); /* balloon: never sent */

	vb_event_domain_lifecycle(&y, 0, 0);
	g_assert_cmpint(read_events(all.fd, &m), ==, 2); /* one per callback */
	g_assert_cmpint(m.callbackID, ==, 1);
	g_assert_cmpstr(m.msg.dom.name, ==, "vmy");
	g_assert_cmpint(m.msg.dom.id, ==, 3);
	g_assert_cmpint(m.msg.event, ==, 0);
	g_assert_cmpint(read_events(only_x.fd, NULL), ==, 0);
	g_assert_cmpint(read_events(none.fd, NULL), ==, 0);
	g_assert_cmpint(read_events(other.fd, NULL), ==, 0);

	vb_event_domain_lifecycle(&x, 1, 0);
	g_assert_cmpint(read_events(all.fd, NULL), ==, 2);
	g_assert_cmpint(read_events(only_x.fd, &m), ==, 1);
	g_assert_cmpstr(m.msg.dom.name, ==, "vmx");
	g_assert_cmpint(m.msg.event, ==, 1);
	g_assert_cmpint(memcmp(m.msg.dom.uuid, ux, 16), ==, 0);
	xdr_free((xdrproc_t)xdr_remote_domain_event_callback_lifecycle_msg, &m);

	/* Not opened (or closed): no events. */
	all.c->opened = false;
	vb_event_domain_lifecycle(&x, 0, 1);
	g_assert_cmpint(read_events(all.fd, NULL), ==, 0);
	all.c->opened = true;

	vb_client_close(all.c, "test");
	vb_client_close(only_x.c, "test");
	vb_client_close(none.c, "test");
	vb_client_close(other.c, "test");
	while (g_main_context_iteration(NULL, FALSE))
		;
	close(all.fd);
	close(only_x.fd);
	close(none.fd);
	close(other.fd);
}

static void test_slow_reader_dropped(void)
{
	remote_nonnull_domain x = {.name = (char *)"vm", .id = -1};
	struct peer slow = peer_new(), fast = peer_new();
	int got_fast = 0, i;
	char buf[4096];
	ssize_t n;

	register_cb(&slow, 0, NULL);
	register_cb(&fast, 0, NULL);
	for (i = 0; i < 20000 && !slow.c->closing; i++) {
		vb_event_domain_lifecycle(&x, 0, 0);
		got_fast += read_events(fast.fd, NULL);
	}
	/* The slow one filled its socket and max_queued_bytes: dropped. */
	g_assert_true(slow.c->closing);
	g_assert_false(fast.c->closing);
	g_assert_cmpint(got_fast, ==, i);
	while (g_main_context_iteration(NULL, FALSE))
		;
	do
		n = read(slow.fd, buf, sizeof(buf));
	while (n > 0);
	g_assert_cmpint(n, ==, 0); /* EOF: the daemon's end is closed */
	vb_client_close(fast.c, "test");
	while (g_main_context_iteration(NULL, FALSE))
		;
	close(slow.fd);
	close(fast.fd);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	vb_config_init(&cfg);
	cfg.max_message_size = 4096;
	cfg.max_queued_bytes = 4096;
	vb_config_set_daemon(&cfg);
	g_test_add_func("/vbd/events/broadcast", test_broadcast);
	g_test_add_func("/vbd/events/slow-reader-dropped", test_slow_reader_dropped);
	return g_test_run();
}
