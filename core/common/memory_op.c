/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * memory_op (hypercall 12): the guest's physmap. add_to_physmap places
 * shared_info and grant frames (and, for a privileged caller, foreign frames
 * in batches); populate_physmap / decrease_reservation are the balloon.
 */
#include <basalt/hypercall.h>
#include <basalt/errno.h>
#include <basalt/lib.h>
#include <basalt/guest_access.h>
#include <basalt/xen_domain.h>
#include <basalt/xen_env.h>

#define MEMOP_MAX_ORDER 9 /* extents up to 2 MiB, done page by page */

/* Give back (decrease) or populate one extent at @gfn. */
static int reservation_one(struct xen_domain *d, unsigned long op, uint64_t gfn, unsigned int order)
{
	uint64_t i;
	int rc = 0;

	for (i = 0; i < (1ULL << order) && !rc; i++) {
		if (op == XENMEM_decrease_reservation) {
			paddr_t pa;
			bool w;

			rc = xen_env_ram_lookup(d, gfn + i, &pa, &w);
			if (!rc)
				rc = xen_env_physmap_remove(d, gfn + i);
		} else {
			if (xen_env_ram_pages(d) >= d->max_pages)
				return -ENOMEM;
			rc = xen_env_ram_populate(d, gfn + i);
		}
	}
	return rc;
}

/* Returns the number of extents done (Linux compares it with nr_extents). */
static long memory_reservation(struct xen_domain *self, unsigned long op, vaddr_t arg,
			       uint64_t start)
{
	struct xen_memory_reservation r;
	struct xen_domain *d;
	uint64_t i;
	long rc = 0;

	if (copy_from_guest(&r, arg, sizeof(r)))
		return -EFAULT;
	if (start >= r.nr_extents)
		return start; /* as Xen: a continuation past the end is done */
	if (r.extent_order > MEMOP_MAX_ORDER)
		return -EINVAL;
	d = xen_domain_get_target(self, r.domid, &rc);
	if (!d)
		return rc;
	for (i = start; i < r.nr_extents; i++) {
		uint64_t gfn;

		if (i - start == HYPERCALL_BATCH_PIECE) {
			/* Xen's continuation encoding: the next extent in cmd's upper bits. */
			hypercall_args()[0] = op | (i << BASALT_MEMOP_EXTENT_SHIFT);
			hypercall_set_restart();
			break;
		}

		if (copy_from_guest(&gfn, guest_handle_gva(r.extent_start) + i * sizeof(gfn),
				    sizeof(gfn)))
			break;
		if (reservation_one(d, op, gfn, r.extent_order))
			break;
	}
	xen_domain_put(d);
	return i;
}

static long reservation_query(struct xen_domain *self, unsigned long op, vaddr_t arg)
{
	struct xen_domain *d;
	domid_t id;
	long rc = 0;

	if (copy_from_guest(&id, arg, sizeof(id)))
		return -EFAULT;
	d = xen_domain_get_target(self, id, &rc);
	if (!d)
		return rc;
	rc = op == XENMEM_current_reservation ? (long)xen_env_ram_pages(d) : (long)d->max_pages;
	xen_domain_put(d);
	return rc;
}

/* Map a frame of @fd (foreign, privileged callers only) at @gpfn of @d. */
static int map_foreign(struct xen_domain *d, struct xen_domain *fd, uint64_t idx, uint64_t gpfn)
{
	paddr_t pa;
	bool writable;

	if (xen_env_ram_lookup(fd, idx, &pa, &writable))
		return -EINVAL;
	return xen_env_physmap_add(d, gpfn, pa, writable ? XEN_MAP_RW : XEN_MAP_RO);
}

static int add_to_physmap_one(struct xen_domain *d, unsigned int space, uint64_t idx, uint64_t gpfn,
			      struct xen_domain *fd)
{
	switch (space) {
	case XENMAPSPACE_shared_info:
		if (idx != 0)
			return -EINVAL;
		return xen_shared_info_map(d, gpfn);
	case XENMAPSPACE_grant_table:
		if (idx & XENMAPIDX_grant_table_status)
			return -EINVAL; /* status frames exist in v2 only */
		return grant_table_map_frame(d, idx, gpfn);
	case XENMAPSPACE_gmfn_foreign:
		return fd ? map_foreign(d, fd, idx, gpfn) : -EINVAL;
	default:
		return -ENOSYS; /* gmfn, gmfn_range, dev_mmio: not on this hypervisor */
	}
}

