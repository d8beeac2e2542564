/* SPDX-License-Identifier: GPL-2.0-only */
/* Host test double of the hypervisor around the Xen ABI code (see fake_env.h). */
#include "fake_env.h"
#include <basalt/errno.h>
#include <basalt/hypercall.h>
#include <stdlib.h>
#include <string.h>

enum fake_kind { FK_NONE, FK_RAM, FK_MAP_RW, FK_MAP_RO };

struct fake_page {
	void *va;
	int refs;
};

struct fake_map {
	enum fake_kind kind;
	paddr_t pa;
};

static GHashTable *pages;    /* pa -> struct fake_page * */
static GHashTable *vcpu_rec; /* struct xen_vcpu * -> struct fake_vcpu_rec * */
static struct xen_vcpu *current_xv;
static long live_allocs;
static uint64_t now_ns;
static GString *console_out;
/* CONSOLEIO readers attached through xen_env (one per domain id). */
struct fake_reader {
	void (*fn)(domid_t, char, void *);
	void *data;
};
static GHashTable *console_readers; /* domid + 1 -> struct fake_reader * */

/* ---- page references ---- */

static void *page_new(void)
{
	struct fake_page *pg = g_new0(struct fake_page, 1);

	pg->va = aligned_alloc(PAGE_SIZE, PAGE_SIZE);
	memset(pg->va, 0, PAGE_SIZE);
	pg->refs = 1;
	g_hash_table_insert(pages, pg->va, pg);
	return pg->va;
}

static struct fake_page *page_of(paddr_t pa)
{
	return g_hash_table_lookup(pages, (void *)(uintptr_t)(pa & PAGE_MASK));
}

static void page_get(paddr_t pa)
{
	struct fake_page *pg = page_of(pa);

	g_assert_nonnull(pg);
	pg->refs++;
}

static void page_put(paddr_t pa)
{
	struct fake_page *pg = page_of(pa);

	g_assert_nonnull(pg);
	g_assert_cmpint(pg->refs, >, 0);
	if (--pg->refs == 0) {
		g_hash_table_remove(pages, pg->va);
		free(pg->va);
		g_free(pg);
	}
}

long fake_live_pages(void)
{
	return pages ? g_hash_table_size(pages) : 0;
}

long fake_live_allocs(void)
{
	return live_allocs;
}

void fake_env_reset(void)
{
	if (!pages)
		pages = g_hash_table_new(g_direct_hash, g_direct_equal);
	if (vcpu_rec)
		g_hash_table_destroy(vcpu_rec);
	vcpu_rec = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
	if (console_out)
		g_string_free(console_out, TRUE);
	console_out = g_string_new(NULL);
	if (console_readers)
		g_assert_cmpuint(g_hash_table_size(console_readers), ==, 0); /* all detached */
	else
		console_readers =
		    g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
	current_xv = NULL;
	now_ns = 1000000000ULL;
	evtchn_fifo_enabled = true;
}

/* ---- domains ---- */

static struct fake_map *p2m_get(struct domain *d, uint64_t gfn)
{
	return g_hash_table_lookup(d->p2m, GSIZE_TO_POINTER(gfn + 1));
}

static void p2m_drop(struct domain *d, uint64_t gfn)
{
	struct fake_map *m = p2m_get(d, gfn);

	if (!m)
		return;
	page_put(m->pa);
	g_hash_table_remove(d->p2m, GSIZE_TO_POINTER(gfn + 1));
	if (m->kind == FK_RAM)
		d->ram_pages--;
	g_free(m);
}

static void p2m_set(struct domain *d, uint64_t gfn, enum fake_kind kind, paddr_t pa)
{
	struct fake_map *m = g_new0(struct fake_map, 1);

	p2m_drop(d, gfn);
	m->kind = kind;
	m->pa = pa;
	g_hash_table_insert(d->p2m, GSIZE_TO_POINTER(gfn + 1), m);
	if (kind == FK_RAM)
		d->ram_pages++;
}

struct domain *fake_domain_new(domid_t id, unsigned int nr_vcpus, uint64_t ram_pages,
			       const struct xen_domain_config *cfg)
{
	static const struct xen_domain_config defaults;
	struct domain *d = g_new0(struct domain, 1);
	uint64_t i;

	d->p2m = g_hash_table_new(g_direct_hash, g_direct_equal);
	d->shutdown_reason = -1;
	d->next_free_gfn = FAKE_RAM_BASE_GFN;
	for (i = 0; i < ram_pages; i++)
		p2m_set(d, FAKE_RAM_BASE_GFN + i, FK_RAM, virt_to_phys(page_new()));
	d->xd = xen_domain_create(id, nr_vcpus, d, cfg ? cfg : &defaults);
	g_assert_nonnull(d->xd);
	return d;
}

