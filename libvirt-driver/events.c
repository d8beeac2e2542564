/* SPDX-License-Identifier: GPL-2.0-only */
#include "events.h"

#include <string.h>

#include "client.h"
#include "dispatch.h"
#include "message.h"
#include "remote_handlers.h"
#include "server.h"

/* Callbacks one client may hold: bounds the work one event costs. */
#define VB_MAX_CALLBACKS_PER_CLIENT 256

/* libvirtd sends events with serial 1; clients ignore it. */
#define VB_EVENT_SERIAL 1

int vb_connect_domain_event_callback_register_any(struct vb_client *c, const void *args, void *ret,
						  struct vb_error *err)
{
	const remote_connect_domain_event_callback_register_any_args *a = args;
	remote_connect_domain_event_callback_register_any_ret *r = ret;
	struct vb_event_callback cb = {0};

	if (a->eventID < 0 || a->eventID >= VB_EVENT_ID_LAST) {
		vb_error_set(err, VB_ERR_INVALID_ARG, VB_FROM_RPC,
			     "invalid argument: unsupported event ID %d (valid 0..%d)", a->eventID,
			     VB_EVENT_ID_LAST - 1);
		return -1;
	}
	if (c->callbacks->len >= VB_MAX_CALLBACKS_PER_CLIENT) {
		vb_error_set(
		    err, VB_ERR_OPERATION_FAILED, VB_FROM_RPC,
		    "operation failed: this connection already holds %d event callbacks, the limit",
		    VB_MAX_CALLBACKS_PER_CLIENT);
		return -1;
	}
	cb.callback_id = c->next_callback_id++;
	cb.event_id = a->eventID;
	if (a->dom) {
		cb.has_dom = true;
		memcpy(cb.uuid, a->dom->uuid, REMOTE_UUID_BUFLEN);
	}
	g_array_append_val(c->callbacks, cb);
	r->callbackID = cb.callback_id;
	return 0;
}

int vb_connect_domain_event_callback_deregister_any(struct vb_client *c, const void *args,
						    void *ret, struct vb_error *err)
{
	const remote_connect_domain_event_callback_deregister_any_args *a = args;

	for (guint i = 0; i < c->callbacks->len; i++) {
		if (g_array_index(c->callbacks, struct vb_event_callback, i).callback_id ==
		    a->callbackID) {
			g_array_remove_index(c->callbacks, i);
			return 0;
		}
	}
	vb_error_set(err, VB_ERR_INVALID_ARG, VB_FROM_RPC,
		     "invalid argument: no domain event callback with id %d is registered",
		     a->callbackID);
	return -1;
}

void vb_events_client_gone(struct vb_client *c)
{
	if (c->callbacks)
		g_array_set_size(c->callbacks, 0);
}

struct vb_event {
	int event_id;
	int proc;
	const remote_nonnull_domain *dom;
	xdrproc_t filter;
	void *msg;
	int *callback_id; /* the field of msg to fill per callback */
};

static void send_event(struct vb_client *c, gpointer data)
{
	const struct vb_event *ev = data;
	struct vb_message_header hdr = {
	    .prog = REMOTE_PROGRAM,
	    .vers = REMOTE_PROTOCOL_VERSION,
	    .proc = ev->proc,
	    .type = VB_MESSAGE,
	    .serial = VB_EVENT_SERIAL,
	    .status = VB_OK,
	};

	if (!c->opened)
		return;
	for (guint i = 0; i < c->callbacks->len && !c->closing; i++) {
		const struct vb_event_callback *cb =
		    &g_array_index(c->callbacks, struct vb_event_callback, i);
		uint8_t *frame;
		size_t len;

		if (cb->event_id != ev->event_id)
			continue;
		if (cb->has_dom && memcmp(cb->uuid, ev->dom->uuid, REMOTE_UUID_BUFLEN) != 0)
			continue;
		*ev->callback_id = cb->callback_id;
		if (vb_msg_encode(&hdr, ev->filter, ev->msg, VB_MESSAGE_MAX, &frame, &len) == 0)
			vb_client_send(c, frame, len, false);
	}
}

void vb_event_domain_lifecycle(const remote_nonnull_domain *dom, int event, int detail)
{
	remote_domain_event_callback_lifecycle_msg msg = {
	    .msg = {.dom = *dom, .event = event, .detail = detail},
	};
	struct vb_event ev = {
	    .event_id = VB_EVENT_ID_LIFECYCLE,
	    .proc = REMOTE_PROC_DOMAIN_EVENT_CALLBACK_LIFECYCLE,
	    .dom = dom,
	    .filter = (xdrproc_t)xdr_remote_domain_event_callback_lifecycle_msg,
	    .msg = &msg,
	    .callback_id = &msg.callbackID,
	};

	vb_server_foreach_client(send_event, &ev);
}

void vb_event_domain_metadata_change(const remote_nonnull_domain *dom, int type, const char *nsuri)
{
	char *uri = (char *)nsuri;
	remote_domain_event_callback_metadata_change_msg msg = {
	    .dom = *dom,
	    .type = type,
	    .nsuri = nsuri ? &uri : NULL,
	};
	struct vb_event ev = {
	    .event_id = VB_EVENT_ID_METADATA_CHANGE,
	    .proc = REMOTE_PROC_DOMAIN_EVENT_CALLBACK_METADATA_CHANGE,
	    .dom = dom,
	    .filter = (xdrproc_t)xdr_remote_domain_event_callback_metadata_change_msg,
	    .msg = &msg,
	    .callback_id = &msg.callbackID,
	};

	vb_server_foreach_client(send_event, &ev);
}
