/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Grant tables v1: the table frames, pinning of entries with the
 * GTF_reading/GTF_writing protocol, foreign maps and copies.
 *
 * Locking: a table's lock covers its frames, active entries and maptrack.
 * No path holds two tables' locks at once: a map first takes a handle in the
 * mapper's table, then pins in the granter's.
 */
#include <basalt/grant_table.h>
#include <basalt/errno.h>
#include <basalt/hypercall.h>
#include <basalt/lib.h>
#include <basalt/guest_access.h>
#include <basalt/xen_domain.h>
#include <basalt/xen_env.h>

#define GNTTAB_PIN_TRIES 4 /* retries when the guest keeps changing an entry */

static unsigned int nr_entries(const struct grant_table *gt)
{
	return gt->nr_frames * GNTTAB_ENTRIES_PER_FRAME;
}

static grant_entry_v1_t *shared_entry(struct grant_table *gt, grant_ref_t ref)
{
	return (grant_entry_v1_t *)gt->frame[ref / GNTTAB_ENTRIES_PER_FRAME] +
	       ref % GNTTAB_ENTRIES_PER_FRAME;
}

static struct grant_active *active_entry(struct grant_table *gt, grant_ref_t ref)
{
	struct grant_active **chunk = &gt->active[ref / GNTTAB_ENTRIES_PER_FRAME];

	if (!*chunk) {
		*chunk = xen_env_zalloc(GNTTAB_ENTRIES_PER_FRAME * sizeof(**chunk));
		if (!*chunk)
			return NULL;
	}
	return &(*chunk)[ref % GNTTAB_ENTRIES_PER_FRAME];
}

int grant_table_init(struct xen_domain *xd, unsigned int max_frames)
{
	struct grant_table *gt = &xd->gt;
	unsigned int i;

	spin_lock_init(&gt->lock);
	gt->version = 1;
	if (!max_frames)
		max_frames =
		    xen_opt_max_grant_frames ? xen_opt_max_grant_frames : GNTTAB_DEFAULT_MAX_FRAMES;
	gt->max_frames = MIN(max_frames, GNTTAB_MAX_FRAMES_LIMIT);
	gt->maptrack_limit = GNTTAB_DEFAULT_MAX_MAPTRACK;
	gt->frame = xen_env_zalloc(gt->max_frames * sizeof(*gt->frame));
	gt->frame_gfn = xen_env_zalloc(gt->max_frames * sizeof(*gt->frame_gfn));
	gt->active = xen_env_zalloc(gt->max_frames * sizeof(*gt->active));
	gt->maptrack =
	    xen_env_zalloc(gt->maptrack_limit / GNTTAB_MAPTRACK_CHUNK * sizeof(*gt->maptrack));
	if (!gt->frame || !gt->frame_gfn || !gt->active || !gt->maptrack)
		return -ENOMEM;
	for (i = 0; i < gt->max_frames; i++)
		gt->frame_gfn[i] = ~0ULL;
	return 0;
}

/* Grow the table to @n frames (lock held). */
static int grow(struct grant_table *gt, unsigned int n)
{
	if (n > gt->max_frames)
		return -EINVAL;
	while (gt->nr_frames < n) {
		void *pg = xen_env_alloc_page();

		if (!pg)
			return -ENOMEM;
		gt->frame[gt->nr_frames++] = pg;
	}
	return 0;
}

int grant_table_map_frame(struct xen_domain *xd, uint64_t idx, uint64_t gfn)
{
	struct grant_table *gt = &xd->gt;
	int rc;

	spin_lock(&gt->lock);
	rc = idx < gt->max_frames ? grow(gt, idx + 1) : -EINVAL;
	if (rc || gt->frame_gfn[idx] == gfn)
		goto out;
	if (gt->frame_gfn[idx] != ~0ULL) {
		/* A frame lives at one gfn at a time: move it. */
		xen_env_physmap_remove(xd, gt->frame_gfn[idx]);
		gt->frame_gfn[idx] = ~0ULL;
	}
	rc = xen_env_physmap_add(xd, gfn, virt_to_phys(gt->frame[idx]), XEN_MAP_RW);
	if (!rc)
		gt->frame_gfn[idx] = gfn;
out:
	spin_unlock(&gt->lock);
	return rc;
}

