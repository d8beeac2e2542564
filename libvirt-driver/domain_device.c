/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * domain_device.c - <devices>: parse, check, format.
 *
 * Policy per element:
 *  - modelled and checked: emulator disk controller interface serial console
 *    graphics input video memballoon. The fields virtbasaltd understands are
 *    read into struct bdom_device; everything else inside the element
 *    (addresses, aliases, boot order, driver tuning, log files) is kept and
 *    written back, with the modelled fields written over it;
 *  - kept verbatim: the device classes of kept_devices[] (rng, channel, sound,
 *    watchdog, tpm, ... : the aarch64 dialect of Nova and virt-install emits
 *    some of them; the hypervisor may not provide them yet);
 *  - any other element is rejected with an error naming it.
 * Runtime-only content is dropped (pty paths, as libvirt does for an inactive
 * definition) and secrets (graphics passwd) are written only with SECURE.
 */
#include "domain_device.h"
#include "domain_xml_util.h"

#include <string.h>
#include <sys/random.h>

static const char *const kept_devices[] = {
    "channel",	"rng",	     "sound",  "watchdog",    "panic", "tpm",	"audio", "filesystem",
    "redirdev", "smartcard", "hub",    "parallel",    "shmem", "iommu", "vsock", "hostdev",
    "lease",	"crypto",    "memory", "redirfilter", "nvram", NULL,
};

static bool check_enum(const char *value, const char *field, const char *const *allowed,
		       GError **error)
{
	g_autofree char *list = NULL;

	if (bx_in(value, allowed))
		return true;
	list = g_strjoinv(", ", (char **)allowed);
	g_set_error(error, BDOM_ERROR, BDOM_ERR_CONFIG_UNSUPPORTED,
		    "unsupported configuration: %s '%.64s' is not supported (expected one of: %s)",
		    field, value ? value : "", list);
	return false;
}

static bool check_abs_path(const char *path, const char *field, GError **error)
{
	if (path && g_path_is_absolute(path) && !strchr(path, '\n'))
		return true;
	g_set_error(error, BDOM_ERROR, BDOM_ERR_XML_ERROR,
		    "XML error: %s must be an absolute path, not '%.256s'", field,
		    path ? path : "");
	return false;
}

/* ---- per class --------------------------------------------------------------- */

static const char *disk_bus_from_target(const char *dev)
{
	if (g_str_has_prefix(dev, "xvd"))
		return "xen";
	if (g_str_has_prefix(dev, "vd"))
		return "virtio";
	if (g_str_has_prefix(dev, "sd"))
		return "scsi";
	if (g_str_has_prefix(dev, "hd"))
		return "ide";
	return NULL;
}

static const char *disk_source_attr(const char *type)
{
	if (!strcmp(type, "file"))
		return "file";
	if (!strcmp(type, "block"))
		return "dev";
	if (!strcmp(type, "dir"))
		return "dir";
	return NULL;
}

