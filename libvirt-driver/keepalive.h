/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The keepalive program (0x6b656570 v1): PING and PONG are MESSAGE packets
 * with an empty payload. We answer every PING with a PONG; to clients that
 * asked for PROGRAM_KEEPALIVE we send a PING after keepalive_interval
 * seconds of silence, and hang up after keepalive_count unanswered ones.
 */
#ifndef VB_KEEPALIVE_H
#define VB_KEEPALIVE_H

#include <glib.h>

#include "basalt_remote.h"

struct vb_client;

/* A packet of the keepalive program arrived. */
void vb_keepalive_handle(struct vb_client *c, const struct vb_message_header *hdr);

/* Once a second: PING the idle, hang up on the dead. */
void vb_keepalive_tick(struct vb_client *c, gint64 now);

#endif