static long add_to_physmap(struct xen_domain *self, vaddr_t arg)
{
	struct xen_add_to_physmap x;
	struct xen_domain *d;
	long rc = 0;

	if (copy_from_guest(&x, arg, sizeof(x)))
		return -EFAULT;
	if (x.space == XENMAPSPACE_gmfn_foreign)
		return -EINVAL; /* only through add_to_physmap_batch */
	d = xen_domain_get_target(self, x.domid, &rc);
	if (!d)
		return rc;
	/* Xen: a range maps .size gmfns one by one, so an empty one succeeds. */
	if (x.space != XENMAPSPACE_gmfn_range || x.size)
		rc = add_to_physmap_one(d, x.space, x.idx, x.gpfn, NULL);
	xen_domain_put(d);
	return rc;
}

static long add_to_physmap_batch(struct xen_domain *self, vaddr_t arg)
{
	struct xen_add_to_physmap_batch b;
	struct xen_domain *d, *fd = NULL;
	unsigned int i;
	long rc = 0;

	if (copy_from_guest(&b, arg, sizeof(b)))
		return -EFAULT;
	d = xen_domain_get_target(self, b.domid, &rc);
	if (!d)
		return rc;
	if (b.space == XENMAPSPACE_gmfn_foreign) {
		fd = xen_domain_get_target(self, b.u.foreign_domid, &rc);
		if (!fd)
			goto out;
		if (fd == d) {
			rc = -EINVAL;
			goto out;
		}
	}
	for (i = 0; i < b.size; i++) {
		uint64_t idx, gpfn;
		int err;

		if (copy_from_guest(&idx, guest_handle_gva(b.idxs) + i * sizeof(idx),
				    sizeof(idx)) ||
		    copy_from_guest(&gpfn, guest_handle_gva(b.gpfns) + i * sizeof(gpfn),
				    sizeof(gpfn))) {
			rc = -EFAULT;
			break;
		}
		err = add_to_physmap_one(d, b.space, idx, gpfn, fd);
		if (copy_to_guest(guest_handle_gva(b.errs) + i * sizeof(err), &err, sizeof(err))) {
			rc = -EFAULT;
			break;
		}
	}
out:
	if (fd)
		xen_domain_put(fd);
	xen_domain_put(d);
	return rc;
}

static long remove_from_physmap(struct xen_domain *self, vaddr_t arg)
{
	struct xen_remove_from_physmap x;
	struct xen_domain *d;
	long rc = 0;

	if (copy_from_guest(&x, arg, sizeof(x)))
		return -EFAULT;
	d = xen_domain_get_target(self, x.domid, &rc);
	if (!d)
		return rc;
	spin_lock(&d->lock);
	if (d->shared_info_gfn == x.gpfn)
		d->shared_info_gfn = ~0ULL;
	spin_unlock(&d->lock);
	grant_table_forget_gfn(d, x.gpfn);
	rc = xen_env_physmap_remove(d, x.gpfn);
	xen_domain_put(d);
	return rc;
}

long do_memory_op(unsigned long cmd, vaddr_t arg)
{
	struct xen_domain *xd = xen_current()->xd;
	unsigned long op = cmd & BASALT_MEMOP_CMD_MASK;

	switch (op) {
	case XENMEM_decrease_reservation:
	case XENMEM_populate_physmap:
		return memory_reservation(xd, op, arg, cmd >> BASALT_MEMOP_EXTENT_SHIFT);
	case XENMEM_current_reservation:
	case XENMEM_maximum_reservation:
		return reservation_query(xd, op, arg);
	case XENMEM_add_to_physmap:
		return add_to_physmap(xd, arg);
	case XENMEM_add_to_physmap_batch:
		return add_to_physmap_batch(xd, arg);
	case XENMEM_remove_from_physmap:
		return remove_from_physmap(xd, arg);
	default:
		return -ENOSYS;
	}
}
