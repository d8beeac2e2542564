// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests of the dom0less parser (core/common/dom0less.c): host DTs are
 * written in the test with libfdt's sequential-write API, good ones and
 * malformed ones; a malformed one must fail with a message naming the node.
 */
#include <basalt/dom0less.h>
#include <basalt/errno.h>
#include <glib.h>
#include <libfdt.h>
#include <stdio.h>
#include <string.h>

static uint8_t blob[16384];
static struct dom0less_domain doms[DOM0LESS_MAX_DOMAINS];

#define CHECK(x) g_assert_cmpint((x), ==, 0)

static void begin(void)
{
	CHECK(fdt_create(blob, sizeof(blob)));
	CHECK(fdt_finish_reservemap(blob));
	CHECK(fdt_begin_node(blob, ""));
	CHECK(fdt_property_cell(blob, "#address-cells", 2));
	CHECK(fdt_property_cell(blob, "#size-cells", 2));
	CHECK(fdt_begin_node(blob, "chosen"));
	CHECK(fdt_property_string(blob, "bootargs", "hypervisor args"));
}

static void end(void)
{
	CHECK(fdt_end_node(blob)); /* chosen */
	CHECK(fdt_end_node(blob)); /* root */
	CHECK(fdt_finish(blob));
}

static void cells(const char *name, const uint32_t *v, int n)
{
	fdt32_t be[8];

	for (int i = 0; i < n; i++)
		be[i] = cpu_to_fdt32(v[i]);
	CHECK(fdt_property(blob, name, be, n * 4));
}

/* A module child with 2+2-cell reg (the parent's cells must say so). */
static void module(const char *name, const char *compat, size_t compat_len, uint64_t addr,
		   uint64_t size, const char *bootargs)
{
	uint32_t reg[4] = {(uint32_t)(addr >> 32), (uint32_t)addr, (uint32_t)(size >> 32),
			   (uint32_t)size};

	CHECK(fdt_begin_node(blob, name));
	CHECK(fdt_property(blob, "compatible", compat, (int)compat_len));
	cells("reg", reg, 4);
	if (bootargs)
		CHECK(fdt_property_string(blob, "bootargs", bootargs));
	CHECK(fdt_end_node(blob));
}

#define KERNEL_COMPAT  "multiboot,kernel\0multiboot,module"
#define RAMDISK_COMPAT "multiboot,ramdisk\0multiboot,module"

/* Open a domain node with memory (2 cells), cpus and 2+2 module cells. */
static void domain_begin(const char *name, uint64_t kib, uint32_t cpus)
{
	uint32_t mem[2] = {(uint32_t)(kib >> 32), (uint32_t)kib};

	CHECK(fdt_begin_node(blob, name));
	CHECK(fdt_property_string(blob, "compatible", "xen,domain"));
	CHECK(fdt_property_cell(blob, "#address-cells", 2));
	CHECK(fdt_property_cell(blob, "#size-cells", 2));
	cells("memory", mem, 2);
	CHECK(fdt_property_cell(blob, "cpus", cpus));
}

static void domain_end(void)
{
	CHECK(fdt_end_node(blob));
}

static void evtchn(const char *name, uint32_t phandle, uint32_t port, uint32_t peer)
{
	uint32_t v[2] = {port, peer};

	CHECK(fdt_begin_node(blob, name));
	CHECK(fdt_property_string(blob, "compatible", "xen,evtchn-v1"));
	cells("xen,evtchn", v, 2);
	CHECK(fdt_property_cell(blob, "phandle", phandle));
	CHECK(fdt_end_node(blob));
}

static int parse(unsigned int *count)
{
	return dom0less_parse(blob, doms, DOM0LESS_MAX_DOMAINS, count);
}

/* Parsing must fail, and stderr must name the node and the problem. */
static void expect_error(const char *stderr_pattern)
{
	if (g_test_subprocess()) {
		unsigned int count = 99;
		int rc = parse(&count);

		g_assert_cmpint(rc, <, 0);
		g_assert_cmpuint(count, ==, 0);
		return;
	}
	g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
	g_test_trap_assert_passed();
	g_test_trap_assert_stderr(stderr_pattern);
}