bool grant_table_forget_gfn(struct xen_domain *xd, uint64_t gfn)
{
	struct grant_table *gt = &xd->gt;
	bool found = false;
	unsigned int i;

	spin_lock(&gt->lock);
	for (i = 0; i < gt->nr_frames; i++) {
		if (gt->frame_gfn[i] == gfn) {
			gt->frame_gfn[i] = ~0ULL;
			found = true;
		}
	}
	spin_unlock(&gt->lock);
	return found;
}

int grant_table_prefill(struct xen_domain *xd, grant_ref_t ref, domid_t grantee, uint64_t gfn,
			bool readonly)
{
	struct grant_table *gt = &xd->gt;
	grant_entry_v1_t *e;
	int rc;

	spin_lock(&gt->lock);
	rc = grow(gt, ref / GNTTAB_ENTRIES_PER_FRAME + 1);
	if (!rc) {
		e = shared_entry(gt, ref);
		e->domid = grantee;
		e->frame = gfn;
		__atomic_store_n(&e->flags, GTF_permit_access | (readonly ? GTF_readonly : 0),
				 __ATOMIC_RELEASE);
	}
	spin_unlock(&gt->lock);
	return rc;
}

/* ---- maptrack: handles of the mappings a domain made ---- */

static struct grant_mapping *maptrack_entry(struct grant_table *gt, grant_handle_t h)
{
	if (h >= gt->maptrack_chunks * GNTTAB_MAPTRACK_CHUNK)
		return NULL;
	return &gt->maptrack[h / GNTTAB_MAPTRACK_CHUNK][h % GNTTAB_MAPTRACK_CHUNK];
}

/* Claim a free handle (marked in use); -1 if the limit is reached. */
static long maptrack_get(struct grant_table *gt)
{
	unsigned int h;
	long rc = -1;

	spin_lock(&gt->lock);
	for (h = 0; h < gt->maptrack_chunks * GNTTAB_MAPTRACK_CHUNK; h++) {
		if (!maptrack_entry(gt, h)->in_use)
			goto found;
	}
	if (gt->maptrack_chunks >= gt->maptrack_limit / GNTTAB_MAPTRACK_CHUNK)
		goto out;
	gt->maptrack[gt->maptrack_chunks] =
	    xen_env_zalloc(GNTTAB_MAPTRACK_CHUNK * sizeof(struct grant_mapping));
	if (!gt->maptrack[gt->maptrack_chunks])
		goto out;
	h = gt->maptrack_chunks++ * GNTTAB_MAPTRACK_CHUNK;
found:
	maptrack_entry(gt, h)->in_use = true;
	rc = h;
out:
	spin_unlock(&gt->lock);
	return rc;
}

static void maptrack_put(struct grant_table *gt, grant_handle_t h)
{
	spin_lock(&gt->lock);
	memset(maptrack_entry(gt, h), 0, sizeof(struct grant_mapping));
	spin_unlock(&gt->lock);
}

unsigned int grant_table_nr_mappings(struct xen_domain *xd)
{
	struct grant_table *gt = &xd->gt;
	unsigned int h, n = 0;

	spin_lock(&gt->lock);
	for (h = 0; h < gt->maptrack_chunks * GNTTAB_MAPTRACK_CHUNK; h++)
		n += maptrack_entry(gt, h)->in_use;
	spin_unlock(&gt->lock);
	return n;
}

/* ---- pinning entries of a granter's table ---- */

/*
 * Pin entry @ref of @gd's table for @mapper (granter's lock held): checks the
 * entry grants access to @mapper (writable unless @readonly), sets
 * GTF_reading / GTF_writing in the shared entry when the first pin of that
 * kind appears, and returns the frame's PA. GNTST_* on failure.
 *
 * While pinned the entry holds a reference on the frame, as Xen's grant
 * mappings do: the granter may take the frame out of its physmap meanwhile,
 * and later pins hand out the same PA, which must not be a freed (and
 * perhaps reused) page by then.
 */
