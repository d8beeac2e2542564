/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * FIFO event channels: control block, event arrays, queue linking and the
 * P/M/L/B protocol, checked with a consumer that follows Linux's.
 */
#include "xen_test.h"

#define P_BIT (1U << EVTCHN_FIFO_PENDING)
#define M_BIT (1U << EVTCHN_FIFO_MASKED)
#define L_BIT (1U << EVTCHN_FIFO_LINKED)

struct fifo_guest {
	struct domain *d;
	uint64_t cb_gpa[2];
	uint64_t array_gpa[EVTCHN_FIFO_MAX_PAGES];
	unsigned int nr_pages;
	uint32_t private_head[2][EVTCHN_FIFO_MAX_QUEUES];
};

struct fixture {
	struct domain *d;
	struct fifo_guest g;
};

static void setup(struct fixture *f, gconstpointer data)
{
	fake_env_reset();
	f->d = fake_domain_new(1, 2, 160, NULL);
	memset(&f->g, 0, sizeof(f->g));
	f->g.d = f->d;
}

static void teardown(struct fixture *f, gconstpointer data)
{
	fake_domain_free(f->d);
	g_assert_cmpint(fake_live_allocs(), ==, 0);
	g_assert_cmpint(fake_live_pages(), ==, 0);
}

static long init_control(struct fifo_guest *g, unsigned int vcpu, uint64_t gfn, uint32_t offset)
{
	struct evtchn_init_control ic = {.control_gfn = gfn, .offset = offset, .vcpu = vcpu};
	long rc = evtchn_op(g->d, EVTCHNOP_init_control, &ic, sizeof(ic));

	if (!rc)
		g_assert_cmpuint(ic.link_bits, ==, EVTCHN_FIFO_LINK_BITS);
	return rc;
}

static void fifo_start(struct fifo_guest *g, unsigned int vcpu)
{
	g->cb_gpa[vcpu] = fake_guest_alloc(g->d, PAGE_SIZE);
	g_assert_cmpint(init_control(g, vcpu, g->cb_gpa[vcpu] >> PAGE_SHIFT, 0), ==, 0);
}

/* Add an event array page; Linux fills new pages with MASKED words. */
static long expand(struct fifo_guest *g, bool masked)
{
	uint64_t gpa = fake_guest_alloc(g->d, PAGE_SIZE);
	struct evtchn_expand_array ea = {.array_gfn = gpa >> PAGE_SHIFT};
	uint32_t *w = fake_gpa_ptr(g->d, gpa);
	unsigned int i;
	long rc;

	for (i = 0; i < EVTCHN_FIFO_WORDS_PER_PAGE; i++)
		w[i] = masked ? M_BIT : 0;
	rc = evtchn_op(g->d, EVTCHNOP_expand_array, &ea, sizeof(ea));
	if (!rc)
		g->array_gpa[g->nr_pages++] = gpa;
	return rc;
}

static uint32_t *word(struct fifo_guest *g, uint32_t port)
{
	return (uint32_t *)fake_gpa_ptr(g->d, g->array_gpa[port / EVTCHN_FIFO_WORDS_PER_PAGE]) +
	       port % EVTCHN_FIFO_WORDS_PER_PAGE;
}

static struct evtchn_fifo_control_block *cb(struct fifo_guest *g, unsigned int vcpu)
{
	return fake_gpa_ptr(g->d, g->cb_gpa[vcpu]);
}

/*
 * Consume like Linux (consume_one_event): take the highest-priority ready
 * queue's head, unlink it (clear L and LINK atomically, keeping LINK as the
 * next head), handle it if pending and not masked. Returns the ports handled.
 */
static GArray *consume(struct fifo_guest *g, unsigned int vcpu)
{
	GArray *out = g_array_new(FALSE, FALSE, sizeof(uint32_t));
	uint32_t ready = __atomic_exchange_n(&cb(g, vcpu)->ready, 0, __ATOMIC_SEQ_CST);

	while (ready) {
		unsigned int q = __builtin_ctz(ready);
		uint32_t *head = &g->private_head[vcpu][q];
		uint32_t port = *head ? *head : cb(g, vcpu)->head[q];
		uint32_t old;

		old = __atomic_fetch_and(word(g, port), ~(L_BIT | EVTCHN_FIFO_LINK_MASK),
					 __ATOMIC_SEQ_CST);
		*head = old & EVTCHN_FIFO_LINK_MASK;
		if (!*head)
			ready &= ~(1U << q);
		if ((old & P_BIT) && !(old & M_BIT)) {
			__atomic_fetch_and(word(g, port), ~P_BIT, __ATOMIC_SEQ_CST);
			g_array_append_val(out, port);
		}
		ready |= __atomic_exchange_n(&cb(g, vcpu)->ready, 0, __ATOMIC_SEQ_CST);
	}
	return out;
}