static void test_two_domains(void)
{
	unsigned int count;

	begin();
	domain_begin("domU1", 256 * 1024, 2);
	CHECK(fdt_property(blob, "vpl011", NULL, 0));
	module("module@4a000000", KERNEL_COMPAT, sizeof(KERNEL_COMPAT), 0x4a000000, 0x1800000,
	       "console=ttyAMA0 rdinit=/init");
	module("module@4c000000", RAMDISK_COMPAT, sizeof(RAMDISK_COMPAT), 0x4c000000, 0x200000,
	       NULL);
	domain_end();
	/* The second uses 1-cell memory, 1+1 module cells and bootargs on the node. */
	CHECK(fdt_begin_node(blob, "domU2"));
	CHECK(fdt_property_string(blob, "compatible", "xen,domain"));
	CHECK(fdt_property_cell(blob, "#address-cells", 1));
	CHECK(fdt_property_cell(blob, "#size-cells", 1));
	CHECK(fdt_property_cell(blob, "memory", 131072));
	CHECK(fdt_property_cell(blob, "cpus", 1));
	CHECK(fdt_property_string(blob, "bootargs", "console=hvc0"));
	CHECK(fdt_property_string(blob, "xen,enhanced", "enabled"));
	CHECK(fdt_begin_node(blob, "module@4a000000"));
	CHECK(fdt_property(blob, "compatible", KERNEL_COMPAT, sizeof(KERNEL_COMPAT)));
	uint32_t reg[2] = {0x4a000000, 0x1800000};
	cells("reg", reg, 2);
	CHECK(fdt_end_node(blob));
	domain_end();
	/* Not a domain: ignored. */
	CHECK(fdt_begin_node(blob, "module@50000000"));
	CHECK(fdt_property(blob, "compatible", KERNEL_COMPAT, sizeof(KERNEL_COMPAT)));
	CHECK(fdt_end_node(blob));
	end();

	CHECK(parse(&count));
	g_assert_cmpuint(count, ==, 2);
	g_assert_cmpstr(doms[0].name, ==, "domU1");
	g_assert_cmpuint(doms[0].memory_kib, ==, 256 * 1024);
	g_assert_cmpuint(doms[0].cpus, ==, 2);
	g_assert_true(doms[0].vpl011);
	g_assert_false(doms[0].xen_enhanced);
	g_assert_cmpuint(doms[0].kernel.start, ==, 0x4a000000);
	g_assert_cmpuint(doms[0].kernel.size, ==, 0x1800000);
	g_assert_cmpuint(doms[0].ramdisk.start, ==, 0x4c000000);
	g_assert_cmpuint(doms[0].ramdisk.size, ==, 0x200000);
	g_assert_cmpstr(doms[0].bootargs, ==, "console=ttyAMA0 rdinit=/init");
	g_assert_cmpuint(doms[0].nr_evtchns, ==, 0);

	g_assert_cmpstr(doms[1].name, ==, "domU2");
	g_assert_cmpuint(doms[1].memory_kib, ==, 131072);
	g_assert_cmpuint(doms[1].cpus, ==, 1);
	g_assert_false(doms[1].vpl011);
	g_assert_true(doms[1].xen_enhanced);
	g_assert_cmpuint(doms[1].kernel.start, ==, 0x4a000000);
	g_assert_cmpuint(doms[1].ramdisk.size, ==, 0);
	g_assert_cmpstr(doms[1].bootargs, ==, "console=hvc0");
}

