/* SPDX-License-Identifier: GPL-2.0-only */
/* Grant tables v1: table frames, map/unmap with the flag protocol, copy, teardown. */
#include "xen_test.h"

struct fixture {
	struct domain *d1, *d2; /* d1 grants, d2 maps */
	uint64_t page;		/* the granted page of d1 */
	long pages_before;
};

static grant_entry_v1_t *entry(struct domain *d, grant_ref_t ref)
{
	return (grant_entry_v1_t *)d->xd->gt.frame[ref / GNTTAB_ENTRIES_PER_FRAME] +
	       ref % GNTTAB_ENTRIES_PER_FRAME;
}

static long map_frame(struct domain *d, uint64_t idx, uint64_t gfn)
{
	struct xen_add_to_physmap x = {
	    .domid = DOMID_SELF, .space = XENMAPSPACE_grant_table, .idx = idx, .gpfn = gfn};

	return op_hcall(d, __HYPERVISOR_memory_op, XENMEM_add_to_physmap, &x, sizeof(x), 0);
}

static void grant(struct domain *d, grant_ref_t ref, domid_t to, uint64_t gpa, uint16_t flags)
{
	grant_entry_v1_t *e = entry(d, ref);

	e->domid = to;
	e->frame = gpa >> PAGE_SHIFT;
	__atomic_store_n(&e->flags, flags, __ATOMIC_RELEASE);
}

static long gnttab_op(struct domain *d, unsigned long cmd, void *op, size_t size,
		      unsigned long count)
{
	return op_hcall(d, __HYPERVISOR_grant_table_op, cmd, op, size * count, count);
}

static long map_ref(struct domain *d, domid_t dom, grant_ref_t ref, uint64_t host_addr,
		    uint32_t flags, struct gnttab_map_grant_ref *out)
{
	struct gnttab_map_grant_ref m = {
	    .host_addr = host_addr, .flags = flags, .ref = ref, .dom = dom};
	long rc = gnttab_op(d, GNTTABOP_map_grant_ref, &m, sizeof(m), 1);

	g_assert_cmpint(rc, ==, 0); /* batches always succeed; errors are per entry */
	*out = m;
	return m.status;
}

static long unmap_handle(struct domain *d, uint64_t host_addr, grant_handle_t h)
{
	struct gnttab_unmap_grant_ref u = {.host_addr = host_addr, .handle = h};

	g_assert_cmpint(gnttab_op(d, GNTTABOP_unmap_grant_ref, &u, sizeof(u), 1), ==, 0);
	return u.status;
}

static void setup(struct fixture *f, gconstpointer data)
{
	fake_env_reset();
	f->pages_before = fake_live_pages();
	f->d1 = fake_domain_new(1, 1, 32, NULL);
	f->d2 = fake_domain_new(2, 1, 64, NULL);
	scratch(f->d1);
	scratch(f->d2);
	g_assert_cmpint(map_frame(f->d1, 0, FAKE_GNT_BASE_GFN), ==, 0);
	f->page = fake_guest_alloc(f->d1, PAGE_SIZE);
	strcpy(fake_gpa_ptr(f->d1, f->page), "granted by d1");
}

static void teardown(struct fixture *f, gconstpointer data)
{
	if (f->d2)
		fake_domain_free(f->d2);
	if (f->d1)
		fake_domain_free(f->d1);
	g_assert_cmpint(fake_live_allocs(), ==, 0);
	g_assert_cmpint(fake_live_pages(), ==, f->pages_before);
}

