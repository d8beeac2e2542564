/* SPDX-License-Identifier: GPL-2.0-only */
#include "server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <netdb.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <glib-unix.h>

#include "client.h"

struct vb_listener {
	int fd;
	bool readonly;
	bool tcp;
	char *path; /* UNIX sockets: unlinked at stop */
	guint watch;
	guint resume; /* pending listener_resume, after running out of fds */
};

static struct {
	GPtrArray *listeners;
	GList *clients;
	unsigned int nclients;
	guint tick;
} server;

void vb_server_add_client(struct vb_client *c)
{
	server.clients = g_list_prepend(server.clients, c);
	server.nclients++;
}

void vb_server_client_gone(struct vb_client *c)
{
	GList *l = g_list_find(server.clients, c);

	if (l) {
		server.clients = g_list_delete_link(server.clients, l);
		server.nclients--;
	}
}

void vb_server_foreach_client(void (*fn)(struct vb_client *c, gpointer data), gpointer data)
{
	GList *copy = g_list_copy(server.clients);

	for (GList *l = copy; l; l = l->next) {
		struct vb_client *c = l->data;
		if (!c->closing)
			fn(c, data);
	}
	g_list_free(copy);
}

static void tick_one(struct vb_client *c, gpointer now)
{
	vb_client_tick(c, *(gint64 *)now);
}

static gboolean server_tick(gpointer data)
{
	gint64 now = g_get_monotonic_time();

	vb_server_foreach_client(tick_one, &now);
	return G_SOURCE_CONTINUE;
}

static char *peer_name(int fd, bool tcp)
{
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	char host[INET6_ADDRSTRLEN] = "?";

	if (!tcp) {
		struct ucred cred;
		socklen_t cl = sizeof(cred);
		if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &cl) == 0)
			return g_strdup_printf("unix pid %d uid %u", cred.pid, cred.uid);
		return g_strdup("unix");
	}
	if (getpeername(fd, (struct sockaddr *)&ss, &sl) < 0)
		return g_strdup("tcp");
	if (ss.ss_family == AF_INET) {
		struct sockaddr_in *in = (struct sockaddr_in *)&ss;
		inet_ntop(AF_INET, &in->sin_addr, host, sizeof(host));
		return g_strdup_printf("tcp %s:%u", host, ntohs(in->sin_port));
	}
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&ss;
	inet_ntop(AF_INET6, &in6->sin6_addr, host, sizeof(host));
	return g_strdup_printf("tcp [%s]:%u", host, ntohs(in6->sin6_port));
}

static gboolean on_accept(gint fd, GIOCondition cond, gpointer data);

static gboolean listener_resume(gpointer data)
{
	struct vb_listener *ln = data;

	ln->resume = 0;
	ln->watch = g_unix_fd_add(ln->fd, G_IO_IN, on_accept, ln);
	return G_SOURCE_REMOVE;
}

/* Out of file descriptors: the pending connection stays in the backlog and
 * would wake us at once, again and again; listen again in a second. */
static gboolean listener_pause(struct vb_listener *ln)
{
	g_warning(
	    "accept: %s: not accepting connections for 1 s (raise the fd limit or lower max_clients)",
	    g_strerror(errno));
	ln->watch = 0;
	ln->resume = g_timeout_add_seconds(1, listener_resume, ln);
	return G_SOURCE_REMOVE;
}

static gboolean on_accept(gint fd, GIOCondition cond, gpointer data)
{
	const struct vb_config *cfg = vb_daemon_config();
	struct vb_listener *ln = data;

	for (;;) {
		int cfd = accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (cfd < 0) {
			if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS ||
			    errno == ENOMEM)
				return listener_pause(ln);
			if (errno != EAGAIN && errno != EINTR && errno != ECONNABORTED)
				g_warning("accept: %s", g_strerror(errno));
			break;
		}
		if (server.nclients >= cfg->max_clients) {
			g_warning("refusing a connection: max_clients (%u) reached",
				  cfg->max_clients);
			close(cfd);
			continue;
		}
		if (ln->tcp) {
			int one = 1;
			setsockopt(cfd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
		}
		char *peer = peer_name(cfd, ln->tcp);
		struct vb_client *c = vb_client_new(cfd, peer, ln->readonly, ln->tcp);
		if (cfg->verbose)
			g_message("client %lu (%s): connected to the %s socket", c->id, peer,
				  ln->readonly ? "read-only" : "read-write");
		g_free(peer);
		vb_server_add_client(c);
	}
	return G_SOURCE_CONTINUE;
}

