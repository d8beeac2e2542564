/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * domain_parse.c - domain XML (both dialects) into struct bdom_def.
 *
 * Per-element policy for what the model does not cover, top level:
 *  - modelled: name uuid title description metadata memory currentMemory vcpu
 *    os on_poweroff on_reboot on_crash devices;
 *  - kept verbatim and written back unchanged (no effect on the hypervisor
 *    yet, but a client's intent survives): see kept_elements[] below
 *    (features, cpu, clock, cputune, memoryBacking, sysinfo, pm, seclabel...);
 *  - anything else, and any element in a foreign namespace (e.g.
 *    qemu:commandline), is rejected with an error that names it.
 * Inside <os>: type kernel initrd cmdline root dtb are modelled; for hvm the
 * firmware-related children (loader nvram boot bootmenu smbios bios firmware
 * acpi) are kept; for os type xen only the kernel elements are allowed.
 * Devices: see domain_device_parse.c.
 * Runtime-only content (the id attribute, pty paths) is dropped, as libvirt
 * does when it parses an inactive definition.
 */
#include "domain_conf.h"
#include "domain_device.h"
#include "domain_schema.h"
#include "domain_xml_util.h"

#include <libxml/parser.h>
#include <string.h>

static const char *const kept_elements[] = {
    "features",
    "cpu",
    "clock",
    "genid",
    "maxMemory",
    "vcpus",
    "iothreads",
    "iothreadids",
    "cputune",
    "memoryBacking",
    "memtune",
    "blkiotune",
    "numatune",
    "resource",
    "sysinfo",
    "idmap",
    "pm",
    "perf",
    "seclabel",
    "keywrap",
    "bootloader",
    "bootloader_args",
    "launchSecurity",
    NULL,
};

static bool parse_lifecycle(xmlNodePtr node, bool is_crash, enum bdom_lifecycle *out,
			    GError **error)
{
	g_autofree char *v = g_strstrip(bx_text(node));

	for (int a = BDOM_LC_DESTROY; a <= BDOM_LC_COREDUMP_RESTART; a++) {
		bool crash_only = a == BDOM_LC_COREDUMP_DESTROY || a == BDOM_LC_COREDUMP_RESTART;

		if (strcmp(v, bdom_lifecycle_str(a)))
			continue;
		if (crash_only && !is_crash)
			break;
		*out = a;
		return true;
	}
	g_set_error(error, BDOM_ERROR, BDOM_ERR_XML_ERROR,
		    "XML error: invalid value '%.64s' for <%s>", v, (const char *)node->name);
	return false;
}

static bool parse_uuid(xmlNodePtr node, struct bdom_def *def, GError **error)
{
	g_autofree char *v = bx_text(node);

	if (!bdom_uuid_parse(v, def->uuid)) {
		g_set_error(error, BDOM_ERROR, BDOM_ERR_XML_ERROR,
			    "XML error: malformed uuid element '%.64s'", v);
		return false;
	}
	return true;
}

static bool parse_vcpu(xmlNodePtr node, struct bdom_def *def, GError **error)
{
	static const char *const attrs[] = {"placement", "current", "cpuset", NULL};
	g_autofree char *text = bx_text(node);
	g_autofree char *current = bx_prop(node, "current");
	g_autofree char *placement = bx_prop(node, "placement");

	if (!bx_check_attrs(node, "<vcpu>", attrs, error))
		return false;
	if (!bx_parse_uint(text, "<vcpu>", 65535, &def->vcpus_max, error))
		return false;
	def->vcpus_current = def->vcpus_max;
	if (current && !bx_parse_uint(current, "<vcpu current>", 65535, &def->vcpus_current, error))
		return false;
	if (placement && strcmp(placement, "static") && strcmp(placement, "auto")) {
		g_set_error(
		    error, BDOM_ERROR, BDOM_ERR_XML_ERROR,
		    "XML error: invalid value '%.32s' for <vcpu placement>: expected 'static' or 'auto'",
		    placement);
		return false;
	}
	def->placement_auto = placement && !strcmp(placement, "auto");
	def->cpuset = bx_prop(node, "cpuset");
	if (def->cpuset && !g_regex_match_simple("^\\^?[0-9]+(-[0-9]+)?(,\\^?[0-9]+(-[0-9]+)?)*$",
						 def->cpuset, 0, 0)) {
		g_set_error(error, BDOM_ERROR, BDOM_ERR_XML_ERROR,
			    "XML error: invalid value '%.64s' for <vcpu cpuset>", def->cpuset);
		return false;
	}
	return bdom_check_vcpus(def->vcpus_current, def->vcpus_max, error);
}

/* Each metadata child must be namespaced, one element per namespace (libvirt's rule). */
static bool parse_metadata(xmlNodePtr node, struct bdom_def *def, GError **error)
{
	g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);

	for (xmlNodePtr c = node->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (!c->ns || !c->ns->href) {
			g_set_error(error, BDOM_ERROR, BDOM_ERR_XML_ERROR,
				    "XML error: metadata element <%s> must have a namespace",
				    (const char *)c->name);
			return false;
		}
		if (!g_hash_table_add(seen, (gpointer)c->ns->href)) {
			g_set_error(error, BDOM_ERROR, BDOM_ERR_XML_ERROR,
				    "XML error: more than one metadata element in namespace '%s'",
				    (const char *)c->ns->href);
			return false;
		}
	}
	def->metadata = xmlCopyNode(node, 1);
	return true;
}

