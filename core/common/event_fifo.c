/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The FIFO event ABI: one 32-bit event word per port in guest pages
 * (P pending, M masked, L linked, B busy, 17-bit LINK), per-vCPU queues of
 * 16 priorities whose heads and ready bits live in the guest's control
 * block. The hypervisor appends at a queue's tail; the guest consumes at
 * the head. All changes of words the guest can see are atomic RMWs.
 * Called with the domain's event lock held.
 */
#include <basalt/event.h>
#include <basalt/errno.h>
#include <basalt/lib.h>
#include <basalt/xen_domain.h>
#include <basalt/xen_env.h>

#define FIFO_P BIT(EVTCHN_FIFO_PENDING)
#define FIFO_M BIT(EVTCHN_FIFO_MASKED)
#define FIFO_L BIT(EVTCHN_FIFO_LINKED)
#define FIFO_B BIT(EVTCHN_FIFO_BUSY)

/* How often the hypervisor retries linking to a tail the guest keeps changing. */
#define FIFO_LINK_TRIES 4

static uint32_t *event_word(struct xen_domain *xd, uint32_t port)
{
	struct evtchn_fifo_domain *fd = xd->evtchn.fifo;
	uint32_t page = port / EVTCHN_FIFO_WORDS_PER_PAGE;

	if (!fd || page >= fd->nr_pages)
		return NULL;
	return (uint32_t *)fd->array[page].va + port % EVTCHN_FIFO_WORDS_PER_PAGE;
}

/*
 * Set LINK of the (old tail) word to @port, only while the word is still
 * LINKED: once the guest has unlinked it, the queue is empty and the caller
 * writes the head instead. 1 linked, 0 not linked, -EAGAIN raced.
 */
static int try_set_link(uint32_t *word, uint32_t *w, uint32_t port)
{
	uint32_t new;

	if (!(*w & FIFO_L))
		return 0;
	new = (*w & ~(FIFO_B | EVTCHN_FIFO_LINK_MASK)) | port;
	if (guest_atomic_cmpxchg32(word, w, new))
		return 1;
	return -EAGAIN;
}

static bool set_link(struct xen_domain *xd, uint32_t *word, uint32_t port)
{
	uint32_t w = guest_read32(word);
	int tries = 0, rc;

	rc = try_set_link(word, &w, port);
	if (rc >= 0)
		return rc;
	/* Contended: BUSY stops the guest's unmask cmpxchg while we retry. */
	guest_atomic_fetch_or32(word, FIFO_B);
	w = guest_read32(word);
	do {
		rc = try_set_link(word, &w, port);
	} while (rc == -EAGAIN && ++tries < FIFO_LINK_TRIES);
	guest_atomic_fetch_and32(word, ~(uint32_t)FIFO_B);
	if (rc < 0) {
		printk_guest_ratelimited("d%u: FIFO event word of port %u keeps changing\n", xd->id,
					 port);
		return false;
	}
	return rc;
}

static void evtchn_fifo_set_pending(struct xen_domain *xd, uint32_t port, struct evtchn *chn)
{
	struct xen_vcpu *xv = xen_domain_vcpu(xd, chn->notify_vcpu);
	struct xen_vcpu *old_v;
	struct evtchn_fifo_queue *q, *old_q;
	uint32_t *word = event_word(xd, port);
	uint32_t w, *tail_word;
	bool linked = false;

	if (!word || !xv || !xv->fifo_ready) {
		/* No word or no control block yet: expand_array/init_control re-raise it. */
		chn->pending_saved = true;
		return;
	}
	w = guest_atomic_fetch_or32(word, FIFO_P);
	if ((w | guest_read32(word)) & FIFO_M)
		return; /* stays pending; EVTCHNOP_unmask links it */
	if (guest_atomic_fetch_or32(word, FIFO_L) & FIFO_L)
		return; /* already queued */

	/* If the port was the tail of its previous queue, that queue is now empty. */
	old_v = xen_domain_vcpu(xd, chn->last_vcpu);
	if (old_v) {
		old_q = &old_v->fifo.queue[chn->last_priority];
		if (old_q->tail == port)
			old_q->tail = 0;
	}
	chn->last_vcpu = chn->notify_vcpu;
	chn->last_priority = chn->priority;

	q = &xv->fifo.queue[chn->priority];
	if (q->tail) {
		tail_word = event_word(xd, q->tail);
		if (tail_word)
			linked = set_link(xd, tail_word, port);
	}
	if (!linked)
		guest_write32(&xv->fifo.cb->head[chn->priority], port);
	q->tail = port;

	if (!linked && !(guest_atomic_fetch_or32(&xv->fifo.cb->ready, BIT(chn->priority)) &
			 BIT(chn->priority)))
		evtchn_vcpu_mark_pending(xv);
}

static void evtchn_fifo_clear_pending(struct xen_domain *xd, uint32_t port, struct evtchn *chn)
{
	uint32_t *word = event_word(xd, port);

	chn->pending_saved = false;
	if (word)
		guest_atomic_fetch_and32(word, ~(uint32_t)FIFO_P);
}

static void evtchn_fifo_unmask(struct xen_domain *xd, uint32_t port, struct evtchn *chn)
{
	uint32_t *word = event_word(xd, port);

	if (!word)
		return;
	guest_atomic_fetch_and32(word, ~(uint32_t)FIFO_M);
	if (guest_read32(word) & FIFO_P)
		evtchn_fifo_set_pending(xd, port, chn);
}

static bool evtchn_fifo_is_pending(struct xen_domain *xd, uint32_t port, struct evtchn *chn)
{
	uint32_t *word = event_word(xd, port);

	return word ? guest_read32(word) & FIFO_P : chn->pending_saved;
}