static void test_generic_modules_and_no_chosen(void)
{
	unsigned int count = 7;

	/* Plain "multiboot,module": first is the kernel, second the ramdisk. */
	begin();
	domain_begin("guest", 65536, 1);
	module("module@1", "multiboot,module", sizeof("multiboot,module"), 0x100000000UL, 0x1000,
	       NULL);
	module("module@2", "multiboot,module", sizeof("multiboot,module"), 0x100002000UL, 0x1000,
	       NULL);
	domain_end();
	end();
	CHECK(parse(&count));
	g_assert_cmpuint(count, ==, 1);
	g_assert_cmpuint(doms[0].kernel.start, ==, 0x100000000UL);
	g_assert_cmpuint(doms[0].ramdisk.start, ==, 0x100002000UL);
	g_assert_cmpstr(doms[0].bootargs, ==, "");

	/* A DT without /chosen, or without domains, describes none. */
	CHECK(fdt_create(blob, sizeof(blob)));
	CHECK(fdt_finish_reservemap(blob));
	CHECK(fdt_begin_node(blob, ""));
	CHECK(fdt_end_node(blob));
	CHECK(fdt_finish(blob));
	CHECK(parse(&count));
	g_assert_cmpuint(count, ==, 0);
	begin();
	end();
	CHECK(parse(&count));
	g_assert_cmpuint(count, ==, 0);
}

static void test_static_evtchns(void)
{
	unsigned int count;

	begin();
	evtchn("evtchn@1", 0x100, 0xa, 0x200); /* dom0's, directly under /chosen */
	domain_begin("domU1", 65536, 1);
	module("module@1", KERNEL_COMPAT, sizeof(KERNEL_COMPAT), 0x48000000, 0x1000, NULL);
	evtchn("evtchn@2", 0x200, 0xa, 0x100);
	evtchn("evtchn@3", 0x300, 0xb, 0x500);
	domain_end();
	domain_begin("domU2", 65536, 1);
	module("module@1", KERNEL_COMPAT, sizeof(KERNEL_COMPAT), 0x48000000, 0x1000, NULL);
	evtchn("evtchn@5", 0x500, 0xc, 0x300);
	domain_end();
	end();

	CHECK(parse(&count));
	g_assert_cmpuint(count, ==, 2);
	g_assert_cmpuint(doms[0].nr_evtchns, ==, 2);
	g_assert_cmpuint(doms[0].evtchn[0].local_port, ==, 0xa);
	g_assert_cmpuint(doms[0].evtchn[0].phandle, ==, 0x200);
	g_assert_cmpuint(doms[0].evtchn[0].peer_phandle, ==, 0x100);
	g_assert_cmpint(doms[0].evtchn[0].peer_domain, ==, -1);
	g_assert_cmpuint(doms[0].evtchn[0].peer_port, ==, 0xa);
	g_assert_cmpuint(doms[0].evtchn[1].local_port, ==, 0xb);
	g_assert_cmpint(doms[0].evtchn[1].peer_domain, ==, 1);
	g_assert_cmpuint(doms[0].evtchn[1].peer_port, ==, 0xc);
	g_assert_cmpuint(doms[1].nr_evtchns, ==, 1);
	g_assert_cmpint(doms[1].evtchn[0].peer_domain, ==, 0);
	g_assert_cmpuint(doms[1].evtchn[0].peer_port, ==, 0xb);
}

static void build_one(uint64_t kib, uint32_t cpus, bool kernel, bool ramdisk_overlap)
{
	begin();
	domain_begin("domU7", kib, cpus);
	if (kernel)
		module("module@1", KERNEL_COMPAT, sizeof(KERNEL_COMPAT), 0x48000000, 0x100000,
		       NULL);
	if (ramdisk_overlap)
		module("module@2", RAMDISK_COMPAT, sizeof(RAMDISK_COMPAT), 0x480ff000, 0x2000,
		       NULL);
	domain_end();
	end();
}

static void test_missing_kernel(void)
{
	build_one(65536, 1, false, false);
	expect_error("*/chosen/domU7: no multiboot,kernel module*");
}

static void test_zero_memory(void)
{
	build_one(0, 1, true, false);
	expect_error("*/chosen/domU7: memory = 0 KiB*");
}

static void test_unaligned_memory(void)
{
	build_one(6, 1, true, false);
	expect_error("*/chosen/domU7: memory = 6 KiB*");
}

static void test_too_many_cpus(void)
{
	build_one(65536, 129, true, false);
	expect_error("*/chosen/domU7: cpus = 129: must be 1..128*");
}

