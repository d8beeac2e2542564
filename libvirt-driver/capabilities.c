/* SPDX-License-Identifier: GPL-2.0-only */
#include "capabilities.h"

#include <string.h>
#include <unistd.h>
#include <glib.h>

#include "host.h"

static void caps_host_cpu(GString *x, const struct vb_host_info *hi)
{
	long page_kib = sysconf(_SC_PAGESIZE) / 1024;

	g_string_append_printf(x,
			       "    <cpu>\n"
			       "      <arch>%s</arch>\n"
			       "      <topology sockets='%d' dies='1' cores='%d' threads='%d'/>\n"
			       "      <pages unit='KiB' size='%ld'/>\n"
			       "    </cpu>\n",
			       hi->arch, hi->sockets * hi->nodes, hi->cores, hi->threads,
			       page_kib > 0 ? page_kib : 4);
}

static void caps_host_topology(GString *x, const struct vb_host_info *hi)
{
	g_string_append_printf(x,
			       "    <topology>\n"
			       "      <cells num='1'>\n"
			       "        <cell id='0'>\n"
			       "          <memory unit='KiB'>%" G_GUINT64_FORMAT "</memory>\n"
			       "          <cpus num='%d'>\n",
			       hi->memory_kib, hi->cpus);
	for (guint i = 0; i < hi->cpu->len; i++) {
		const struct vb_host_cpu *c = &g_array_index(hi->cpu, struct vb_host_cpu, i);
		if (!c->online)
			continue;
		g_string_append_printf(
		    x,
		    "            <cpu id='%d' socket_id='%d' die_id='0' core_id='%d' siblings='%s'/>\n",
		    c->id, c->socket_id, c->core_id, c->siblings ? c->siblings : "");
	}
	g_string_append(x, "          </cpus>\n"
			   "        </cell>\n"
			   "      </cells>\n"
			   "    </topology>\n");
}

static void caps_guests(GString *x)
{
	g_string_append_printf(x,
			       "  <guest>\n"
			       "    <os_type>xen</os_type>\n"
			       "    <arch name='%s'>\n"
			       "      <wordsize>64</wordsize>\n"
			       "      <machine maxCpus='%d'>xenpv</machine>\n"
			       "      <domain type='xen'/>\n"
			       "    </arch>\n"
			       "  </guest>\n"
			       "  <guest>\n"
			       "    <os_type>hvm</os_type>\n"
			       "    <arch name='%s'>\n"
			       "      <wordsize>64</wordsize>\n"
			       "      <machine maxCpus='%d'>virt</machine>\n"
			       "      <domain type='kvm'/>\n"
			       "    </arch>\n"
			       "  </guest>\n",
			       VB_GUEST_ARCH, VB_GUEST_MAX_VCPUS, VB_GUEST_ARCH,
			       VB_GUEST_MAX_VCPUS);
}

char *vb_capabilities_xml(struct vb_error *err)
{
	struct vb_host_info hi;
	GString *x;
	char *uuid;

	if (vb_host_info_get(&hi, err) < 0)
		return NULL;
	uuid = vb_host_uuid();
	x = g_string_new("<capabilities>\n  <host>\n");
	g_string_append_printf(x, "    <uuid>%s</uuid>\n", uuid);
	caps_host_cpu(x, &hi);
	g_string_append(x, "    <power_management/>\n"
			   "    <iommu support='no'/>\n");
	caps_host_topology(x, &hi);
	g_string_append(x, "  </host>\n");
	caps_guests(x);
	g_string_append(x, "</capabilities>\n");
	g_free(uuid);
	vb_host_info_dispose(&hi);
	return g_string_free(x, FALSE);
}

const char *vb_capabilities_emulator(void)
{
	static char *path;

	if (!path) {
		path = g_file_read_link("/proc/self/exe", NULL);
		if (!path || !g_path_is_absolute(path)) {
			g_free(path);
			path = g_strdup("/usr/sbin/virtbasaltd");
		}
	}
	return path;
}