static void test_query_and_version(struct fixture *f, gconstpointer data)
{
	struct gnttab_query_size q = {.dom = DOMID_SELF};
	struct gnttab_set_version v = {.version = 1};

	g_assert_cmpint(gnttab_op(f->d1, GNTTABOP_query_size, &q, sizeof(q), 1), ==, 0);
	g_assert_cmpint(q.status, ==, GNTST_okay);
	g_assert_cmpuint(q.nr_frames, ==, 1);
	g_assert_cmpuint(q.max_nr_frames, ==, 64);
	q.dom = 2;
	g_assert_cmpint(gnttab_op(f->d1, GNTTABOP_query_size, &q, sizeof(q), 1), ==, 0);
	g_assert_cmpint(q.status, ==, GNTST_permission_denied);
	q.dom = 9;
	g_assert_cmpint(gnttab_op(f->d1, GNTTABOP_query_size, &q, sizeof(q), 1), ==, 0);
	g_assert_cmpint(q.status, ==, GNTST_bad_domain);
	g_assert_cmpint(
	    op_hcall(f->d1, __HYPERVISOR_grant_table_op, GNTTABOP_query_size, &q, sizeof(q), 2), ==,
	    -EINVAL);
	g_assert_cmpint(gnttab_op(f->d1, GNTTABOP_set_version, &v, sizeof(v), 1), ==, 0);
	v.version = 2;
	g_assert_cmpint(gnttab_op(f->d1, GNTTABOP_set_version, &v, sizeof(v), 1), ==, -ENOSYS);
	g_assert_cmpuint(v.version, ==, 1);
	v.version = 3;
	g_assert_cmpint(gnttab_op(f->d1, GNTTABOP_set_version, &v, sizeof(v), 1), ==, -EINVAL);
	g_assert_cmpint(gnttab_op(f->d1, GNTTABOP_setup_table, &v, sizeof(v), 1), ==, -ENOSYS);
	g_assert_cmpint(gnttab_op(f->d1, 77, &v, sizeof(v), 1), ==, -ENOSYS);
	/* Frame limit (64) and the window mapping. */
	g_assert_cmpint(fake_p2m_kind(f->d1, FAKE_GNT_BASE_GFN), ==, 2);
	g_assert_cmpint(map_frame(f->d1, 64, FAKE_GNT_BASE_GFN + 64), ==, -EINVAL);
	g_assert_cmpint(map_frame(f->d1, 63, FAKE_GNT_BASE_GFN + 63), ==, 0);
	g_assert_cmpuint(f->d1->xd->gt.nr_frames, ==, 64);
	g_assert_cmpint(map_frame(f->d1, 1 | XENMAPIDX_grant_table_status, FAKE_GNT_BASE_GFN), ==,
			-EINVAL);
}

static void test_map_unmap(struct fixture *f, gconstpointer data)
{
	struct gnttab_map_grant_ref m;
	uint64_t where = (FAKE_GNT_BASE_GFN + 100) << PAGE_SHIFT;

	grant(f->d1, 8, 2, f->page, GTF_permit_access);
	g_assert_cmpint(map_ref(f->d2, 1, 8, where, GNTMAP_host_map, &m), ==, GNTST_okay);
	g_assert_cmpuint(entry(f->d1, 8)->flags, ==, GTF_permit_access | GTF_reading | GTF_writing);
	g_assert_cmpint(fake_p2m_kind(f->d2, where >> PAGE_SHIFT), ==, 2);
	g_assert_cmpstr(fake_gpa_ptr(f->d2, where), ==, "granted by d1");
	strcpy(fake_gpa_ptr(f->d2, where), "written by d2");
	g_assert_cmpstr(fake_gpa_ptr(f->d1, f->page), ==, "written by d2");
	g_assert_cmpuint(m.dev_bus_addr, !=, 0);
	/* A second, read-only map of the same entry. */
	{
		struct gnttab_map_grant_ref m2;

		g_assert_cmpint(
		    map_ref(f->d2, 1, 8, where + PAGE_SIZE, GNTMAP_host_map | GNTMAP_readonly, &m2),
		    ==, GNTST_okay);
		g_assert_cmpint(fake_p2m_kind(f->d2, (where >> PAGE_SHIFT) + 1), ==, 3);
		g_assert_cmpint(unmap_handle(f->d2, where, m.handle), ==, GNTST_okay);
		g_assert_cmpuint(entry(f->d1, 8)->flags, ==, GTF_permit_access | GTF_reading);
		g_assert_cmpint(unmap_handle(f->d2, where + PAGE_SIZE, m2.handle), ==, GNTST_okay);
	}
	g_assert_cmpuint(entry(f->d1, 8)->flags, ==, GTF_permit_access);
	g_assert_cmpint(fake_p2m_kind(f->d2, where >> PAGE_SHIFT), ==, 0);
	/* Double unmap, bogus handles. */
	g_assert_cmpint(unmap_handle(f->d2, where, m.handle), ==, GNTST_bad_handle);
	g_assert_cmpint(unmap_handle(f->d2, where, 5000), ==, GNTST_bad_handle);
	g_assert_cmpint(grant_table_nr_mappings(f->d2->xd), ==, 0);
}