static void test_zero_cpus(void)
{
	build_one(65536, 0, true, false);
	expect_error("*/chosen/domU7: cpus = 0*");
}

static void test_overlapping_modules(void)
{
	build_one(65536, 1, true, true);
	expect_error("*/chosen/domU7: kernel and ramdisk modules overlap*");
}

static void test_missing_cpus(void)
{
	begin();
	CHECK(fdt_begin_node(blob, "domU3"));
	CHECK(fdt_property_string(blob, "compatible", "xen,domain"));
	CHECK(fdt_property_cell(blob, "memory", 65536));
	domain_end();
	end();
	expect_error("*/chosen/domU3: missing property \"cpus\"*");
}

static void test_bad_reg(void)
{
	begin();
	domain_begin("domU4", 65536, 1);
	/* 1+1 cells while the domain says 2+2 */
	CHECK(fdt_begin_node(blob, "module@1"));
	CHECK(fdt_property(blob, "compatible", KERNEL_COMPAT, sizeof(KERNEL_COMPAT)));
	uint32_t reg[2] = {0x48000000, 0x1000};
	cells("reg", reg, 2);
	CHECK(fdt_end_node(blob));
	domain_end();
	end();
	expect_error(
	    "*/chosen/domU4: module module@1: reg must be one <address size> pair of 2+2 cells*");
}

static void test_two_kernels(void)
{
	begin();
	domain_begin("domU5", 65536, 1);
	module("module@1", KERNEL_COMPAT, sizeof(KERNEL_COMPAT), 0x48000000, 0x1000, NULL);
	module("module@2", KERNEL_COMPAT, sizeof(KERNEL_COMPAT), 0x49000000, 0x1000, NULL);
	domain_end();
	end();
	expect_error("*/chosen/domU5: more than one multiboot,kernel module*");
}

static void test_unterminated_bootargs(void)
{
	begin();
	domain_begin("domU6", 65536, 1);
	/* Properties come before subnodes in a flattened tree. */
	CHECK(fdt_property(blob, "bootargs", "abc", 3));
	module("module@1", KERNEL_COMPAT, sizeof(KERNEL_COMPAT), 0x48000000, 0x1000, NULL);
	domain_end();
	end();
	expect_error("*/chosen/domU6: bootargs is not a string*");
}

static void test_evtchn_not_linked_back(void)
{
	begin();
	domain_begin("domU1", 65536, 1);
	module("module@1", KERNEL_COMPAT, sizeof(KERNEL_COMPAT), 0x48000000, 0x1000, NULL);
	evtchn("evtchn@1", 0x10, 1, 0x20);
	domain_end();
	domain_begin("domU2", 65536, 1);
	module("module@1", KERNEL_COMPAT, sizeof(KERNEL_COMPAT), 0x48000000, 0x1000, NULL);
	evtchn("evtchn@2", 0x20, 2, 0x30);
	evtchn("evtchn@3", 0x30, 3, 0x20);
	domain_end();
	end();
	expect_error("*/chosen/domU1: event channel port 1: peer evtchn@2 does not link back*");
}

static void test_evtchn_bad_peer(void)
{
	begin();
	domain_begin("domU1", 65536, 1);
	module("module@1", KERNEL_COMPAT, sizeof(KERNEL_COMPAT), 0x48000000, 0x1000, NULL);
	evtchn("evtchn@1", 0x10, 1, 0x99);
	domain_end();
	end();
	expect_error(
	    "*/chosen/domU1: event channel port 1: phandle 0x99 is not a xen,evtchn-v1 node*");
}

static void test_evtchn_duplicate_port(void)
{
	begin();
	domain_begin("domU1", 65536, 1);
	module("module@1", KERNEL_COMPAT, sizeof(KERNEL_COMPAT), 0x48000000, 0x1000, NULL);
	evtchn("evtchn@1", 0x10, 5, 0x11);
	evtchn("evtchn@2", 0x11, 5, 0x10);
	domain_end();
	end();
	expect_error("*/chosen/domU1: evtchn@2: port 5 used twice*");
}