static int16_t pin_entry(struct xen_domain *gd, grant_ref_t ref, domid_t mapper, bool readonly,
			 paddr_t *pa)
{
	struct grant_table *gt = &gd->gt;
	struct grant_active *act;
	grant_entry_v1_t *e;
	uint32_t *combo, old, new;
	int tries = 0;

	if (ref >= nr_entries(gt))
		return GNTST_bad_gntref;
	act = active_entry(gt, ref);
	if (!act)
		return GNTST_general_error;
	e = shared_entry(gt, ref);
	/* flags (16) and domid (16) are changed together so the grantee cannot move. */
	combo = (uint32_t *)e;
	old = guest_read32(combo);
	for (;;) {
		uint16_t flags = old & 0xffff;

		if ((flags & GTF_type_mask) != GTF_permit_access || (old >> 16) != mapper)
			return GNTST_general_error;
		if (!readonly && (flags & GTF_readonly))
			return GNTST_general_error;
		new = old | GTF_reading | (readonly ? 0 : GTF_writing);
		if (new == old || guest_atomic_cmpxchg32(combo, &old, new))
			break;
		if (++tries == GNTTAB_PIN_TRIES)
			return GNTST_general_error; /* the entry is unstable */
	}
	if (!act->rd_pins && !act->wr_pins) {
		paddr_t fpa;
		bool w;

		act->gfn = __atomic_load_n(&e->frame, __ATOMIC_ACQUIRE);
		if (xen_env_ram_lookup(gd, act->gfn, &fpa, &w) || (!readonly && !w) ||
		    xen_env_page_ref(fpa)) {
			guest_atomic_fetch_and32(combo, ~(uint32_t)(GTF_reading | GTF_writing));
			return GNTST_general_error;
		}
		act->pa = fpa;
	} else if (!readonly && !act->wr_pins) {
		/* First writer of an entry pinned read-only: still the same frame? */
		if (act->gfn != __atomic_load_n(&e->frame, __ATOMIC_ACQUIRE))
			return GNTST_general_error;
	}
	if (readonly)
		act->rd_pins++;
	else
		act->wr_pins++;
	*pa = act->pa;
	return GNTST_okay;
}

/* Drop one pin (granter's lock held); clear the flags the last pin set. */
static void unpin_entry(struct xen_domain *gd, grant_ref_t ref, bool readonly)
{
	struct grant_table *gt = &gd->gt;
	struct grant_active *act;
	uint32_t clear = 0;

	if (ref >= nr_entries(gt) || !(act = active_entry(gt, ref)))
		return;
	if (readonly && act->rd_pins)
		act->rd_pins--;
	else if (!readonly && act->wr_pins)
		act->wr_pins--;
	else
		return; /* no such pin */
	if (!act->wr_pins)
		clear |= GTF_writing;
	if (!act->wr_pins && !act->rd_pins) {
		clear |= GTF_reading;
		xen_env_page_unref(act->pa); /* the first pin's reference */
	}
	if (clear)
		guest_atomic_fetch_and32((uint32_t *)shared_entry(gt, ref), ~clear);
}

/* ---- GNTTABOP_map_grant_ref / unmap_grant_ref ---- */

static void map_one(struct xen_domain *self, struct gnttab_map_grant_ref *op)
{
	bool readonly = op->flags & GNTMAP_readonly;
	struct grant_mapping *m;
	struct xen_domain *gd;
	paddr_t pa = 0;
	long handle;
	int16_t st;

	if (!(op->flags & (GNTMAP_device_map | GNTMAP_host_map))) {
		op->status = GNTST_bad_gntref;
		return;
	}
	/* A translated guest maps into its physmap only (Xen: paging_mode_external). */
	if (op->flags & (GNTMAP_device_map | GNTMAP_application_map | GNTMAP_contains_pte)) {
		op->status = GNTST_general_error;
		return;
	}
	gd = xen_domain_get(op->dom);
	if (!gd) {
		op->status = GNTST_bad_domain;
		return;
	}
	handle = maptrack_get(&self->gt);
	if (handle < 0) {
		op->status = GNTST_no_space;
		goto out;
	}
	spin_lock(&gd->gt.lock);
	st = pin_entry(gd, op->ref, self->id, readonly, &pa);
	spin_unlock(&gd->gt.lock);
	if (st == GNTST_okay && xen_env_physmap_add(self, op->host_addr >> PAGE_SHIFT, pa,
						    readonly ? XEN_MAP_RO : XEN_MAP_RW)) {
		spin_lock(&gd->gt.lock);
		unpin_entry(gd, op->ref, readonly);
		spin_unlock(&gd->gt.lock);
		st = GNTST_general_error;
	}
	if (st != GNTST_okay) {
		maptrack_put(&self->gt, handle);
		op->status = st;
		goto out;
	}
	spin_lock(&self->gt.lock);
	m = maptrack_entry(&self->gt, handle);
	m->readonly = readonly;
	m->granter = gd->id;
	m->granter_serial = gd->serial;
	m->ref = op->ref;
	m->gfn = op->host_addr >> PAGE_SHIFT;
	m->pa = pa;
	spin_unlock(&self->gt.lock);
	op->handle = handle;
	op->dev_bus_addr = pa;
	op->status = GNTST_okay;
out:
	xen_domain_put(gd);
}

