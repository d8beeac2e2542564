// SPDX-License-Identifier: GPL-2.0-only
/*
 * The guest's device tree (see guest_fdt.h), written with libfdt's
 * sequential-write API in one pass: every node is emitted by a helper that
 * stops at the first libfdt error, which guest_fdt_build() turns into an
 * errno.
 */
#include <basalt/guest_fdt.h>
#include <basalt/guest_layout.h>
#include <basalt/errno.h>
#include <basalt/lib.h>
#include <libfdt.h>

/* GIC interrupt specifier: type, number, flags */
#define DT_IRQ_SPI	0
#define DT_IRQ_PPI	1
#define DT_IRQ_LEVEL_HI 0x4
/* Level-low with all CPUs in the (GICv2-only) mask, as Xen describes PPIs */
#define DT_IRQ_PPI_FLAGS 0xf08

/* PSCI 0.1 function IDs, for the legacy "arm,psci" binding */
#define PSCI_0_1_CPU_OFF 0x84000002U
#define PSCI_0_1_CPU_ON	 0xc4000003U

#define XEN_COMPAT_VERSION "4.17"
#define PL011_PERIPHID	   0x00241011U /* PL011 r1p5 */

#define TRY(x)                                                                                     \
	do {                                                                                       \
		int _rc = (x);                                                                     \
		if (_rc)                                                                           \
			return _rc;                                                                \
	} while (0)

/* A property of big-endian cells. */
static int prop_cells(void *fdt, const char *name, const uint32_t *cells, unsigned int n)
{
	fdt32_t be[16];

	ASSERT(n <= ARRAY_SIZE(be));
	for (unsigned int i = 0; i < n; i++)
		be[i] = cpu_to_fdt32(cells[i]);
	return fdt_property(fdt, name, be, (int)(n * sizeof(be[0])));
}

/* A property of (address, size) pairs in 2+2 cells. */
static int prop_ranges(void *fdt, const char *name, const struct guest_fdt_range *r, unsigned int n)
{
	fdt64_t be[2 * (GUEST_FDT_MAX_EXT_REGIONS + 1)];

	ASSERT(2 * n <= ARRAY_SIZE(be));
	for (unsigned int i = 0; i < n; i++) {
		be[2 * i] = cpu_to_fdt64(r[i].base);
		be[2 * i + 1] = cpu_to_fdt64(r[i].size);
	}
	return fdt_property(fdt, name, be, (int)(2 * n * sizeof(be[0])));
}

/* A string-list property from a NUL-separated literal (sizeof includes the last NUL). */
#define prop_strings(fdt, name, lit) fdt_property(fdt, name, lit, sizeof(lit))

static int make_root_props(void *fdt)
{
	TRY(prop_strings(fdt, "compatible", "basalt,vm"));
	TRY(fdt_property_string(fdt, "model", "Basalt virtual machine"));
	TRY(fdt_property_cell(fdt, "#address-cells", 2));
	TRY(fdt_property_cell(fdt, "#size-cells", 2));
	return fdt_property_cell(fdt, "interrupt-parent", GUEST_FDT_PHANDLE_GIC);
}

static int make_chosen(void *fdt, const struct guest_fdt_params *p)
{
	TRY(fdt_begin_node(fdt, "chosen"));
	if (p->bootargs)
		TRY(fdt_property_string(fdt, "bootargs", p->bootargs));
	if (p->initrd_size) {
		TRY(fdt_property_u64(fdt, "linux,initrd-start", p->initrd_start));
		TRY(fdt_property_u64(fdt, "linux,initrd-end", p->initrd_start + p->initrd_size));
	}
	if (p->uart)
		TRY(fdt_property_string(fdt, "stdout-path", GUEST_FDT_UART_PATH));
	return fdt_end_node(fdt);
}

/*
 * Linux looks for a depth-1 node named exactly "hypervisor" whose first
 * compatible string is "xen,xen-<version>".
 */