static void set_priority(struct fifo_guest *g, uint32_t port, uint32_t prio)
{
	struct evtchn_set_priority sp = {.port = port, .priority = prio};

	g_assert_cmpint(evtchn_op(g->d, EVTCHNOP_set_priority, &sp, sizeof(sp)), ==, 0);
}

static uint32_t loopback_pair(struct domain *d, uint32_t *b)
{
	uint32_t a;

	g_assert_cmpint(alloc_unbound(d, DOMID_SELF, DOMID_SELF, &a), ==, 0);
	g_assert_cmpint(bind_interdomain(d, DOMID_SELF, a, b), ==, 0);
	return a;
}

static void test_init_errors(struct fixture *f, gconstpointer data)
{
	struct fifo_guest *g = &f->g;
	uint64_t page = fake_guest_alloc(f->d, PAGE_SIZE);
	struct evtchn_set_priority sp = {.port = 1, .priority = 3};
	uint32_t a, b;

	a = loopback_pair(f->d, &b);
	g_assert_cmpint(evtchn_op(f->d, EVTCHNOP_set_priority, &sp, sizeof(sp)), ==, -ENOSYS);
	g_assert_cmpint(expand(g, true), ==, -EOPNOTSUPP);
	g_assert_cmpint(init_control(g, 2, page >> PAGE_SHIFT, 0), ==, -ENOENT);
	g_assert_cmpint(init_control(g, 0, page >> PAGE_SHIFT, 4), ==, -EINVAL);
	g_assert_cmpint(init_control(g, 0, page >> PAGE_SHIFT, PAGE_SIZE - 64), ==, -EINVAL);
	g_assert_cmpint(init_control(g, 0, 0x10, 0), ==, -EINVAL);
	evtchn_fifo_enabled = false;
	g_assert_cmpint(init_control(g, 0, page >> PAGE_SHIFT, 0), ==, -ENOSYS);
	evtchn_fifo_enabled = true;
	g_assert_cmpint(init_control(g, 0, page >> PAGE_SHIFT, 8), ==, 0);
	g_assert_cmpint(init_control(g, 0, page >> PAGE_SHIFT, 8), ==, -EINVAL);
	g_assert_cmpint(evtchn_op(f->d, EVTCHNOP_set_priority, &sp, sizeof(sp)), ==, 0);
	sp.priority = 16;
	g_assert_cmpint(evtchn_op(f->d, EVTCHNOP_set_priority, &sp, sizeof(sp)), ==, -EINVAL);
	sp.priority = 1;
	sp.port = 500;
	g_assert_cmpint(evtchn_op(f->d, EVTCHNOP_set_priority, &sp, sizeof(sp)), ==, -EINVAL);
	/* An array page must be the guest's RAM. */
	{
		struct evtchn_expand_array ea = {.array_gfn = 0x1234};

		g_assert_cmpint(evtchn_op(f->d, EVTCHNOP_expand_array, &ea, sizeof(ea)), ==,
				-EINVAL);
	}
	(void)a;
}