/* Which (virttype, machine) pairs exist; NULL picks the pair's default. */
static int domcaps_pick(const char **virttype, const char **machine, struct vb_error *err)
{
	if (!*virttype)
		*virttype = *machine && !strcmp(*machine, "xenpv") ? "xen" : "kvm";
	if (strcmp(*virttype, "kvm") && strcmp(*virttype, "xen")) {
		vb_error_set(
		    err, VB_ERR_INVALID_ARG, VB_FROM_DRIVER,
		    "invalid argument: unknown virttype '%s': Basalt offers 'xen' and 'kvm'",
		    *virttype);
		return -1;
	}
	if (!*machine)
		*machine = !strcmp(*virttype, "xen") ? "xenpv" : "virt";
	if (strcmp(*machine, "virt") && strcmp(*machine, "xenpv")) {
		vb_error_set(
		    err, VB_ERR_INVALID_ARG, VB_FROM_DRIVER,
		    "invalid argument: the machine '%s' is not supported for virttype '%s': Basalt offers 'virt' and 'xenpv'",
		    *machine, *virttype);
		return -1;
	}
	return 0;
}

char *vb_domain_capabilities_xml(const char *emulator, const char *arch, const char *machine,
				 const char *virttype, struct vb_error *err)
{
	const char *path = vb_capabilities_emulator();

	if (arch && strcmp(arch, VB_GUEST_ARCH)) {
		vb_error_set(
		    err, VB_ERR_INVALID_ARG, VB_FROM_DRIVER,
		    "invalid argument: architecture '%s' is not supported: Basalt runs %s guests",
		    arch, VB_GUEST_ARCH);
		return NULL;
	}
	if (emulator && strcmp(emulator, path)) {
		vb_error_set(err, VB_ERR_INVALID_ARG, VB_FROM_DRIVER,
			     "invalid argument: emulator '%s' is not Basalt's (%s)", emulator,
			     path);
		return NULL;
	}
	if (domcaps_pick(&virttype, &machine, err) < 0)
		return NULL;
	return g_markup_printf_escaped("<domainCapabilities>\n"
				       "  <path>%s</path>\n"
				       "  <domain>%s</domain>\n"
				       "  <machine>%s</machine>\n"
				       "  <arch>%s</arch>\n"
				       "  <vcpu max='%d'/>\n"
				       "  <iothreads supported='no'/>\n"
				       "  <os supported='yes'>\n"
				       "    <loader supported='no'/>\n"
				       "  </os>\n"
				       "  <cpu>\n"
				       "    <mode name='host-passthrough' supported='yes'/>\n"
				       "    <mode name='maximum' supported='no'/>\n"
				       "    <mode name='host-model' supported='no'/>\n"
				       "    <mode name='custom' supported='no'/>\n"
				       "  </cpu>\n"
				       "  <devices>\n"
				       "    <disk supported='yes'>\n"
				       "      <enum name='diskDevice'>\n"
				       "        <value>disk</value>\n"
				       "      </enum>\n"
				       "      <enum name='bus'>\n"
				       "        <value>virtio</value>\n"
				       "        <value>xen</value>\n"
				       "      </enum>\n"
				       "      <enum name='model'/>\n"
				       "    </disk>\n"
				       "    <graphics supported='no'/>\n"
				       "    <video supported='no'/>\n"
				       "    <hostdev supported='no'/>\n"
				       "  </devices>\n"
				       "  <features>\n"
				       "    <gic supported='no'/>\n"
				       "    <vmcoreinfo supported='no'/>\n"
				       "    <genid supported='no'/>\n"
				       "    <sev supported='no'/>\n"
				       "  </features>\n"
				       "</domainCapabilities>\n",
				       path, virttype, machine, VB_GUEST_ARCH, VB_GUEST_MAX_VCPUS);
}
