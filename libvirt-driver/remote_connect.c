/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Connection and host procedures: the handshake every client performs and
 * the read-only questions about the host. Contract: dispatch.h.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/utsname.h>

#include "capabilities.h"
#include "client.h"
#include "config.h"
#include "events.h"
#include "host.h"
#include "remote_handlers.h"

#define VB_URI_SCHEME "basalt"
#define VB_URI	      "basalt:///system"
#define VB_TYPE	      "Basalt"
/* The libvirt release whose protocol we speak (a.b.c = a*10^6 + b*10^3 + c);
 * Nova refuses anything under 6.0.0. */
#define VB_LIB_VERSION 9000000ULL
/* The Xen ABI level Basalt implements (4.17.0): what `virsh version` shows as
 * the running hypervisor. */
#define VB_HV_VERSION 4017000ULL

#define VIR_CONNECT_RO 1

/* virDrvFeature numbers (libvirt_internal.h) */
enum {
	VB_FEATURE_PROGRAM_KEEPALIVE = 10,
	VB_FEATURE_REMOTE_EVENT_CALLBACK = 14,
	VB_FEATURE_REMOTE_CLOSE_CALLBACK = 15,
};

static char *xstrdup(const char *s)
{
	return g_strdup(s);
}

/* basalt:///system, optionally with a query the client passed through;
 * "" and NULL mean "the server's default", i.e. the same. */
static bool uri_is_ours(const char *name)
{
	const char *rest;

	if (!name || !*name)
		return true;
	if (!g_str_has_prefix(name, VB_URI_SCHEME ":///system"))
		return false;
	rest = name + strlen(VB_URI_SCHEME ":///system");
	return *rest == '\0' || *rest == '?';
}

int vb_auth_list(struct vb_client *c, const void *args, void *ret, struct vb_error *err)
{
	remote_auth_list_ret *r = ret;

	r->types.types_len = 1;
	r->types.types_val = g_new0(remote_auth_type, 1);
	r->types.types_val[0] = REMOTE_AUTH_NONE;
	return 0;
}

int vb_connect_supports_feature(struct vb_client *c, const void *args, void *ret,
				struct vb_error *err)
{
	const remote_connect_supports_feature_args *a = args;
	remote_connect_supports_feature_ret *r = ret;

	switch (a->feature) {
	case VB_FEATURE_PROGRAM_KEEPALIVE:
		/* As libvirtd: asking is what starts our PINGs to this client. */
		c->keepalive = true;
		r->supported = 1;
		break;
	case VB_FEATURE_REMOTE_EVENT_CALLBACK:
	case VB_FEATURE_REMOTE_CLOSE_CALLBACK:
		r->supported = 1;
		break;
	default:
		r->supported = 0;
	}
	return 0;
}

int vb_connect_open(struct vb_client *c, const void *args, void *ret, struct vb_error *err)
{
	const remote_connect_open_args *a = args;
	const char *name = a->name ? *a->name : NULL;

	if (c->opened) {
		vb_error_set(err, VB_ERR_OPERATION_INVALID, VB_FROM_RPC,
			     "Requested operation is not valid: connection already open");
		return -1;
	}
	if (!uri_is_ours(name)) {
		vb_error_set(err, VB_ERR_NO_CONNECT, VB_FROM_RPC,
			     "no connection driver available for %s: virtbasaltd serves %s", name,
			     VB_URI);
		return -1;
	}
	if (a->flags & VIR_CONNECT_RO)
		c->readonly = true;
	c->opened = true;
	return 0;
}

int vb_connect_close(struct vb_client *c, const void *args, void *ret, struct vb_error *err)
{
	vb_events_client_gone(c);
	c->close_callback = false;
	c->opened = false;
	return 0;
}

int vb_connect_register_close_callback(struct vb_client *c, const void *args, void *ret,
				       struct vb_error *err)
{
	c->close_callback = true;
	return 0;
}

int vb_connect_unregister_close_callback(struct vb_client *c, const void *args, void *ret,
					 struct vb_error *err)
{
	c->close_callback = false;
	return 0;
}

int vb_connect_get_type(struct vb_client *c, const void *args, void *ret, struct vb_error *err)
{
	((remote_connect_get_type_ret *)ret)->type = xstrdup(VB_TYPE);
	return 0;
}

int vb_connect_get_version(struct vb_client *c, const void *args, void *ret, struct vb_error *err)
{
	((remote_connect_get_version_ret *)ret)->hv_ver = VB_HV_VERSION;
	return 0;
}