static void listener_free(gpointer p)
{
	struct vb_listener *ln = p;

	if (ln->watch)
		g_source_remove(ln->watch);
	if (ln->resume)
		g_source_remove(ln->resume);
	if (ln->fd >= 0)
		close(ln->fd);
	if (ln->path)
		unlink(ln->path);
	g_free(ln->path);
	g_free(ln);
}

static void listener_add(int fd, bool readonly, bool tcp, const char *path)
{
	struct vb_listener *ln = g_new0(struct vb_listener, 1);

	ln->fd = fd;
	ln->readonly = readonly;
	ln->tcp = tcp;
	ln->path = g_strdup(path);
	ln->watch = g_unix_fd_add(fd, G_IO_IN, on_accept, ln);
	g_ptr_array_add(server.listeners, ln);
}

/* A socket file left behind by a daemon that died is removed; one that
 * answers belongs to a running daemon and is an error. */
static int unix_path_claim(const char *path, GError **error)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	int fd;

	if (!g_file_test(path, G_FILE_TEST_EXISTS))
		return 0;
	g_strlcpy(sa.sun_path, path, sizeof(sa.sun_path));
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd >= 0 && connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0) {
		close(fd);
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_EXIST,
			    "%s is in use: is another virtbasaltd running?", path);
		return -1;
	}
	if (fd >= 0)
		close(fd);
	if (unlink(path) < 0) {
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno),
			    "cannot remove stale socket %s: %s", path, g_strerror(errno));
		return -1;
	}
	return 0;
}

static int listen_unix(const char *dir, const char *name, unsigned int perms, bool readonly,
		       GError **error)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	char *path = g_build_filename(dir, name, NULL);
	int fd = -1, rc = -1;

	if (strlen(path) >= sizeof(sa.sun_path)) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_NAMETOOLONG,
			    "socket path %s is longer than %zu bytes (socket_dir too long)", path,
			    sizeof(sa.sun_path) - 1);
		goto out;
	}
	if (unix_path_claim(path, error) < 0)
		goto out;
	g_strlcpy(sa.sun_path, path, sizeof(sa.sun_path));
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || chmod(path, perms) < 0 ||
	    listen(fd, 128) < 0) {
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno),
			    "cannot listen on %s: %s", path, g_strerror(errno));
		goto out;
	}
	listener_add(fd, readonly, false, path);
	fd = -1;
	rc = 0;
out:
	if (fd >= 0)
		close(fd);
	g_free(path);
	return rc;
}

static int listen_tcp(const char *address, unsigned int port, GError **error)
{
	struct addrinfo hints = {.ai_socktype = SOCK_STREAM,
				 .ai_flags = AI_PASSIVE | AI_NUMERICSERV};
	struct addrinfo *res = NULL;
	char portstr[16];
	int fd = -1, one = 1, rc;

	g_snprintf(portstr, sizeof(portstr), "%u", port);
	rc = getaddrinfo(address, portstr, &hints, &res);
	if (rc != 0) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "tcp_address '%s': %s",
			    address, gai_strerror(rc));
		return -1;
	}
	fd = socket(res->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
	    bind(fd, res->ai_addr, res->ai_addrlen) < 0 || listen(fd, 128) < 0) {
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno),
			    "cannot listen on tcp %s port %u: %s", address, port,
			    g_strerror(errno));
		if (fd >= 0)
			close(fd);
		freeaddrinfo(res);
		return -1;
	}
	freeaddrinfo(res);
	listener_add(fd, false, true, NULL);
	return 0;
}

int vb_server_start(const struct vb_config *cfg, GError **error)
{
	server.listeners = g_ptr_array_new_with_free_func(listener_free);
	if (g_mkdir_with_parents(cfg->socket_dir, 0755) < 0) {
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno),
			    "cannot create socket_dir %s: %s", cfg->socket_dir, g_strerror(errno));
		goto fail;
	}
	if (listen_unix(cfg->socket_dir, VB_SOCKET_NAME, cfg->unix_sock_rw_perms, false, error) <
		0 ||
	    listen_unix(cfg->socket_dir, VB_SOCKET_RO_NAME, cfg->unix_sock_ro_perms, true, error) <
		0)
		goto fail;
	if (cfg->listen_tcp && listen_tcp(cfg->tcp_address, cfg->tcp_port, error) < 0)
		goto fail;
	server.tick = g_timeout_add_seconds(1, server_tick, NULL);
	return 0;
fail:
	g_clear_pointer(&server.listeners, g_ptr_array_unref);
	return -1;
}

static void close_one(struct vb_client *c, gpointer data)
{
	vb_client_close(c, "daemon shutting down");
}

void vb_server_stop(void)
{
	if (server.tick)
		g_source_remove(server.tick);
	server.tick = 0;
	g_clear_pointer(&server.listeners, g_ptr_array_unref);
	vb_server_foreach_client(close_one, NULL);
}
