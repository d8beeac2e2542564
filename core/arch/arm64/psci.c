// SPDX-License-Identifier: GPL-2.0-only
/* Calls to the host's PSCI firmware, through SMC or HVC as /psci says. */
#include <basalt/lib.h>
#include <basalt/errno.h>
#include <asm/psci.h>
#include <libfdt.h>

static bool psci_use_hvc;
static uint32_t psci_fn_cpu_on = PSCI_0_2_FN64_CPU_ON;

static uint64_t psci_call(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t x0 __asm__("x0") = fn;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;

	/* SMCCC: x4-x17 may be clobbered by the firmware. */
	if (psci_use_hvc)
		__asm__ volatile("hvc #0"
				 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
				 :
				 : "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12", "x13",
				   "x14", "x15", "x16", "x17", "memory");
	else
		__asm__ volatile("smc #0"
				 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
				 :
				 : "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12", "x13",
				   "x14", "x15", "x16", "x17", "memory");
	return x0;
}

int psci_host_init(const void *fdt)
{
	int node = fdt_path_offset(fdt, "/psci");
	const char *method;
	const fdt32_t *id;

	if (node < 0)
		return -ENODEV;
	method = fdt_getprop(fdt, node, "method", NULL);
	if (!method)
		return -ENODEV;
	psci_use_hvc = !strcmp(method, "hvc");
	/* PSCI 0.1 firmware names its function ids in the node. */
	if (fdt_node_check_compatible(fdt, node, "arm,psci-0.2") != 0) {
		id = fdt_getprop(fdt, node, "cpu_on", NULL);
		if (id)
			psci_fn_cpu_on = fdt32_to_cpu(*id);
	}
	return 0;
}

int psci_cpu_on(uint64_t mpidr, paddr_t entry, uint64_t context)
{
	return (int)(int64_t)psci_call(psci_fn_cpu_on, mpidr, entry, context);
}

uint32_t psci_version(void)
{
	return (uint32_t)psci_call(PSCI_0_2_FN_VERSION, 0, 0, 0);
}

void psci_system_off(void)
{
	psci_call(PSCI_0_2_FN_SYSTEM_OFF, 0, 0, 0);
	for (;;)
		__asm__ volatile("wfi");
}

void psci_system_reset(void)
{
	psci_call(PSCI_0_2_FN_SYSTEM_RESET, 0, 0, 0);
	for (;;)
		__asm__ volatile("wfi");
}
