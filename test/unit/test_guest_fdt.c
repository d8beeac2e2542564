// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests of the guest DT generator (core/common/guest_fdt.c): build a
 * tree, read it back with libfdt and check every node and property a Linux
 * guest relies on, for GICv2 and GICv3, with and without /hypervisor.
 */
#include <basalt/guest_fdt.h>
#include <basalt/guest_layout.h>
#include <basalt/errno.h>
#include <glib.h>
#include <libfdt.h>
#include <string.h>

#define BUF_SIZE (64 * 1024)

static uint8_t buf[BUF_SIZE];

static struct guest_fdt_params base_params(unsigned int gic, unsigned int vcpus, bool xen)
{
	struct guest_fdt_params p = {
	    .nr_vcpus = vcpus,
	    .gic_version = gic,
	    .nr_mem = 2,
	    .mem = {{GUEST_RAM_BANK0_BASE, GUEST_RAM_BANK0_SIZE},
		    {GUEST_RAM_BANK1_BASE, 1UL << 30}},
	    .bootargs = "console=ttyAMA0 earlycon",
	    .initrd_start = 0x48000000,
	    .initrd_size = 0x123000,
	    .uart = true,
	    .xen = xen,
	    .nr_ext_regions = xen ? 1 : 0,
	    .ext_regions = {{0x0300000000UL, 0x100000000UL}},
	};
	return p;
}

static int node(const char *path)
{
	int off = fdt_path_offset(buf, path);

	if (off < 0)
		g_error("node %s missing: %s", path, fdt_strerror(off));
	return off;
}

static const void *prop(int off, const char *name, int *len)
{
	const void *v = fdt_getprop(buf, off, name, len);

	if (!v)
		g_error("property %s missing", name);
	return v;
}

static uint32_t cell(const void *v, int i)
{
	return fdt32_to_cpu(((const fdt32_t *)v)[i]);
}

static uint64_t u64_at(const void *v, int i)
{
	return ((uint64_t)cell(v, 2 * i) << 32) | cell(v, 2 * i + 1);
}

static uint32_t prop_u32(int off, const char *name)
{
	int len;
	const void *v = prop(off, name, &len);

	g_assert_cmpint(len, ==, 4);
	return cell(v, 0);
}

static void assert_strlist(int off, const char *name, const char *expect, int expect_len)
{
	int len;
	const char *v = prop(off, name, &len);

	g_assert_cmpmem(v, len, expect, expect_len);
}

#define ASSERT_STRLIST(off, name, lit) assert_strlist(off, name, lit, sizeof(lit))

static void build(const struct guest_fdt_params *p)
{
	g_assert_cmpint(guest_fdt_build(p, buf, sizeof(buf)), ==, 0);
	g_assert_cmpint(fdt_check_header(buf), ==, 0);
	g_assert_cmpuint(fdt_totalsize(buf), <=, sizeof(buf));
}