int vb_connect_get_lib_version(struct vb_client *c, const void *args, void *ret,
			       struct vb_error *err)
{
	((remote_connect_get_lib_version_ret *)ret)->lib_ver = VB_LIB_VERSION;
	return 0;
}

int vb_connect_get_uri(struct vb_client *c, const void *args, void *ret, struct vb_error *err)
{
	((remote_connect_get_uri_ret *)ret)->uri = xstrdup(VB_URI);
	return 0;
}

int vb_connect_is_secure(struct vb_client *c, const void *args, void *ret, struct vb_error *err)
{
	/* A local UNIX socket is; plain TCP is not encrypted. */
	((remote_connect_is_secure_ret *)ret)->secure = !c->tcp;
	return 0;
}

int vb_connect_get_hostname(struct vb_client *c, const void *args, void *ret, struct vb_error *err)
{
	char host[256];

	if (gethostname(host, sizeof(host)) < 0) {
		vb_error_set(err, VB_ERR_INTERNAL_ERROR, VB_FROM_DRIVER,
			     "internal error: gethostname failed: %s", g_strerror(errno));
		return -1;
	}
	host[sizeof(host) - 1] = '\0';
	((remote_connect_get_hostname_ret *)ret)->hostname = xstrdup(host);
	return 0;
}

int vb_connect_get_max_vcpus(struct vb_client *c, const void *args, void *ret, struct vb_error *err)
{
	const remote_connect_get_max_vcpus_args *a = args;
	const char *type = a->type ? *a->type : NULL;

	if (type && g_ascii_strcasecmp(type, "xen") && g_ascii_strcasecmp(type, "kvm") &&
	    g_ascii_strcasecmp(type, VB_TYPE)) {
		vb_error_set(err, VB_ERR_INVALID_ARG, VB_FROM_DRIVER,
			     "invalid argument: unknown type '%s': Basalt knows 'xen' and 'kvm'",
			     type);
		return -1;
	}
	((remote_connect_get_max_vcpus_ret *)ret)->max_vcpus = VB_GUEST_MAX_VCPUS;
	return 0;
}

int vb_node_get_info(struct vb_client *c, const void *args, void *ret, struct vb_error *err)
{
	remote_node_get_info_ret *r = ret;
	struct vb_host_info hi;

	if (vb_host_info_get(&hi, err) < 0)
		return -1;
	/* char model[32] travels as 32 XDR chars; NUL-padded like libvirt's. */
	memcpy(r->model, hi.model, sizeof(r->model));
	r->memory = hi.memory_kib;
	r->cpus = hi.cpus;
	r->mhz = hi.mhz;
	r->nodes = hi.nodes;
	r->sockets = hi.sockets;
	r->cores = hi.cores;
	r->threads = hi.threads;
	vb_host_info_dispose(&hi);
	return 0;
}

int vb_connect_get_capabilities(struct vb_client *c, const void *args, void *ret,
				struct vb_error *err)
{
	char *xml = vb_capabilities_xml(err);

	if (!xml)
		return -1;
	((remote_connect_get_capabilities_ret *)ret)->capabilities = xml;
	return 0;
}

int vb_connect_get_domain_capabilities(struct vb_client *c, const void *args, void *ret,
				       struct vb_error *err)
{
	const remote_connect_get_domain_capabilities_args *a = args;
	char *xml;

	if (a->flags) {
		vb_error_set(
		    err, VB_ERR_INVALID_ARG, VB_FROM_DRIVER,
		    "invalid argument: unsupported flags (0x%x) in virConnectGetDomainCapabilities",
		    a->flags);
		return -1;
	}
	xml = vb_domain_capabilities_xml(a->emulatorbin ? *a->emulatorbin : NULL,
					 a->arch ? *a->arch : NULL, a->machine ? *a->machine : NULL,
					 a->virttype ? *a->virttype : NULL, err);
	if (!xml)
		return -1;
	((remote_connect_get_domain_capabilities_ret *)ret)->capabilities = xml;
	return 0;
}

/* The SMBIOS facts the kernel exposes (absent on many ARM boards): one
 * <section> with an entry per readable /sys/class/dmi/id file, or nothing. */
