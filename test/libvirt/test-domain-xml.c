/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * test-domain-xml.c - golden-file and bad-input tests of virtbasaltd's domain
 * XML parser and formatter (in the manner of libvirt's *xml2xmltest.c).
 *
 * For each test/libvirt/xml/NAME.in.xml: parse, format, compare with
 * NAME.out.xml, check the output against libvirt's domain.rng, and check
 * that parse(output) formats to the same text (define -> dumpxml -> define is
 * stable). BASALT_REGEN_GOLDEN=1 rewrites the .out.xml files.
 */
#include "domain_conf.h"
#include "domain_schema.h"

#include <string.h>

static const char *xml_dir;

static char *format_file(const char *path, GError **error)
{
	g_autofree char *in = NULL;
	g_autoptr(bdom_def) def = NULL;

	if (!g_file_get_contents(path, &in, NULL, error))
		return NULL;
	def = bdom_def_parse_string(in, 0, error);
	if (!def)
		return NULL;
	return bdom_def_format(def, -1, 0);
}

static void test_golden(gconstpointer data)
{
	const char *name = data;
	g_autofree char *in_path = g_strdup_printf("%s/%s.in.xml", xml_dir, name);
	g_autofree char *out_path = g_strdup_printf("%s/%s.out.xml", xml_dir, name);
	g_autoptr(GError) error = NULL;
	g_autofree char *out = format_file(in_path, &error);
	g_autofree char *expected = NULL;
	g_autoptr(bdom_def) again = NULL;
	g_autofree char *out2 = NULL;

	g_assert_no_error(error);
	g_assert_nonnull(out);
	if (g_getenv("BASALT_REGEN_GOLDEN"))
		g_assert_true(g_file_set_contents(out_path, out, -1, NULL));
	g_assert_true(g_file_get_contents(out_path, &expected, NULL, &error));
	g_assert_cmpstr(out, ==, expected);

	if (bdom_schema_available()) {
		bdom_schema_validate_string(out, &error);
		g_assert_no_error(error);
	} else {
		g_test_message("libvirt's domain.rng not installed; schema check skipped");
	}

	again = bdom_def_parse_string(out, 0, &error);
	g_assert_no_error(error);
	out2 = bdom_def_format(again, -1, 0);
	g_assert_cmpstr(out2, ==, out);
}

/* ---- bad input: each must fail with the right code and a message naming the field ---- */

#define XEN_HEAD "<domain type='xen'><name>vm</name>"
#define XEN_OS	 "<os><type>xen</type><kernel>/k</kernel></os>"
#define MEM	 "<memory>1024</memory>"

static const struct bad_case {
	const char *name;
	const char *xml;
	int code;
	const char *message; /* substring of the message */
} bad_cases[] = {
    {"malformed", "<domain type='xen'><name>vm</name>", BDOM_ERR_XML_ERROR, "malformed domain XML"},
    {"empty", "", BDOM_ERR_XML_ERROR, "must be 1 to"},
    {"not-xml", "hello", BDOM_ERR_XML_ERROR, "malformed"},
    {"wrong-root", "<network/>", BDOM_ERR_XML_ERROR, "expecting root element <domain>"},
    {"no-type", "<domain><name>vm</name>" MEM XEN_OS "</domain>", BDOM_ERR_XML_ERROR,
     "missing domain type"},
    {"lxc-type", "<domain type='lxc'><name>vm</name>" MEM XEN_OS "</domain>",
     BDOM_ERR_CONFIG_UNSUPPORTED, "domain type 'lxc'"},
    {"no-name", "<domain type='xen'>" MEM XEN_OS "</domain>", BDOM_ERR_XML_ERROR,
     "missing domain name"},
    {"empty-name", "<domain type='xen'><name></name>" MEM XEN_OS "</domain>", BDOM_ERR_XML_ERROR,
     "must not be empty"},
    {"slash-name", "<domain type='xen'><name>a/b</name>" MEM XEN_OS "</domain>", BDOM_ERR_XML_ERROR,
     "cannot contain '/'"},
    {"ctrl-name", "<domain type='xen'><name>a&#x1;b</name>" MEM XEN_OS "</domain>",
     BDOM_ERR_XML_ERROR, "malformed"},
    {"tab-name", "<domain type='xen'><name>a&#9;b</name>" MEM XEN_OS "</domain>",
     BDOM_ERR_XML_ERROR, "control characters"},
    {"dotdot-name", "<domain type='xen'><name>..</name>" MEM XEN_OS "</domain>", BDOM_ERR_XML_ERROR,
     "reserved"},
    {"two-names", XEN_HEAD "<name>x</name>" MEM XEN_OS "</domain>", BDOM_ERR_XML_ERROR,
     "<name> appears more than once"},
    {"bad-uuid", XEN_HEAD "<uuid>1234</uuid>" MEM XEN_OS "</domain>", BDOM_ERR_XML_ERROR,
     "malformed uuid"},
    {"no-memory", XEN_HEAD XEN_OS "</domain>", BDOM_ERR_XML_ERROR, "<memory>"},
    {"zero-memory", XEN_HEAD "<memory>0</memory>" XEN_OS "</domain>", BDOM_ERR_XML_ERROR,
     "<memory>"},
    {"text-memory", XEN_HEAD "<memory>lots</memory>" XEN_OS "</domain>", BDOM_ERR_XML_ERROR,
     "invalid value 'lots' for <memory>"},
    {"negative-memory", XEN_HEAD "<memory>-5</memory>" XEN_OS "</domain>", BDOM_ERR_XML_ERROR,
     "for <memory>"},
    {"huge-memory", XEN_HEAD "<memory unit='EiB'>15</memory>" XEN_OS "</domain>",
     BDOM_ERR_CONFIG_UNSUPPORTED, "BDOM_MEMORY_MAX_KIB"},
    {"overflow-memory", XEN_HEAD "<memory unit='EiB'>1000</memory>" XEN_OS "</domain>",
     BDOM_ERR_XML_ERROR, "too large"},
    {"u64-memory", XEN_HEAD "<memory>99999999999999999999999</memory>" XEN_OS "</domain>",
     BDOM_ERR_XML_ERROR, "for <memory>"},
    {"bad-unit", XEN_HEAD "<memory unit='parsecs'>1</memory>" XEN_OS "</domain>",
     BDOM_ERR_XML_ERROR, "unknown unit 'parsecs'"},
    {"zero-vcpu", XEN_HEAD MEM "<vcpu>0</vcpu>" XEN_OS "</domain>", BDOM_ERR_XML_ERROR, "<vcpu>"},
    {"many-vcpu", XEN_HEAD MEM "<vcpu>4096</vcpu>" XEN_OS "</domain>", BDOM_ERR_CONFIG_UNSUPPORTED,
     "BDOM_VCPUS_MAX"},
    {"current-gt-max", XEN_HEAD MEM "<vcpu current='4'>2</vcpu>" XEN_OS "</domain>",
     BDOM_ERR_INVALID_ARG, "4 > 2"},
    {"bad-placement", XEN_HEAD MEM "<vcpu placement='x'>2</vcpu>" XEN_OS "</domain>",
     BDOM_ERR_XML_ERROR, "placement"},
    {"no-os", XEN_HEAD MEM "</domain>", BDOM_ERR_XML_ERROR, "missing <os>"},
    {"x86", XEN_HEAD MEM "<os><type arch='x86_64'>hvm</type></os></domain>",
     BDOM_ERR_CONFIG_UNSUPPORTED, "architecture 'x86_64'"},
    {"exe", XEN_HEAD MEM "<os><type>exe</type></os></domain>", BDOM_ERR_CONFIG_UNSUPPORTED,
     "os type 'exe'"},
    {"xen-on-kvm", "<domain type='kvm'><name>vm</name>" MEM XEN_OS "</domain>",
     BDOM_ERR_CONFIG_UNSUPPORTED, "requires <domain type='xen'>"},
    {"bad-machine", XEN_HEAD MEM "<os><type machine='pc'>hvm</type></os></domain>",
     BDOM_ERR_CONFIG_UNSUPPORTED, "machine type 'pc'"},
    {"xen-no-kernel", XEN_HEAD MEM "<os><type>xen</type></os></domain>",
     BDOM_ERR_CONFIG_UNSUPPORTED, "needs a <kernel>"},
    {"relative-kernel", XEN_HEAD MEM "<os><type>xen</type><kernel>Image</kernel></os></domain>",
     BDOM_ERR_XML_ERROR, "<os><kernel> must be an absolute path"},
    {"xen-boot",
     XEN_HEAD MEM "<os><type>xen</type><kernel>/k</kernel><boot dev='hd'/></os></domain>",
     BDOM_ERR_CONFIG_UNSUPPORTED, "<os><boot>"},
    {"unknown-top", XEN_HEAD MEM XEN_OS "<frobnicate/></domain>", BDOM_ERR_CONFIG_UNSUPPORTED,
     "unknown element <frobnicate>"},
    {"qemu-ns",
     "<domain type='kvm' xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'>"
     "<name>vm</name>" MEM "<os><type>hvm</type></os><qemu:commandline/></domain>",
     BDOM_ERR_CONFIG_UNSUPPORTED, "<qemu:commandline>"},
    {"unknown-attr", "<domain type='xen' color='red'><name>vm</name>" MEM XEN_OS "</domain>",
     BDOM_ERR_CONFIG_UNSUPPORTED, "attribute 'color' of <domain>"},
    {"bad-lifecycle", XEN_HEAD MEM XEN_OS "<on_reboot>explode</on_reboot></domain>",
     BDOM_ERR_XML_ERROR, "<on_reboot>"},
    {"coredump-poweroff",
     XEN_HEAD MEM XEN_OS "<on_poweroff>coredump-destroy</on_poweroff></domain>", BDOM_ERR_XML_ERROR,
     "<on_poweroff>"},
    {"metadata-no-ns", XEN_HEAD MEM XEN_OS "<metadata><foo/></metadata></domain>",
     BDOM_ERR_XML_ERROR, "metadata element <foo> must have a namespace"},
    {"title-newline", XEN_HEAD MEM XEN_OS "<title>a\nb</title></domain>", BDOM_ERR_XML_ERROR,
     "title"},
    {"unknown-device", XEN_HEAD MEM XEN_OS "<devices><teleporter/></devices></domain>",
     BDOM_ERR_CONFIG_UNSUPPORTED, "<devices><teleporter>"},
    {"disk-no-target", XEN_HEAD MEM XEN_OS "<devices><disk type='file'/></devices></domain>",
     BDOM_ERR_XML_ERROR, "missing target"},
    {"disk-bad-bus",
     XEN_HEAD MEM XEN_OS
     "<devices><disk><target dev='xvda' bus='floppy-tape'/></disk></devices></domain>",
     BDOM_ERR_CONFIG_UNSUPPORTED, "disk bus 'floppy-tape'"},
    {"disk-dup",
     XEN_HEAD MEM XEN_OS
     "<devices><disk><target dev='xvda'/></disk><disk><target dev='xvda'/></disk></devices></domain>",
     BDOM_ERR_XML_ERROR, "target 'xvda' duplicated"},
    {"disk-relative",
     XEN_HEAD MEM XEN_OS
     "<devices><disk><source file='a.img'/><target dev='xvda'/></disk></devices></domain>",
     BDOM_ERR_XML_ERROR, "disk <source> path"},
    {"bad-mac",
     XEN_HEAD MEM XEN_OS
     "<devices><interface type='bridge'><mac address='zz:00:00:00:00:00'/></interface></devices></domain>",
     BDOM_ERR_XML_ERROR, "mac address 'zz:00:00:00:00:00'"},
    {"multicast-mac",
     XEN_HEAD MEM XEN_OS
     "<devices><interface type='bridge'><mac address='01:00:00:00:00:00'/></interface></devices></domain>",
     BDOM_ERR_XML_ERROR, "multicast"},
    {"bad-iface-type",
     XEN_HEAD MEM XEN_OS "<devices><interface type='carrier-pigeon'/></devices></domain>",
     BDOM_ERR_CONFIG_UNSUPPORTED, "interface type 'carrier-pigeon'"},
    {"graphics-port",
     XEN_HEAD MEM XEN_OS "<devices><graphics type='vnc' port='70000'/></devices></domain>",
     BDOM_ERR_XML_ERROR, "<graphics port>"},
    {"dup-controller",
     XEN_HEAD MEM XEN_OS
     "<devices><controller type='xenbus' index='0'/><controller type='xenbus' index='0'/></devices></domain>",
     BDOM_ERR_XML_ERROR, "multiple 'xenbus' controllers"},
    {"balloon-model",
     XEN_HEAD MEM XEN_OS "<devices><memballoon model='hot-air'/></devices></domain>",
     BDOM_ERR_CONFIG_UNSUPPORTED, "memballoon model 'hot-air'"},
    {"relative-emulator",
     XEN_HEAD MEM XEN_OS "<devices><emulator>qemu</emulator></devices></domain>",
     BDOM_ERR_XML_ERROR, "<emulator> must be an absolute path"},
    {"external-entity",
     "<!DOCTYPE d [<!ENTITY x SYSTEM 'file:///etc/passwd'>]><domain type='xen'><name>&x;</name>" MEM
	 XEN_OS "</domain>",
     BDOM_ERR_XML_ERROR, "name"},
};

static void test_bad(gconstpointer data)
{
	const struct bad_case *c = data;
	g_autoptr(GError) error = NULL;
	g_autoptr(bdom_def) def = bdom_def_parse_string(c->xml, 0, &error);

	g_assert_null(def);
	g_assert_nonnull(error);
	g_test_message("%s: %s", c->name, error->message);
	g_assert_cmpint(error->code, ==, c->code);
	if (!strstr(error->message, c->message))
		g_error("'%s' does not contain '%s'", error->message, c->message);
}

static void test_long_name(void)
{
	g_autoptr(GString) xml = g_string_new("<domain type='xen'><name>");
	g_autoptr(GError) error = NULL;
	g_autoptr(bdom_def) def = NULL;

	for (int i = 0; i < BDOM_NAME_MAX + 1; i++)
		g_string_append_c(xml, 'a');
	g_string_append(xml, "</name>" MEM XEN_OS "</domain>");
	def = bdom_def_parse_string(xml->str, 0, &error);
	g_assert_null(def);
	g_assert_nonnull(strstr(error->message, "BDOM_NAME_MAX"));
}

static void test_huge_document(void)
{
	gsize len = BDOM_XML_MAX + 16;
	g_autofree char *xml = g_malloc(len + 1);
	g_autoptr(GError) error = NULL;

	memset(xml, ' ', len);
	xml[len] = '\0';
	g_assert_null(bdom_def_parse_string(xml, 0, &error));
	g_assert_nonnull(strstr(error->message, "BDOM_XML_MAX"));
}

/* A missing UUID and MAC are generated, and stay the same across format/parse. */
static void test_generated(void)
{
	const char *xml = XEN_HEAD MEM XEN_OS
	    "<devices><interface type='bridge'><source bridge='br0'/></interface></devices></domain>";
	g_autoptr(GError) error = NULL;
	g_autoptr(bdom_def) def = bdom_def_parse_string(xml, 0, &error);
	g_autoptr(bdom_def) again = NULL;
	g_autofree char *out = NULL, *out2 = NULL;
	const struct bdom_device *nic;
	static const unsigned char zero[16];

	g_assert_no_error(error);
	g_assert_cmpint(memcmp(def->uuid, zero, 16), !=, 0);
	g_assert_cmpint(def->uuid[6] >> 4, ==, 4);
	nic = def->devices->pdata[0];
	g_assert_true(g_str_has_prefix(nic->net.mac, "00:16:3e:"));
	out = bdom_def_format(def, -1, 0);
	again = bdom_def_parse_string(out, 0, &error);
	g_assert_no_error(error);
	g_assert_cmpint(memcmp(def->uuid, again->uuid, 16), ==, 0);
	out2 = bdom_def_format(again, -1, 0);
	g_assert_cmpstr(out, ==, out2);
}

static void test_units(void)
{
	static const struct {
		const char *unit, *value;
		uint64_t kib;
	} cases[] = {
	    {"b", "1", 1},	   {"bytes", "2048", 2}, {"KB", "1024", 1000},
	    {"k", "7", 7},	   {"KiB", "7", 7},	 {"MB", "1", 977},
	    {"M", "1", 1024},	   {"MiB", "3", 3072},	 {"G", "1", 1048576},
	    {"GiB", "2", 2097152}, {"GB", "1", 976563},	 {"TiB", "1", 1ULL << 30},
	};

	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autofree char *xml =
		    g_strdup_printf(XEN_HEAD "<memory unit='%s'>%s</memory>" XEN_OS "</domain>",
				    cases[i].unit, cases[i].value);
		g_autoptr(GError) error = NULL;
		g_autoptr(bdom_def) def = bdom_def_parse_string(xml, 0, &error);

		g_assert_no_error(error);
		g_assert_cmpuint(def->memory_kib, ==, cases[i].kib);
		g_assert_cmpuint(def->current_kib, ==, cases[i].kib);
	}
}