static void check_common(const struct guest_fdt_params *p)
{
	int root = node("/"), off, len;
	const void *v;

	g_assert_cmpuint(prop_u32(root, "#address-cells"), ==, 2);
	g_assert_cmpuint(prop_u32(root, "#size-cells"), ==, 2);
	g_assert_cmpuint(prop_u32(root, "interrupt-parent"), ==, GUEST_FDT_PHANDLE_GIC);

	/* /memory: every bank in 2+2 cells */
	off = node("/memory@40000000");
	g_assert_cmpstr(prop(off, "device_type", NULL), ==, "memory");
	v = prop(off, "reg", &len);
	g_assert_cmpint(len, ==, (int)p->nr_mem * 16);
	for (unsigned int i = 0; i < p->nr_mem; i++) {
		g_assert_cmpuint(u64_at(v, 2 * i), ==, p->mem[i].base);
		g_assert_cmpuint(u64_at(v, 2 * i + 1), ==, p->mem[i].size);
	}

	/* /cpus: one cpu@ per vCPU with its MPIDR affinity */
	off = node("/cpus");
	g_assert_cmpuint(prop_u32(off, "#address-cells"), ==, 1);
	g_assert_cmpuint(prop_u32(off, "#size-cells"), ==, 0);
	unsigned int n = 0;
	int cpu;
	fdt_for_each_subnode(cpu, buf, off)
	{
		g_assert_cmpstr(prop(cpu, "device_type", NULL), ==, "cpu");
		g_assert_cmpstr(prop(cpu, "enable-method", NULL), ==, "psci");
		g_assert_cmpuint(prop_u32(cpu, "reg"), ==, guest_vcpu_mpidr_aff(n));
		n++;
	}
	g_assert_cmpuint(n, ==, p->nr_vcpus);

	/* /psci */
	off = node("/psci");
	ASSERT_STRLIST(off, "compatible", "arm,psci-1.0\0arm,psci-0.2\0arm,psci");
	g_assert_cmpstr(prop(off, "method", NULL), ==, "hvc");

	/* timer: secure, non-secure physical, virtual, hypervisor PPIs, level-low */
	off = node("/timer");
	g_assert_cmpstr(prop(off, "compatible", NULL), ==, "arm,armv8-timer");
	v = prop(off, "interrupts", &len);
	g_assert_cmpint(len, ==, 12 * 4);
	const uint32_t ppis[4] = {13, 14, 11, 10};
	for (int i = 0; i < 4; i++) {
		g_assert_cmpuint(cell(v, 3 * i), ==, 1);
		g_assert_cmpuint(cell(v, 3 * i + 1), ==, ppis[i]);
		g_assert_cmpuint(cell(v, 3 * i + 2), ==, 0xf08);
	}

	/* /chosen */
	off = node("/chosen");
	g_assert_cmpstr(prop(off, "bootargs", NULL), ==, p->bootargs);
	v = prop(off, "linux,initrd-start", &len);
	g_assert_cmpint(len, ==, 8);
	g_assert_cmpuint(u64_at(v, 0), ==, p->initrd_start);
	v = prop(off, "linux,initrd-end", &len);
	g_assert_cmpuint(u64_at(v, 0), ==, p->initrd_start + p->initrd_size);
	g_assert_cmpstr(prop(off, "stdout-path", NULL), ==, GUEST_FDT_UART_PATH);

	/* The UART with its interrupt and clocks */
	off = node(GUEST_FDT_UART_PATH);
	ASSERT_STRLIST(off, "compatible", "arm,pl011\0arm,primecell");
	v = prop(off, "reg", &len);
	g_assert_cmpint(len, ==, 16);
	g_assert_cmpuint(u64_at(v, 0), ==, GUEST_UART_BASE);
	g_assert_cmpuint(u64_at(v, 1), ==, GUEST_UART_SIZE);
	v = prop(off, "interrupts", &len);
	g_assert_cmpint(len, ==, 12);
	g_assert_cmpuint(cell(v, 0), ==, 0);
	g_assert_cmpuint(cell(v, 1) + 32, ==, GUEST_UART_SPI);
	g_assert_cmpuint(cell(v, 2), ==, 4);
	ASSERT_STRLIST(off, "clock-names", "uartclk\0apb_pclk");
	v = prop(off, "clocks", &len);
	g_assert_cmpint(len, ==, 8);
	int clk = fdt_node_offset_by_phandle(buf, cell(v, 0));
	g_assert_cmpint(clk, >=, 0);
	g_assert_cmpuint(cell(v, 1), ==, cell(v, 0));
	g_assert_cmpstr(prop(clk, "compatible", NULL), ==, "fixed-clock");
	g_assert_cmpuint(prop_u32(clk, "#clock-cells"), ==, 0);
	g_assert_cmpuint(prop_u32(clk, "clock-frequency"), ==, GUEST_UART_CLK_HZ);
}

static int gic_node(void)
{
	int off = fdt_node_offset_by_phandle(buf, GUEST_FDT_PHANDLE_GIC);

	g_assert_cmpint(off, >=, 0);
	g_assert_nonnull(fdt_getprop(buf, off, "interrupt-controller", NULL));
	g_assert_cmpuint(prop_u32(off, "#interrupt-cells"), ==, 3);
	return off;
}

static void check_no_hypervisor(void)
{
	g_assert_cmpint(fdt_path_offset(buf, "/hypervisor"), ==, -FDT_ERR_NOTFOUND);
}

static void check_hypervisor(const struct guest_fdt_params *p)
{
	int off = node("/hypervisor"), len;
	const void *v;

	/* Linux wants "xen,xen-<version>" first, then "xen,xen". */
	ASSERT_STRLIST(off, "compatible", "xen,xen-4.17\0xen,xen");
	v = prop(off, "reg", &len);
	g_assert_cmpint(len, ==, (int)(1 + p->nr_ext_regions) * 16);
	g_assert_cmpuint(u64_at(v, 0), ==, GUEST_GRANT_BASE);
	g_assert_cmpuint(u64_at(v, 1), ==, GUEST_GRANT_SIZE);
	for (unsigned int i = 0; i < p->nr_ext_regions; i++) {
		g_assert_cmpuint(u64_at(v, 2 + 2 * i), ==, p->ext_regions[i].base);
		g_assert_cmpuint(u64_at(v, 3 + 2 * i), ==, p->ext_regions[i].size);
	}
	v = prop(off, "interrupts", &len);
	g_assert_cmpint(len, ==, 12);
	g_assert_cmpuint(cell(v, 0), ==, 1);
	g_assert_cmpuint(cell(v, 1), ==, 15);
	g_assert_cmpuint(cell(v, 2), ==, 0xf08);
	/* Found by the depth-1 name, as Linux's early scan does. */
	g_assert_cmpint(fdt_subnode_offset(buf, 0, "hypervisor"), ==, off);
}