void fake_domain_free(struct domain *d)
{
	GList *keys, *k;

	if (d->xd)
		xen_domain_destroy(d->xd);
	/* Stage-2 teardown: every mapping drops its page reference. */
	keys = g_hash_table_get_keys(d->p2m);
	for (k = keys; k; k = k->next)
		p2m_drop(d, GPOINTER_TO_SIZE(k->data) - 1);
	g_list_free(keys);
	g_hash_table_destroy(d->p2m);
	g_free(d);
}

void fake_set_current(struct domain *d, unsigned int vcpu)
{
	current_xv = xen_domain_vcpu(d->xd, vcpu);
	g_assert_nonnull(current_xv);
}

uint64_t fake_guest_alloc(struct domain *d, size_t size)
{
	uint64_t gfn = d->next_free_gfn;

	d->next_free_gfn += (size + PAGE_SIZE - 1) / PAGE_SIZE;
	g_assert_cmpuint(d->next_free_gfn, <=, FAKE_RAM_BASE_GFN + d->ram_pages);
	return gfn << PAGE_SHIFT;
}

void *fake_gpa_ptr(struct domain *d, uint64_t ipa)
{
	struct fake_map *m = p2m_get(d, ipa >> PAGE_SHIFT);

	return m ? (char *)phys_to_virt(m->pa) + (ipa & ~PAGE_MASK) : NULL;
}

int fake_p2m_kind(struct domain *d, uint64_t gfn)
{
	struct fake_map *m = p2m_get(d, gfn);

	return m ? (int)m->kind : 0;
}

struct fake_vcpu_rec *fake_vcpu_rec(struct xen_vcpu *xv)
{
	struct fake_vcpu_rec *r = g_hash_table_lookup(vcpu_rec, xv);

	if (!r) {
		r = g_new0(struct fake_vcpu_rec, 1);
		g_hash_table_insert(vcpu_rec, xv, r);
	}
	return r;
}

void fake_set_now(uint64_t ns)
{
	now_ns = ns;
}

GString *fake_console_out(void)
{
	return console_out;
}

bool fake_console_type(domid_t id, const char *s)
{
	struct fake_reader *r = g_hash_table_lookup(console_readers, GSIZE_TO_POINTER(id + 1));

	if (!r)
		return false;
	for (; *s; s++)
		r->fn(id, *s, r->data);
	return true;
}

long hcall(unsigned long nr, register_t a0, register_t a1, register_t a2)
{
	register_t args[HYPERCALL_NR_ARGS] = {a0, a1, a2, 0, 0};
	bool restart;
	long rc;

	/* As traps.c does: a continuation re-issues the call with the updated args. */
	do
		rc = hypercall_dispatch(nr, args, &restart);
	while (restart);
	return rc;
}

int xen_env_page_ref(paddr_t pa)
{
	if (!page_of(pa))
		return -EINVAL;
	page_get(pa);
	return 0;
}

void xen_env_page_unref(paddr_t pa)
{
	page_put(pa);
}

/* ---- guest_access.h: stage-1 is the identity, stage-2 the fake p2m ---- */

static int copy_guest(void *hyp, vaddr_t gva, size_t len, bool to_guest)
{
	struct domain *d;

	if (!current_xv)
		return -EFAULT;
	d = current_xv->xd->dom;
	while (len) {
		struct fake_map *m = p2m_get(d, gva >> PAGE_SHIFT);
		size_t off = gva & ~PAGE_MASK, n = MIN(len, PAGE_SIZE - off);
		char *p;

		/* Only the domain's own RAM: not foreign, grant or hypervisor frames. */
		if (!m || m->kind != FK_RAM)
			return -EFAULT;
		p = (char *)phys_to_virt(m->pa) + off;
		if (to_guest)
			memcpy(p, hyp, n);
		else
			memcpy(hyp, p, n);
		hyp = (char *)hyp + n;
		gva += n;
		len -= n;
	}
	return 0;
}

int copy_from_guest(void *dst, vaddr_t gva, size_t len)
{
	return copy_guest(dst, gva, len, false);
}

int copy_to_guest(vaddr_t gva, const void *src, size_t len)
{
	return copy_guest((void *)src, gva, len, true);
}

int map_guest_gfn(struct domain *d, uint64_t gfn, bool writable, struct guest_page *out)
{
	struct fake_map *m = p2m_get(d, gfn);

	if (!m || m->kind != FK_RAM)
		return -EINVAL;
	page_get(m->pa);
	out->pa = m->pa;
	out->va = phys_to_virt(m->pa);
	return 0;
}

void unmap_guest_page(struct guest_page *pg)
{
	if (!pg->va)
		return;
	page_put(pg->pa);
	pg->va = NULL;
	pg->pa = 0;
}

/* ---- xen_env.h ---- */

