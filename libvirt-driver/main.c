/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * virtbasaltd: options, configuration, pid file, signals and the main loop.
 * Everything runs on one thread; see HACKING.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>
#include <glib-unix.h>

#include "config.h"
#include "remote_domain.h"
#include "server.h"

static gboolean on_signal(gpointer loop)
{
	g_message("shutting down on signal");
	g_main_loop_quit(loop);
	return G_SOURCE_CONTINUE;
}

/* Create and lock the pid file; the lock marks a running daemon. */
static int pidfile_acquire(const char *path, GError **error)
{
	char buf[32];
	int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);

	if (fd < 0) {
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno),
			    "cannot open pid file %s: %s", path, g_strerror(errno));
		return -1;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_EXIST,
			    "pid file %s is locked: is another virtbasaltd running?", path);
		close(fd);
		return -1;
	}
	g_snprintf(buf, sizeof(buf), "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) < 0 || write(fd, buf, strlen(buf)) != (ssize_t)strlen(buf)) {
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno),
			    "cannot write pid file %s: %s", path, g_strerror(errno));
		close(fd);
		return -1;
	}
	return fd; /* held open (and locked) until exit */
}

struct options {
	char *config;
	char *socket_dir;
	char *state_dir;
	char *pid_file;
	char *tcp_address;
	int tcp_port;
	gboolean listen_tcp;
	gboolean version;
	int verbose;
};

static gboolean count_verbose(const char *name, const char *value, gpointer data, GError **e)
{
	((struct options *)data)->verbose++;
	return TRUE;
}

static int parse_options(int *argc, char ***argv, struct options *o, GError **error)
{
	GOptionEntry entries[] = {
	    {"config", 'f', 0, G_OPTION_ARG_FILENAME, &o->config,
	     "configuration file (default " VB_DEFAULT_CONFIG_FILE ", if present)", "FILE"},
	    {"socket-dir", 0, 0, G_OPTION_ARG_FILENAME, &o->socket_dir,
	     "directory of virtbasaltd-sock and virtbasaltd-sock-ro (default " VB_DEFAULT_SOCKET_DIR
	     ")",
	     "DIR"},
	    {"state-dir", 0, 0, G_OPTION_ARG_FILENAME, &o->state_dir,
	     "directory of persistent domain definitions (default " VB_DEFAULT_STATE_DIR ")",
	     "DIR"},
	    {"pid-file", 'p', 0, G_OPTION_ARG_FILENAME, &o->pid_file,
	     "pid file, '' for none (default " VB_DEFAULT_PID_FILE ")", "FILE"},
	    {"listen-tcp", 0, 0, G_OPTION_ARG_NONE, &o->listen_tcp,
	     "also listen on plain TCP, without authentication", NULL},
	    {"tcp-address", 0, 0, G_OPTION_ARG_STRING, &o->tcp_address,
	     "TCP address to listen on (default 127.0.0.1)", "ADDR"},
	    {"tcp-port", 0, 0, G_OPTION_ARG_INT, &o->tcp_port, "TCP port (default 16509)", "PORT"},
	    {"verbose", 'v', G_OPTION_FLAG_NO_ARG, G_OPTION_ARG_CALLBACK, count_verbose,
	     "log connections (twice: also every error reply)", NULL},
	    {"version", 'V', 0, G_OPTION_ARG_NONE, &o->version, "print the version and exit", NULL},
	    {NULL},
	};
	GOptionContext *ctx = g_option_context_new("- libvirt-protocol daemon for Basalt");
	GOptionGroup *group = g_option_group_new("main", "", "", o, NULL);
	gboolean ok;

	g_option_group_add_entries(group, entries);
	g_option_context_set_main_group(ctx, group);
	g_option_context_set_description(
	    ctx, "Clients connect with basalt:///system, basalt+unix:///system?socket=PATH\n"
		 "or basalt+tcp://HOST/system. See virtbasaltd(8).\n");
	ok = g_option_context_parse(ctx, argc, argv, error);
	g_option_context_free(ctx);
	return ok ? 0 : -1;
}

static int configure(struct vb_config *cfg, struct options *o, GError **error)
{
	vb_config_init(cfg);
	if (vb_config_load(cfg, o->config ? o->config : VB_DEFAULT_CONFIG_FILE, o->config != NULL,
			   error) < 0)
		return -1;
#define OVERRIDE(field)                                                                            \
	if (o->field) {                                                                            \
		g_free(cfg->field);                                                                \
		cfg->field = g_strdup(o->field);                                                   \
	}
	OVERRIDE(socket_dir);
	OVERRIDE(state_dir);
	OVERRIDE(pid_file);
	OVERRIDE(tcp_address);
#undef OVERRIDE
	if (o->listen_tcp)
		cfg->listen_tcp = true;
	if (o->tcp_port)
		cfg->tcp_port = o->tcp_port < 0 ? 0 : (unsigned int)o->tcp_port;
	cfg->verbose += o->verbose;
	return vb_config_validate(cfg, error);
}

int main(int argc, char **argv)
{
	struct options o = {0};
	struct vb_config cfg;
	struct vb_error err = {0};
	GError *error = NULL;
	GMainLoop *loop = NULL;
	int pidfd = -1, rc = EXIT_FAILURE;
	bool domains = false;

	if (parse_options(&argc, &argv, &o, &error) < 0) {
		fprintf(stderr, "virtbasaltd: %s (try --help)\n", error->message);
		return 2;
	}
	if (o.version) {
		printf("virtbasaltd (Basalt) %s\n", VB_VERSION);
		return 0;
	}
	if (configure(&cfg, &o, &error) < 0) {
		fprintf(stderr, "virtbasaltd: %s\n", error->message);
		return EXIT_FAILURE;
	}
	vb_config_set_daemon(&cfg);
	signal(SIGPIPE, SIG_IGN);

	if (cfg.pid_file && *cfg.pid_file && (pidfd = pidfile_acquire(cfg.pid_file, &error)) < 0)
		goto out;
	if (vb_domain_driver_init) {
		if (vb_domain_driver_init(cfg.state_dir, &err) < 0) {
			fprintf(stderr, "virtbasaltd: %s\n", err.message);
			goto out;
		}
		domains = true;
	}
	loop = g_main_loop_new(NULL, FALSE);
	if (vb_server_start(&cfg, &error) < 0)
		goto out;
	g_unix_signal_add(SIGTERM, on_signal, loop);
	g_unix_signal_add(SIGINT, on_signal, loop);
	if (cfg.verbose)
		g_message("listening on %s/%s (and -ro)%s", cfg.socket_dir, VB_SOCKET_NAME,
			  cfg.listen_tcp ? ", and TCP" : "");
	g_main_loop_run(loop);
	vb_server_stop();
	/* Let the closed clients' sources go before we exit. */
	while (g_main_context_iteration(NULL, FALSE))
		;
	rc = EXIT_SUCCESS;
out:
	if (error) {
		fprintf(stderr, "virtbasaltd: %s\n", error->message);
		g_error_free(error);
	}
	if (domains && vb_domain_driver_shutdown)
		vb_domain_driver_shutdown();
	if (pidfd >= 0) {
		unlink(cfg.pid_file);
		close(pidfd);
	}
	if (loop)
		g_main_loop_unref(loop);
	vb_error_clear(&err);
	vb_config_dispose(&cfg);
	return rc;
}