static void test_gicv3(void)
{
	struct guest_fdt_params p = base_params(3, 4, false);
	int off, len;
	const void *v;

	build(&p);
	check_common(&p);
	check_no_hypervisor();
	off = gic_node();
	g_assert_cmpstr(prop(off, "compatible", NULL), ==, "arm,gic-v3");
	g_assert_cmpuint(prop_u32(off, "#redistributor-regions"), ==, 1);
	v = prop(off, "reg", &len);
	g_assert_cmpint(len, ==, 32);
	g_assert_cmpuint(u64_at(v, 0), ==, GUEST_GICV3_DIST_BASE);
	g_assert_cmpuint(u64_at(v, 1), ==, GUEST_GICV3_DIST_SIZE);
	g_assert_cmpuint(u64_at(v, 2), ==, GUEST_GICV3_REDIST_BASE);
	g_assert_cmpuint(u64_at(v, 3), ==, 4 * GUEST_GICV3_REDIST_STRIDE);
}

static void test_gicv2(void)
{
	struct guest_fdt_params p = base_params(2, 2, false);
	int off, len;
	const void *v;

	build(&p);
	check_common(&p);
	off = gic_node();
	g_assert_cmpstr(prop(off, "compatible", NULL), ==, "arm,cortex-a15-gic");
	g_assert_null(fdt_getprop(buf, off, "#redistributor-regions", NULL));
	v = prop(off, "reg", &len);
	g_assert_cmpint(len, ==, 32);
	g_assert_cmpuint(u64_at(v, 0), ==, GUEST_GICV2_DIST_BASE);
	g_assert_cmpuint(u64_at(v, 1), ==, GUEST_GICV2_DIST_SIZE);
	g_assert_cmpuint(u64_at(v, 2), ==, GUEST_GICV2_CPU_BASE);
	g_assert_cmpuint(u64_at(v, 3), ==, GUEST_GICV2_CPU_SIZE);
}

static void test_xen_gicv3(void)
{
	struct guest_fdt_params p = base_params(3, 2, true);

	build(&p);
	check_common(&p);
	check_hypervisor(&p);
}

static void test_xen_gicv2(void)
{
	struct guest_fdt_params p = base_params(2, 1, true);

	p.nr_ext_regions = 0;
	build(&p);
	check_common(&p);
	check_hypervisor(&p);
}

static void test_many_vcpus_affinity(void)
{
	struct guest_fdt_params p = base_params(3, 40, false);

	build(&p);
	check_common(&p);
	/* vCPU 17 is Aff1 = 1, Aff0 = 1 */
	node("/cpus/cpu@101");
}

static void test_minimal(void)
{
	struct guest_fdt_params p = {
	    .nr_vcpus = 1,
	    .gic_version = 3,
	    .nr_mem = 1,
	    .mem = {{GUEST_RAM_BANK0_BASE, 256UL << 20}},
	};
	int off;

	build(&p);
	off = node("/chosen");
	g_assert_null(fdt_getprop(buf, off, "bootargs", NULL));
	g_assert_null(fdt_getprop(buf, off, "linux,initrd-start", NULL));
	g_assert_null(fdt_getprop(buf, off, "stdout-path", NULL));
	g_assert_cmpint(fdt_path_offset(buf, GUEST_FDT_UART_PATH), <, 0);
	check_no_hypervisor();
}

static void test_bad_params(void)
{
	struct guest_fdt_params p = base_params(3, 2, true);

	p.nr_vcpus = 0;
	g_assert_cmpint(guest_fdt_build(&p, buf, sizeof(buf)), ==, -EINVAL);
	p.nr_vcpus = GUEST_VCPUS_MAX + 1;
	g_assert_cmpint(guest_fdt_build(&p, buf, sizeof(buf)), ==, -EINVAL);
	p = base_params(2, 9, false); /* GICv2 stops at 8 CPUs */
	g_assert_cmpint(guest_fdt_build(&p, buf, sizeof(buf)), ==, -EINVAL);
	p = base_params(4, 1, false);
	g_assert_cmpint(guest_fdt_build(&p, buf, sizeof(buf)), ==, -EINVAL);
	p = base_params(3, 1, false);
	p.nr_mem = 0;
	g_assert_cmpint(guest_fdt_build(&p, buf, sizeof(buf)), ==, -EINVAL);
	p = base_params(3, 1, false);
	p.mem[1].size = 0;
	g_assert_cmpint(guest_fdt_build(&p, buf, sizeof(buf)), ==, -EINVAL);
	p = base_params(3, 1, true);
	p.nr_ext_regions = GUEST_FDT_MAX_EXT_REGIONS + 1;
	g_assert_cmpint(guest_fdt_build(&p, buf, sizeof(buf)), ==, -EINVAL);
	/* Too small a buffer is -ENOSPC, not a crash. */
	p = base_params(3, 8, true);
	g_assert_cmpint(guest_fdt_build(&p, buf, 512), ==, -ENOSPC);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/guest_fdt/gicv3", test_gicv3);
	g_test_add_func("/guest_fdt/gicv2", test_gicv2);
	g_test_add_func("/guest_fdt/xen_gicv3", test_xen_gicv3);
	g_test_add_func("/guest_fdt/xen_gicv2", test_xen_gicv2);
	g_test_add_func("/guest_fdt/many_vcpus_affinity", test_many_vcpus_affinity);
	g_test_add_func("/guest_fdt/minimal", test_minimal);
	g_test_add_func("/guest_fdt/bad_params", test_bad_params);
	return g_test_run();
}
