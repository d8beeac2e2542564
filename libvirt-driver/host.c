/* SPDX-License-Identifier: GPL-2.0-only */
#include "host.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#define SYS_CPU		 "/sys/devices/system/cpu"
#define VB_HOST_MAX_CPUS 4096

static char *read_trimmed(const char *path)
{
	char *text = NULL;

	if (!g_file_get_contents(path, &text, NULL, NULL))
		return NULL;
	return g_strstrip(text);
}

static int read_int(const char *path, int fallback)
{
	char *text = read_trimmed(path);
	int v = text ? atoi(text) : fallback;

	g_free(text);
	return v;
}

int vb_host_parse_cpulist(const char *list, bool *set, int max)
{
	char **parts = g_strsplit(list, ",", -1);
	int n = 0;

	for (char **p = parts; *p; p++) {
		char *end;
		long lo, hi;

		if (!**p)
			continue;
		lo = strtol(*p, &end, 10);
		hi = *end == '-' ? strtol(end + 1, &end, 10) : lo;
		if (*end || lo < 0 || hi < lo)
			continue;
		for (long i = lo; i <= hi && i < max; i++) {
			if (!set[i])
				n++;
			set[i] = true;
		}
	}
	g_strfreev(parts);
	return n;
}

static int cpuinfo_mhz(void)
{
	char *text = NULL;
	int mhz = 0;

	if (!g_file_get_contents("/proc/cpuinfo", &text, NULL, NULL))
		return 0;
	for (char *line = text; line && *line;) {
		char *next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (g_str_has_prefix(line, "cpu MHz")) {
			char *colon = strchr(line, ':');
			if (colon)
				mhz = (int)strtod(colon + 1, NULL);
			break;
		}
		line = next;
	}
	g_free(text);
	return mhz;
}

static void topology(struct vb_host_info *hi)
{
	GHashTable *packages = g_hash_table_new(g_direct_hash, g_direct_equal);
	int threads = 1;

	for (guint i = 0; i < hi->cpu->len; i++) {
		struct vb_host_cpu *c = &g_array_index(hi->cpu, struct vb_host_cpu, i);
		if (!c->online)
			continue;
		g_hash_table_add(packages, GINT_TO_POINTER(c->socket_id + 1));
	}
	for (guint i = 0; i < hi->cpu->len; i++) {
		struct vb_host_cpu *c = &g_array_index(hi->cpu, struct vb_host_cpu, i);
		bool set[VB_HOST_MAX_CPUS] = {false};
		if (c->online && c->siblings) {
			int n = vb_host_parse_cpulist(c->siblings, set, VB_HOST_MAX_CPUS);
			threads = MAX(1, n);
			break;
		}
	}
	hi->nodes = 1;
	hi->sockets = MAX(1, (int)g_hash_table_size(packages));
	hi->threads = threads;
	hi->cores = hi->cpus / (hi->sockets * hi->threads);
	/* libvirt's rule when the product does not add up: one flat socket. */
	if (hi->cores < 1 || hi->nodes * hi->sockets * hi->cores * hi->threads != hi->cpus) {
		hi->sockets = 1;
		hi->cores = hi->cpus;
		hi->threads = 1;
	}
	g_hash_table_unref(packages);
}

static void cpus_scan(struct vb_host_info *hi)
{
	static bool present[VB_HOST_MAX_CPUS], online[VB_HOST_MAX_CPUS];
	char *list;

	memset(present, 0, sizeof(present));
	memset(online, 0, sizeof(online));
	list = read_trimmed(SYS_CPU "/present");
	if (!list || vb_host_parse_cpulist(list, present, VB_HOST_MAX_CPUS) == 0) {
		long n = sysconf(_SC_NPROCESSORS_CONF);
		for (long i = 0; i < n && i < VB_HOST_MAX_CPUS; i++)
			present[i] = true;
	}
	g_free(list);
	list = read_trimmed(SYS_CPU "/online");
	if (!list || vb_host_parse_cpulist(list, online, VB_HOST_MAX_CPUS) == 0)
		memcpy(online, present, sizeof(online));
	g_free(list);

	hi->cpu = g_array_new(FALSE, TRUE, sizeof(struct vb_host_cpu));
	for (int i = 0; i < VB_HOST_MAX_CPUS; i++) {
		if (!present[i])
			continue;
		struct vb_host_cpu c = {.id = i, .online = online[i]};
		char *base = g_strdup_printf(SYS_CPU "/cpu%d/topology", i);
		char *p = g_strdup_printf("%s/physical_package_id", base);
		c.socket_id = MAX(0, read_int(p, 0));
		g_free(p);
		p = g_strdup_printf("%s/core_id", base);
		c.core_id = read_int(p, i);
		g_free(p);
		p = g_strdup_printf("%s/thread_siblings_list", base);
		c.siblings = read_trimmed(p);
		g_free(p);
		g_free(base);
		g_array_append_val(hi->cpu, c);
		hi->cpus_present = i + 1;
		if (c.online)
			hi->cpus++;
	}
}

