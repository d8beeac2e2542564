/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The listening side: a read-write and a read-only UNIX socket in the
 * socket directory (virtbasaltd-sock, virtbasaltd-sock-ro, the names the
 * libvirt client derives for basalt:///system), and optionally a plain TCP
 * socket (no authentication: loopback by default). Accepted connections
 * become vb_client objects on the default main context.
 *
 * How stock clients find us (checked with virsh 9.0 and LIBVIRT_DEBUG=1):
 * any scheme no client-side driver claims goes to the remote driver.
 * basalt+unix:///system?socket=P uses P; basalt:///system without socket=
 * uses /var/run/libvirt/virtbasaltd-sock when that file exists (mode auto
 * picks "direct"), else the legacy libvirt-sock (Debian's build default);
 * -r picks the -ro twin. In every case CONNECT_OPEN carries "basalt:///system".
 */
#ifndef VB_SERVER_H
#define VB_SERVER_H

#include <glib.h>

#include "config.h"

struct vb_client;

#define VB_SOCKET_NAME	  "virtbasaltd-sock"
#define VB_SOCKET_RO_NAME "virtbasaltd-sock-ro"

/* Open every listener cfg asks for; on failure close those opened. */
int vb_server_start(const struct vb_config *cfg, GError **error);

/* Close listeners and clients, unlink the sockets. */
void vb_server_stop(void);

/* Call fn for every connected client (safe if fn closes clients). */
void vb_server_foreach_client(void (*fn)(struct vb_client *c, gpointer data), gpointer data);

/* Count a new client in (events and timers reach it from then on). */
void vb_server_add_client(struct vb_client *c);

/* A client is going away: forget it. */
void vb_server_client_gone(struct vb_client *c);

#endif
