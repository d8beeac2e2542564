/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * domain_conf.c - lifetime of the domain model and the checks shared by the
 * XML parser and the calls that change a definition (setmem, rename, ...).
 */
#include "domain_conf.h"

#include <stdio.h>
#include <string.h>

G_DEFINE_QUARK(bdom - error - quark, bdom_error)

const char *bdom_virt_type_str(enum bdom_virt_type t)
{
	switch (t) {
	case BDOM_VIRT_XEN:
		return "xen";
	case BDOM_VIRT_KVM:
		return "kvm";
	case BDOM_VIRT_QEMU:
		return "qemu";
	}
	return "xen";
}

const char *bdom_lifecycle_str(enum bdom_lifecycle a)
{
	static const char *const names[] = {
	    [BDOM_LC_DESTROY] = "destroy",
	    [BDOM_LC_RESTART] = "restart",
	    [BDOM_LC_RESTART_RENAME] = "rename-restart",
	    [BDOM_LC_PRESERVE] = "preserve",
	    [BDOM_LC_COREDUMP_DESTROY] = "coredump-destroy",
	    [BDOM_LC_COREDUMP_RESTART] = "coredump-restart",
	};
	return names[a];
}

const char *bdom_os_type_str(const struct bdom_def *def)
{
	/* libvirt prints os type xen as "linux" for backwards compatibility. */
	return def->os.type == BDOM_OS_XEN ? "linux" : "hvm";
}

struct bdom_def *bdom_def_new(void)
{
	struct bdom_def *def = g_new0(struct bdom_def, 1);

	def->devices = g_ptr_array_new_with_free_func((GDestroyNotify)bdom_device_free);
	def->kept = g_ptr_array_new_with_free_func((GDestroyNotify)xmlFreeNode);
	def->on_poweroff = BDOM_LC_DESTROY;
	def->on_reboot = BDOM_LC_RESTART;
	def->on_crash = BDOM_LC_DESTROY;
	return def;
}

void bdom_def_free(struct bdom_def *def)
{
	if (!def)
		return;
	g_free(def->name);
	g_free(def->title);
	g_free(def->description);
	if (def->metadata)
		xmlFreeNode(def->metadata);
	g_free(def->cpuset);
	g_free(def->os.arch);
	g_free(def->os.machine);
	g_free(def->os.kernel);
	g_free(def->os.initrd);
	g_free(def->os.cmdline);
	g_free(def->os.root);
	g_free(def->os.dtb);
	if (def->os.node)
		xmlFreeNode(def->os.node);
	g_free(def->emulator);
	g_ptr_array_unref(def->devices);
	g_ptr_array_unref(def->kept);
	g_free(def);
}

struct bdom_device *bdom_device_new(enum bdom_device_kind kind, xmlNodePtr node)
{
	struct bdom_device *dev = g_new0(struct bdom_device, 1);

	dev->kind = kind;
	dev->node = node;
	return dev;
}

void bdom_device_free(struct bdom_device *dev)
{
	if (!dev)
		return;
	switch (dev->kind) {
	case BDOM_DEV_DISK:
		g_free(dev->disk.device);
		g_free(dev->disk.source);
		g_free(dev->disk.target);
		g_free(dev->disk.bus);
		g_free(dev->disk.format);
		break;
	case BDOM_DEV_CONTROLLER:
		g_free(dev->controller.model);
		break;
	case BDOM_DEV_INTERFACE:
		g_free(dev->net.model);
		g_free(dev->net.source);
		break;
	case BDOM_DEV_SERIAL:
	case BDOM_DEV_CONSOLE:
		g_free(dev->chr.target_type);
		break;
	case BDOM_DEV_GRAPHICS:
		g_free(dev->graphics.listen);
		break;
	case BDOM_DEV_INPUT:
		g_free(dev->input.bus);
		break;
	case BDOM_DEV_VIDEO:
		g_free(dev->video.model);
		break;
	case BDOM_DEV_MEMBALLOON:
		g_free(dev->balloon.model);
		break;
	case BDOM_DEV_KEPT:
		break;
	}
	g_free(dev->type);
	if (dev->node)
		xmlFreeNode(dev->node);
	g_free(dev);
}

struct bdom_def *bdom_def_copy(const struct bdom_def *def, GError **error)
{
	g_autofree char *xml = bdom_def_format(def, -1, BDOM_FORMAT_SECURE | BDOM_FORMAT_INACTIVE);

	return bdom_def_parse_string(xml, 0, error);
}

/* ---- checks ----------------------------------------------------------------- */

static bool has_control_chars(const char *s, bool allow_newline)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (allow_newline && (*p == '\n' || *p == '\t' || *p == '\r'))
			continue;
		if (*p < 0x20 || *p == 0x7f)
			return true;
	}
	return false;
}