static bool parse_os_type(xmlNodePtr type, struct bdom_def *def, GError **error)
{
	static const char *const attrs[] = {"arch", "machine", NULL};
	g_autofree char *os = g_strstrip(bx_text(type));

	if (!bx_check_attrs(type, "<os><type>", attrs, error))
		return false;
	if (!strcmp(os, "xen") || !strcmp(os, "linux")) {
		def->os.type = BDOM_OS_XEN;
	} else if (!strcmp(os, "hvm")) {
		def->os.type = BDOM_OS_HVM;
	} else {
		g_set_error(
		    error, BDOM_ERROR, BDOM_ERR_CONFIG_UNSUPPORTED,
		    "unsupported configuration: os type '%.32s' is not supported (expected 'xen', 'linux' or 'hvm')",
		    os);
		return false;
	}
	if (def->os.type == BDOM_OS_XEN && def->virt_type != BDOM_VIRT_XEN) {
		g_set_error(
		    error, BDOM_ERROR, BDOM_ERR_CONFIG_UNSUPPORTED,
		    "unsupported configuration: os type '%s' requires <domain type='xen'>, not '%s'",
		    os, bdom_virt_type_str(def->virt_type));
		return false;
	}
	def->os.arch = bx_prop(type, "arch");
	if (def->os.arch && strcmp(def->os.arch, "aarch64")) {
		g_set_error(
		    error, BDOM_ERROR, BDOM_ERR_CONFIG_UNSUPPORTED,
		    "unsupported configuration: guest architecture '%.32s' is not supported, only 'aarch64'",
		    def->os.arch);
		return false;
	}
	g_free(def->os.arch);
	def->os.arch = g_strdup("aarch64");
	def->os.machine = bx_prop(type, "machine");
	if (!def->os.machine)
		def->os.machine = g_strdup(def->os.type == BDOM_OS_XEN ? "xenpv" : "virt");
	if (def->os.type == BDOM_OS_XEN
		? strcmp(def->os.machine, "xenpv")
		: !g_regex_match_simple("^virt(-[0-9.]+)?$", def->os.machine, 0, 0)) {
		g_set_error(
		    error, BDOM_ERROR, BDOM_ERR_CONFIG_UNSUPPORTED,
		    "unsupported configuration: machine type '%.64s' is not supported for os type '%s' (expected '%s')",
		    def->os.machine, os, def->os.type == BDOM_OS_XEN ? "xenpv" : "virt");
		return false;
	}
	return true;
}