static int make_hypervisor(void *fdt, const struct guest_fdt_params *p)
{
	struct guest_fdt_range reg[GUEST_FDT_MAX_EXT_REGIONS + 1];
	uint32_t irq[3] = {DT_IRQ_PPI, GUEST_XEN_EVTCHN_PPI - 16, DT_IRQ_PPI_FLAGS};

	reg[0].base = GUEST_GRANT_BASE;
	reg[0].size = GUEST_GRANT_SIZE;
	for (unsigned int i = 0; i < p->nr_ext_regions; i++)
		reg[i + 1] = p->ext_regions[i];
	TRY(fdt_begin_node(fdt, "hypervisor"));
	TRY(prop_strings(fdt, "compatible", "xen,xen-" XEN_COMPAT_VERSION "\0xen,xen"));
	TRY(prop_ranges(fdt, "reg", reg, p->nr_ext_regions + 1));
	TRY(prop_cells(fdt, "interrupts", irq, 3));
	return fdt_end_node(fdt);
}

static int make_cpus(void *fdt, const struct guest_fdt_params *p)
{
	char name[32];

	TRY(fdt_begin_node(fdt, "cpus"));
	TRY(fdt_property_cell(fdt, "#address-cells", 1));
	TRY(fdt_property_cell(fdt, "#size-cells", 0));
	for (unsigned int i = 0; i < p->nr_vcpus; i++) {
		uint64_t aff = guest_vcpu_mpidr_aff(i);

		snprintf(name, sizeof(name), "cpu@%lx", (unsigned long)aff);
		TRY(fdt_begin_node(fdt, name));
		TRY(fdt_property_string(fdt, "device_type", "cpu"));
		TRY(fdt_property_string(fdt, "compatible", "arm,armv8"));
		TRY(fdt_property_string(fdt, "enable-method", "psci"));
		TRY(fdt_property_cell(fdt, "reg", (uint32_t)aff));
		TRY(fdt_end_node(fdt));
	}
	return fdt_end_node(fdt);
}

static int make_psci(void *fdt)
{
	TRY(fdt_begin_node(fdt, "psci"));
	TRY(prop_strings(fdt, "compatible", "arm,psci-1.0\0arm,psci-0.2\0arm,psci"));
	TRY(fdt_property_string(fdt, "method", "hvc"));
	TRY(fdt_property_cell(fdt, "cpu_off", PSCI_0_1_CPU_OFF));
	TRY(fdt_property_cell(fdt, "cpu_on", PSCI_0_1_CPU_ON));
	return fdt_end_node(fdt);
}

static int make_memory(void *fdt, const struct guest_fdt_params *p)
{
	char name[40];

	snprintf(name, sizeof(name), "memory@%lx", (unsigned long)p->mem[0].base);
	TRY(fdt_begin_node(fdt, name));
	TRY(fdt_property_string(fdt, "device_type", "memory"));
	TRY(prop_ranges(fdt, "reg", p->mem, p->nr_mem));
	return fdt_end_node(fdt);
}

static int make_gic(void *fdt, const struct guest_fdt_params *p)
{
	struct guest_fdt_range reg[2];
	char name[48];

	snprintf(name, sizeof(name), "interrupt-controller@%lx", GUEST_GICV3_DIST_BASE);
	TRY(fdt_begin_node(fdt, name));
	if (p->gic_version == 3) {
		reg[0].base = GUEST_GICV3_DIST_BASE;
		reg[0].size = GUEST_GICV3_DIST_SIZE;
		reg[1].base = GUEST_GICV3_REDIST_BASE;
		reg[1].size = (uint64_t)p->nr_vcpus * GUEST_GICV3_REDIST_STRIDE;
		TRY(fdt_property_string(fdt, "compatible", "arm,gic-v3"));
		TRY(fdt_property_cell(fdt, "#redistributor-regions", 1));
	} else {
		reg[0].base = GUEST_GICV2_DIST_BASE;
		reg[0].size = GUEST_GICV2_DIST_SIZE;
		reg[1].base = GUEST_GICV2_CPU_BASE;
		reg[1].size = GUEST_GICV2_CPU_SIZE;
		TRY(fdt_property_string(fdt, "compatible", "arm,cortex-a15-gic"));
	}
	TRY(fdt_property_cell(fdt, "#interrupt-cells", 3));
	TRY(fdt_property_cell(fdt, "#address-cells", 0));
	TRY(fdt_property(fdt, "interrupt-controller", NULL, 0));
	TRY(prop_ranges(fdt, "reg", reg, 2));
	TRY(fdt_property_cell(fdt, "phandle", GUEST_FDT_PHANDLE_GIC));
	return fdt_end_node(fdt);
}