static void sysinfo_section(GString *x, const char *section, const char *const *map)
{
	GString *entries = g_string_new(NULL);

	for (; *map; map += 2) {
		char *path = g_build_filename("/sys/class/dmi/id", map[1], NULL);
		char *text = NULL;

		if (g_file_get_contents(path, &text, NULL, NULL)) {
			char *v = g_markup_escape_text(g_strstrip(text), -1);
			if (*v)
				g_string_append_printf(entries, "    <entry name='%s'>%s</entry>\n",
						       map[0], v);
			g_free(v);
		}
		g_free(text);
		g_free(path);
	}
	if (entries->len)
		g_string_append_printf(x, "  <%s>\n%s  </%s>\n", section, entries->str, section);
	g_string_free(entries, TRUE);
}

int vb_connect_get_sysinfo(struct vb_client *c, const void *args, void *ret, struct vb_error *err)
{
	static const char *const bios[] = {"vendor", "bios_vendor", "version", "bios_version",
					   "date",   "bios_date",   NULL};
	static const char *const system[] = {"manufacturer", "sys_vendor",     "product",
					     "product_name", "version",	       "product_version",
					     "serial",	     "product_serial", NULL};
	const remote_connect_get_sysinfo_args *a = args;
	GString *x;

	if (a->flags) {
		vb_error_set(err, VB_ERR_INVALID_ARG, VB_FROM_DRIVER,
			     "invalid argument: unsupported flags (0x%x) in virConnectGetSysinfo",
			     a->flags);
		return -1;
	}
	x = g_string_new("<sysinfo type='smbios'>\n");
	sysinfo_section(x, "bios", bios);
	sysinfo_section(x, "system", system);
	g_string_append(x, "</sysinfo>\n");
	((remote_connect_get_sysinfo_ret *)ret)->sysinfo = g_string_free(x, FALSE);
	return 0;
}

int vb_node_get_free_memory(struct vb_client *c, const void *args, void *ret, struct vb_error *err)
{
	struct vb_host_mem m;

	if (vb_host_mem_get(&m, err) < 0)
		return -1;
	((remote_node_get_free_memory_ret *)ret)->freeMem = m.free * 1024; /* bytes */
	return 0;
}

int vb_node_get_cells_free_memory(struct vb_client *c, const void *args, void *ret,
				  struct vb_error *err)
{
	const remote_node_get_cells_free_memory_args *a = args;
	remote_node_get_cells_free_memory_ret *r = ret;
	struct vb_host_mem m;

	if (a->maxcells <= 0 || a->maxcells > REMOTE_NODE_MAX_CELLS || a->startCell != 0) {
		vb_error_set(
		    err, VB_ERR_INVALID_ARG, VB_FROM_DRIVER,
		    "invalid argument: cells %d..%d out of range: the host has 1 NUMA cell",
		    a->startCell, a->startCell + a->maxcells - 1);
		return -1;
	}
	if (vb_host_mem_get(&m, err) < 0)
		return -1;
	r->cells.cells_len = 1;
	r->cells.cells_val = g_new0(uint64_t, 1);
	r->cells.cells_val[0] = m.free * 1024;
	return 0;
}

int vb_node_get_memory_stats(struct vb_client *c, const void *args, void *ret, struct vb_error *err)
{
	const remote_node_get_memory_stats_args *a = args;
	remote_node_get_memory_stats_ret *r = ret;
	struct vb_host_mem m;
	const char *names[] = {"total", "free", "buffers", "cached"};
	uint64_t values[4];
	int n = G_N_ELEMENTS(names);

	/* VIR_NODE_MEMORY_STATS_ALL_CELLS is -1; the host is one cell, 0. */
	if (a->cellNum != -1 && a->cellNum != 0) {
		vb_error_set(err, VB_ERR_INVALID_ARG, VB_FROM_DRIVER,
			     "invalid argument: cell %d out of range: the host has 1 NUMA cell",
			     a->cellNum);
		return -1;
	}
	if (a->nparams < 0 || a->nparams > REMOTE_NODE_MEMORY_STATS_MAX) {
		vb_error_set(err, VB_ERR_INVALID_ARG, VB_FROM_DRIVER,
			     "invalid argument: nparams %d out of range 0..%d", a->nparams,
			     REMOTE_NODE_MEMORY_STATS_MAX);
		return -1;
	}
	r->nparams = n;
	if (a->nparams == 0) /* the caller asks how many there are */
		return 0;
	if (vb_host_mem_get(&m, err) < 0)
		return -1;
	values[0] = m.total;
	values[1] = m.free;
	values[2] = m.buffers;
	values[3] = m.cached;
	n = MIN(n, a->nparams);
	r->params.params_len = n;
	r->params.params_val = g_new0(remote_node_get_memory_stats, n);
	for (int i = 0; i < n; i++) {
		r->params.params_val[i].field = xstrdup(names[i]);
		r->params.params_val[i].value = values[i];
	}
	return 0;
}