static bool parse_os_path(xmlNodePtr c, char **out, GError **error)
{
	g_autofree char *v = g_strstrip(bx_text(c));

	if (*out) {
		g_set_error(error, BDOM_ERROR, BDOM_ERR_XML_ERROR,
			    "XML error: element <os><%s> appears more than once",
			    (const char *)c->name);
		return false;
	}
	if (strcmp((const char *)c->name, "cmdline") && !g_path_is_absolute(v)) {
		g_set_error(error, BDOM_ERROR, BDOM_ERR_XML_ERROR,
			    "XML error: <os><%s> must be an absolute path, not '%.256s'",
			    (const char *)c->name, v);
		return false;
	}
	*out = g_steal_pointer(&v);
	return true;
}

static bool parse_os(xmlNodePtr node, struct bdom_def *def, GError **error)
{
	static const char *const hvm_kept[] = {"loader", "nvram",    "boot", "bootmenu",   "smbios",
					       "bios",	 "firmware", "acpi", "bootloader", NULL};
	static const char *const attrs[] = {"firmware", NULL};
	xmlNodePtr type = bx_child(node, "type");

	if (!type) {
		g_set_error(error, BDOM_ERROR, BDOM_ERR_XML_ERROR,
			    "XML error: an os <type> must be specified");
		return false;
	}
	if (!bx_check_attrs(node, "<os>", attrs, error) || !parse_os_type(type, def, error))
		return false;
	for (xmlNodePtr c = node->children; c; c = c->next) {
		const char *n = (const char *)c->name;
		char **slot = NULL;

		if (c->type != XML_ELEMENT_NODE || c == type)
			continue;
		if (!strcmp(n, "kernel"))
			slot = &def->os.kernel;
		else if (!strcmp(n, "initrd"))
			slot = &def->os.initrd;
		else if (!strcmp(n, "cmdline"))
			slot = &def->os.cmdline;
		else if (!strcmp(n, "root"))
			slot = &def->os.root;
		else if (!strcmp(n, "dtb"))
			slot = &def->os.dtb;
		if (slot && !c->ns) {
			if (!parse_os_path(c, slot, error))
				return false;
			continue;
		}
		if (def->os.type == BDOM_OS_HVM && !c->ns && bx_in(n, hvm_kept))
			continue;
		g_set_error(
		    error, BDOM_ERROR, BDOM_ERR_CONFIG_UNSUPPORTED,
		    "unsupported configuration: element <os><%s> is not supported for os type '%s'",
		    n, def->os.type == BDOM_OS_XEN ? "xen" : "hvm");
		return false;
	}
	if (def->os.type == BDOM_OS_XEN && !def->os.kernel) {
		g_set_error(
		    error, BDOM_ERROR, BDOM_ERR_CONFIG_UNSUPPORTED,
		    "unsupported configuration: os type 'xen' needs a <kernel> (there is no bootloader)");
		return false;
	}
	def->os.node = xmlCopyNode(node, 1);
	return true;
}

static bool parse_text_once(xmlNodePtr c, char **slot, GError **error)
{
	if (*slot) {
		g_set_error(error, BDOM_ERROR, BDOM_ERR_XML_ERROR,
			    "XML error: element <%s> appears more than once",
			    (const char *)c->name);
		return false;
	}
	*slot = bx_text(c);
	return true;
}