static void test_map_errors(struct fixture *f, gconstpointer data)
{
	struct gnttab_map_grant_ref m;
	uint64_t where = (FAKE_GNT_BASE_GFN + 100) << PAGE_SHIFT;

	grant(f->d1, 8, 2, f->page, GTF_permit_access | GTF_readonly);
	grant(f->d1, 9, 3, f->page, GTF_permit_access);
	grant(f->d1, 10, 2, 0x5000, GTF_permit_access); /* not d1's RAM */
	g_assert_cmpint(map_ref(f->d2, 1, 8, where, GNTMAP_host_map, &m), ==, GNTST_general_error);
	g_assert_cmpuint(entry(f->d1, 8)->flags, ==, GTF_permit_access | GTF_readonly);
	g_assert_cmpint(map_ref(f->d2, 1, 8, where, GNTMAP_host_map | GNTMAP_readonly, &m), ==,
			GNTST_okay);
	g_assert_cmpint(unmap_handle(f->d2, where + PAGE_SIZE, m.handle), ==, GNTST_general_error);
	g_assert_cmpint(unmap_handle(f->d2, where, m.handle), ==, GNTST_okay);
	g_assert_cmpint(map_ref(f->d2, 1, 9, where, GNTMAP_host_map, &m), ==, GNTST_general_error);
	g_assert_cmpint(map_ref(f->d2, 1, 10, where, GNTMAP_host_map, &m), ==, GNTST_general_error);
	g_assert_cmpuint(entry(f->d1, 10)->flags, ==, GTF_permit_access);
	g_assert_cmpint(map_ref(f->d2, 1, 11, where, GNTMAP_host_map, &m), ==, GNTST_general_error);
	g_assert_cmpint(map_ref(f->d2, 1, 512, where, GNTMAP_host_map, &m), ==, GNTST_bad_gntref);
	g_assert_cmpint(map_ref(f->d2, 1, 0xffffffff, where, GNTMAP_host_map, &m), ==,
			GNTST_bad_gntref);
	g_assert_cmpint(map_ref(f->d2, 7, 8, where, GNTMAP_host_map, &m), ==, GNTST_bad_domain);
	g_assert_cmpint(map_ref(f->d2, DOMID_SELF, 8, where, GNTMAP_host_map, &m), ==,
			GNTST_bad_domain);
	g_assert_cmpint(map_ref(f->d2, 1, 8, where, 0, &m), ==, GNTST_bad_gntref);
	g_assert_cmpint(map_ref(f->d2, 1, 8, where, GNTMAP_host_map | GNTMAP_contains_pte, &m), ==,
			GNTST_general_error);
	/* A batch with a bad pointer fails as a whole. */
	fake_set_current(f->d2, 0);
	g_assert_cmpint(hcall(__HYPERVISOR_grant_table_op, GNTTABOP_map_grant_ref, 0x2000, 1), ==,
			-EFAULT);
}

