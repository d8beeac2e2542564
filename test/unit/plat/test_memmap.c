// SPDX-License-Identifier: GPL-2.0-only
/* Host memory map: RAM minus reservations, and reading both from a device tree. */
#include <libfdt.h>
#include <basalt/memmap.h>
#include <basalt/errno.h>
#include <glib.h>

static void check_ranges(const struct memmap *m, const struct mem_range *want, int nwant)
{
	struct mem_range out[MEMMAP_MAX_RANGES];
	int n = memmap_free_ranges(m, out, MEMMAP_MAX_RANGES);

	g_assert_cmpint(n, ==, nwant);
	for (int i = 0; i < n; i++) {
		g_assert_cmphex(out[i].start, ==, want[i].start);
		g_assert_cmphex(out[i].end, ==, want[i].end);
	}
}

static void test_subtract(void)
{
	struct memmap m = {0};
	static const struct mem_range want[] = {
	    {0x40000000, 0x40200000},
	    {0x40400000, 0x48000000},
	    {0x48101000, 0x80000000},
	    {0x100000000, 0x100100000},
	};

	/* Unsorted banks and overlapping, unsorted, unaligned reservations. */
	memmap_add_ram(&m, 0x100000000, 0x100200000);
	memmap_add_ram(&m, 0x40000000, 0x80000000);
	memmap_add_reserved(&m, 0x48000000, 0x48100800); /* ends mid-page: rounded out */
	memmap_add_reserved(&m, 0x40200000, 0x40400000);
	memmap_add_reserved(&m, 0x40300000, 0x40380000);   /* inside the previous one */
	memmap_add_reserved(&m, 0x100100000, 0x200000000); /* past the end of RAM */
	memmap_add_reserved(&m, 0x10000000, 0x10001000);   /* not in RAM at all */
	memmap_add_reserved(&m, 0x50000000, 0x50000000);   /* empty: ignored */
	g_assert_cmpuint(m.nr_reserved, ==, 5);
	g_assert_cmphex(memmap_ram_size(&m), ==, 0x40000000 + 0x200000);
	check_ranges(&m, want, G_N_ELEMENTS(want));
}

static void test_limits(void)
{
	struct memmap m = {0};
	struct mem_range out[2];

	for (unsigned int i = 0; i < MEMMAP_MAX_RANGES; i++)
		g_assert_cmpint(
		    memmap_add_ram(&m, (i + 1) * 0x10000000ULL, (i + 1) * 0x10000000ULL + 0x1000),
		    ==, 0);
	g_assert_cmpint(memmap_add_ram(&m, 0, 0x1000), ==, -ENOSPC);
	g_assert_cmpint(memmap_free_ranges(&m, out, 2), ==, -ENOSPC);
}

#define FDT_CHECK(x) g_assert_cmpint((x), ==, 0)

static void prop_cells2(void *fdt, const char *name, uint64_t a, uint64_t b)
{
	fdt64_t v[2] = {cpu_to_fdt64(a), cpu_to_fdt64(b)};

	FDT_CHECK(fdt_property(fdt, name, v, sizeof(v)));
}

/* A board like QEMU virt with two dom0less domains' modules and firmware reservations. */
static void *build_fdt(void)
{
	void *fdt = g_malloc0(8192);

	FDT_CHECK(fdt_create(fdt, 8192));
	FDT_CHECK(fdt_add_reservemap_entry(fdt, 0x7ff00000, 0x100000));
	FDT_CHECK(fdt_finish_reservemap(fdt));
	FDT_CHECK(fdt_begin_node(fdt, ""));
	FDT_CHECK(fdt_property_u32(fdt, "#address-cells", 2));
	FDT_CHECK(fdt_property_u32(fdt, "#size-cells", 2));
	FDT_CHECK(fdt_begin_node(fdt, "memory@40000000"));
	FDT_CHECK(fdt_property_string(fdt, "device_type", "memory"));
	prop_cells2(fdt, "reg", 0x40000000, 0x40000000);
	FDT_CHECK(fdt_end_node(fdt));
	FDT_CHECK(fdt_begin_node(fdt, "memory@100000000"));
	FDT_CHECK(fdt_property_string(fdt, "device_type", "memory"));
	prop_cells2(fdt, "reg", 0x100000000, 0x10000000);
	FDT_CHECK(fdt_end_node(fdt));
	FDT_CHECK(fdt_begin_node(fdt, "reserved-memory"));
	FDT_CHECK(fdt_property_u32(fdt, "#address-cells", 2));
	FDT_CHECK(fdt_property_u32(fdt, "#size-cells", 2));
	FDT_CHECK(fdt_begin_node(fdt, "fw@60000000"));
	prop_cells2(fdt, "reg", 0x60000000, 0x200000);
	FDT_CHECK(fdt_end_node(fdt));
	FDT_CHECK(fdt_end_node(fdt));
	FDT_CHECK(fdt_begin_node(fdt, "chosen"));
	FDT_CHECK(fdt_property_u32(fdt, "#address-cells", 2));
	FDT_CHECK(fdt_property_u32(fdt, "#size-cells", 2));
	FDT_CHECK(fdt_begin_node(fdt, "domU1"));
	FDT_CHECK(fdt_property_string(fdt, "compatible", "xen,domain"));
	FDT_CHECK(fdt_property_u32(fdt, "#address-cells", 2));
	FDT_CHECK(fdt_property_u32(fdt, "#size-cells", 2));
	prop_cells2(fdt, "memory", 0, 262144); /* KiB: not an address range */
	FDT_CHECK(fdt_begin_node(fdt, "module@50000000"));
	FDT_CHECK(fdt_property(fdt, "compatible", "multiboot,kernel\0multiboot,module", 34));
	prop_cells2(fdt, "reg", 0x50000000, 0x1800000);
	FDT_CHECK(fdt_end_node(fdt));
	FDT_CHECK(fdt_begin_node(fdt, "module@52000000"));
	FDT_CHECK(fdt_property(fdt, "compatible", "multiboot,ramdisk\0multiboot,module", 35));
	prop_cells2(fdt, "reg", 0x52000000, 0x123456);
	FDT_CHECK(fdt_end_node(fdt));
	FDT_CHECK(fdt_end_node(fdt));
	FDT_CHECK(fdt_end_node(fdt));
	FDT_CHECK(fdt_end_node(fdt));
	FDT_CHECK(fdt_finish(fdt));
	return fdt;
}

static void test_from_fdt(void)
{
	struct memmap m = {0};
	void *fdt = build_fdt();
	static const struct mem_range want[] = {
	    {0x40000000, 0x50000000}, {0x51800000, 0x52000000},	  {0x52124000, 0x60000000},
	    {0x60200000, 0x7ff00000}, {0x100000000, 0x110000000},
	};

	g_assert_cmpint(memmap_from_fdt(&m, fdt), ==, 0);
	g_assert_cmpuint(m.nr_ram, ==, 2);
	g_assert_cmpuint(m.nr_reserved, ==, 4);
	check_ranges(&m, want, G_N_ELEMENTS(want));
	g_free(fdt);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/plat/memmap/subtract", test_subtract);
	g_test_add_func("/plat/memmap/limits", test_limits);
	g_test_add_func("/plat/memmap/from-fdt", test_from_fdt);
	return g_test_run();
}