int vb_host_mem_get(struct vb_host_mem *m, struct vb_error *err)
{
	char *text = NULL;
	GError *gerr = NULL;

	memset(m, 0, sizeof(*m));
	if (!g_file_get_contents("/proc/meminfo", &text, NULL, &gerr)) {
		vb_error_set(err, VB_ERR_INTERNAL_ERROR, VB_FROM_DRIVER,
			     "internal error: cannot read host memory facts: %s", gerr->message);
		g_error_free(gerr);
		return -1;
	}
	for (char *line = text; line && *line;) {
		char *next = strchr(line, '\n');
		unsigned long long v;
		char key[64];

		if (next)
			*next++ = '\0';
		if (sscanf(line, "%63[^:]: %llu", key, &v) == 2) {
			if (!strcmp(key, "MemTotal"))
				m->total = v;
			else if (!strcmp(key, "MemFree"))
				m->free = v;
			else if (!strcmp(key, "Buffers"))
				m->buffers = v;
			else if (!strcmp(key, "Cached"))
				m->cached = v;
		}
		line = next;
	}
	g_free(text);
	return 0;
}

int vb_host_info_get(struct vb_host_info *hi, struct vb_error *err)
{
	struct vb_host_mem mem;
	struct utsname u;

	memset(hi, 0, sizeof(*hi));
	if (uname(&u) < 0) {
		vb_error_set(err, VB_ERR_INTERNAL_ERROR, VB_FROM_DRIVER,
			     "internal error: uname failed: %s", g_strerror(errno));
		return -1;
	}
	if (vb_host_mem_get(&mem, err) < 0)
		return -1;
	g_strlcpy(hi->arch, u.machine, sizeof(hi->arch));
	g_strlcpy(hi->model, u.machine, sizeof(hi->model));
	hi->memory_kib = mem.total;
	hi->mhz = cpuinfo_mhz();
	cpus_scan(hi);
	topology(hi);
	return 0;
}

void vb_host_info_dispose(struct vb_host_info *hi)
{
	if (!hi->cpu)
		return;
	for (guint i = 0; i < hi->cpu->len; i++)
		g_free(g_array_index(hi->cpu, struct vb_host_cpu, i).siblings);
	g_clear_pointer(&hi->cpu, g_array_unref);
}

char *vb_host_uuid(void)
{
	char *id = read_trimmed("/etc/machine-id");
	char *uuid;

	if (!id || strlen(id) != 32) {
		/* No machine-id: derive a stable one from the host name. */
		g_free(id);
		id = g_compute_checksum_for_string(G_CHECKSUM_MD5, g_get_host_name(), -1);
	}
	uuid = g_strdup_printf("%.8s-%.4s-%.4s-%.4s-%.12s", id, id + 8, id + 12, id + 16, id + 20);
	g_free(id);
	return uuid;
}

int vb_host_cpu_times_get(int cpu, struct vb_host_cpu_times *t, struct vb_error *err)
{
	unsigned long long user, nice, sys, idle, iowait, irq, softirq;
	char *text = NULL, *want = cpu < 0 ? g_strdup("cpu ") : g_strdup_printf("cpu%d ", cpu);
	long hz = sysconf(_SC_CLK_TCK);
	uint64_t ns = hz > 0 ? 1000000000ull / (uint64_t)hz : 10000000ull;
	int rc = -1;

	if (!g_file_get_contents("/proc/stat", &text, NULL, NULL)) {
		vb_error_set(err, VB_ERR_INTERNAL_ERROR, VB_FROM_DRIVER,
			     "internal error: cannot read /proc/stat");
		goto out;
	}
	for (char *line = text; line && *line;) {
		char *next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (g_str_has_prefix(line, want) &&
		    sscanf(line + strlen(want), "%llu %llu %llu %llu %llu %llu %llu", &user, &nice,
			   &sys, &idle, &iowait, &irq, &softirq) == 7) {
			t->kernel = (sys + irq + softirq) * ns;
			t->user = (user + nice) * ns;
			t->idle = idle * ns;
			t->iowait = iowait * ns;
			rc = 0;
			goto out;
		}
		line = next;
	}
	vb_error_set(err, VB_ERR_INVALID_ARG, VB_FROM_DRIVER,
		     "invalid argument: no CPU %d on this host (see virsh nodeinfo)", cpu);
out:
	g_free(text);
	g_free(want);
	return rc;
}