static void test_copy(struct fixture *f, gconstpointer data)
{
	uint64_t local = fake_guest_alloc(f->d2, PAGE_SIZE);
	struct gnttab_copy c = {0};

	grant(f->d1, 8, 2, f->page, GTF_permit_access);
	c.source.u.ref = 8;
	c.source.domid = 1;
	c.source.offset = 0;
	c.dest.u.gmfn = local >> PAGE_SHIFT;
	c.dest.domid = DOMID_SELF;
	c.dest.offset = 100;
	c.len = 14;
	c.flags = GNTCOPY_source_gref;
	g_assert_cmpint(gnttab_op(f->d2, GNTTABOP_copy, &c, sizeof(c), 1), ==, 0);
	g_assert_cmpint(c.status, ==, GNTST_okay);
	g_assert_cmpstr((char *)fake_gpa_ptr(f->d2, local) + 100, ==, "granted by d1");
	g_assert_cmpuint(entry(f->d1, 8)->flags, ==, GTF_permit_access); /* pins are dropped */
	/* And back into the grant. */
	strcpy((char *)fake_gpa_ptr(f->d2, local), "copied back");
	memset(&c, 0, sizeof(c));
	c.source.u.gmfn = local >> PAGE_SHIFT;
	c.source.domid = DOMID_SELF;
	c.dest.u.ref = 8;
	c.dest.domid = 1;
	c.len = 12;
	c.flags = GNTCOPY_dest_gref;
	g_assert_cmpint(gnttab_op(f->d2, GNTTABOP_copy, &c, sizeof(c), 1), ==, 0);
	g_assert_cmpint(c.status, ==, GNTST_okay);
	g_assert_cmpstr(fake_gpa_ptr(f->d1, f->page), ==, "copied back");
	/* Errors. */
	c.dest.offset = 4090;
	g_assert_cmpint(gnttab_op(f->d2, GNTTABOP_copy, &c, sizeof(c), 1), ==, 0);
	g_assert_cmpint(c.status, ==, GNTST_bad_copy_arg);
	c.dest.offset = 0;
	c.source.domid = 1;
	g_assert_cmpint(gnttab_op(f->d2, GNTTABOP_copy, &c, sizeof(c), 1), ==, 0);
	g_assert_cmpint(c.status, ==, GNTST_permission_denied);
	c.source.domid = DOMID_SELF;
	c.source.u.gmfn = 0x1234;
	g_assert_cmpint(gnttab_op(f->d2, GNTTABOP_copy, &c, sizeof(c), 1), ==, 0);
	g_assert_cmpint(c.status, ==, GNTST_bad_page);
	grant(f->d1, 8, 2, f->page, GTF_permit_access | GTF_readonly);
	c.source.u.gmfn = local >> PAGE_SHIFT;
	g_assert_cmpint(gnttab_op(f->d2, GNTTABOP_copy, &c, sizeof(c), 1), ==, 0);
	g_assert_cmpint(c.status, ==, GNTST_general_error);
	c.dest.u.ref = 4000;
	g_assert_cmpint(gnttab_op(f->d2, GNTTABOP_copy, &c, sizeof(c), 1), ==, 0);
	g_assert_cmpint(c.status, ==, GNTST_bad_gntref);
}

/* A batch longer than one piece is finished through continuations. */
static void test_long_batch(struct fixture *f, gconstpointer data)
{
	const unsigned int n = HYPERCALL_BATCH_PIECE * 2 + 10;
	uint64_t g = fake_guest_alloc(f->d2, n * sizeof(struct gnttab_copy));
	uint64_t local = fake_guest_alloc(f->d2, PAGE_SIZE);
	struct gnttab_copy c;
	unsigned int i;

	grant(f->d1, 8, 2, f->page, GTF_permit_access);
	for (i = 0; i < n; i++) {
		memset(&c, 0, sizeof(c));
		c.source.u.ref = 8;
		c.source.domid = 1;
		c.dest.u.gmfn = local >> PAGE_SHIFT;
		c.dest.domid = DOMID_SELF;
		c.len = 4;
		c.flags = GNTCOPY_source_gref;
		c.status = 99;
		gcopy(f->d2, g + i * sizeof(c), &c, sizeof(c), true);
	}
	fake_set_current(f->d2, 0);
	g_assert_cmpint(hcall(__HYPERVISOR_grant_table_op, GNTTABOP_copy, g, n), ==, 0);
	for (i = 0; i < n; i++) {
		gcopy(f->d2, g + i * sizeof(c), &c, sizeof(c), false);
		g_assert_cmpint(c.status, ==, GNTST_okay);
	}
}