static bool parse_disk(struct bdom_device *dev, GError **error)
{
	static const char *const types[] = {"file", "block", "dir", "network", "volume", NULL};
	static const char *const devices[] = {"disk", "cdrom", "floppy", "lun", NULL};
	static const char *const buses[] = {"xen", "virtio", "scsi", "sata", "usb", "ide", NULL};
	xmlNodePtr target = bx_child(dev->node, "target");
	xmlNodePtr source = bx_child(dev->node, "source");
	xmlNodePtr driver = bx_child(dev->node, "driver");
	const char *src_attr;

	dev->type = bx_prop(dev->node, "type");
	if (!dev->type)
		dev->type = g_strdup("file");
	dev->disk.device = bx_prop(dev->node, "device");
	if (!dev->disk.device)
		dev->disk.device = g_strdup("disk");
	if (!check_enum(dev->type, "disk type", types, error) ||
	    !check_enum(dev->disk.device, "disk device", devices, error))
		return false;
	if (!target || !(dev->disk.target = bx_prop(target, "dev"))) {
		g_set_error(
		    error, BDOM_ERROR, BDOM_ERR_XML_ERROR,
		    "XML error: missing target information for device <disk> (<target dev=...>)");
		return false;
	}
	if (!g_regex_match_simple("^[a-z]+[a-z0-9]*$", dev->disk.target, 0, 0) ||
	    strlen(dev->disk.target) > 32) {
		g_set_error(
		    error, BDOM_ERROR, BDOM_ERR_XML_ERROR,
		    "XML error: invalid disk target '%.64s' (expected a name like xvda or vda)",
		    dev->disk.target);
		return false;
	}
	dev->disk.bus = bx_prop(target, "bus");
	if (!dev->disk.bus)
		dev->disk.bus = g_strdup(disk_bus_from_target(dev->disk.target));
	if (!dev->disk.bus) {
		g_set_error(
		    error, BDOM_ERROR, BDOM_ERR_XML_ERROR,
		    "XML error: cannot tell the bus of disk target '%s'; add <target bus=...>",
		    dev->disk.target);
		return false;
	}
	if (!check_enum(dev->disk.bus, "disk bus", buses, error))
		return false;
	src_attr = disk_source_attr(dev->type);
	if (source && src_attr) {
		dev->disk.source = bx_prop(source, src_attr);
		if (dev->disk.source &&
		    !check_abs_path(dev->disk.source, "disk <source> path", error))
			return false;
	}
	if (driver && (dev->disk.format = bx_prop(driver, "type")) &&
	    !g_regex_match_simple("^[a-z0-9]+$", dev->disk.format, 0, 0)) {
		g_set_error(error, BDOM_ERROR, BDOM_ERR_XML_ERROR,
			    "XML error: invalid disk format '%.64s' in <driver type>",
			    dev->disk.format);
		return false;
	}
	dev->disk.readonly = bx_child(dev->node, "readonly") != NULL;
	return true;
}

static bool parse_controller(struct bdom_device *dev, GError **error)
{
	static const char *const types[] = {"xenbus", "usb",  "pci", "virtio-serial",
					    "scsi",   "sata", "ide", "ccid",
					    "fdc",    "isa",  NULL};
	g_autofree char *index = bx_prop(dev->node, "index");

	dev->type = bx_prop(dev->node, "type");
	if (!check_enum(dev->type, "controller type", types, error))
		return false;
	dev->controller.index = -1; /* assigned in finish */
	if (index &&
	    !bx_parse_int(index, "<controller index>", 0, 65535, &dev->controller.index, error))
		return false;
	dev->controller.model = bx_prop(dev->node, "model");
	return true;
}

static bool parse_mac(const char *mac, char out[18], GError **error)
{
	unsigned int b[6];
	char tail;

	if (sscanf(mac, "%2x:%2x:%2x:%2x:%2x:%2x%c", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5],
		   &tail) != 6 ||
	    !g_regex_match_simple("^([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}$", mac, 0, 0)) {
		g_set_error(error, BDOM_ERROR, BDOM_ERR_XML_ERROR,
			    "XML error: unable to parse mac address '%.64s'", mac);
		return false;
	}
	if (b[0] & 1) {
		g_set_error(error, BDOM_ERROR, BDOM_ERR_XML_ERROR,
			    "XML error: expected unicast mac address, found multicast '%s'", mac);
		return false;
	}
	snprintf(out, 18, "%02x:%02x:%02x:%02x:%02x:%02x", b[0] & 0xff, b[1] & 0xff, b[2] & 0xff,
		 b[3] & 0xff, b[4] & 0xff, b[5] & 0xff);
	return true;
}

/* Xen's OUI for Xen guests, QEMU's for the others, as libxl and libvirt do. */
static void generate_mac(const struct bdom_def *def, char out[18])
{
	unsigned char r[3];

	if (getrandom(r, sizeof(r), 0) != sizeof(r)) {
		guint32 v = g_random_int();

		memcpy(r, &v, 3);
	}
	snprintf(out, 18, "%s:%02x:%02x:%02x",
		 def->virt_type == BDOM_VIRT_XEN ? "00:16:3e" : "52:54:00", r[0], r[1], r[2]);
}