int vb_node_get_cpu_stats(struct vb_client *c, const void *args, void *ret, struct vb_error *err)
{
	const remote_node_get_cpu_stats_args *a = args;
	remote_node_get_cpu_stats_ret *r = ret;
	struct vb_host_cpu_times t;
	const char *names[] = {"kernel", "user", "idle", "iowait"};
	uint64_t values[4];
	int n = G_N_ELEMENTS(names);

	/* VIR_NODE_CPU_STATS_ALL_CPUS is -1. */
	if (a->cpuNum < -1 || a->nparams < 0 || a->nparams > REMOTE_NODE_CPU_STATS_MAX) {
		vb_error_set(err, VB_ERR_INVALID_ARG, VB_FROM_DRIVER,
			     "invalid argument: cpuNum %d / nparams %d out of range (-1.. / 0..%d)",
			     a->cpuNum, a->nparams, REMOTE_NODE_CPU_STATS_MAX);
		return -1;
	}
	r->nparams = n;
	if (a->nparams == 0) /* the caller asks how many there are */
		return 0;
	if (vb_host_cpu_times_get(a->cpuNum, &t, err) < 0)
		return -1;
	values[0] = t.kernel;
	values[1] = t.user;
	values[2] = t.idle;
	values[3] = t.iowait;
	n = MIN(n, a->nparams);
	r->params.params_len = n;
	r->params.params_val = g_new0(remote_node_get_cpu_stats, n);
	for (int i = 0; i < n; i++) {
		r->params.params_val[i].field = xstrdup(names[i]);
		r->params.params_val[i].value = values[i];
	}
	return 0;
}

int vb_node_get_cpu_map(struct vb_client *c, const void *args, void *ret, struct vb_error *err)
{
	const remote_node_get_cpu_map_args *a = args;
	remote_node_get_cpu_map_ret *r = ret;
	struct vb_host_info hi;
	size_t maplen;

	if (vb_host_info_get(&hi, err) < 0)
		return -1;
	maplen = (hi.cpus_present + 7) / 8;
	if (maplen > REMOTE_CPUMAP_MAX) {
		vb_error_set(err, VB_ERR_INTERNAL_ERROR, VB_FROM_DRIVER,
			     "internal error: %d host CPUs do not fit a CPU map of %d bytes",
			     hi.cpus_present, REMOTE_CPUMAP_MAX);
		vb_host_info_dispose(&hi);
		return -1;
	}
	if (a->need_map) {
		r->cpumap.cpumap_len = maplen;
		r->cpumap.cpumap_val = g_malloc0(maplen);
		for (guint i = 0; i < hi.cpu->len; i++) {
			const struct vb_host_cpu *cpu =
			    &g_array_index(hi.cpu, struct vb_host_cpu, i);
			if (cpu->online)
				r->cpumap.cpumap_val[cpu->id / 8] |= 1u << (cpu->id % 8);
		}
	}
	if (a->need_online)
		r->online = hi.cpus;
	r->ret = hi.cpus_present;
	vb_host_info_dispose(&hi);
	return 0;
}

int vb_node_get_security_model(struct vb_client *c, const void *args, void *ret,
			       struct vb_error *err)
{
	/* No security driver: empty model and doi, so clients print nothing. */
	return 0;
}

int vb_node_num_of_devices(struct vb_client *c, const void *args, void *ret, struct vb_error *err)
{
	((remote_node_num_of_devices_ret *)ret)->num = 0;
	return 0;
}

int vb_node_list_devices(struct vb_client *c, const void *args, void *ret, struct vb_error *err)
{
	const remote_node_list_devices_args *a = args;

	if (a->maxnames < 0 || a->maxnames > REMOTE_NODE_DEVICE_LIST_MAX) {
		vb_error_set(err, VB_ERR_RPC, VB_FROM_RPC,
			     "maxnames %d out of range 0..%d (REMOTE_NODE_DEVICE_LIST_MAX)",
			     a->maxnames, REMOTE_NODE_DEVICE_LIST_MAX);
		return -1;
	}
	return 0;
}

int vb_connect_list_all_node_devices(struct vb_client *c, const void *args, void *ret,
				     struct vb_error *err)
{
	((remote_connect_list_all_node_devices_ret *)ret)->ret = 0;
	return 0;
}
