// SPDX-License-Identifier: GPL-2.0-only
/*
 * Dom0less domain descriptions from the host DT (see dom0less.h for the
 * binding). The host DT is configuration written by whoever set up the
 * board: everything is checked, and a bad node fails the parse with one
 * error line that names it, never a crash.
 */
#include <basalt/dom0less.h>
#include <basalt/guest_layout.h>
#include <basalt/errno.h>
#include <basalt/lib.h>
#include <libfdt.h>

#define EVTCHN_COMPAT "xen,evtchn-v1"
/* Most guest RAM the layout has room for, in KiB */
#define MAX_MEMORY_KIB ((GUEST_RAM_BANK0_SIZE + GUEST_RAM_BANK1_SIZE) >> 10)

struct parse_ctx {
	const void *fdt;
	const char *name; /* domain node, for messages */
	int node;
	unsigned int addr_cells, size_cells;
	struct dom0less_domain *d;
};

#define parse_error(ctx, fmt, ...)                                                                 \
	printk_level(LOG_ERROR, "dom0less: /chosen/%s: " fmt "\n", (ctx)->name, ##__VA_ARGS__)

static bool compatible(const void *fdt, int node, const char *compat)
{
	return fdt_node_check_compatible(fdt, node, compat) == 0;
}

/* Read 1 or 2 big-endian cells. */
static uint64_t read_cells(const fdt32_t *p, unsigned int n)
{
	uint64_t v = 0;

	for (unsigned int i = 0; i < n; i++)
		v = (v << 32) | fdt32_to_cpu(p[i]);
	return v;
}

/* A NUL-terminated string property that fits @size bytes; 0 if absent. */
static int copy_string_prop(struct parse_ctx *ctx, int node, const char *prop, char *out,
			    size_t size)
{
	int len;
	const char *v = fdt_getprop(ctx->fdt, node, prop, &len);

	if (!v)
		return 0;
	if (len < 1 || v[len - 1] != '\0') {
		parse_error(ctx, "%s is not a string", prop);
		return -EINVAL;
	}
	if ((size_t)len > size) {
		parse_error(ctx, "%s is %d bytes, more than the %zu supported", prop, len, size);
		return -EINVAL;
	}
	memcpy(out, v, (size_t)len);
	return 0;
}

static int parse_u32(struct parse_ctx *ctx, const char *prop, uint32_t *out)
{
	int len;
	const fdt32_t *v = fdt_getprop(ctx->fdt, ctx->node, prop, &len);

	if (!v) {
		parse_error(ctx, "missing property \"%s\"", prop);
		return -EINVAL;
	}
	if (len != 4) {
		parse_error(ctx, "\"%s\" must be one cell", prop);
		return -EINVAL;
	}
	*out = fdt32_to_cpu(v[0]);
	return 0;
}

static int parse_memory(struct parse_ctx *ctx)
{
	int len;
	const fdt32_t *v = fdt_getprop(ctx->fdt, ctx->node, "memory", &len);
	uint64_t kib;

	if (!v) {
		parse_error(ctx, "missing property \"memory\" (KiB)");
		return -EINVAL;
	}
	if (len != 4 && len != 8) {
		parse_error(ctx, "\"memory\" must be 1 or 2 cells (KiB)");
		return -EINVAL;
	}
	kib = read_cells(v, (unsigned int)len / 4);
	if (kib == 0 || kib % (PAGE_SIZE >> 10) || kib > MAX_MEMORY_KIB) {
		parse_error(
		    ctx, "memory = %llu KiB: must be a non-zero multiple of 4 KiB up to %llu KiB",
		    (unsigned long long)kib, (unsigned long long)MAX_MEMORY_KIB);
		return -EINVAL;
	}
	ctx->d->memory_kib = kib;
	return 0;
}

static int parse_cpus(struct parse_ctx *ctx)
{
	uint32_t cpus;
	int rc = parse_u32(ctx, "cpus", &cpus);

	if (rc)
		return rc;
	if (cpus == 0 || cpus > GUEST_VCPUS_MAX) {
		parse_error(ctx, "cpus = %u: must be 1..%u", cpus, GUEST_VCPUS_MAX);
		return -EINVAL;
	}
	ctx->d->cpus = cpus;
	return 0;
}

/* "xen,enhanced": empty, "enabled" or "no-xenstore" turn the Xen ABI on. */
static int parse_enhanced(struct parse_ctx *ctx)
{
	int len;
	const char *v = fdt_getprop(ctx->fdt, ctx->node, "xen,enhanced", &len);

	if (!v)
		return 0;
	if (len > 0 && strcmp(v, "enabled") && strcmp(v, "no-xenstore")) {
		parse_error(ctx, "xen,enhanced must be \"enabled\" or \"no-xenstore\"");
		return -EINVAL;
	}
	ctx->d->xen_enhanced = true;
	return 0;
}

static int parse_cell_sizes(struct parse_ctx *ctx)
{
	int ac = fdt_address_cells(ctx->fdt, ctx->node);
	int sc = fdt_size_cells(ctx->fdt, ctx->node);

	/* As Xen: module addresses and sizes are 1 or 2 cells. */
	if (ac < 1 || ac > 2 || sc < 1 || sc > 2) {
		parse_error(ctx, "#address-cells/#size-cells must be 1 or 2");
		return -EINVAL;
	}
	ctx->addr_cells = (unsigned int)ac;
	ctx->size_cells = (unsigned int)sc;
	return 0;
}

static int parse_module_reg(struct parse_ctx *ctx, int child, struct dom0less_module *m)
{
	const char *cname = fdt_get_name(ctx->fdt, child, NULL);
	unsigned int cells = ctx->addr_cells + ctx->size_cells;
	int len;
	const fdt32_t *reg = fdt_getprop(ctx->fdt, child, "reg", &len);

	if (!reg || len != (int)(cells * 4)) {
		parse_error(ctx, "module %s: reg must be one <address size> pair of %u+%u cells",
			    cname, ctx->addr_cells, ctx->size_cells);
		return -EINVAL;
	}
	m->start = read_cells(reg, ctx->addr_cells);
	m->size = read_cells(reg + ctx->addr_cells, ctx->size_cells);
	if (m->size == 0 || m->start + m->size < m->start) {
		parse_error(ctx, "module %s: empty or wrapping range", cname);
		return -EINVAL;
	}
	return 0;
}

static int parse_module(struct parse_ctx *ctx, int child, struct dom0less_module *m,
			const char *what)
{
	int rc;

	if (m->size) {
		parse_error(ctx, "more than one %s module", what);
		return -EINVAL;
	}
	rc = parse_module_reg(ctx, child, m);
	if (rc)
		return rc;
	if (m == &ctx->d->kernel)
		rc = copy_string_prop(ctx, child, "bootargs", ctx->d->bootargs,
				      sizeof(ctx->d->bootargs));
	return rc;
}

static int parse_evtchn(struct parse_ctx *ctx, int child)
{
	struct dom0less_domain *d = ctx->d;
	const char *cname = fdt_get_name(ctx->fdt, child, NULL);
	struct dom0less_evtchn *e;
	int len;
	const fdt32_t *v = fdt_getprop(ctx->fdt, child, "xen,evtchn", &len);

	if (!v || len != 8) {
		parse_error(ctx, "%s: xen,evtchn must be <local-port &peer>", cname);
		return -EINVAL;
	}
	if (d->nr_evtchns == DOM0LESS_MAX_EVTCHNS) {
		parse_error(ctx, "more than %u static event channels (DOM0LESS_MAX_EVTCHNS)",
			    DOM0LESS_MAX_EVTCHNS);
		return -EINVAL;
	}
	e = &d->evtchn[d->nr_evtchns];
	e->local_port = fdt32_to_cpu(v[0]);
	e->peer_phandle = fdt32_to_cpu(v[1]);
	e->phandle = fdt_get_phandle(ctx->fdt, child);
	if (e->local_port == 0 || e->local_port > DOM0LESS_EVTCHN_PORT_MAX) {
		parse_error(ctx, "%s: port %u out of range 1..%u", cname, e->local_port,
			    DOM0LESS_EVTCHN_PORT_MAX);
		return -EINVAL;
	}
	if (!e->phandle || !e->peer_phandle || e->phandle == e->peer_phandle) {
		parse_error(ctx, "%s: needs a phandle and a link to another xen,evtchn node",
			    cname);
		return -EINVAL;
	}
	for (unsigned int i = 0; i < d->nr_evtchns; i++) {
		if (d->evtchn[i].local_port == e->local_port) {
			parse_error(ctx, "%s: port %u used twice", cname, e->local_port);
			return -EINVAL;
		}
	}
	d->nr_evtchns++;
	return 0;
}

/* "multiboot,module" alone: the first is the kernel, the second the ramdisk (as Xen). */
static int parse_child(struct parse_ctx *ctx, int child)
{
	struct dom0less_domain *d = ctx->d;
	const void *fdt = ctx->fdt;

	if (compatible(fdt, child, "multiboot,kernel"))
		return parse_module(ctx, child, &d->kernel, "multiboot,kernel");
	if (compatible(fdt, child, "multiboot,ramdisk"))
		return parse_module(ctx, child, &d->ramdisk, "multiboot,ramdisk");
	if (compatible(fdt, child, EVTCHN_COMPAT))
		return parse_evtchn(ctx, child);
	if (compatible(fdt, child, "multiboot,device-tree")) {
		printk_level(
		    LOG_WARNING,
		    "dom0less: /chosen/%s: partial device trees (device passthrough) are not supported: %s ignored\n",
		    ctx->name, fdt_get_name(fdt, child, NULL));
		return 0;
	}
	if (compatible(fdt, child, "multiboot,module")) {
		if (!d->kernel.size)
			return parse_module(ctx, child, &d->kernel, "multiboot,kernel");
		return parse_module(ctx, child, &d->ramdisk, "multiboot,ramdisk");
	}
	return 0;
}

static bool ranges_overlap(const struct dom0less_module *a, const struct dom0less_module *b)
{
	return a->start < b->start + b->size && b->start < a->start + a->size;
}

/* Parts of Xen's binding we do not implement: say so rather than ignore them. */
static void warn_unsupported(struct parse_ctx *ctx)
{
	static const char *const props[] = {"direct-map", "xen,static-mem", "domain-cpupool",
					    "passthrough"};

	for (unsigned int i = 0; i < ARRAY_SIZE(props); i++)
		if (fdt_getprop(ctx->fdt, ctx->node, props[i], NULL))
			printk_level(LOG_WARNING,
				     "dom0less: /chosen/%s: %s is not supported: ignored\n",
				     ctx->name, props[i]);
}

static int parse_domain(const void *fdt, int node, struct dom0less_domain *d)
{
	struct parse_ctx ctx = {.fdt = fdt, .node = node, .d = d};
	int len, child, rc;

	memset(d, 0, sizeof(*d));
	ctx.name = fdt_get_name(fdt, node, &len);
	if (!ctx.name)
		return -EINVAL;
	if ((size_t)len >= sizeof(d->name)) {
		parse_error(&ctx, "node name longer than %zu characters", sizeof(d->name) - 1);
		return -EINVAL;
	}
	memcpy(d->name, ctx.name, (size_t)len + 1);
	d->vpl011 = fdt_getprop(fdt, node, "vpl011", NULL) != NULL;
	d->console_io = fdt_getprop(fdt, node, "basalt,console-io", NULL) != NULL;
	rc = parse_memory(&ctx);
	if (!rc)
		rc = parse_cpus(&ctx);
	if (!rc)
		rc = parse_enhanced(&ctx);
	if (!rc)
		rc = parse_cell_sizes(&ctx);
	if (rc)
		return rc;
	warn_unsupported(&ctx);
	fdt_for_each_subnode(child, fdt, node)
	{
		rc = parse_child(&ctx, child);
		if (rc)
			return rc;
	}
	if (!d->kernel.size) {
		parse_error(&ctx, "no multiboot,kernel module");
		return -EINVAL;
	}
	if (d->ramdisk.size && ranges_overlap(&d->kernel, &d->ramdisk)) {
		parse_error(&ctx, "kernel and ramdisk modules overlap");
		return -EINVAL;
	}
	/* bootargs on the kernel module win; the domain node's are the fallback. */
	if (!d->bootargs[0])
		rc = copy_string_prop(&ctx, node, "bootargs", d->bootargs, sizeof(d->bootargs));
	return rc;
}

/* Index in @doms of the domain named like the node at @node, or -1. */
static int domain_index(const void *fdt, int node, const struct dom0less_domain *doms,
			unsigned int n)
{
	const char *name = fdt_get_name(fdt, node, NULL);

	for (unsigned int i = 0; name && i < n; i++)
		if (!strcmp(doms[i].name, name))
			return (int)i;
	return -1;
}

/* Find each channel's peer node, check it links back, record domain and port. */
static int resolve_evtchn(const void *fdt, int chosen, struct dom0less_domain *doms, unsigned int n,
			  struct dom0less_domain *d, struct dom0less_evtchn *e)
{
	struct parse_ctx ctx = {.fdt = fdt, .name = d->name};
	int peer = fdt_node_offset_by_phandle(fdt, e->peer_phandle);
	int parent, len;
	const fdt32_t *v;

	if (peer < 0 || !compatible(fdt, peer, EVTCHN_COMPAT)) {
		parse_error(&ctx,
			    "event channel port %u: phandle %#x is not a " EVTCHN_COMPAT " node",
			    e->local_port, e->peer_phandle);
		return -EINVAL;
	}
	v = fdt_getprop(fdt, peer, "xen,evtchn", &len);
	if (!v || len != 8 || fdt32_to_cpu(v[1]) != e->phandle) {
		parse_error(&ctx, "event channel port %u: peer %s does not link back to it",
			    e->local_port, fdt_get_name(fdt, peer, NULL));
		return -EINVAL;
	}
	e->peer_port = fdt32_to_cpu(v[0]);
	parent = fdt_parent_offset(fdt, peer);
	if (parent == chosen) {
		e->peer_domain = -1;
		return 0;
	}
	e->peer_domain = domain_index(fdt, parent, doms, n);
	if (e->peer_domain < 0 || fdt_parent_offset(fdt, parent) != chosen) {
		parse_error(&ctx, "event channel port %u: peer %s is not in a xen,domain node",
			    e->local_port, fdt_get_name(fdt, peer, NULL));
		return -EINVAL;
	}
	return 0;
}

int dom0less_parse(const void *fdt, struct dom0less_domain *out, unsigned int max,
		   unsigned int *count)
{
	unsigned int n = 0;
	int chosen, node, rc;

	*count = 0;
	/*
	 * The whole structure: libfdt's walkers trust it (and can loop on junk).
	 * Only version 17 (what dtc, QEMU and fdt_open_into produce): Debian's
	 * libfdt 1.6.1 fdt_check_full() crashes on some older-version junk.
	 */
	if (fdt_check_header(fdt) || fdt_version(fdt) < 17 ||
	    fdt_check_full(fdt, fdt_totalsize(fdt))) {
		printk_level(LOG_ERROR, "dom0less: host DT is malformed\n");
		return -EINVAL;
	}
	chosen = fdt_path_offset(fdt, "/chosen");
	if (chosen < 0)
		return 0;
	fdt_for_each_subnode(node, fdt, chosen)
	{
		if (!compatible(fdt, node, "xen,domain"))
			continue;
		if (n == max) {
			printk_level(LOG_ERROR, "dom0less: more than %u xen,domain nodes\n", max);
			return -E2BIG;
		}
		rc = parse_domain(fdt, node, &out[n]);
		if (rc)
			return rc;
		n++;
	}
	for (unsigned int i = 0; i < n; i++) {
		for (unsigned int j = 0; j < out[i].nr_evtchns; j++) {
			rc = resolve_evtchn(fdt, chosen, out, n, &out[i], &out[i].evtchn[j]);
			if (rc)
				return rc;
		}
	}
	*count = n;
	return 0;
}