static bool parse_interface(struct bdom_device *dev, const struct bdom_def *def, GError **error)
{
	static const char *const types[] = {"bridge", "network",   "ethernet", "user",
					    "direct", "vhostuser", "server",   "client",
					    "mcast",  "udp",	   "null",     NULL};
	xmlNodePtr mac = bx_child(dev->node, "mac");
	xmlNodePtr model = bx_child(dev->node, "model");
	xmlNodePtr source = bx_child(dev->node, "source");
	g_autofree char *addr = mac ? bx_prop(mac, "address") : NULL;

	dev->type = bx_prop(dev->node, "type");
	if (!check_enum(dev->type, "interface type", types, error))
		return false;
	if (addr) {
		if (!parse_mac(addr, dev->net.mac, error))
			return false;
	} else {
		generate_mac(def, dev->net.mac);
	}
	if (model && (dev->net.model = bx_prop(model, "type")) &&
	    !g_regex_match_simple("^[a-zA-Z0-9_-]+$", dev->net.model, 0, 0)) {
		g_set_error(error, BDOM_ERROR, BDOM_ERR_XML_ERROR,
			    "XML error: invalid interface model '%.64s'", dev->net.model);
		return false;
	}
	if (source && !strcmp(dev->type, "bridge"))
		dev->net.source = bx_prop(source, "bridge");
	else if (source && !strcmp(dev->type, "network"))
		dev->net.source = bx_prop(source, "network");
	return true;
}

static bool parse_chr(struct bdom_device *dev, const struct bdom_def *def, GError **error)
{
	static const char *const types[] = {"pty",	"file",	     "null", "vc",  "stdio",
					    "dev",	"pipe",	     "tcp",  "udp", "unix",
					    "spicevmc", "spiceport", NULL};
	xmlNodePtr target = bx_child(dev->node, "target");
	g_autofree char *port = target ? bx_prop(target, "port") : NULL;

	dev->type = bx_prop(dev->node, "type");
	if (!dev->type)
		dev->type = g_strdup("pty");
	if (!check_enum(dev->type, dev->kind == BDOM_DEV_CONSOLE ? "console type" : "serial type",
			types, error))
		return false;
	if (!strcmp(dev->type, "pty")) {
		/* The pty path exists only while the domain runs. */
		xmlNodePtr src;

		xmlUnsetProp(dev->node, BAD_CAST "tty");
		while ((src = bx_child(dev->node, "source"))) {
			xmlUnlinkNode(src);
			xmlFreeNode(src);
		}
	}
	dev->chr.port = 0;
	if (port && !bx_parse_int(port, "chardev <target port>", 0, 65535, &dev->chr.port, error))
		return false;
	dev->chr.target_type = target ? bx_prop(target, "type") : NULL;
	if (!dev->chr.target_type && dev->kind == BDOM_DEV_CONSOLE)
		dev->chr.target_type = g_strdup(def->os.type == BDOM_OS_XEN ? "xen" : "serial");
	if (dev->chr.target_type &&
	    !g_regex_match_simple("^[a-z][a-z-]*$", dev->chr.target_type, 0, 0)) {
		g_set_error(error, BDOM_ERROR, BDOM_ERR_XML_ERROR,
			    "XML error: invalid chardev target type '%.64s'", dev->chr.target_type);
		return false;
	}
	return true;
}