bool bdom_check_name(const char *name, GError **error)
{
	if (!name || !*name) {
		g_set_error(error, BDOM_ERROR, BDOM_ERR_XML_ERROR,
			    "XML error: domain name must not be empty (element <name>)");
		return false;
	}
	if (strlen(name) > BDOM_NAME_MAX) {
		g_set_error(
		    error, BDOM_ERROR, BDOM_ERR_XML_ERROR,
		    "XML error: domain name is %zu bytes long, longer than the limit of %d (BDOM_NAME_MAX)",
		    strlen(name), BDOM_NAME_MAX);
		return false;
	}
	if (!g_utf8_validate(name, -1, NULL)) {
		g_set_error(error, BDOM_ERROR, BDOM_ERR_XML_ERROR,
			    "XML error: domain name is not valid UTF-8");
		return false;
	}
	if (strchr(name, '/')) {
		g_set_error(error, BDOM_ERROR, BDOM_ERR_XML_ERROR,
			    "XML error: name '%s' cannot contain '/'", name);
		return false;
	}
	if (has_control_chars(name, false)) {
		g_set_error(error, BDOM_ERROR, BDOM_ERR_XML_ERROR,
			    "XML error: domain name must not contain control characters");
		return false;
	}
	if (!strcmp(name, ".") || !strcmp(name, "..")) {
		g_set_error(error, BDOM_ERROR, BDOM_ERR_XML_ERROR,
			    "XML error: domain name '%s' is reserved", name);
		return false;
	}
	return true;
}

bool bdom_check_title(const char *title, GError **error)
{
	if (!g_utf8_validate(title, -1, NULL)) {
		g_set_error(error, BDOM_ERROR, BDOM_ERR_XML_ERROR,
			    "XML error: title is not valid UTF-8");
		return false;
	}
	if (strlen(title) > BDOM_TITLE_MAX) {
		g_set_error(
		    error, BDOM_ERROR, BDOM_ERR_XML_ERROR,
		    "XML error: title is %zu bytes long, longer than the limit of %d (BDOM_TITLE_MAX)",
		    strlen(title), BDOM_TITLE_MAX);
		return false;
	}
	if (has_control_chars(title, false)) {
		/* The schema allows one line only; libvirt says the same. */
		g_set_error(error, BDOM_ERROR, BDOM_ERR_XML_ERROR,
			    "XML error: title can't contain newlines or control characters");
		return false;
	}
	return true;
}

bool bdom_check_description(const char *desc, GError **error)
{
	if (!g_utf8_validate(desc, -1, NULL) || has_control_chars(desc, true)) {
		g_set_error(
		    error, BDOM_ERROR, BDOM_ERR_XML_ERROR,
		    "XML error: description must be valid UTF-8 text without control characters");
		return false;
	}
	return true;
}

bool bdom_check_memory(const char *field, uint64_t kib, GError **error)
{
	if (kib == 0) {
		g_set_error(error, BDOM_ERROR, BDOM_ERR_XML_ERROR,
			    "XML error: %s size must be greater than 0", field);
		return false;
	}
	if (kib > BDOM_MEMORY_MAX_KIB) {
		g_set_error(error, BDOM_ERROR, BDOM_ERR_CONFIG_UNSUPPORTED,
			    "unsupported configuration: %s size %" G_GUINT64_FORMAT
			    " KiB exceeds the limit of %llu KiB (BDOM_MEMORY_MAX_KIB)",
			    field, kib, BDOM_MEMORY_MAX_KIB);
		return false;
	}
	return true;
}

bool bdom_check_vcpus(unsigned int current, unsigned int max, GError **error)
{
	if (max == 0 || current == 0) {
		g_set_error(error, BDOM_ERROR, BDOM_ERR_XML_ERROR,
			    "XML error: vcpu count must be greater than 0 (element <vcpu>)");
		return false;
	}
	if (max > BDOM_VCPUS_MAX) {
		g_set_error(
		    error, BDOM_ERROR, BDOM_ERR_CONFIG_UNSUPPORTED,
		    "unsupported configuration: %u vcpus exceed the limit of %d (BDOM_VCPUS_MAX)",
		    max, BDOM_VCPUS_MAX);
		return false;
	}
	if (current > max) {
		g_set_error(
		    error, BDOM_ERROR, BDOM_ERR_INVALID_ARG,
		    "invalid argument: requested vcpus is greater than max allowable vcpus for the domain: %u > %u",
		    current, max);
		return false;
	}
	return true;
}

/* ---- UUIDs ------------------------------------------------------------------- */

void bdom_uuid_format(const unsigned char uuid[16], char out[37])
{
	snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		 uuid[0], uuid[1], uuid[2], uuid[3], uuid[4], uuid[5], uuid[6], uuid[7], uuid[8],
		 uuid[9], uuid[10], uuid[11], uuid[12], uuid[13], uuid[14], uuid[15]);
}

/* Accepts the canonical form and, like libvirt, the form without dashes. */
bool bdom_uuid_parse(const char *str, unsigned char uuid[16])
{
	int n = 0;
	const char *p = str;

	while (*p == ' ')
		p++;
	while (*p && n < 32) {
		int v;

		if (*p == '-') {
			p++;
			continue;
		}
		if (!g_ascii_isxdigit(*p))
			return false;
		v = g_ascii_xdigit_value(*p);
		if (n % 2 == 0)
			uuid[n / 2] = v << 4;
		else
			uuid[n / 2] |= v;
		n++;
		p++;
	}
	while (*p == ' ')
		p++;
	return n == 32 && *p == '\0';
}

void bdom_uuid_generate(unsigned char uuid[16])
{
	for (int i = 0; i < 16; i += 4) {
		guint32 r = g_random_int();

		memcpy(uuid + i, &r, 4);
	}
	uuid[6] = (uuid[6] & 0x0f) | 0x40; /* version 4 */
	uuid[8] = (uuid[8] & 0x3f) | 0x80; /* RFC 4122 variant */
}
