/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * virtbasaltd configuration: built-in defaults, then the config file
 * (GKeyFile, group [virtbasaltd]; see virtbasaltd.conf), then the command
 * line. Read once at start; read-only afterwards.
 */
#ifndef VB_CONFIG_H
#define VB_CONFIG_H

#include <stdbool.h>
#include <glib.h>

#define VB_DEFAULT_CONFIG_FILE "/etc/basalt/virtbasaltd.conf"
#define VB_DEFAULT_SOCKET_DIR  "/run/libvirt"
#define VB_DEFAULT_STATE_DIR   "/var/lib/basalt/virtbasaltd"
#define VB_DEFAULT_PID_FILE    "/run/virtbasaltd.pid"
#define VB_DEFAULT_TCP_PORT    16509 /* LIBVIRTD_TCP_PORT: the client's default */

struct vb_config {
	char *config_file;
	char *socket_dir; /* holds virtbasaltd-sock and virtbasaltd-sock-ro */
	char *state_dir;  /* persistent domain definitions */
	char *pid_file;	  /* "" or NULL: none */
	bool listen_tcp;
	char *tcp_address; /* loopback unless configured */
	unsigned int tcp_port;
	unsigned int unix_sock_rw_perms; /* octal in the file, e.g. 0600 */
	unsigned int unix_sock_ro_perms;
	unsigned int max_clients;	  /* further connections are closed at accept */
	unsigned int max_client_requests; /* replies queued per client before we stop reading it */
	unsigned int max_message_size;	  /* bytes, length word excluded; <= 32 MiB */
	unsigned int max_queued_bytes;	  /* unsent bytes per client before it is dropped */
	unsigned int keepalive_interval;  /* seconds of silence before we PING; 0: off */
	unsigned int keepalive_count;	  /* unanswered PINGs before we hang up */
	unsigned int open_timeout;	  /* seconds a client may take to CONNECT_OPEN */
	int verbose;
};

/* Fill cfg with defaults. */
void vb_config_init(struct vb_config *cfg);

/* Apply a config file; a missing file is fine only if !required. */
int vb_config_load(struct vb_config *cfg, const char *path, bool required, GError **error);

/* Check ranges; set *error naming the key and the allowed range. */
int vb_config_validate(const struct vb_config *cfg, GError **error);

void vb_config_dispose(struct vb_config *cfg);

/* The running daemon's configuration (for handlers); defaults until
 * vb_config_set_daemon() is called. */
const struct vb_config *vb_daemon_config(void);
void vb_config_set_daemon(const struct vb_config *cfg);

#endif