static void test_evtchn_port_zero(void)
{
	begin();
	domain_begin("domU1", 65536, 1);
	module("module@1", KERNEL_COMPAT, sizeof(KERNEL_COMPAT), 0x48000000, 0x1000, NULL);
	evtchn("evtchn@1", 0x10, 0, 0x11);
	domain_end();
	end();
	expect_error("*/chosen/domU1: evtchn@1: port 0 out of range*");
}

static void test_too_many_domains(void)
{
	unsigned int count;

	begin();
	for (int i = 0; i < 3; i++) {
		char name[16];

		snprintf(name, sizeof(name), "d%d", i);
		domain_begin(name, 65536, 1);
		module("module@1", KERNEL_COMPAT, sizeof(KERNEL_COMPAT), 0x48000000, 0x1000, NULL);
		domain_end();
	}
	end();
	g_assert_cmpint(dom0less_parse(blob, doms, 2, &count), ==, -E2BIG);
	g_assert_cmpuint(count, ==, 0);
	CHECK(dom0less_parse(blob, doms, 3, &count));
	g_assert_cmpuint(count, ==, 3);
}

static void test_unsupported_is_reported(void)
{
	if (g_test_subprocess()) {
		unsigned int count;

		begin();
		domain_begin("domU8", 65536, 1);
		CHECK(fdt_property(blob, "direct-map", NULL, 0));
		module("module@1", KERNEL_COMPAT, sizeof(KERNEL_COMPAT), 0x48000000, 0x1000, NULL);
		module("module@2", "multiboot,device-tree\0multiboot,module",
		       sizeof("multiboot,device-tree\0multiboot,module"), 0x49000000, 0x1000, NULL);
		domain_end();
		end();
		CHECK(parse(&count));
		g_assert_cmpuint(count, ==, 1);
		/* The passthrough DT is not taken for a ramdisk. */
		g_assert_cmpuint(doms[0].ramdisk.size, ==, 0);
		return;
	}
	g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
	g_test_trap_assert_passed();
	g_test_trap_assert_stderr("*/chosen/domU8: direct-map is not supported: ignored*");
	g_test_trap_assert_stderr("*partial device trees*module@2 ignored*");
}

static void test_garbage_blob(void)
{
	unsigned int count = 5;

	memset(blob, 0xab, sizeof(blob));
	g_assert_cmpint(parse(&count), ==, -EINVAL);
	g_assert_cmpuint(count, ==, 0);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/dom0less/two_domains", test_two_domains);
	g_test_add_func("/dom0less/generic_modules_no_chosen", test_generic_modules_and_no_chosen);
	g_test_add_func("/dom0less/static_evtchns", test_static_evtchns);
	g_test_add_func("/dom0less/missing_kernel", test_missing_kernel);
	g_test_add_func("/dom0less/zero_memory", test_zero_memory);
	g_test_add_func("/dom0less/unaligned_memory", test_unaligned_memory);
	g_test_add_func("/dom0less/too_many_cpus", test_too_many_cpus);
	g_test_add_func("/dom0less/zero_cpus", test_zero_cpus);
	g_test_add_func("/dom0less/overlapping_modules", test_overlapping_modules);
	g_test_add_func("/dom0less/missing_cpus", test_missing_cpus);
	g_test_add_func("/dom0less/bad_reg", test_bad_reg);
	g_test_add_func("/dom0less/two_kernels", test_two_kernels);
	g_test_add_func("/dom0less/unterminated_bootargs", test_unterminated_bootargs);
	g_test_add_func("/dom0less/evtchn_not_linked_back", test_evtchn_not_linked_back);
	g_test_add_func("/dom0less/evtchn_bad_peer", test_evtchn_bad_peer);
	g_test_add_func("/dom0less/evtchn_duplicate_port", test_evtchn_duplicate_port);
	g_test_add_func("/dom0less/evtchn_port_zero", test_evtchn_port_zero);
	g_test_add_func("/dom0less/too_many_domains", test_too_many_domains);
	g_test_add_func("/dom0less/unsupported_is_reported", test_unsupported_is_reported);
	g_test_add_func("/dom0less/garbage_blob", test_garbage_blob);
	return g_test_run();
}