/* One top-level child of <domain>. seen counts the elements allowed once. */
static bool parse_top_child(xmlNodePtr c, struct bdom_def *def, GHashTable *seen, GError **error)
{
	const char *n = (const char *)c->name;

	if (c->ns) {
		g_autofree char *q = bx_qname(c);

		g_set_error(
		    error, BDOM_ERROR, BDOM_ERR_CONFIG_UNSUPPORTED,
		    "unsupported configuration: element <%s> in namespace '%s' is not supported", q,
		    c->ns->href ? (const char *)c->ns->href : "");
		return false;
	}
	if (!g_hash_table_add(seen, (gpointer)n) && strcmp(n, "sysinfo")) {
		g_set_error(error, BDOM_ERROR, BDOM_ERR_XML_ERROR,
			    "XML error: element <%s> appears more than once", n);
		return false;
	}
	if (!strcmp(n, "name"))
		return parse_text_once(c, &def->name, error);
	if (!strcmp(n, "uuid"))
		return parse_uuid(c, def, error);
	if (!strcmp(n, "title"))
		return parse_text_once(c, &def->title, error) &&
		       bdom_check_title(def->title, error);
	if (!strcmp(n, "description"))
		return parse_text_once(c, &def->description, error) &&
		       bdom_check_description(def->description, error);
	if (!strcmp(n, "metadata"))
		return parse_metadata(c, def, error);
	if (!strcmp(n, "memory"))
		return bx_parse_scaled_kib(c, "<memory>", &def->memory_kib, error);
	if (!strcmp(n, "currentMemory"))
		return bx_parse_scaled_kib(c, "<currentMemory>", &def->current_kib, error);
	if (!strcmp(n, "vcpu"))
		return parse_vcpu(c, def, error);
	if (!strcmp(n, "os"))
		return parse_os(c, def, error);
	if (!strcmp(n, "on_poweroff"))
		return parse_lifecycle(c, false, &def->on_poweroff, error);
	if (!strcmp(n, "on_reboot"))
		return parse_lifecycle(c, false, &def->on_reboot, error);
	if (!strcmp(n, "on_crash"))
		return parse_lifecycle(c, true, &def->on_crash, error);
	if (!strcmp(n, "devices"))
		return bdom_devices_parse(c, def, error);
	if (bx_in(n, kept_elements)) {
		g_ptr_array_add(def->kept, xmlCopyNode(c, 1));
		return true;
	}
	g_set_error(error, BDOM_ERROR, BDOM_ERR_CONFIG_UNSUPPORTED,
		    "unsupported configuration: unknown element <%s> in domain XML", n);
	return false;
}

static bool parse_virt_type(xmlNodePtr root, struct bdom_def *def, GError **error)
{
	static const char *const attrs[] = {"type", "id", NULL};
	g_autofree char *type = bx_prop(root, "type");

	if (!bx_check_attrs(root, "<domain>", attrs, error))
		return false;
	if (!type) {
		g_set_error(error, BDOM_ERROR, BDOM_ERR_XML_ERROR,
			    "XML error: missing domain type attribute");
		return false;
	}
	if (!strcmp(type, "xen"))
		def->virt_type = BDOM_VIRT_XEN;
	else if (!strcmp(type, "kvm"))
		def->virt_type = BDOM_VIRT_KVM;
	else if (!strcmp(type, "qemu"))
		def->virt_type = BDOM_VIRT_QEMU;
	else {
		g_set_error(
		    error, BDOM_ERROR, BDOM_ERR_CONFIG_UNSUPPORTED,
		    "unsupported configuration: domain type '%.32s' is not supported by virtbasaltd (expected 'xen' or 'kvm')",
		    type);
		return false;
	}
	return true;
}

/* Defaults and cross-field rules, once every element is read. */
static bool finish_def(struct bdom_def *def, GError **error)
{
	static const unsigned char zero[16];

	if (!def->name) {
		g_set_error(error, BDOM_ERROR, BDOM_ERR_XML_ERROR,
			    "XML error: missing domain name (element <name>)");
		return false;
	}
	if (!bdom_check_name(def->name, error))
		return false;
	if (!memcmp(def->uuid, zero, 16))
		bdom_uuid_generate(def->uuid);
	if (!def->os.node) {
		g_set_error(error, BDOM_ERROR, BDOM_ERR_XML_ERROR,
			    "XML error: missing <os> element");
		return false;
	}
	if (!def->memory_kib) {
		g_set_error(error, BDOM_ERROR, BDOM_ERR_XML_ERROR,
			    "XML error: missing or zero <memory> element");
		return false;
	}
	if (!bdom_check_memory("<memory>", def->memory_kib, error))
		return false;
	/* libvirt clamps the balloon target to the maximum. */
	if (!def->current_kib || def->current_kib > def->memory_kib)
		def->current_kib = def->memory_kib;
	if (!def->vcpus_max)
		def->vcpus_max = def->vcpus_current = 1;
	return bdom_devices_finish(def, error);
}

