/* SPDX-License-Identifier: GPL-2.0-only */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "basalt_remote.h"

#define VB_GROUP "virtbasaltd"

static const struct vb_config *daemon_config;

const struct vb_config *vb_daemon_config(void)
{
	static struct vb_config fallback;
	static bool fallback_ready;

	if (daemon_config)
		return daemon_config;
	/* Tests and tools that link pieces of the daemon get the defaults. */
	if (!fallback_ready) {
		vb_config_init(&fallback);
		fallback_ready = true;
	}
	return &fallback;
}

void vb_config_set_daemon(const struct vb_config *cfg)
{
	daemon_config = cfg;
}

void vb_config_init(struct vb_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->socket_dir = g_strdup(VB_DEFAULT_SOCKET_DIR);
	cfg->state_dir = g_strdup(VB_DEFAULT_STATE_DIR);
	cfg->pid_file = g_strdup(VB_DEFAULT_PID_FILE);
	cfg->tcp_address = g_strdup("127.0.0.1");
	cfg->tcp_port = VB_DEFAULT_TCP_PORT;
	cfg->unix_sock_rw_perms = 0600;
	cfg->unix_sock_ro_perms = 0666;
	cfg->max_clients = 256;
	cfg->max_client_requests = 16;
	cfg->max_message_size = VB_MESSAGE_MAX;
	cfg->max_queued_bytes = 8u << 20;
	cfg->keepalive_interval = 5;
	cfg->keepalive_count = 5;
	cfg->open_timeout = 30;
}

void vb_config_dispose(struct vb_config *cfg)
{
	g_free(cfg->config_file);
	g_free(cfg->socket_dir);
	g_free(cfg->state_dir);
	g_free(cfg->pid_file);
	g_free(cfg->tcp_address);
	memset(cfg, 0, sizeof(*cfg));
}

static int key_string(GKeyFile *kf, const char *key, char **out, GError **error)
{
	char *v = g_key_file_get_string(kf, VB_GROUP, key, error);

	if (!v)
		return -1;
	g_free(*out);
	*out = v;
	return 0;
}

static int key_uint(GKeyFile *kf, const char *key, unsigned int *out, int base, GError **error)
{
	char *v = g_key_file_get_string(kf, VB_GROUP, key, error);
	char *end;
	unsigned long long n;
	int rc = 0;

	if (!v)
		return -1;
	errno = 0;
	n = strtoull(g_strstrip(v), &end, base);
	if (errno || *end || !*v || n > G_MAXUINT) {
		g_set_error(error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
			    "key %s: '%s' is not a non-negative %s number", key, v,
			    base == 8 ? "octal" : "decimal");
		rc = -1;
	} else {
		*out = (unsigned int)n;
	}
	g_free(v);
	return rc;
}

static int apply_key(struct vb_config *cfg, GKeyFile *kf, const char *key, GError **error)
{
	static const struct {
		const char *key;
		size_t off;
		int base; /* 0: string, -1: boolean, -2: signed int */
	} keys[] = {
#define S(k) {#k, G_STRUCT_OFFSET(struct vb_config, k), 0}
#define U(k, b)                                                                                    \
	{                                                                                          \
#k, G_STRUCT_OFFSET(struct vb_config, k), b                                        \
	}
	    S(socket_dir),
	    S(state_dir),
	    S(pid_file),
	    S(tcp_address),
	    {"listen_tcp", G_STRUCT_OFFSET(struct vb_config, listen_tcp), -1},
	    {"verbose", G_STRUCT_OFFSET(struct vb_config, verbose), -2},
	    U(tcp_port, 10),
	    U(unix_sock_rw_perms, 8),
	    U(unix_sock_ro_perms, 8),
	    U(max_clients, 10),
	    U(max_client_requests, 10),
	    U(max_message_size, 10),
	    U(max_queued_bytes, 10),
	    U(keepalive_interval, 10),
	    U(keepalive_count, 10),
	    U(open_timeout, 10),
#undef S
#undef U
	};

	for (size_t i = 0; i < G_N_ELEMENTS(keys); i++) {
		void *field = (char *)cfg + keys[i].off;
		if (strcmp(keys[i].key, key))
			continue;
		switch (keys[i].base) {
		case 0:
			return key_string(kf, key, field, error);
		case -1: {
			GError *e = NULL;
			gboolean b = g_key_file_get_boolean(kf, VB_GROUP, key, &e);
			if (e) {
				g_propagate_error(error, e);
				return -1;
			}
			*(bool *)field = b;
			return 0;
		}
		case -2: {
			GError *e = NULL;
			int n = g_key_file_get_integer(kf, VB_GROUP, key, &e);
			if (e) {
				g_propagate_error(error, e);
				return -1;
			}
			*(int *)field = n;
			return 0;
		}
		default:
			return key_uint(kf, key, field, keys[i].base, error);
		}
	}
	g_set_error(error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_KEY_NOT_FOUND,
		    "unknown key '%s' in group [%s]", key, VB_GROUP);
	return -1;
}