static int make_timer(void *fdt)
{
	/* Secure physical, non-secure physical, virtual, hypervisor: PPI numbers */
	const uint32_t irqs[12] = {
	    DT_IRQ_PPI, GUEST_SECURE_PTIMER_PPI - 16, DT_IRQ_PPI_FLAGS,
	    DT_IRQ_PPI, GUEST_PTIMER_PPI - 16,	      DT_IRQ_PPI_FLAGS,
	    DT_IRQ_PPI, GUEST_VTIMER_PPI - 16,	      DT_IRQ_PPI_FLAGS,
	    DT_IRQ_PPI, GUEST_HTIMER_PPI - 16,	      DT_IRQ_PPI_FLAGS,
	};

	TRY(fdt_begin_node(fdt, "timer"));
	TRY(fdt_property_string(fdt, "compatible", "arm,armv8-timer"));
	TRY(prop_cells(fdt, "interrupts", irqs, 12));
	return fdt_end_node(fdt);
}

/* Linux's AMBA bus will not probe a primecell without its apb_pclk. */
static int make_uart(void *fdt)
{
	const uint32_t irq[3] = {DT_IRQ_SPI, GUEST_UART_SPI - 32, DT_IRQ_LEVEL_HI};
	const uint32_t clocks[2] = {GUEST_FDT_PHANDLE_CLK, GUEST_FDT_PHANDLE_CLK};
	const struct guest_fdt_range reg = {GUEST_UART_BASE, GUEST_UART_SIZE};

	TRY(fdt_begin_node(fdt, "apb-pclk"));
	TRY(fdt_property_string(fdt, "compatible", "fixed-clock"));
	TRY(fdt_property_cell(fdt, "#clock-cells", 0));
	TRY(fdt_property_cell(fdt, "clock-frequency", GUEST_UART_CLK_HZ));
	TRY(fdt_property_string(fdt, "clock-output-names", "clk24mhz"));
	TRY(fdt_property_cell(fdt, "phandle", GUEST_FDT_PHANDLE_CLK));
	TRY(fdt_end_node(fdt));

	TRY(fdt_begin_node(fdt, GUEST_FDT_UART_PATH + 1));
	TRY(prop_strings(fdt, "compatible", "arm,pl011\0arm,primecell"));
	TRY(prop_ranges(fdt, "reg", &reg, 1));
	TRY(prop_cells(fdt, "interrupts", irq, 3));
	TRY(prop_cells(fdt, "clocks", clocks, 2));
	TRY(prop_strings(fdt, "clock-names", "uartclk\0apb_pclk"));
	TRY(fdt_property_cell(fdt, "arm,primecell-periphid", PL011_PERIPHID));
	return fdt_end_node(fdt);
}

static bool params_valid(const struct guest_fdt_params *p)
{
	if (!p->nr_vcpus || p->nr_vcpus > GUEST_VCPUS_MAX)
		return false;
	/* GICv2 can only target 8 CPUs. */
	if (p->gic_version != 3 && !(p->gic_version == 2 && p->nr_vcpus <= 8))
		return false;
	if (!p->nr_mem || p->nr_mem > GUEST_FDT_MAX_MEM_BANKS ||
	    p->nr_ext_regions > GUEST_FDT_MAX_EXT_REGIONS)
		return false;
	for (unsigned int i = 0; i < p->nr_mem; i++)
		if (!p->mem[i].size)
			return false;
	return true;
}

static int build(void *fdt, size_t size, const struct guest_fdt_params *p)
{
	TRY(fdt_create(fdt, (int)size));
	TRY(fdt_finish_reservemap(fdt));
	TRY(fdt_begin_node(fdt, ""));
	TRY(make_root_props(fdt));
	TRY(make_chosen(fdt, p));
	if (p->xen)
		TRY(make_hypervisor(fdt, p));
	TRY(make_cpus(fdt, p));
	TRY(make_psci(fdt));
	TRY(make_memory(fdt, p));
	TRY(make_gic(fdt, p));
	TRY(make_timer(fdt));
	if (p->uart)
		TRY(make_uart(fdt));
	TRY(fdt_end_node(fdt));
	return fdt_finish(fdt);
}

int guest_fdt_build(const struct guest_fdt_params *p, void *buf, size_t size)
{
	int rc;

	if (!params_valid(p) || size > INT32_MAX)
		return -EINVAL;
	rc = build(buf, size, p);
	if (rc == -FDT_ERR_NOSPACE)
		return -ENOSPC;
	return rc ? -EINVAL : 0;
}
