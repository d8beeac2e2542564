/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * domain_conf.h - virtbasaltd's model of a domain definition.
 *
 * One model serves both XML dialects the libvirt ecosystem writes for an ARM
 * Xen-style guest:
 *  - libvirt's Xen dialect: <domain type='xen'>, os type linux/xen, machine
 *    xenpv, kernel/initrd/cmdline, xen disk bus, netfront, pty console;
 *  - the aarch64 dialect of Nova and virt-install: <domain type='kvm'>, os
 *    type hvm, arch aarch64, machine virt, virtio devices.
 *
 * The fields a hypervisor needs are modelled and checked (name, UUID, memory,
 * vCPUs, boot, lifecycle, devices). What is not modelled follows a per-element
 * rule, documented in domain_parse.c: either the element is kept verbatim and
 * written back unchanged, or the definition is rejected with an error that
 * names the element. Nothing is dropped silently.
 *
 * Errors are GErrors in BDOM_ERROR whose code is a libvirt virErrorNumber and
 * whose message is the full text the client prints (libvirt style, e.g.
 * "XML error: ..."), so the RPC layer can pass them on unchanged.
 */
#ifndef VIRTBASALTD_DOMAIN_CONF_H
#define VIRTBASALTD_DOMAIN_CONF_H

#include <glib.h>
#include <libxml/tree.h>
#include <stdbool.h>
#include <stdint.h>

/* ---- errors ---------------------------------------------------------------- */

#define BDOM_ERROR bdom_error_quark()
GQuark bdom_error_quark(void);

/* The libvirt error numbers we raise (include/libvirt/virterror.h). */
enum bdom_error_code {
	BDOM_ERR_INTERNAL_ERROR = 1,
	BDOM_ERR_NO_SUPPORT = 3,
	BDOM_ERR_INVALID_ARG = 8,
	BDOM_ERR_OPERATION_FAILED = 9,
	BDOM_ERR_XML_ERROR = 27,
	BDOM_ERR_SYSTEM_ERROR = 38,
	BDOM_ERR_NO_DOMAIN = 42,
	BDOM_ERR_OPERATION_INVALID = 55,
	BDOM_ERR_CONFIG_UNSUPPORTED = 67,
	BDOM_ERR_NO_DOMAIN_METADATA = 80,
	BDOM_ERR_XML_INVALID_SCHEMA = 92,
};

/* ---- limits (named so an error can say which one was hit) ------------------ */

/* Longest domain name in bytes; libvirt has no fixed limit, ours keeps file names sane. */
#define BDOM_NAME_MAX 200
/* Largest memory a definition may ask for, KiB (1 TiB). */
#define BDOM_MEMORY_MAX_KIB (1ULL << 30)
/* Most vCPUs a domain may declare (GICv3 redistributors the board can give one guest). */
#define BDOM_VCPUS_MAX 128
/* Largest accepted definition, bytes (REMOTE_STRING_MAX). */
#define BDOM_XML_MAX 4194304
/* Longest title in bytes (one line, shown by virsh list --title). */
#define BDOM_TITLE_MAX 1024
/* Most devices of all kinds in one definition. */
#define BDOM_DEVICES_MAX 1024

/* ---- the model --------------------------------------------------------------- */

enum bdom_virt_type { BDOM_VIRT_XEN, BDOM_VIRT_KVM, BDOM_VIRT_QEMU };
/* Guest kind: Xen PV-style (os type xen, printed "linux") or full-system "hvm". */
enum bdom_os_type { BDOM_OS_XEN, BDOM_OS_HVM };

enum bdom_lifecycle {
	BDOM_LC_DESTROY,
	BDOM_LC_RESTART,
	BDOM_LC_RESTART_RENAME,
	BDOM_LC_PRESERVE,
	BDOM_LC_COREDUMP_DESTROY,
	BDOM_LC_COREDUMP_RESTART,
};

enum bdom_device_kind {
	BDOM_DEV_DISK,
	BDOM_DEV_CONTROLLER,
	BDOM_DEV_INTERFACE,
	BDOM_DEV_SERIAL,
	BDOM_DEV_CONSOLE,
	BDOM_DEV_GRAPHICS,
	BDOM_DEV_INPUT,
	BDOM_DEV_VIDEO,
	BDOM_DEV_MEMBALLOON,
	BDOM_DEV_KEPT, /* a device class we keep verbatim (rng, channel, sound, ...) */
};

/*
 * A device: the fields virtbasaltd understands, over the element it came
 * from. The element holds whatever the model does not cover (addresses,
 * aliases, boot order, driver tuning); formatting writes the modelled fields
 * onto a copy of it, so both survive a round trip.
 */
