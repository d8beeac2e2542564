/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Domain events: clients register callbacks (CONNECT_DOMAIN_EVENT_CALLBACK_
 * REGISTER_ANY, 316) and receive MESSAGE packets for every matching callback.
 * Call these from the main loop thread (i.e. from a handler) after the change
 * is committed; the message is queued to each client and sent when its socket
 * is writable, so emitting never blocks.
 */
#ifndef VB_EVENTS_H
#define VB_EVENTS_H

#include "basalt_remote.h"

struct vb_client;

/* virDomainEventID */
enum vb_event_id {
	VB_EVENT_ID_LIFECYCLE = 0,
	VB_EVENT_ID_METADATA_CHANGE = 23,
	VB_EVENT_ID_LAST = 28, /* ids at or above are refused with INVALID_ARG */
};

/* virDomainEventType and the details we emit */
enum vb_lifecycle_event {
	VB_EVENT_DEFINED = 0,
	VB_EVENT_UNDEFINED = 1,
	VB_EVENT_STARTED = 2,
	VB_EVENT_SUSPENDED = 3,
	VB_EVENT_RESUMED = 4,
	VB_EVENT_STOPPED = 5,
	VB_EVENT_SHUTDOWN = 6,
};

enum vb_lifecycle_detail {
	VB_EVENT_DEFINED_ADDED = 0,
	VB_EVENT_DEFINED_UPDATED = 1,
	VB_EVENT_DEFINED_RENAMED = 2,
	VB_EVENT_UNDEFINED_REMOVED = 0,
	VB_EVENT_UNDEFINED_RENAMED = 1,
};

/* Send a lifecycle event about dom (name, uuid, id) to every client with a
 * LIFECYCLE callback for all domains or for this domain (matched by UUID). */
void vb_event_domain_lifecycle(const remote_nonnull_domain *dom, int event, int detail);

/* Send METADATA_CHANGE (type = virDomainMetadataType, nsuri may be NULL). */
void vb_event_domain_metadata_change(const remote_nonnull_domain *dom, int type, const char *nsuri);

/* Forget every callback of a client (on disconnect). */
void vb_events_client_gone(struct vb_client *c);

#endif
