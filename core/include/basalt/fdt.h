/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The host device tree: the hypervisor's own copy of the DTB the boot loader
 * passed in x0, and small helpers over libfdt for the host DT.
 *
 * Note: Debian's libfdt.a is built with FP/SIMD enabled (it uses d0/d1/v0),
 * so libfdt calls at EL2 clobber those registers: a caller must not hold live
 * guest FP/SIMD state in them.
 */
#ifndef BASALT_FDT_H
#define BASALT_FDT_H

#include <basalt/types.h>

/* The relocated host DTB (read-only after boot). */
const void *host_fdt(void);
/* Boot: copy the loader's DTB at @fdt into the image. Returns 0 or -EINVAL. */
int host_fdt_copy(const void *fdt);

/*
 * Read entry @index of node @node's "reg" (cells per its parent's
 * #address-cells/#size-cells). Returns 0 or -ENOENT/-EINVAL.
 */
int fdt_get_reg(const void *fdt, int node, unsigned int index, paddr_t *base, uint64_t *size);
/* Read a number of @cells big-endian cells at @p. */
uint64_t fdt_read_cells(const uint32_t *p, int cells);
/* #address-cells / #size-cells that apply to children of @node (defaults 2 and 1). */
int fdt_address_cells(const void *fdt, int node);
int fdt_size_cells(const void *fdt, int node);
/*
 * Decode interrupt @index of @node (3-cell GIC specifier) into a GIC INTID
 * and trigger. Returns 0 or -ENOENT/-EINVAL.
 */
int fdt_get_irq(const void *fdt, int node, unsigned int index, unsigned int *intid, bool *edge);
/* Whether the node is enabled (no "status", or "okay"/"ok"). */
bool fdt_node_is_enabled(const void *fdt, int node);

#endif