struct bdom_device {
	enum bdom_device_kind kind;
	xmlNodePtr node; /* owned; unlinked copy of the input element */
	char *type; /* type attribute (disk, interface, chardev, graphics, input, controller) */
	union {
		struct {
			char *device; /* disk | cdrom | floppy | lun */
			char *source; /* file/dev path, NULL when empty */
			char *target; /* xvda, vda, sda ... */
			char *bus;    /* xen | virtio | scsi | sata | usb */
			char *format; /* driver type: raw | qcow2 ... */
			bool readonly;
		} disk;
		struct {
			int index;
			char *model;
		} controller;
		struct {
			char mac[18]; /* aa:bb:cc:dd:ee:ff */
			char *model;  /* netfront | virtio | ... */
			char *source; /* bridge / network name */
		} net;
		struct {
			char *target_type; /* xen | serial | virtio | system-serial ... */
			int port;
		} chr;
		struct {
			int port; /* -1: automatic */
			bool autoport;
			char *listen;
		} graphics;
		struct {
			char *bus;
		} input;
		struct {
			char *model;
			unsigned int heads;
		} video;
		struct {
			char *model;
		} balloon;
	};
};

struct bdom_def {
	enum bdom_virt_type virt_type;
	char *name;
	unsigned char uuid[16];
	char *title;	     /* NULL when absent */
	char *description;   /* NULL when absent */
	xmlNodePtr metadata; /* owned <metadata> element or NULL */

	uint64_t memory_kib;  /* <memory>: maximum */
	uint64_t current_kib; /* <currentMemory> */
	unsigned int vcpus_max;
	unsigned int vcpus_current;
	char *cpuset;	     /* <vcpu cpuset=...>, NULL when absent */
	bool placement_auto; /* <vcpu placement='auto'> */

	struct {
		enum bdom_os_type type;
		char *arch;    /* always aarch64 */
		char *machine; /* xenpv | virt ... */
		char *kernel, *initrd, *cmdline, *root, *dtb;
		xmlNodePtr node; /* owned copy of <os> (loader, nvram, boot ...) */
	} os;

	enum bdom_lifecycle on_poweroff, on_reboot, on_crash;
	char *emulator;

	GPtrArray *devices; /* struct bdom_device *, in document order */
	/* Other top-level elements kept verbatim (features, cpu, clock, ...), in order. */
	GPtrArray *kept; /* xmlNodePtr, owned */
};

/* Strings of the enumerations, as libvirt writes them. */
const char *bdom_virt_type_str(enum bdom_virt_type t);
const char *bdom_lifecycle_str(enum bdom_lifecycle a);
/* "linux" for BDOM_OS_XEN in the Xen dialect, as libvirt prints it. */
const char *bdom_os_type_str(const struct bdom_def *def);

struct bdom_def *bdom_def_new(void);
void bdom_def_free(struct bdom_def *def);
typedef struct bdom_def bdom_def; /* for g_autoptr() */
G_DEFINE_AUTOPTR_CLEANUP_FUNC(bdom_def, bdom_def_free)
struct bdom_device *bdom_device_new(enum bdom_device_kind kind, xmlNodePtr node);
void bdom_device_free(struct bdom_device *dev);

/* A deep copy (through format and parse; used for copy-on-write updates). */
struct bdom_def *bdom_def_copy(const struct bdom_def *def, GError **error);

/* ---- checks shared by parse and the update calls ----------------------------- */

/* Name rules: non-empty, <= BDOM_NAME_MAX bytes, valid UTF-8, no '/', no control chars. */
bool bdom_check_name(const char *name, GError **error);
/* Title: one line, <= BDOM_TITLE_MAX bytes, valid UTF-8. */
bool bdom_check_title(const char *title, GError **error);
/* Description: valid UTF-8 without control characters other than tab/newline. */
bool bdom_check_description(const char *desc, GError **error);
/* Memory rules: 0 < kib <= BDOM_MEMORY_MAX_KIB; names the field in the error. */
bool bdom_check_memory(const char *field, uint64_t kib, GError **error);
bool bdom_check_vcpus(unsigned int current, unsigned int max, GError **error);

/* UUID helpers: 16 raw bytes <-> "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx". */
void bdom_uuid_format(const unsigned char uuid[16], char out[37]);
bool bdom_uuid_parse(const char *str, unsigned char uuid[16]);
void bdom_uuid_generate(unsigned char uuid[16]);

/* ---- XML --------------------------------------------------------------------- */

enum {
	BDOM_PARSE_VALIDATE = 1 << 0, /* also check the input against libvirt's RNG schema */
};

/* Parse a definition. Returns NULL and sets error (naming the field) on bad input. */
struct bdom_def *bdom_def_parse_string(const char *xml, unsigned int flags, GError **error);

enum {
	BDOM_FORMAT_SECURE = 1 << 0,   /* VIR_DOMAIN_XML_SECURE: include secrets (passwords) */
	BDOM_FORMAT_INACTIVE = 1 << 1, /* VIR_DOMAIN_XML_INACTIVE */
};

/*
 * Format a definition as libvirt would print it; the result validates against
 * libvirt's domain.rng. id >= 0 adds the id attribute of a running domain.
 */
char *bdom_def_format(const struct bdom_def *def, int id, unsigned int flags);

#endif