/* Undo mapping @m (already taken out of the maptrack) of @self. */
static void unmap_mapping(struct xen_domain *self, const struct grant_mapping *m)
{
	struct xen_domain *gd;

	/* Only if it is still this mapping: the guest may have put something else there. */
	xen_env_physmap_remove_mapping(self, m->gfn, m->pa);
	gd = xen_domain_get(m->granter);
	if (!gd)
		return; /* the granter is gone; the page reference kept the frame alive */
	if (gd->serial == m->granter_serial) {
		spin_lock(&gd->gt.lock);
		unpin_entry(gd, m->ref, m->readonly);
		spin_unlock(&gd->gt.lock);
	}
	xen_domain_put(gd);
}

static void unmap_one(struct xen_domain *self, struct gnttab_unmap_grant_ref *op)
{
	struct grant_mapping *m, copy;

	spin_lock(&self->gt.lock);
	m = maptrack_entry(&self->gt, op->handle);
	if (!m || !m->in_use) {
		spin_unlock(&self->gt.lock);
		op->status = GNTST_bad_handle;
		return;
	}
	if ((op->host_addr >> PAGE_SHIFT) != m->gfn) {
		spin_unlock(&self->gt.lock);
		op->status = GNTST_general_error; /* not where this handle is mapped */
		return;
	}
	copy = *m;
	memset(m, 0, sizeof(*m));
	spin_unlock(&self->gt.lock);
	unmap_mapping(self, &copy);
	op->status = GNTST_okay;
}

/* ---- GNTTABOP_copy ---- */

struct copy_side {
	struct xen_domain *d; /* the domain whose grant is pinned, or NULL */
	grant_ref_t ref;
	bool pinned;
	bool readonly;
	bool own_ref; /* a reference on the caller's own frame (not a grant) */
	paddr_t pa;
};

static int16_t copy_acquire(struct xen_domain *self, const struct gnttab_copy_ptr *p, bool is_gref,
			    bool writable, struct copy_side *s)
{
	bool w;

	memset(s, 0, sizeof(*s));
	if (!is_gref) {
		/* A frame of the caller's own RAM (only DOMID_SELF is allowed). */
		if (xen_env_ram_lookup(self, p->u.gmfn, &s->pa, &w) || (writable && !w))
			return GNTST_bad_page;
		/* Another vCPU may take the frame out of the physmap meanwhile. */
		if (xen_env_page_ref(s->pa))
			return GNTST_bad_page;
		s->own_ref = true;
		return GNTST_okay;
	}
	s->d = xen_domain_get_or_self(p->domid, self);
	if (!s->d)
		return GNTST_bad_domain;
	s->ref = p->u.ref;
	s->readonly = !writable;
	spin_lock(&s->d->gt.lock);
	int16_t st = pin_entry(s->d, s->ref, self->id, s->readonly, &s->pa);
	spin_unlock(&s->d->gt.lock);
	s->pinned = st == GNTST_okay;
	return st;
}

static void copy_release(struct copy_side *s)
{
	if (s->own_ref)
		xen_env_page_unref(s->pa);
	s->own_ref = false;
	if (!s->d)
		return;
	if (s->pinned) {
		spin_lock(&s->d->gt.lock);
		unpin_entry(s->d, s->ref, s->readonly);
		spin_unlock(&s->d->gt.lock);
	}
	xen_domain_put(s->d);
	s->d = NULL;
}