static bool evtchn_fifo_is_masked(struct xen_domain *xd, uint32_t port, struct evtchn *chn)
{
	uint32_t *word = event_word(xd, port);

	return word ? guest_read32(word) & FIFO_M : true;
}

const struct evtchn_port_ops evtchn_ops_fifo = {
    .name = "FIFO",
    .nr_ports = EVTCHN_FIFO_NR_PORTS,
    .set_pending = evtchn_fifo_set_pending,
    .clear_pending = evtchn_fifo_clear_pending,
    .unmask = evtchn_fifo_unmask,
    .is_pending = evtchn_fifo_is_pending,
    .is_masked = evtchn_fifo_is_masked,
};

/* Raise again the ports in [first, last] that were raised while undeliverable. */
static void reraise_saved(struct xen_domain *xd, uint32_t first, uint32_t last)
{
	uint32_t port;

	for (port = first; port <= last && port < EVTCHN_FIFO_NR_PORTS; port++) {
		struct evtchn *chn = evtchn_from_port(xd, port);

		if (!chn) {
			port = ALIGN_UP(port + 1, EVTCHN_BUCKET_PORTS) - 1;
			continue;
		}
		if (chn->state != ECS_FREE && chn->pending_saved && event_word(xd, port)) {
			chn->pending_saved = false;
			evtchn_fifo_set_pending(xd, port, chn);
		}
	}
}

/* Switch the domain from 2L: ports pending in shared_info become saved-pending. */
static int fifo_switch_from_2l(struct xen_domain *xd)
{
	struct evtchn_fifo_domain *fd = xen_env_zalloc(sizeof(*fd));
	uint32_t port;

	if (!fd)
		return -ENOMEM;
	for (port = 1; port < EVTCHN_2L_NR_PORTS; port++) {
		struct evtchn *chn = evtchn_from_port(xd, port);

		if (chn && chn->state != ECS_FREE)
			chn->pending_saved = evtchn_ops_2l.is_pending(xd, port, chn);
	}
	xd->evtchn.fifo = fd;
	xd->evtchn.ops = &evtchn_ops_fifo;
	return 0;
}

int evtchn_fifo_init_control(struct xen_domain *xd, struct evtchn_init_control *ic)
{
	struct xen_vcpu *xv = xen_domain_vcpu(xd, ic->vcpu);
	struct guest_page pg;
	int rc;

	if (!evtchn_fifo_enabled)
		return -ENOSYS; /* hypervisor option: guests fall back to 2-level */
	if (!xv)
		return -ENOENT;
	if (ic->offset & 7 || ic->offset > PAGE_SIZE - sizeof(struct evtchn_fifo_control_block))
		return -EINVAL;
	if (xv->fifo_ready)
		return -EINVAL;
	rc = map_guest_gfn(xd->dom, ic->control_gfn, true, &pg);
	if (rc)
		return -EINVAL;
	if (!xd->evtchn.fifo) {
		rc = fifo_switch_from_2l(xd);
		if (rc) {
			unmap_guest_page(&pg);
			return rc;
		}
	}
	memset(&xv->fifo, 0, sizeof(xv->fifo));
	xv->fifo.page = pg;
	xv->fifo.cb = (struct evtchn_fifo_control_block *)((char *)pg.va + ic->offset);
	xv->fifo_ready = true;
	ic->link_bits = EVTCHN_FIFO_LINK_BITS;
	reraise_saved(xd, 1, EVTCHN_FIFO_NR_PORTS - 1);
	return 0;
}

int evtchn_fifo_expand_array(struct xen_domain *xd, uint64_t array_gfn)
{
	struct evtchn_fifo_domain *fd = xd->evtchn.fifo;
	uint32_t first;
	int rc;

	if (!fd)
		return -EOPNOTSUPP;
	if (fd->nr_pages >= EVTCHN_FIFO_MAX_PAGES)
		return -ENOSPC;
	rc = map_guest_gfn(xd->dom, array_gfn, true, &fd->array[fd->nr_pages]);
	if (rc)
		return -EINVAL;
	first = fd->nr_pages * EVTCHN_FIFO_WORDS_PER_PAGE;
	fd->nr_pages++;
	reraise_saved(xd, first, first + EVTCHN_FIFO_WORDS_PER_PAGE - 1);
	return 0;
}

int evtchn_fifo_set_priority(struct xen_domain *xd, uint32_t port, uint32_t priority)
{
	struct evtchn *chn;

	if (!xd->evtchn.fifo)
		return -ENOSYS; /* the 2-level ABI has no priorities */
	chn = evtchn_from_port(xd, port);
	if (!chn || chn->state == ECS_FREE || port >= EVTCHN_FIFO_NR_PORTS)
		return -EINVAL;
	if (priority > EVTCHN_FIFO_PRIORITY_MIN)
		return -EINVAL;
	chn->priority = priority;
	return 0;
}

void evtchn_fifo_destroy(struct xen_domain *xd)
{
	struct evtchn_fifo_domain *fd = xd->evtchn.fifo;
	unsigned int i;

	for (i = 0; i < xd->nr_vcpus; i++) {
		struct xen_vcpu *xv = &xd->vcpus[i];

		if (xv->fifo_ready)
			unmap_guest_page(&xv->fifo.page);
		memset(&xv->fifo, 0, sizeof(xv->fifo));
		xv->fifo_ready = false;
	}
	if (fd) {
		for (i = 0; i < fd->nr_pages; i++)
			unmap_guest_page(&fd->array[i]);
		xen_env_free(fd);
	}
	xd->evtchn.fifo = NULL;
	xd->evtchn.ops = &evtchn_ops_2l;
}