static bool parse_graphics(struct bdom_device *dev, GError **error)
{
	static const char *const types[] = {"spice",   "vnc",	       "sdl",  "rdp",
					    "desktop", "egl-headless", "dbus", NULL};
	g_autofree char *port = bx_prop(dev->node, "port");
	g_autofree char *autoport = bx_prop(dev->node, "autoport");

	dev->type = bx_prop(dev->node, "type");
	if (!check_enum(dev->type, "graphics type", types, error))
		return false;
	dev->graphics.port = -1;
	if (port && !bx_parse_int(port, "<graphics port>", -1, 65535, &dev->graphics.port, error))
		return false;
	if (autoport && strcmp(autoport, "yes") && strcmp(autoport, "no")) {
		g_set_error(
		    error, BDOM_ERROR, BDOM_ERR_XML_ERROR,
		    "XML error: invalid value '%.32s' for <graphics autoport>: expected 'yes' or 'no'",
		    autoport);
		return false;
	}
	dev->graphics.autoport = autoport ? !strcmp(autoport, "yes") : dev->graphics.port == -1;
	dev->graphics.listen = bx_prop(dev->node, "listen");
	return true;
}

static bool parse_input(struct bdom_device *dev, GError **error)
{
	static const char *const types[] = {"mouse",	   "tablet", "keyboard",
					    "passthrough", "evdev",  NULL};
	static const char *const buses[] = {"ps2", "usb", "xen", "virtio", "none", NULL};

	dev->type = bx_prop(dev->node, "type");
	dev->input.bus = bx_prop(dev->node, "bus");
	return check_enum(dev->type, "input type", types, error) &&
	       (!dev->input.bus || check_enum(dev->input.bus, "input bus", buses, error));
}

static bool parse_video(struct bdom_device *dev, const struct bdom_def *def, GError **error)
{
	static const char *const models[] = {"virtio", "xen",	"vga", "cirrus", "qxl",
					     "ramfb",  "bochs", "gop", "none",	 NULL};
	xmlNodePtr model = bx_child(dev->node, "model");
	g_autofree char *heads = model ? bx_prop(model, "heads") : NULL;

	dev->video.model = model ? bx_prop(model, "type") : NULL;
	if (!dev->video.model)
		dev->video.model = g_strdup(def->os.type == BDOM_OS_XEN ? "xen" : "virtio");
	if (!check_enum(dev->video.model, "video model", models, error))
		return false;
	dev->video.heads = 1;
	if (heads && !bx_parse_uint(heads, "<video><model heads>", 16, &dev->video.heads, error))
		return false;
	return true;
}

static bool parse_balloon(struct bdom_device *dev, GError **error)
{
	static const char *const models[] = {
	    "virtio", "xen", "none", "virtio-transitional", "virtio-non-transitional", NULL};

	dev->balloon.model = bx_prop(dev->node, "model");
	return check_enum(dev->balloon.model, "memballoon model", models, error);
}

static bool parse_emulator(xmlNodePtr node, struct bdom_def *def, GError **error)
{
	if (def->emulator) {
		g_set_error(error, BDOM_ERROR, BDOM_ERR_XML_ERROR,
			    "XML error: element <emulator> appears more than once");
		return false;
	}
	def->emulator = g_strstrip(bx_text(node));
	return check_abs_path(def->emulator, "<emulator>", error);
}

/* ---- the list ---------------------------------------------------------------- */

static const struct {
	const char *name;
	enum bdom_device_kind kind;
} device_classes[] = {
    {"disk", BDOM_DEV_DISK},
    {"controller", BDOM_DEV_CONTROLLER},
    {"interface", BDOM_DEV_INTERFACE},
    {"serial", BDOM_DEV_SERIAL},
    {"console", BDOM_DEV_CONSOLE},
    {"graphics", BDOM_DEV_GRAPHICS},
    {"input", BDOM_DEV_INPUT},
    {"video", BDOM_DEV_VIDEO},
    {"memballoon", BDOM_DEV_MEMBALLOON},
};

