// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host memory from the DT: /memory banks; reserved are /memreserve/ entries,
 * /reserved-memory children, the initrd and every boot module under /chosen
 * (Xen's dom0less binding: "multiboot,kernel", "multiboot,ramdisk",
 * "multiboot,module", ... at any depth below /chosen).
 */
#include <basalt/lib.h>
#include <basalt/errno.h>
#include <basalt/fdt.h>
#include <basalt/memmap.h>
#include <libfdt.h>

static int add_node_regs(struct memmap *m, const void *fdt, int node, bool ram)
{
	paddr_t base;
	uint64_t size;
	int rc = 0;

	for (unsigned int i = 0; !rc && !fdt_get_reg(fdt, node, i, &base, &size); i++)
		rc = ram ? memmap_add_ram(m, base, base + size)
			 : memmap_add_reserved(m, base, base + size);
	return rc;
}

static int add_memory_nodes(struct memmap *m, const void *fdt)
{
	int node, rc;

	fdt_for_each_subnode(node, fdt, 0)
	{
		const char *type = fdt_getprop(fdt, node, "device_type", NULL);

		if (!type || strcmp(type, "memory") || !fdt_node_is_enabled(fdt, node))
			continue;
		rc = add_node_regs(m, fdt, node, true);
		if (rc)
			return rc;
	}
	return 0;
}

static int add_memreserve(struct memmap *m, const void *fdt)
{
	int n = fdt_num_mem_rsv(fdt), rc;
	uint64_t addr, size;

	for (int i = 0; i < n; i++) {
		if (fdt_get_mem_rsv(fdt, i, &addr, &size))
			continue;
		rc = memmap_add_reserved(m, addr, addr + size);
		if (rc)
			return rc;
	}
	return 0;
}

static int add_reserved_memory(struct memmap *m, const void *fdt)
{
	int parent = fdt_path_offset(fdt, "/reserved-memory"), node, rc;

	if (parent < 0)
		return 0;
	fdt_for_each_subnode(node, fdt, parent)
	{
		rc = add_node_regs(m, fdt, node, false);
		if (rc)
			return rc;
	}
	return 0;
}

static bool is_boot_module(const void *fdt, int node)
{
	int len, pos = 0;
	const char *c = fdt_getprop(fdt, node, "compatible", &len);

	while (c && pos < len) {
		const char *s = c + pos;

		if (!strncmp(s, "multiboot,", 10) || !strncmp(s, "xen,linux-", 10))
			return true;
		pos += (int)strnlen(s, (size_t)(len - pos)) + 1;
	}
	return false;
}

static int add_chosen(struct memmap *m, const void *fdt)
{
	int chosen = fdt_path_offset(fdt, "/chosen"), node, depth = 0, rc, len;
	const fdt32_t *s, *e;

	if (chosen < 0)
		return 0;
	s = fdt_getprop(fdt, chosen, "linux,initrd-start", &len);
	e = fdt_getprop(fdt, chosen, "linux,initrd-end", NULL);
	if (s && e) {
		rc = memmap_add_reserved(m, fdt_read_cells(s, len / 4), fdt_read_cells(e, len / 4));
		if (rc)
			return rc;
	}
	for (node = fdt_next_node(fdt, chosen, &depth); node >= 0 && depth > 0;
	     node = fdt_next_node(fdt, node, &depth)) {
		if (!is_boot_module(fdt, node))
			continue;
		rc = add_node_regs(m, fdt, node, false);
		if (rc)
			return rc;
	}
	return 0;
}

int memmap_from_fdt(struct memmap *m, const void *fdt)
{
	int rc;

	rc = add_memory_nodes(m, fdt);
	if (!rc)
		rc = add_memreserve(m, fdt);
	if (!rc)
		rc = add_reserved_memory(m, fdt);
	if (!rc)
		rc = add_chosen(m, fdt);
	return rc;
}