static void copy_one(struct xen_domain *self, struct gnttab_copy *op)
{
	bool src_gref = op->flags & GNTCOPY_source_gref;
	bool dst_gref = op->flags & GNTCOPY_dest_gref;
	struct copy_side src, dst;
	int16_t st;

	if ((!src_gref && op->source.domid != DOMID_SELF) ||
	    (!dst_gref && op->dest.domid != DOMID_SELF)) {
		op->status = GNTST_permission_denied;
		return;
	}
	if (op->source.offset + op->len > PAGE_SIZE || op->dest.offset + op->len > PAGE_SIZE) {
		op->status = GNTST_bad_copy_arg;
		return;
	}
	st = copy_acquire(self, &op->source, src_gref, false, &src);
	if (st == GNTST_okay) {
		st = copy_acquire(self, &op->dest, dst_gref, true, &dst);
		if (st == GNTST_okay)
			memmove((char *)phys_to_virt(dst.pa) + op->dest.offset,
				(char *)phys_to_virt(src.pa) + op->source.offset, op->len);
		copy_release(&dst);
	}
	copy_release(&src);
	op->status = st;
}

/* ---- GNTTABOP_cache_flush ---- */

/* Is @pa a frame @self owns as RAM at the same address, or has grant-mapped? */
static bool may_flush(struct xen_domain *self, paddr_t pa)
{
	struct grant_table *gt = &self->gt;
	unsigned int h;
	paddr_t own;
	bool w, ok = false;

	if (!xen_env_ram_lookup(self, pa >> PAGE_SHIFT, &own, &w) && own == (pa & PAGE_MASK))
		return true;
	spin_lock(&gt->lock);
	for (h = 0; h < gt->maptrack_chunks * GNTTAB_MAPTRACK_CHUNK && !ok; h++) {
		struct grant_mapping *m = maptrack_entry(gt, h);

		ok = m->in_use && m->pa == (pa & PAGE_MASK);
	}
	spin_unlock(&gt->lock);
	return ok;
}

static long cache_flush_one(struct xen_domain *self, struct gnttab_cache_flush *op)
{
	paddr_t pa;

	if (op->op & ~(GNTTAB_CACHE_CLEAN | GNTTAB_CACHE_INVAL | GNTTAB_CACHE_SOURCE_GREF))
		return -EOPNOTSUPP;
	if (op->op & GNTTAB_CACHE_SOURCE_GREF)
		return -EOPNOTSUPP; /* as Xen: flushing by grant ref is not supported */
	if (op->offset + op->length > PAGE_SIZE)
		return -EINVAL;
	if (!op->length || !(op->op & (GNTTAB_CACHE_CLEAN | GNTTAB_CACHE_INVAL)))
		return 0;
	pa = (op->a.dev_bus_addr & PAGE_MASK) + op->offset;
	if (!may_flush(self, op->a.dev_bus_addr))
		return -EPERM;
	if (op->op & GNTTAB_CACHE_CLEAN)
		xen_env_cache_clean(pa, op->length);
	if (op->op & GNTTAB_CACHE_INVAL)
		xen_env_cache_inval(pa, op->length);
	return 0;
}

/* ---- single-shot ops ---- */

static long query_size(struct xen_domain *self, vaddr_t uop)
{
	struct gnttab_query_size q;
	struct xen_domain *d;

	if (copy_from_guest(&q, uop, sizeof(q)))
		return -EFAULT;
	d = xen_domain_get_or_self(q.dom, self);
	if (!d) {
		q.status = GNTST_bad_domain;
	} else if (d != self && !self->privileged) {
		q.status = GNTST_permission_denied;
	} else {
		spin_lock(&d->gt.lock);
		q.nr_frames = d->gt.nr_frames;
		q.max_nr_frames = d->gt.max_frames;
		spin_unlock(&d->gt.lock);
		q.status = GNTST_okay;
	}
	if (d)
		xen_domain_put(d);
	return copy_to_guest(uop, &q, sizeof(q)) ? -EFAULT : 0;
}

static long set_version(struct xen_domain *self, vaddr_t uop)
{
	struct gnttab_set_version v;
	long rc = 0;

	if (copy_from_guest(&v, uop, sizeof(v)))
		return -EFAULT;
	if (v.version != 1 && v.version != 2)
		rc = -EINVAL;
	else if (v.version == 2)
		rc = -ENOSYS; /* Arm guests have grant tables v1 only */
	v.version = self->gt.version;
	if (copy_to_guest(uop, &v, sizeof(v)))
		return -EFAULT;
	return rc;
}

