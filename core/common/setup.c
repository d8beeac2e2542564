// SPDX-License-Identifier: GPL-2.0-only
/*
 * Boot CPU, from head.S with the MMU on: the host DT, the console, memory,
 * interrupts, time, the other CPUs, then the scheduler (VM) takes over.
 */
#include <basalt/lib.h>
#include <basalt/fdt.h>
#include <basalt/uart.h>
#include <basalt/irq.h>
#include <basalt/time.h>
#include <basalt/percpu.h>
#include <basalt/memmap.h>
#include <basalt/keyhandler.h>
#include <basalt/console.h>
#include <basalt/page_alloc.h>
#include <basalt/sched.h>
#include <basalt/domain.h>
#include <asm/mmu.h>
#include <asm/psci.h>
#include <asm/smp.h>
#include <asm/sysregs.h>
#include <libfdt.h>

void __noreturn start_basalt(paddr_t fdt_pa);

extern const char basalt_version[];
extern char _start[], _end[];

/* Other owners' entry points, weak so the bare platform links and boots alone. */
#pragma weak page_alloc_add_region
#pragma weak page_alloc_cmdline
#pragma weak sched_init
#pragma weak domain_keys_init
#pragma weak domain_build_dom0less

static struct memmap host_mem;
static struct mem_range free_ranges[MEMMAP_MAX_RANGES];

static void setup_memory(const void *fdt)
{
	int n;

	if (memmap_from_fdt(&host_mem, fdt))
		panic("host DT: too many memory or reserved ranges (max %u)", MEMMAP_MAX_RANGES);
	if (!host_mem.nr_ram)
		panic("host DT: no /memory node");
	if (memmap_add_reserved(&host_mem, virt_to_phys(_start), virt_to_phys(_end)))
		panic("host DT: too many reserved ranges to reserve the image (max %u)",
		      MEMMAP_MAX_RANGES);
	for (unsigned int i = 0; i < host_mem.nr_ram; i++) {
		struct mem_range *r = &host_mem.ram[i];

		if (mmu_map_identity(r->start, r->end - r->start, MT_NORMAL))
			panic("EL2 page tables: pool exhausted mapping RAM %#lx-%#lx",
			      (unsigned long)r->start, (unsigned long)r->end);
	}
	n = memmap_free_ranges(&host_mem, free_ranges, ARRAY_SIZE(free_ranges));
	if (n < 0)
		panic("host memory map: too many free ranges");
	for (int i = 0; i < n; i++) {
		printk("RAM: free %#lx-%#lx (%lu MiB)\n", (unsigned long)free_ranges[i].start,
		       (unsigned long)free_ranges[i].end,
		       (unsigned long)((free_ranges[i].end - free_ranges[i].start) >> 20));
		if (page_alloc_add_region)
			page_alloc_add_region(free_ranges[i].start, free_ranges[i].end);
	}
	if (!page_alloc_add_region)
		printk_level(LOG_WARNING, "no page allocator built in: RAM left unused\n");
}

/*
 * The hypervisor's command line: /chosen "xen,xen-bootargs" (Xen's binding;
 * /chosen "bootargs" belongs to the domains). Understood: loglvl=debug (or
 * all) also prints debug messages; the default is info. (Lower levels are
 * not offered: debug keys and the banner print at info.)
 */
static void parse_cmdline(const void *fdt)
{
	int chosen = fdt_path_offset(fdt, "/chosen");
	const char *args = chosen >= 0 ? fdt_getprop(fdt, chosen, "xen,xen-bootargs", NULL) : NULL;

	if (!args)
		return;
	printk("Command line: %s\n", args);
	if (page_alloc_cmdline)
		page_alloc_cmdline(args); /* bootscrub= */
	for (const char *p = args; (p = strstr(p, "loglvl=")); p += 7) {
		const char *v = p + 7;

		if (p != args && p[-1] != ' ')
			continue;
		if ((!strncmp(v, "debug", 5) && (v[5] == ' ' || !v[5])) ||
		    (!strncmp(v, "all", 3) && (v[3] == ' ' || !v[3])))
			printk_set_loglevel(LOG_DEBUG);
		else if (!strncmp(v, "info", 4) && (v[4] == ' ' || !v[4]))
			printk_set_loglevel(LOG_INFO);
		else
			printk_level(LOG_WARNING, "loglvl: use info, debug or all\n");
	}
}

static void print_banner(void)
{
	printk("Basalt hypervisor %s (arm64, EL2)\n", basalt_version);
}

static void print_summary(void)
{
	const struct gic_hw_info *g = gic_hw();

	printk("Basalt %s: %u CPUs online, GICv%u, %lu MiB RAM, timer %lu Hz, console %s\n",
	       basalt_version, nr_online_cpus(), g->version,
	       (unsigned long)(memmap_ram_size(&host_mem) >> 20), (unsigned long)cntfrq(),
	       uart_name());
}

void start_basalt(paddr_t fdt_pa)
{
	const void *fdt;

	if (host_fdt_copy(phys_to_virt(fdt_pa)))
		for (;;)
			__asm__ volatile("wfe"); /* no DT, so no console to complain on */
	fdt = host_fdt();
	uart_init(fdt);
	print_banner();
	parse_cmdline(fdt);
	printk("DTB at %#lx (%u bytes), image %#lx-%#lx\n", (unsigned long)fdt_pa,
	       fdt_totalsize(fdt), (unsigned long)virt_to_phys(_start),
	       (unsigned long)virt_to_phys(_end));
	setup_memory(fdt);
	smp_enumerate_cpus(fdt);
	this_cpu()->online = true;
	gic_init(fdt);
	smp_init_sgis();
	time_init(fdt);
	if (psci_host_init(fdt))
		printk_level(LOG_WARNING, "no /psci node: secondary CPUs stay off\n");
	else
		smp_boot_secondaries();
	if (uart_enable_rx_irq())
		printk_level(LOG_WARNING, "console UART has no interrupt: no input\n");
	keyhandler_init();
	print_summary();
	if (sched_init)
		sched_init(nr_possible_cpus());
	if (domain_keys_init)
		domain_keys_init();
	if (domain_build_dom0less)
		domain_build_dom0less();
	printk("Type 'h' for the debug keys.\n");
	smp_release_secondaries();
	sched_start_cpu();
}