static bool parse_device(struct bdom_device *dev, const struct bdom_def *def, GError **error)
{
	switch (dev->kind) {
	case BDOM_DEV_DISK:
		return parse_disk(dev, error);
	case BDOM_DEV_CONTROLLER:
		return parse_controller(dev, error);
	case BDOM_DEV_INTERFACE:
		return parse_interface(dev, def, error);
	case BDOM_DEV_SERIAL:
	case BDOM_DEV_CONSOLE:
		return parse_chr(dev, def, error);
	case BDOM_DEV_GRAPHICS:
		return parse_graphics(dev, error);
	case BDOM_DEV_INPUT:
		return parse_input(dev, error);
	case BDOM_DEV_VIDEO:
		return parse_video(dev, def, error);
	case BDOM_DEV_MEMBALLOON:
		return parse_balloon(dev, error);
	case BDOM_DEV_KEPT:
		return true;
	}
	return true;
}

static bool classify(xmlNodePtr c, enum bdom_device_kind *kind, GError **error)
{
	const char *n = (const char *)c->name;

	if (!c->ns) {
		for (size_t i = 0; i < G_N_ELEMENTS(device_classes); i++) {
			if (!strcmp(n, device_classes[i].name)) {
				*kind = device_classes[i].kind;
				return true;
			}
		}
		if (bx_in(n, kept_devices)) {
			*kind = BDOM_DEV_KEPT;
			return true;
		}
	}
	g_set_error(error, BDOM_ERROR, BDOM_ERR_CONFIG_UNSUPPORTED,
		    "unsupported configuration: unknown device element <devices><%s>", n);
	return false;
}

bool bdom_devices_parse(xmlNodePtr devices, struct bdom_def *def, GError **error)
{
	for (xmlNodePtr c = devices->children; c; c = c->next) {
		enum bdom_device_kind kind;
		struct bdom_device *dev;

		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (!c->ns && !strcmp((const char *)c->name, "emulator")) {
			if (!parse_emulator(c, def, error))
				return false;
			continue;
		}
		if (!classify(c, &kind, error))
			return false;
		if (def->devices->len >= BDOM_DEVICES_MAX) {
			g_set_error(
			    error, BDOM_ERROR, BDOM_ERR_CONFIG_UNSUPPORTED,
			    "unsupported configuration: more than %d devices (BDOM_DEVICES_MAX)",
			    BDOM_DEVICES_MAX);
			return false;
		}
		dev = bdom_device_new(kind, xmlCopyNode(c, 1));
		g_ptr_array_add(def->devices, dev);
		if (!parse_device(dev, def, error))
			return false;
	}
	return true;
}

static bool finish_disks(struct bdom_def *def, GError **error)
{
	g_autoptr(GHashTable) targets = g_hash_table_new(g_str_hash, g_str_equal);

	for (guint i = 0; i < def->devices->len; i++) {
		struct bdom_device *d = def->devices->pdata[i], *other;

		if (d->kind != BDOM_DEV_DISK)
			continue;
		other = g_hash_table_lookup(targets, d->disk.target);
		if (other) {
			g_set_error(
			    error, BDOM_ERROR, BDOM_ERR_XML_ERROR,
			    "XML error: target '%s' duplicated for disk sources '%s' and '%s'",
			    d->disk.target, other->disk.source ? other->disk.source : "",
			    d->disk.source ? d->disk.source : "");
			return false;
		}
		g_hash_table_insert(targets, d->disk.target, d);
	}
	return true;
}

static bool finish_controllers(struct bdom_def *def, GError **error)
{
	g_autoptr(GHashTable) used = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);

	/* Explicit indexes first, then number the others from the lowest free one. */
	for (int pass = 0; pass < 2; pass++) {
		for (guint i = 0; i < def->devices->len; i++) {
			struct bdom_device *d = def->devices->pdata[i];
			char *key;

			if (d->kind != BDOM_DEV_CONTROLLER || (d->controller.index < 0) != pass)
				continue;
			if (pass == 1) {
				d->controller.index = 0;
				while (TRUE) {
					g_autofree char *k =
					    g_strdup_printf("%s/%d", d->type, d->controller.index);

					if (!g_hash_table_contains(used, k))
						break;
					d->controller.index++;
				}
			}
			key = g_strdup_printf("%s/%d", d->type, d->controller.index);
			if (!g_hash_table_add(used, key)) {
				g_set_error(error, BDOM_ERROR, BDOM_ERR_XML_ERROR,
					    "XML error: multiple '%s' controllers with index %d",
					    d->type, d->controller.index);
				return false;
			}
		}
	}
	return true;
}