struct xen_vcpu *xen_current(void)
{
	return current_xv;
}

void xen_env_upcall_level(struct xen_vcpu *xv, bool asserted)
{
	fake_vcpu_rec(xv)->upcall = asserted;
}

void xen_env_upcall_resample(struct xen_vcpu *xv, bool asserted)
{
	fake_vcpu_rec(xv)->upcall = asserted;
}

void xen_env_vcpu_kick(struct xen_vcpu *xv)
{
	struct fake_vcpu_rec *r = fake_vcpu_rec(xv);

	r->kicks++;
	r->blocked = false;
	xv->polling = false;
}

void xen_env_vcpu_block(struct xen_vcpu *xv, uint64_t deadline_ns)
{
	struct fake_vcpu_rec *r = fake_vcpu_rec(xv);

	r->blocked = true;
	r->block_deadline = deadline_ns;
}

void xen_env_vcpu_yield(struct xen_vcpu *xv)
{
	fake_vcpu_rec(xv)->yields++;
}

int xen_env_domain_shutdown(struct xen_domain *xd, unsigned int reason)
{
	xd->dom->shutdown_reason = reason;
	return 0;
}

int xen_env_physmap_add(struct xen_domain *xd, uint64_t gfn, paddr_t pa, enum xen_map_kind k)
{
	page_get(pa);
	p2m_set(xd->dom, gfn, k == XEN_MAP_RW ? FK_MAP_RW : FK_MAP_RO, pa);
	return 0;
}

int xen_env_physmap_remove(struct xen_domain *xd, uint64_t gfn)
{
	if (!p2m_get(xd->dom, gfn))
		return -ENOENT;
	p2m_drop(xd->dom, gfn);
	return 0;
}

int xen_env_physmap_remove_mapping(struct xen_domain *xd, uint64_t gfn, paddr_t pa)
{
	struct fake_map *m = p2m_get(xd->dom, gfn);

	if (!m || (m->kind != FK_MAP_RW && m->kind != FK_MAP_RO) ||
	    (m->pa & PAGE_MASK) != (pa & PAGE_MASK))
		return -ENOENT;
	p2m_drop(xd->dom, gfn);
	return 0;
}

int xen_env_ram_lookup(struct xen_domain *xd, uint64_t gfn, paddr_t *pa, bool *writable)
{
	struct fake_map *m = p2m_get(xd->dom, gfn);

	if (!m || m->kind != FK_RAM)
		return -EINVAL;
	*pa = m->pa;
	*writable = true;
	return 0;
}

int xen_env_ram_populate(struct xen_domain *xd, uint64_t gfn)
{
	if (p2m_get(xd->dom, gfn))
		return -EBUSY;
	p2m_set(xd->dom, gfn, FK_RAM, virt_to_phys(page_new()));
	return 0;
}

uint64_t xen_env_ram_pages(struct xen_domain *xd)
{
	return xd->dom->ram_pages;
}

void *xen_env_zalloc(size_t size)
{
	live_allocs++;
	return g_malloc0(size);
}

void xen_env_free(void *p)
{
	if (p)
		live_allocs--;
	g_free(p);
}

void *xen_env_alloc_page(void)
{
	return page_new();
}

void xen_env_free_page(void *va)
{
	page_put(virt_to_phys(va));
}

void xen_env_cache_clean(paddr_t pa, size_t len)
{
	g_assert_nonnull(page_of(pa));
}

void xen_env_cache_inval(paddr_t pa, size_t len)
{
	g_assert_nonnull(page_of(pa));
}

uint64_t xen_env_now_ns(void)
{
	return now_ns;
}

uint64_t xen_env_boot_wallclock(void)
{
	return 1700000000ULL;
}

void xen_env_console_write(domid_t id, const char *buf, size_t len)
{
	g_string_append_len(console_out, buf, len);
}

void xen_env_console_attach(struct xen_domain *xd, void (*input)(domid_t, char, void *), void *data)
{
}

void xen_env_console_detach(struct xen_domain *xd)
{
}

void xen_env_console_reader_attach(struct xen_domain *xd, void (*reader)(domid_t, char, void *),
				   void *data)
{
	struct fake_reader *r = g_new0(struct fake_reader, 1);

	g_assert_false(g_hash_table_contains(console_readers, GSIZE_TO_POINTER(xd->id + 1)));
	r->fn = reader;
	r->data = data;
	g_hash_table_insert(console_readers, GSIZE_TO_POINTER(xd->id + 1), r);
}

void xen_env_console_reader_detach(struct xen_domain *xd)
{
	g_assert_true(g_hash_table_remove(console_readers, GSIZE_TO_POINTER(xd->id + 1)));
}

const char *xen_env_cmdline(void)
{
	return "console=dtuart evtchn_fifo=1";
}
