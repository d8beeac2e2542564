/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * domain_format.c - struct bdom_def to domain XML, as libvirt prints it.
 *
 * The output validates against libvirt's domain.rng. The one place the model
 * and the schema disagree is os type xen: the schema allows no aarch64 arch
 * there (ostypexen), so the Xen dialect is printed without arch=, the way
 * libvirt's own libxl driver prints a PV guest; the model keeps aarch64.
 */
#include "domain_conf.h"
#include "domain_device.h"
#include "domain_xml_util.h"

#include <string.h>

static void add_text(xmlNodePtr parent, const char *name, const char *value)
{
	if (value)
		xmlNewTextChild(parent, NULL, BAD_CAST name, BAD_CAST value);
}

static void add_memory(xmlNodePtr parent, const char *name, uint64_t kib)
{
	char buf[32];
	xmlNodePtr n;

	snprintf(buf, sizeof(buf), "%" G_GUINT64_FORMAT, kib);
	n = xmlNewTextChild(parent, NULL, BAD_CAST name, BAD_CAST buf);
	xmlSetProp(n, BAD_CAST "unit", BAD_CAST "KiB");
}

static void add_vcpu(xmlNodePtr parent, const struct bdom_def *def)
{
	char buf[16];
	xmlNodePtr n;

	snprintf(buf, sizeof(buf), "%u", def->vcpus_max);
	n = xmlNewTextChild(parent, NULL, BAD_CAST "vcpu", BAD_CAST buf);
	xmlSetProp(n, BAD_CAST "placement", BAD_CAST(def->placement_auto ? "auto" : "static"));
	if (def->cpuset)
		xmlSetProp(n, BAD_CAST "cpuset", BAD_CAST def->cpuset);
	if (def->vcpus_current != def->vcpus_max) {
		snprintf(buf, sizeof(buf), "%u", def->vcpus_current);
		xmlSetProp(n, BAD_CAST "current", BAD_CAST buf);
	}
}

static bool is_kernel_elem(xmlNodePtr c)
{
	static const char *const names[] = {"type", "kernel", "initrd", "cmdline",
					    "root", "dtb",    NULL};

	return !c->ns && bx_in((const char *)c->name, names);
}

static void add_os(xmlNodePtr parent, const struct bdom_def *def)
{
	xmlNodePtr os = xmlNewChild(parent, NULL, BAD_CAST "os", NULL);
	xmlNodePtr type =
	    xmlNewTextChild(os, NULL, BAD_CAST "type", BAD_CAST bdom_os_type_str(def));
	g_autofree char *firmware = bx_prop(def->os.node, "firmware");

	if (firmware)
		xmlSetProp(os, BAD_CAST "firmware", BAD_CAST firmware);
	if (def->os.type == BDOM_OS_HVM)
		xmlSetProp(type, BAD_CAST "arch", BAD_CAST def->os.arch);
	xmlSetProp(type, BAD_CAST "machine", BAD_CAST def->os.machine);
	/* Kept firmware and boot elements, in their order. */
	for (xmlNodePtr c = def->os.node->children; c; c = c->next) {
		if (c->type == XML_ELEMENT_NODE && !is_kernel_elem(c))
			xmlAddChild(os, xmlDocCopyNode(c, parent->doc, 1));
	}
	add_text(os, "kernel", def->os.kernel);
	add_text(os, "initrd", def->os.initrd);
	add_text(os, "root", def->os.root);
	add_text(os, "cmdline", def->os.cmdline);
	add_text(os, "dtb", def->os.dtb);
}

/* The schema interleaves the top-level elements, so kept ones go in one block. */
static void add_kept(xmlNodePtr parent, const struct bdom_def *def)
{
	for (guint i = 0; i < def->kept->len; i++)
		xmlAddChild(parent, xmlDocCopyNode(def->kept->pdata[i], parent->doc, 1));
}

char *bdom_def_format(const struct bdom_def *def, int id, unsigned int flags)
{
	xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
	xmlNodePtr root = xmlNewNode(NULL, BAD_CAST "domain");
	char uuid[37], buf[16];
	xmlChar *mem = NULL;
	int len = 0;
	char *ret;

	xmlDocSetRootElement(doc, root);
	xmlSetProp(root, BAD_CAST "type", BAD_CAST bdom_virt_type_str(def->virt_type));
	if (id >= 0 && !(flags & BDOM_FORMAT_INACTIVE)) {
		snprintf(buf, sizeof(buf), "%d", id);
		xmlSetProp(root, BAD_CAST "id", BAD_CAST buf);
	}
	add_text(root, "name", def->name);
	bdom_uuid_format(def->uuid, uuid);
	add_text(root, "uuid", uuid);
	add_text(root, "title", def->title);
	add_text(root, "description", def->description);
	if (def->metadata)
		xmlAddChild(root, xmlDocCopyNode(def->metadata, doc, 1));
	add_memory(root, "memory", def->memory_kib);
	add_memory(root, "currentMemory", def->current_kib);
	add_vcpu(root, def);
	add_os(root, def);
	add_kept(root, def);
	add_text(root, "on_poweroff", bdom_lifecycle_str(def->on_poweroff));
	add_text(root, "on_reboot", bdom_lifecycle_str(def->on_reboot));
	add_text(root, "on_crash", bdom_lifecycle_str(def->on_crash));
	bdom_devices_format(def, root, flags);

	xmlDocDumpFormatMemoryEnc(doc, &mem, &len, "UTF-8", 1);
	/* Drop the XML declaration, as libvirt does. */
	ret = g_strdup(g_str_has_prefix((char *)mem, "<?xml") ? strchr((char *)mem, '\n') + 1
							      : (char *)mem);
	xmlFree(mem);
	xmlFreeDoc(doc);
	return ret;
}