static struct bdom_def *parse_root(xmlNodePtr root, GError **error)
{
	g_autoptr(bdom_def) def = bdom_def_new();
	g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);

	if (!root || root->ns || strcmp((const char *)root->name, "domain")) {
		g_set_error(error, BDOM_ERROR, BDOM_ERR_XML_ERROR,
			    "XML error: expecting root element <domain>, not <%s>",
			    root ? (const char *)root->name : "");
		return NULL;
	}
	if (!parse_virt_type(root, def, error))
		return NULL;
	/* <os> first: device defaults depend on the guest kind. */
	for (int pass = 0; pass < 2; pass++) {
		for (xmlNodePtr c = root->children; c; c = c->next) {
			bool is_os = c->type == XML_ELEMENT_NODE && !c->ns &&
				     !strcmp((const char *)c->name, "os");

			if (c->type == XML_TEXT_NODE && !xmlIsBlankNode(c)) {
				g_set_error(error, BDOM_ERROR, BDOM_ERR_XML_ERROR,
					    "XML error: unexpected text in <domain>");
				return NULL;
			}
			if (c->type != XML_ELEMENT_NODE || is_os != (pass == 0))
				continue;
			if (!parse_top_child(c, def, seen, error))
				return NULL;
		}
	}
	if (!finish_def(def, error))
		return NULL;
	return g_steal_pointer(&def);
}

static void init_libxml(void)
{
	static gsize done;

	if (g_once_init_enter(&done)) {
		xmlInitParser();
		g_once_init_leave(&done, 1);
	}
}

struct bdom_def *bdom_def_parse_string(const char *xml, unsigned int flags, GError **error)
{
	xmlParserCtxtPtr ctxt;
	xmlDocPtr doc;
	struct bdom_def *def = NULL;
	size_t len = xml ? strlen(xml) : 0;

	init_libxml();
	if (len == 0 || len > BDOM_XML_MAX) {
		g_set_error(
		    error, BDOM_ERROR, BDOM_ERR_XML_ERROR,
		    "XML error: domain definition is %zu bytes; it must be 1 to %d bytes (BDOM_XML_MAX)",
		    len, BDOM_XML_MAX);
		return NULL;
	}
	ctxt = xmlNewParserCtxt();
	if (!ctxt) {
		g_set_error(error, BDOM_ERROR, BDOM_ERR_INTERNAL_ERROR,
			    "internal error: cannot allocate an XML parser");
		return NULL;
	}
	doc = xmlCtxtReadMemory(ctxt, xml, (int)len, "domain.xml", NULL,
				XML_PARSE_NONET | XML_PARSE_NOBLANKS | XML_PARSE_NOERROR |
				    XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
	if (!doc) {
		xmlErrorPtr e = xmlCtxtGetLastError(ctxt);
		g_autofree char *msg = g_strstrip(g_strdup(e && e->message ? e->message : "?"));

		g_set_error(error, BDOM_ERROR, BDOM_ERR_XML_ERROR,
			    "XML error: malformed domain XML at line %d: %s", e ? e->line : 0, msg);
		goto out;
	}
	if ((flags & BDOM_PARSE_VALIDATE) && !bdom_schema_validate_doc(doc, error))
		goto out;
	def = parse_root(xmlDocGetRootElement(doc), error);
out:
	if (doc)
		xmlFreeDoc(doc);
	xmlFreeParserCtxt(ctxt);
	return def;
}