static long get_version(struct xen_domain *self, vaddr_t uop)
{
	struct gnttab_get_version v;
	struct xen_domain *d;
	long rc = 0;

	if (copy_from_guest(&v, uop, sizeof(v)))
		return -EFAULT;
	d = xen_domain_get_target(self, v.dom, &rc);
	if (!d)
		return rc;
	v.version = d->gt.version;
	xen_domain_put(d);
	return copy_to_guest(uop, &v, sizeof(v)) ? -EFAULT : 0;
}

/* Run a batch op over @count guest structures of @size bytes. */
static long batch(struct xen_domain *self, unsigned long cmd, vaddr_t uop, unsigned long count)
{
	union {
		struct gnttab_map_grant_ref map;
		struct gnttab_unmap_grant_ref unmap;
		struct gnttab_copy copy;
		struct gnttab_cache_flush flush;
	} u;
	size_t size = cmd == GNTTABOP_map_grant_ref	? sizeof(u.map)
		      : cmd == GNTTABOP_unmap_grant_ref ? sizeof(u.unmap)
		      : cmd == GNTTABOP_copy		? sizeof(u.copy)
							: sizeof(u.flush);
	unsigned long i;
	long rc;

	for (i = 0; i < count; i++) {
		vaddr_t p = uop + i * size;

		if (i == HYPERCALL_BATCH_PIECE) {
			/* The rest is re-issued by the guest: x1 = next element, x2 = what is left.
			 */
			register_t *args = hypercall_args();

			args[1] = p;
			args[2] = count - i;
			hypercall_set_restart();
			return 0;
		}

		if (copy_from_guest(&u, p, size))
			return -EFAULT;
		switch (cmd) {
		case GNTTABOP_map_grant_ref:
			map_one(self, &u.map);
			break;
		case GNTTABOP_unmap_grant_ref:
			unmap_one(self, &u.unmap);
			break;
		case GNTTABOP_copy:
			copy_one(self, &u.copy);
			break;
		default:
			rc = cache_flush_one(self, &u.flush);
			if (rc)
				return rc;
			continue; /* nothing to write back */
		}
		if (copy_to_guest(p, &u, size))
			return -EFAULT;
	}
	return 0;
}

long do_grant_table_op(unsigned long cmd, vaddr_t uop, unsigned long count)
{
	struct xen_domain *self = xen_current()->xd;

	if (count > INT32_MAX)
		return -EINVAL;
	switch (cmd) {
	case GNTTABOP_map_grant_ref:
	case GNTTABOP_unmap_grant_ref:
	case GNTTABOP_copy:
	case GNTTABOP_cache_flush:
		return batch(self, cmd, uop, count);
	case GNTTABOP_query_size:
		return count == 1 ? query_size(self, uop) : -EINVAL;
	case GNTTABOP_set_version:
		return count == 1 ? set_version(self, uop) : -EINVAL;
	case GNTTABOP_get_version:
		return count == 1 ? get_version(self, uop) : -EINVAL;
	default:
		return -ENOSYS;
	}
}

/* The granter is going away with entries of @chunk still pinned by mappers. */
static void drop_pin_refs(struct grant_active *chunk)
{
	for (unsigned int i = 0; chunk && i < GNTTAB_ENTRIES_PER_FRAME; i++)
		if (chunk[i].rd_pins || chunk[i].wr_pins)
			xen_env_page_unref(chunk[i].pa);
}

void grant_table_destroy(struct xen_domain *xd)
{
	struct grant_table *gt = &xd->gt;
	unsigned int h, i;

	for (h = 0; h < gt->maptrack_chunks * GNTTAB_MAPTRACK_CHUNK; h++) {
		struct grant_mapping *m = maptrack_entry(gt, h), copy;

		if (!m->in_use)
			continue;
		copy = *m;
		memset(m, 0, sizeof(*m));
		unmap_mapping(xd, &copy);
	}
	for (i = 0; i < gt->maptrack_chunks; i++)
		xen_env_free(gt->maptrack[i]);
	for (i = 0; gt->frame && i < gt->nr_frames; i++) {
		if (gt->frame_gfn[i] != ~0ULL)
			xen_env_physmap_remove(xd, gt->frame_gfn[i]);
		xen_env_free_page(gt->frame[i]);
		drop_pin_refs(gt->active[i]);
		xen_env_free(gt->active[i]);
	}
	xen_env_free(gt->maptrack);
	xen_env_free(gt->frame);
	xen_env_free(gt->frame_gfn);
	xen_env_free(gt->active);
	memset(gt, 0, sizeof(*gt));
}