static void test_queue_order_and_links(struct fixture *f, gconstpointer data)
{
	struct fifo_guest *g = &f->g;
	uint32_t a1, b1, a2, b2, a3, b3;
	GArray *got;

	a1 = loopback_pair(f->d, &b1);
	a2 = loopback_pair(f->d, &b2);
	a3 = loopback_pair(f->d, &b3);
	fifo_start(g, 0);
	g_assert_cmpint(expand(g, false), ==, 0);
	/* The b ports were raised on bind (2L) and survive the switch to FIFO. */
	got = consume(g, 0);
	g_assert_cmpuint(got->len, ==, 3);
	g_assert_cmpuint(g_array_index(got, uint32_t, 0), ==, b1);
	g_array_free(got, TRUE);

	set_priority(g, a3, 2);
	g_assert_cmpint(evtchn_port_op(f->d, EVTCHNOP_send, b1), ==, 0);
	g_assert_cmpint(evtchn_port_op(f->d, EVTCHNOP_send, b2), ==, 0);
	/* Two on the default queue: the first one's LINK names the second. */
	g_assert_cmpuint(*word(g, a1) & EVTCHN_FIFO_LINK_MASK, ==, a2);
	g_assert_cmpuint(*word(g, a1) & (P_BIT | L_BIT), ==, P_BIT | L_BIT);
	g_assert_cmpuint(cb(g, 0)->head[EVTCHN_FIFO_PRIORITY_DEFAULT], ==, a1);
	g_assert_cmpint(evtchn_port_op(f->d, EVTCHNOP_send, b3), ==, 0);
	g_assert_cmpuint(cb(g, 0)->ready, ==, (1U << 7) | (1U << 2));
	g_assert_cmpuint(__atomic_load_n(&f->d->xd->vcpus[0].vcpu_info->evtchn_upcall_pending, 0),
			 ==, 0); /* vcpu_info not registered: no upcall */
	/* Raising a linked port again does not queue it twice. */
	g_assert_cmpint(evtchn_port_op(f->d, EVTCHNOP_send, b1), ==, 0);
	got = consume(g, 0);
	g_assert_cmpuint(got->len, ==, 3);
	g_assert_cmpuint(g_array_index(got, uint32_t, 0), ==, a3);
	g_assert_cmpuint(g_array_index(got, uint32_t, 1), ==, a1);
	g_assert_cmpuint(g_array_index(got, uint32_t, 2), ==, a2);
	g_array_free(got, TRUE);
	/* The old tail was consumed (L clear): the next raise restarts the queue at head. */
	g_assert_cmpint(evtchn_port_op(f->d, EVTCHNOP_send, b2), ==, 0);
	g_assert_cmpuint(cb(g, 0)->head[EVTCHN_FIFO_PRIORITY_DEFAULT], ==, a2);
	got = consume(g, 0);
	g_assert_cmpuint(got->len, ==, 1);
	g_array_free(got, TRUE);
}

static void test_mask_unmask_and_upcall(struct fixture *f, gconstpointer data)
{
	struct fifo_guest *g = &f->g;
	xen_vcpu_info_t *vi;
	uint32_t a, b;
	GArray *got;

	vi = fake_gpa_ptr(f->d, register_vcpu_info(f->d, 0));
	fifo_start(g, 0);
	g_assert_cmpint(expand(g, true), ==, 0);
	a = loopback_pair(f->d, &b);
	/* Masked (as Linux leaves new words): pending but not linked. */
	g_assert_cmpuint(*word(g, b), ==, M_BIT | P_BIT);
	vi->evtchn_upcall_pending = 0;
	g_assert_cmpint(evtchn_port_op(f->d, EVTCHNOP_unmask, b), ==, 0);
	g_assert_cmpuint(*word(g, b) & (M_BIT | L_BIT | P_BIT), ==, L_BIT | P_BIT);
	g_assert_cmpuint(vi->evtchn_upcall_pending, ==, 1);
	g_assert_true(fake_vcpu_rec(xen_domain_vcpu(f->d->xd, 0))->upcall);
	got = consume(g, 0);
	g_assert_cmpuint(got->len, ==, 1);
	g_assert_cmpuint(g_array_index(got, uint32_t, 0), ==, b);
	g_array_free(got, TRUE);
	/* EVTCHNOP_unmask on a masked port that is not pending only clears M. */
	g_assert_cmpint(evtchn_port_op(f->d, EVTCHNOP_unmask, a), ==, 0);
	g_assert_cmpuint(*word(g, a), ==, 0);
	/* Closing clears pending. */
	g_assert_cmpint(evtchn_port_op(f->d, EVTCHNOP_send, b), ==, 0);
	g_assert_true(*word(g, a) & P_BIT);
	g_assert_cmpint(evtchn_port_op(f->d, EVTCHNOP_close, a), ==, 0);
	g_assert_false(*word(g, a) & P_BIT);
}