static void test_cache_flush(struct fixture *f, gconstpointer data)
{
	struct gnttab_cache_flush cf = {0};
	struct gnttab_map_grant_ref m;
	uint64_t where = (FAKE_GNT_BASE_GFN + 100) << PAGE_SHIFT;

	/* Linux probes with all zeroes and only needs "not -ENOSYS". */
	g_assert_cmpint(gnttab_op(f->d2, GNTTABOP_cache_flush, &cf, sizeof(cf), 1), ==, 0);
	grant(f->d1, 8, 2, f->page, GTF_permit_access);
	g_assert_cmpint(map_ref(f->d2, 1, 8, where, GNTMAP_host_map, &m), ==, GNTST_okay);
	cf.a.dev_bus_addr = m.dev_bus_addr;
	cf.length = 64;
	cf.op = GNTTAB_CACHE_CLEAN | GNTTAB_CACHE_INVAL;
	g_assert_cmpint(gnttab_op(f->d2, GNTTABOP_cache_flush, &cf, sizeof(cf), 1), ==, 0);
	g_assert_cmpint(gnttab_op(f->d1, GNTTABOP_cache_flush, &cf, sizeof(cf), 1), ==, -EPERM);
	cf.op = GNTTAB_CACHE_SOURCE_GREF | GNTTAB_CACHE_CLEAN;
	g_assert_cmpint(gnttab_op(f->d2, GNTTABOP_cache_flush, &cf, sizeof(cf), 1), ==,
			-EOPNOTSUPP);
	cf.op = 0x10;
	g_assert_cmpint(gnttab_op(f->d2, GNTTABOP_cache_flush, &cf, sizeof(cf), 1), ==,
			-EOPNOTSUPP);
	cf.op = GNTTAB_CACHE_CLEAN;
	cf.offset = 4050;
	g_assert_cmpint(gnttab_op(f->d2, GNTTABOP_cache_flush, &cf, sizeof(cf), 1), ==, -EINVAL);
}

static long remove_gfn(struct domain *d, uint64_t gfn)
{
	struct xen_remove_from_physmap r = {.domid = DOMID_SELF, .gpfn = gfn};

	return op_hcall(d, __HYPERVISOR_memory_op, XENMEM_remove_from_physmap, &r, sizeof(r), 0);
}

/*
 * A pinned entry keeps its frame alive: with the mapper's p2m entry gone
 * and the granter's frame taken out of its physmap, a new map of the entry
 * still gets the granted page, never a freed (and perhaps reused) one. Found
 * by the fuzzing guest (seed 0x31415926), where the frame became hypervisor
 * heap and was mapped into the guest.
 */
static void test_frame_kept_while_pinned(struct fixture *f, gconstpointer data)
{
	uint64_t where = (FAKE_GNT_BASE_GFN + 100) << PAGE_SHIFT;
	struct gnttab_map_grant_ref m, m2;
	long live;

	grant(f->d1, 8, 2, f->page, GTF_permit_access);
	g_assert_cmpint(map_ref(f->d2, 1, 8, where, GNTMAP_host_map, &m), ==, GNTST_okay);
	g_assert_cmpint(remove_gfn(f->d2, where >> PAGE_SHIFT), ==, 0);
	live = fake_live_pages();
	g_assert_cmpint(remove_gfn(f->d1, f->page >> PAGE_SHIFT), ==, 0);
	g_assert_cmpint(fake_live_pages(), ==, live); /* the pin holds it */
	g_assert_cmpint(map_ref(f->d2, 1, 8, where + PAGE_SIZE, GNTMAP_host_map, &m2), ==,
			GNTST_okay);
	g_assert_cmpstr(fake_gpa_ptr(f->d2, where + PAGE_SIZE), ==, "granted by d1");
	g_assert_cmpint(unmap_handle(f->d2, where + PAGE_SIZE, m2.handle), ==, GNTST_okay);
	g_assert_cmpint(fake_live_pages(), ==, live);
	(void)unmap_handle(f->d2, where, m.handle);
	g_assert_cmpint(fake_live_pages(), ==, live - 1); /* the last pin let it go */
	g_assert_cmpuint(entry(f->d1, 8)->flags, ==, GTF_permit_access);
}