int vb_config_load(struct vb_config *cfg, const char *path, bool required, GError **error)
{
	GKeyFile *kf = g_key_file_new();
	char **groups = NULL, **keys = NULL;
	GError *e = NULL;
	int rc = -1;

	if (!g_key_file_load_from_file(kf, path, G_KEY_FILE_NONE, &e)) {
		if (!required && g_error_matches(e, G_FILE_ERROR, G_FILE_ERROR_NOENT)) {
			g_error_free(e);
			rc = 0;
			goto out;
		}
		g_propagate_prefixed_error(error, e, "%s: ", path);
		goto out;
	}
	groups = g_key_file_get_groups(kf, NULL);
	for (char **g = groups; *g; g++) {
		if (strcmp(*g, VB_GROUP)) {
			g_set_error(error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_GROUP_NOT_FOUND,
				    "%s: unknown group [%s] (expected [%s])", path, *g, VB_GROUP);
			goto out;
		}
	}
	keys = g_key_file_get_keys(kf, VB_GROUP, NULL, NULL);
	for (char **k = keys; k && *k; k++) {
		if (apply_key(cfg, kf, *k, &e) < 0) {
			g_propagate_prefixed_error(error, e, "%s: ", path);
			goto out;
		}
	}
	g_free(cfg->config_file);
	cfg->config_file = g_strdup(path);
	rc = 0;
out:
	g_strfreev(groups);
	g_strfreev(keys);
	g_key_file_free(kf);
	return rc;
}

static int check_range(const char *key, unsigned int v, unsigned int lo, unsigned int hi,
		       GError **error)
{
	if (v >= lo && v <= hi)
		return 0;
	g_set_error(error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
		    "%s = %u is out of range %u..%u", key, v, lo, hi);
	return -1;
}

int vb_config_validate(const struct vb_config *cfg, GError **error)
{
	if (check_range("tcp_port", cfg->tcp_port, 1, 65535, error) < 0 ||
	    check_range("unix_sock_rw_perms", cfg->unix_sock_rw_perms, 0, 0777, error) < 0 ||
	    check_range("unix_sock_ro_perms", cfg->unix_sock_ro_perms, 0, 0777, error) < 0 ||
	    check_range("max_clients", cfg->max_clients, 1, 65536, error) < 0 ||
	    check_range("max_client_requests", cfg->max_client_requests, 1, 4096, error) < 0 ||
	    check_range("max_message_size", cfg->max_message_size, 4096, VB_MESSAGE_MAX, error) <
		0 ||
	    check_range("max_queued_bytes", cfg->max_queued_bytes, 4096, G_MAXUINT, error) < 0 ||
	    check_range("keepalive_interval", cfg->keepalive_interval, 0, 3600, error) < 0 ||
	    check_range("keepalive_count", cfg->keepalive_count, 1, 100, error) < 0 ||
	    check_range("open_timeout", cfg->open_timeout, 0, 3600, error) < 0)
		return -1;
	if (!cfg->socket_dir || !g_path_is_absolute(cfg->socket_dir)) {
		g_set_error(error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
			    "socket_dir must be an absolute path");
		return -1;
	}
	if (!cfg->state_dir || !g_path_is_absolute(cfg->state_dir)) {
		g_set_error(error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
			    "state_dir must be an absolute path");
		return -1;
	}
	return 0;
}