static void test_saved_pending(struct fixture *f, gconstpointer data)
{
	struct fifo_guest *g = &f->g;
	struct evtchn_bind_vcpu bv;
	uint32_t a, b;
	GArray *got;

	fifo_start(g, 0);
	a = loopback_pair(f->d, &b);
	g_assert_cmpint(evtchn_port_op(f->d, EVTCHNOP_send, b), ==, 0);
	/* No event word yet: raised when the array grows. */
	g_assert_cmpint(expand(g, false), ==, 0);
	got = consume(g, 0);
	g_assert_cmpuint(got->len, ==, 2); /* b (bound) and a (sent) */
	g_array_free(got, TRUE);
	/* A port bound to a vCPU without a control block waits for its init_control. */
	bv.port = a;
	bv.vcpu = 1;
	g_assert_cmpint(evtchn_op(f->d, EVTCHNOP_bind_vcpu, &bv, sizeof(bv)), ==, 0);
	g_assert_cmpint(evtchn_port_op(f->d, EVTCHNOP_send, b), ==, 0);
	fifo_start(g, 1);
	got = consume(g, 1);
	g_assert_cmpuint(got->len, ==, 1);
	g_assert_cmpuint(g_array_index(got, uint32_t, 0), ==, a);
	g_array_free(got, TRUE);
	/* Reset returns the domain to 2-level. */
	{
		struct evtchn_reset r = {.dom = DOMID_SELF};

		g_assert_cmpint(evtchn_op(f->d, EVTCHNOP_reset, &r, sizeof(r)), ==, 0);
		g_assert_true(f->d->xd->evtchn.ops == &evtchn_ops_2l);
	}
}

static void test_array_limit(struct fixture *f, gconstpointer data)
{
	struct fifo_guest *g = &f->g;
	unsigned int i;

	fifo_start(g, 0);
	for (i = 0; i < EVTCHN_FIFO_MAX_PAGES; i++)
		g_assert_cmpint(expand(g, true), ==, 0);
	g_assert_cmpint(expand(g, true), ==, -ENOSPC);
}

/* 131,071 ports (all but port 0) raised at mixed priorities, each seen once, in order. */
static void test_all_ports_loopback(struct fixture *f, gconstpointer data)
{
	struct fifo_guest *g = &f->g;
	struct evtchn_bind_ipi bi = {.vcpu = 0};
	const uint32_t last = EVTCHN_FIFO_NR_PORTS - 1;
	uint32_t *peer = g_new0(uint32_t, EVTCHN_FIFO_NR_PORTS);
	uint8_t *seen = g_new0(uint8_t, EVTCHN_FIFO_NR_PORTS);
	uint32_t p, i, prev_prio = 0;
	GArray *got;

	g_assert_cmpint(evtchn_set_max_port(f->d->xd, last), ==, 0);
	fifo_start(g, 0);
	for (i = 0; i < EVTCHN_FIFO_MAX_PAGES; i++)
		g_assert_cmpint(expand(g, true), ==, 0);
	while (f->d->xd->evtchn.in_use < last) {
		uint32_t a, b;

		a = loopback_pair(f->d, &b);
		peer[a] = b;
		peer[b] = a;
	}
	g_assert_cmpint(evtchn_op(f->d, EVTCHNOP_bind_ipi, &bi, sizeof(bi)), ==, 0);
	g_assert_cmpuint(bi.port, ==, last);
	peer[last] = last;
	g_assert_cmpint(alloc_unbound(f->d, DOMID_SELF, DOMID_SELF, &p), ==, -ENOSPC);
	for (p = 1; p <= last; p++) {
		set_priority(g, p, (p * 7) % EVTCHN_FIFO_MAX_QUEUES);
		*word(g, p) = 0; /* ack the bind-time raise and unmask */
	}
	for (p = 1; p <= last; p++)
		g_assert_cmpint(evtchn_port_op(f->d, EVTCHNOP_send, peer[p]), ==, 0);
	got = consume(g, 0);
	g_assert_cmpuint(got->len, ==, last);
	for (i = 0; i < got->len; i++) {
		uint32_t port = g_array_index(got, uint32_t, i);
		uint32_t prio = (port * 7) % EVTCHN_FIFO_MAX_QUEUES;

		g_assert_cmpuint(seen[port]++, ==, 0);
		g_assert_cmpuint(prio, >=, prev_prio);
		prev_prio = prio;
	}
	g_array_free(got, TRUE);
	g_free(seen);
	g_free(peer);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
#define ADD(name, fn) g_test_add("/xen/fifo/" name, struct fixture, NULL, setup, fn, teardown)
	ADD("init-errors", test_init_errors);
	ADD("queue-order-and-links", test_queue_order_and_links);
	ADD("mask-unmask-upcall", test_mask_unmask_and_upcall);
	ADD("saved-pending", test_saved_pending);
	ADD("array-limit", test_array_limit);
	ADD("all-131071-ports-loopback", test_all_ports_loopback);
	return g_test_run();
}