/* Secrets are printed only with the SECURE flag; id only for a running domain. */
static void test_secure_and_id(void)
{
	const char *xml =
	    "<domain type='kvm'><name>g</name>" MEM "<os><type arch='aarch64'>hvm</type></os>"
	    "<devices><graphics type='vnc' passwd='hunter2'/></devices></domain>";
	g_autoptr(GError) error = NULL;
	g_autoptr(bdom_def) def = bdom_def_parse_string(xml, 0, &error);
	g_autofree char *plain = NULL, *secure = NULL, *running = NULL, *inactive = NULL;

	g_assert_no_error(error);
	plain = bdom_def_format(def, -1, 0);
	secure = bdom_def_format(def, -1, BDOM_FORMAT_SECURE);
	running = bdom_def_format(def, 7, 0);
	inactive = bdom_def_format(def, 7, BDOM_FORMAT_INACTIVE);
	g_assert_null(strstr(plain, "hunter2"));
	g_assert_nonnull(strstr(secure, "passwd=\"hunter2\""));
	g_assert_nonnull(strstr(running, "<domain type=\"kvm\" id=\"7\">"));
	g_assert_null(strstr(inactive, "id=\"7\""));
}

/* VALIDATE runs the schema over the input, as libvirt's DEFINE_VALIDATE does. */
static void test_validate_flag(void)
{
	/* Accepted by the parser (which maps arch away), rejected by domain.rng. */
	const char *xml =
	    "<domain type='xen'><name>v</name>" MEM
	    "<os><type arch='aarch64' machine='xenpv'>xen</type><kernel>/k</kernel></os>"
	    "</domain>";
	g_autoptr(GError) error = NULL;
	g_autoptr(bdom_def) ok = bdom_def_parse_string(xml, 0, &error);
	g_autoptr(bdom_def) bad = NULL;

	g_assert_no_error(error);
	g_assert_nonnull(ok);
	if (!bdom_schema_available()) {
		g_test_skip("libvirt's domain.rng not installed");
		return;
	}
	bad = bdom_def_parse_string(xml, BDOM_PARSE_VALIDATE, &error);
	g_assert_null(bad);
	g_assert_cmpint(error->code, ==, BDOM_ERR_XML_INVALID_SCHEMA);
	g_assert_nonnull(strstr(error->message, "failed to validate against schema"));
}