bool bdom_devices_finish(struct bdom_def *def, GError **error)
{
	return finish_disks(def, error) && finish_controllers(def, error);
}

/* ---- format ------------------------------------------------------------------ */

static void set_prop(xmlNodePtr n, const char *name, const char *value)
{
	if (value)
		xmlSetProp(n, BAD_CAST name, BAD_CAST value);
}

static void format_disk(const struct bdom_device *dev, xmlNodePtr n)
{
	const char *src_attr = disk_source_attr(dev->type);

	set_prop(n, "type", dev->type);
	set_prop(n, "device", dev->disk.device);
	if (dev->disk.format)
		bx_set_child_prop(n, "driver", "type", dev->disk.format);
	if (dev->disk.source && src_attr)
		bx_set_child_prop(n, "source", src_attr, dev->disk.source);
	bx_set_child_prop(n, "target", "dev", dev->disk.target);
	bx_set_child_prop(n, "target", "bus", dev->disk.bus);
}

static void format_device(const struct bdom_device *dev, xmlNodePtr n, unsigned int flags)
{
	char buf[16];

	switch (dev->kind) {
	case BDOM_DEV_DISK:
		format_disk(dev, n);
		break;
	case BDOM_DEV_CONTROLLER:
		set_prop(n, "type", dev->type);
		snprintf(buf, sizeof(buf), "%d", dev->controller.index);
		set_prop(n, "index", buf);
		break;
	case BDOM_DEV_INTERFACE:
		set_prop(n, "type", dev->type);
		bx_set_child_prop(n, "mac", "address", dev->net.mac);
		break;
	case BDOM_DEV_SERIAL:
	case BDOM_DEV_CONSOLE:
		set_prop(n, "type", dev->type);
		if (dev->chr.target_type)
			bx_set_child_prop(n, "target", "type", dev->chr.target_type);
		snprintf(buf, sizeof(buf), "%d", dev->chr.port);
		bx_set_child_prop(n, "target", "port", buf);
		break;
	case BDOM_DEV_GRAPHICS:
		set_prop(n, "type", dev->type);
		if (!(flags & BDOM_FORMAT_SECURE))
			xmlUnsetProp(n, BAD_CAST "passwd");
		if (!strcmp(dev->type, "vnc") || !strcmp(dev->type, "spice")) {
			snprintf(buf, sizeof(buf), "%d", dev->graphics.port);
			set_prop(n, "port", buf);
			set_prop(n, "autoport", dev->graphics.autoport ? "yes" : "no");
		}
		break;
	case BDOM_DEV_VIDEO:
		bx_set_child_prop(n, "model", "type", dev->video.model);
		snprintf(buf, sizeof(buf), "%u", dev->video.heads);
		bx_set_child_prop(n, "model", "heads", buf);
		break;
	case BDOM_DEV_INPUT:
		set_prop(n, "type", dev->type);
		break;
	case BDOM_DEV_MEMBALLOON:
		set_prop(n, "model", dev->balloon.model);
		break;
	case BDOM_DEV_KEPT:
		break;
	}
}

void bdom_devices_format(const struct bdom_def *def, xmlNodePtr parent, unsigned int flags)
{
	xmlNodePtr devices = xmlNewChild(parent, NULL, BAD_CAST "devices", NULL);

	if (def->emulator)
		xmlNewTextChild(devices, NULL, BAD_CAST "emulator", BAD_CAST def->emulator);
	for (guint i = 0; i < def->devices->len; i++) {
		const struct bdom_device *dev = def->devices->pdata[i];
		xmlNodePtr n = xmlDocCopyNode(dev->node, parent->doc, 1);

		format_device(dev, n, flags);
		xmlAddChild(devices, n);
	}
}
