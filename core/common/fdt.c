// SPDX-License-Identifier: GPL-2.0-only
/* Small helpers over libfdt for reading the host device tree. */
#include <basalt/lib.h>
#include <basalt/errno.h>
#include <basalt/fdt.h>
#include <libfdt.h>

uint64_t fdt_read_cells(const uint32_t *p, int cells)
{
	uint64_t v = 0;

	for (int i = 0; i < cells; i++)
		v = (v << 32) | fdt32_to_cpu(p[i]);
	return v;
}

int fdt_address_cells(const void *fdt, int node)
{
	const fdt32_t *p = fdt_getprop(fdt, node, "#address-cells", NULL);

	return p ? (int)fdt32_to_cpu(*p) : 2;
}

int fdt_size_cells(const void *fdt, int node)
{
	const fdt32_t *p = fdt_getprop(fdt, node, "#size-cells", NULL);

	return p ? (int)fdt32_to_cpu(*p) : 1;
}

int fdt_get_reg(const void *fdt, int node, unsigned int index, paddr_t *base, uint64_t *size)
{
	int parent = fdt_parent_offset(fdt, node);
	int ac, sc, len;
	const fdt32_t *reg;

	if (parent < 0)
		return -EINVAL;
	ac = fdt_address_cells(fdt, parent);
	sc = fdt_size_cells(fdt, parent);
	if (ac < 1 || ac > 2 || sc < 0 || sc > 2)
		return -EINVAL;
	reg = fdt_getprop(fdt, node, "reg", &len);
	if (!reg)
		return -ENOENT;
	if ((unsigned int)len < (index + 1) * (unsigned int)(ac + sc) * 4)
		return -ENOENT;
	reg += index * (unsigned int)(ac + sc);
	*base = fdt_read_cells(reg, ac);
	*size = fdt_read_cells(reg + ac, sc);
	return 0;
}

int fdt_get_irq(const void *fdt, int node, unsigned int index, unsigned int *intid, bool *edge)
{
	const fdt32_t *p;
	uint32_t type, num, flags;
	int len;

	p = fdt_getprop(fdt, node, "interrupts", &len);
	if (!p)
		return -ENOENT;
	if ((unsigned int)len < (index + 1) * 12)
		return -ENOENT;
	p += index * 3;
	type = fdt32_to_cpu(p[0]);
	num = fdt32_to_cpu(p[1]);
	flags = fdt32_to_cpu(p[2]);
	if (type == 0 && num < 988)
		*intid = 32 + num; /* SPI */
	else if (type == 1 && num < 16)
		*intid = 16 + num; /* PPI */
	else
		return -EINVAL;
	/* IRQ_TYPE_EDGE_RISING = 1, EDGE_FALLING = 2; levels are 4 and 8. */
	*edge = (flags & 0xf) == 1 || (flags & 0xf) == 2;
	return 0;
}

bool fdt_node_is_enabled(const void *fdt, int node)
{
	const char *s = fdt_getprop(fdt, node, "status", NULL);

	return !s || !strcmp(s, "okay") || !strcmp(s, "ok");
}