/* Unmapping a handle whose place was taken since leaves the new occupant alone. */
static void test_unmap_replaced_mapping(struct fixture *f, gconstpointer data)
{
	uint64_t where = (FAKE_GNT_BASE_GFN + 100) << PAGE_SHIFT;
	uint64_t other = fake_guest_alloc(f->d1, PAGE_SIZE);
	struct gnttab_map_grant_ref m, m2;

	strcpy(fake_gpa_ptr(f->d1, other), "second page");
	grant(f->d1, 8, 2, f->page, GTF_permit_access);
	grant(f->d1, 9, 2, other, GTF_permit_access);
	g_assert_cmpint(map_ref(f->d2, 1, 8, where, GNTMAP_host_map, &m), ==, GNTST_okay);
	g_assert_cmpint(map_ref(f->d2, 1, 9, where, GNTMAP_host_map, &m2), ==, GNTST_okay);
	g_assert_cmpint(unmap_handle(f->d2, where, m.handle), ==, GNTST_okay);
	g_assert_cmpuint(entry(f->d1, 8)->flags, ==, GTF_permit_access);
	g_assert_cmpstr(fake_gpa_ptr(f->d2, where), ==, "second page");
	g_assert_cmpint(unmap_handle(f->d2, where, m2.handle), ==, GNTST_okay);
	g_assert_cmpint(fake_p2m_kind(f->d2, where >> PAGE_SHIFT), ==, 0);
	g_assert_cmpuint(entry(f->d1, 9)->flags, ==, GTF_permit_access);
}

static void test_destroy_mapper(struct fixture *f, gconstpointer data)
{
	struct gnttab_map_grant_ref m;

	grant(f->d1, 8, 2, f->page, GTF_permit_access);
	g_assert_cmpint(map_ref(f->d2, 1, 8, FAKE_GNT_BASE_GFN << PAGE_SHIFT, GNTMAP_host_map, &m),
			==, GNTST_okay);
	fake_domain_free(f->d2);
	f->d2 = NULL;
	/* The granter sees its entry released. */
	g_assert_cmpuint(entry(f->d1, 8)->flags, ==, GTF_permit_access);
}

static void test_destroy_granter(struct fixture *f, gconstpointer data)
{
	struct gnttab_map_grant_ref m;
	uint64_t where = (FAKE_GNT_BASE_GFN + 5) << PAGE_SHIFT;

	grant(f->d1, 8, 2, f->page, GTF_permit_access);
	g_assert_cmpint(map_ref(f->d2, 1, 8, where, GNTMAP_host_map, &m), ==, GNTST_okay);
	fake_domain_free(f->d1);
	f->d1 = NULL;
	/* The mapper keeps a live page until it unmaps. */
	g_assert_cmpstr(fake_gpa_ptr(f->d2, where), ==, "granted by d1");
	f->d1 = fake_domain_new(1, 1, 8, NULL); /* a new domain reusing the id */
	g_assert_cmpint(unmap_handle(f->d2, where, m.handle), ==, GNTST_okay);
	g_assert_cmpint(fake_p2m_kind(f->d2, where >> PAGE_SHIFT), ==, 0);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
#define ADD(name, fn) g_test_add("/xen/grant/" name, struct fixture, NULL, setup, fn, teardown)
	ADD("query-size-and-version", test_query_and_version);
	ADD("map-unmap-flags", test_map_unmap);
	ADD("map-errors", test_map_errors);
	ADD("copy", test_copy);
	ADD("cache-flush", test_cache_flush);
	ADD("long-batch-continuation", test_long_batch);
	ADD("frame-kept-while-pinned", test_frame_kept_while_pinned);
	ADD("unmap-replaced-mapping", test_unmap_replaced_mapping);
	ADD("destroy-mapper-while-mapped", test_destroy_mapper);
	ADD("destroy-granter-while-mapped", test_destroy_granter);
	return g_test_run();
}