int main(int argc, char **argv)
{
	g_autoptr(GDir) dir = NULL;
	const char *srcdir = g_getenv("top_srcdir");
	const char *entry;

	g_test_init(&argc, &argv, NULL);
	xml_dir = g_build_filename(srcdir ? srcdir : ".", "test", "libvirt", "xml", NULL);
	dir = g_dir_open(xml_dir, 0, NULL);
	g_assert_nonnull(dir);
	while ((entry = g_dir_read_name(dir))) {
		g_autofree char *path = NULL;

		if (!g_str_has_suffix(entry, ".in.xml"))
			continue;
		char *name = g_strndup(entry, strlen(entry) - strlen(".in.xml"));
		path = g_strdup_printf("/domain-xml/golden/%s", name);
		g_test_add_data_func_full(path, name, test_golden, g_free);
	}
	for (size_t i = 0; i < G_N_ELEMENTS(bad_cases); i++) {
		g_autofree char *path = g_strdup_printf("/domain-xml/bad/%s", bad_cases[i].name);

		g_test_add_data_func(path, &bad_cases[i], test_bad);
	}
	g_test_add_func("/domain-xml/bad/long-name", test_long_name);
	g_test_add_func("/domain-xml/bad/huge-document", test_huge_document);
	g_test_add_func("/domain-xml/generated-uuid-mac", test_generated);
	g_test_add_func("/domain-xml/memory-units", test_units);
	g_test_add_func("/domain-xml/secure-and-id", test_secure_and_id);
	g_test_add_func("/domain-xml/validate-flag", test_validate_flag);
	return g_test_run();
}
