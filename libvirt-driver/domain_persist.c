/* SPDX-License-Identifier: GPL-2.0-only */
/* domain_persist.c - atomic, durable domain definitions under the state directory. */
#include "domain_persist.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static bool sys_error(GError **error, int err, const char *what, const char *path)
{
	g_set_error(error, BDOM_ERROR, BDOM_ERR_SYSTEM_ERROR, "cannot %s '%s': %s", what, path,
		    g_strerror(err));
	return false;
}

static char *def_path(const char *dir, const unsigned char uuid[16])
{
	char u[37];

	bdom_uuid_format(uuid, u);
	return g_strdup_printf("%s/%s.xml", dir, u);
}

static char *autostart_path(const char *dir, const unsigned char uuid[16])
{
	char u[37];

	bdom_uuid_format(uuid, u);
	return g_strdup_printf("%s/autostart/%s.xml", dir, u);
}

/* Make a rename or unlink in dir durable. */
static bool sync_dir(const char *dir, GError **error)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int rc;

	if (fd < 0)
		return sys_error(error, errno, "open directory", dir);
	rc = fsync(fd);
	close(fd);
	if (rc < 0)
		return sys_error(error, errno, "sync directory", dir);
	return true;
}

static bool write_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t n = write(fd, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		buf += n;
		len -= (size_t)n;
	}
	return true;
}

bool bdom_persist_init(const char *state_dir, GError **error)
{
	g_autofree char *auto_dir = g_build_filename(state_dir, "autostart", NULL);

	if (g_mkdir_with_parents(state_dir, 0700) < 0)
		return sys_error(error, errno, "create state directory", state_dir);
	if (g_mkdir_with_parents(auto_dir, 0700) < 0)
		return sys_error(error, errno, "create directory", auto_dir);
	return true;
}

bool bdom_persist_save(const char *state_dir, const struct bdom_def *def, GError **error)
{
	g_autofree char *path = def_path(state_dir, def->uuid);
	g_autofree char *tmp = NULL;
	g_autofree char *xml = bdom_def_format(def, -1, BDOM_FORMAT_SECURE | BDOM_FORMAT_INACTIVE);
	char u[37];
	int fd, err;

	bdom_uuid_format(def->uuid, u);
	tmp = g_strdup_printf("%s/.%s.xml.XXXXXX", state_dir, u);
	fd = g_mkstemp_full(tmp, O_WRONLY | O_CLOEXEC, 0600);
	if (fd < 0)
		return sys_error(error, errno, "create", tmp);
	if (!write_all(fd, xml, strlen(xml)) || fsync(fd) < 0) {
		err = errno;
		close(fd);
		unlink(tmp);
		return sys_error(error, err, "write", tmp);
	}
	if (close(fd) < 0 || rename(tmp, path) < 0) {
		err = errno;
		unlink(tmp);
		return sys_error(error, err, "replace", path);
	}
	return sync_dir(state_dir, error);
}

bool bdom_persist_delete(const char *state_dir, const unsigned char uuid[16], bool autostart,
			 GError **error)
{
	g_autofree char *path = def_path(state_dir, uuid);

	/* The link first: a crash in between leaves a definition without autostart. */
	if (autostart && !bdom_persist_set_autostart(state_dir, uuid, false, error))
		return false;
	if (unlink(path) < 0 && errno != ENOENT)
		return sys_error(error, errno, "remove", path);
	return sync_dir(state_dir, error);
}

bool bdom_persist_set_autostart(const char *state_dir, const unsigned char uuid[16], bool on,
				GError **error)
{
	g_autofree char *link = autostart_path(state_dir, uuid);
	g_autofree char *auto_dir = g_build_filename(state_dir, "autostart", NULL);
	g_autofree char *base = g_path_get_basename(link);
	g_autofree char *target = g_strdup_printf("../%s", base);

	if (on) {
		if (symlink(target, link) < 0 && errno != EEXIST)
			return sys_error(error, errno, "create autostart link", link);
	} else if (unlink(link) < 0) {
		if (errno == ENOENT)
			return true;
		return sys_error(error, errno, "remove autostart link", link);
	}
	return sync_dir(auto_dir, error);
}

static bool is_autostart(const char *state_dir, const char *file)
{
	g_autofree char *link = g_build_filename(state_dir, "autostart", file, NULL);
	struct stat st;

	return stat(link, &st) == 0; /* follows the link: a dangling one is off */
}

/* Remove autostart links whose definition is gone (a crash during undefine). */
static void clean_autostart(const char *state_dir)
{
	g_autofree char *auto_dir = g_build_filename(state_dir, "autostart", NULL);
	g_autoptr(GDir) dir = g_dir_open(auto_dir, 0, NULL);
	const char *name;

	while (dir && (name = g_dir_read_name(dir))) {
		g_autofree char *link = g_build_filename(auto_dir, name, NULL);
		struct stat st;

		if (stat(link, &st) < 0 && errno == ENOENT)
			unlink(link);
	}
}

static gint compare_names(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool load_one(const char *state_dir, const char *name, bdom_persist_load_fn fn, void *opaque)
{
	g_autofree char *path = g_build_filename(state_dir, name, NULL);
	g_autofree char *xml = NULL;
	g_autoptr(GError) error = NULL;
	struct bdom_def *def;
	char u[37];

	if (!g_file_get_contents(path, &xml, NULL, &error)) {
		g_warning("skipping domain definition %s: %s", path, error->message);
		return false;
	}
	def = bdom_def_parse_string(xml, 0, &error);
	if (!def) {
		g_warning("skipping domain definition %s: %s", path, error->message);
		return false;
	}
	bdom_uuid_format(def->uuid, u);
	if (strncmp(name, u, 36)) {
		g_warning("skipping domain definition %s: it holds uuid %s", path, u);
		bdom_def_free(def);
		return false;
	}
	if (!fn(def, is_autostart(state_dir, name), opaque, &error)) {
		g_warning("skipping domain definition %s: %s", path, error ? error->message : "");
		return false;
	}
	return true;
}

int bdom_persist_load(const char *state_dir, bdom_persist_load_fn fn, void *opaque, GError **error)
{
	g_autoptr(GDir) dir = NULL;
	g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
	const char *name;
	int count = 0;

	dir = g_dir_open(state_dir, 0, error);
	if (!dir)
		return -1;
	while ((name = g_dir_read_name(dir))) {
		if (name[0] == '.' && strstr(name, ".xml.")) {
			/* A write that never reached its rename: the old file, if any, is whole. */
			g_autofree char *tmp = g_build_filename(state_dir, name, NULL);

			unlink(tmp);
			continue;
		}
		if (g_str_has_suffix(name, ".xml") && strlen(name) == 36 + 4)
			g_ptr_array_add(names, g_strdup(name));
	}
	/* A stable order, so which of two clashing files wins does not vary. */
	g_ptr_array_sort(names, compare_names);
	for (guint i = 0; i < names->len; i++) {
		if (load_one(state_dir, names->pdata[i], fn, opaque))
			count++;
	}
	clean_autostart(state_dir);
	return count;
}
