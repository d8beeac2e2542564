/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Event channels: the port table, bindings and EVTCHNOP_* hypercalls.
 * Delivery itself is the job of the domain's ABI (event_2l.c, event_fifo.c).
 */
#include <basalt/event.h>
#include <basalt/errno.h>
#include <basalt/hypercall.h>
#include <basalt/lib.h>
#include <basalt/xen_domain.h>
#include <basalt/xen_env.h>

bool evtchn_fifo_enabled = true;

static void (*consumer_fn[EVTCHN_NR_CONSUMERS])(struct xen_domain *xd, uint32_t port);

struct evtchn *evtchn_from_port(struct xen_domain *xd, uint32_t port)
{
	struct evtchn_group *grp;
	struct evtchn_bucket *bkt;

	if (port >= EVTCHN_FIFO_NR_PORTS)
		return NULL;
	grp = xd->evtchn.group[port / EVTCHN_GROUP_PORTS];
	if (!grp)
		return NULL;
	bkt = grp->bucket[(port % EVTCHN_GROUP_PORTS) / EVTCHN_BUCKET_PORTS];
	if (!bkt)
		return NULL;
	return &bkt->port[port % EVTCHN_BUCKET_PORTS];
}

/* A port the guest may name: inside the ABI's range and not free. */
static struct evtchn *port_valid(struct xen_domain *xd, uint32_t port)
{
	struct evtchn *chn;

	if (port >= xd->evtchn.ops->nr_ports)
		return NULL;
	chn = evtchn_from_port(xd, port);
	if (!chn || chn->state == ECS_FREE)
		return NULL;
	return chn;
}

/* Make sure the bucket holding @port exists. */
static int ensure_bucket(struct xen_domain *xd, uint32_t port)
{
	struct evtchn_group **grp = &xd->evtchn.group[port / EVTCHN_GROUP_PORTS];
	struct evtchn_bucket **bkt;

	if (!*grp) {
		*grp = xen_env_zalloc(sizeof(**grp));
		if (!*grp)
			return -ENOMEM;
	}
	bkt = &(*grp)->bucket[(port % EVTCHN_GROUP_PORTS) / EVTCHN_BUCKET_PORTS];
	if (!*bkt) {
		*bkt = xen_env_zalloc(sizeof(**bkt));
		if (!*bkt)
			return -ENOMEM;
		xd->evtchn.nr_allocated += EVTCHN_BUCKET_PORTS;
	}
	return 0;
}

static uint32_t port_limit(struct xen_domain *xd)
{
	return MIN(xd->evtchn.max_port, xd->evtchn.ops->nr_ports - 1);
}

static void chn_init(struct evtchn *chn, uint8_t state)
{
	memset(chn, 0, sizeof(*chn));
	chn->state = state;
	chn->priority = EVTCHN_FIFO_PRIORITY_DEFAULT;
	chn->last_priority = EVTCHN_FIFO_PRIORITY_DEFAULT;
}

/* Claim the lowest free port (lock held). Returns the port or -ENOSPC/-ENOMEM. */
static long get_free_port(struct xen_domain *xd)
{
	uint32_t limit = port_limit(xd);
	uint32_t port;

	for (port = MAX(xd->evtchn.free_hint, 1U); port <= limit; port++) {
		struct evtchn *chn = evtchn_from_port(xd, port);
		int rc;

		if (chn && chn->state != ECS_FREE)
			continue;
		if (!chn) {
			rc = ensure_bucket(xd, port);
			chn = evtchn_from_port(xd, port);
			if (rc || !chn)
				return rc ? rc : -ENOMEM;
		}
		xd->evtchn.free_hint = port + 1;
		xd->evtchn.in_use++;
		chn_init(chn, ECS_RESERVED); /* the caller sets the real state */
		return port;
	}
	printk_guest_ratelimited("d%u: event channel quota %u reached (max_event_channels)\n",
				 xd->id, xd->evtchn.max_port);
	return -ENOSPC;
}

static void free_port(struct xen_domain *xd, uint32_t port, struct evtchn *chn)
{
	xd->evtchn.ops->clear_pending(xd, port, chn);
	chn_init(chn, ECS_FREE);
	chn->priority = 0;
	xd->evtchn.in_use--;
	if (port < xd->evtchn.free_hint)
		xd->evtchn.free_hint = port;
}

int evtchn_domain_init(struct xen_domain *xd, uint32_t max_port)
{
	struct evtchn_domain *ed = &xd->evtchn;
	int rc;

	spin_lock_init(&ed->lock);
	ed->ops = &evtchn_ops_2l;
	if (!max_port)
		max_port =
		    xen_opt_max_evtchn_port ? xen_opt_max_evtchn_port : EVTCHN_DEFAULT_MAX_PORT;
	ed->max_port = MIN(max_port, EVTCHN_FIFO_NR_PORTS - 1);
	ed->free_hint = 1;
	struct evtchn *chn;

	rc = ensure_bucket(xd, 0);
	chn = evtchn_from_port(xd, 0);
	if (rc || !chn)
		return rc ? rc : -ENOMEM;
	chn_init(chn, ECS_RESERVED); /* port 0 is never handed out */
	ed->in_use = 1;
	return 0;
}

int evtchn_set_max_port(struct xen_domain *xd, uint32_t max_port)
{
	if (max_port == 0 || max_port >= EVTCHN_FIFO_NR_PORTS)
		return -EINVAL;
	spin_lock(&xd->evtchn.lock);
	xd->evtchn.max_port = max_port;
	spin_unlock(&xd->evtchn.lock);
	return 0;
}

static void double_lock(struct xen_domain *a, struct xen_domain *b)
{
	if (a == b) {
		spin_lock(&a->evtchn.lock);
	} else if (a->id < b->id) {
		spin_lock(&a->evtchn.lock);
		spin_lock(&b->evtchn.lock);
	} else {
		spin_lock(&b->evtchn.lock);
		spin_lock(&a->evtchn.lock);
	}
}

static void double_unlock(struct xen_domain *a, struct xen_domain *b)
{
	spin_unlock(&a->evtchn.lock);
	if (a != b)
		spin_unlock(&b->evtchn.lock);
}

void evtchn_vcpu_mark_pending(struct xen_vcpu *xv)
{
	xen_vcpu_info_t *vi = xv->vcpu_info;

	/* Before registration the guest has no handler for the PPI (pitfall 7). */
	if (!vi || !xv->vcpu_info_registered)
		return;
	if (!guest_atomic_xchg8(&vi->evtchn_upcall_pending, 1)) {
		xen_env_upcall_level(xv, true);
		xen_env_vcpu_kick(xv);
	}
}

void evtchn_port_set_pending(struct xen_domain *xd, uint32_t port, struct evtchn *chn)
{
	unsigned int i;

	xd->evtchn.ops->set_pending(xd, port, chn);
	for (i = 0; i < xd->nr_vcpus; i++) {
		if (READ_ONCE(xd->vcpus[i].polling))
			xen_env_vcpu_kick(&xd->vcpus[i]);
	}
}

/*
 * Undo one end of an interdomain binding: the peer port of @rd becomes
 * unbound again, accepting the domain that closed (both locks held).
 */
static void unbind_peer(struct xen_domain *ld, struct xen_domain *rd, uint32_t rport)
{
	struct evtchn *rchn = evtchn_from_port(rd, rport);

	if (rchn && rchn->state == ECS_INTERDOMAIN && rchn->remote_dom == ld->id) {
		rchn->state = ECS_UNBOUND;
		rchn->remote_port = 0;
	}
}

/* VIRQs that are per vCPU; every other one is global (bound on vCPU 0). */
static bool virq_is_global(uint32_t virq)
{
	switch (virq) {
	case VIRQ_TIMER:
	case VIRQ_DEBUG:
	case VIRQ_XENOPROF:
	case VIRQ_XENPMU:
		return false;
	default:
		return true;
	}
}

/* Close @port of @xd; the peer end (if any) becomes unbound. */
static long evtchn_close(struct xen_domain *xd, uint32_t port)
{
	struct xen_domain *rd = NULL;
	struct evtchn *chn;
	long rc = 0;

	for (;;) {
		domid_t rdom;

		spin_lock(&xd->evtchn.lock);
		chn = port_valid(xd, port);
		if (!chn || chn->state == ECS_RESERVED) {
			spin_unlock(&xd->evtchn.lock);
			return -EINVAL;
		}
		if (chn->state != ECS_INTERDOMAIN)
			break;
		/* Two domains: retake both locks in order, then check nothing moved. */
		rdom = chn->remote_dom;
		spin_unlock(&xd->evtchn.lock);
		rd = rdom == xd->id ? xen_domain_get_or_self(DOMID_SELF, xd) : xen_domain_get(rdom);
		if (!rd) {
			/* The peer is gone: just free our end. */
			spin_lock(&xd->evtchn.lock);
			chn = port_valid(xd, port);
			if (chn && chn->state == ECS_INTERDOMAIN && chn->remote_dom == rdom)
				break;
			spin_unlock(&xd->evtchn.lock);
			continue;
		}
		double_lock(xd, rd);
		chn = port_valid(xd, port);
		if (chn && chn->state == ECS_INTERDOMAIN && chn->remote_dom == rd->id) {
			unbind_peer(xd, rd, chn->remote_port);
			free_port(xd, port, chn);
			double_unlock(xd, rd);
			goto out;
		}
		double_unlock(xd, rd);
		xen_domain_put(rd);
		rd = NULL;
	}

	/* Single-domain cases, xd's lock held. */
	switch (chn->state) {
	case ECS_VIRQ: {
		/* A global VIRQ's slot stays on vCPU 0 whichever vCPU it notifies. */
		struct xen_vcpu *xv = xen_domain_vcpu(
		    xd, chn->virq < NR_VIRQS && virq_is_global(chn->virq) ? 0 : chn->notify_vcpu);

		if (xv && chn->virq < NR_VIRQS && xv->virq_port[chn->virq] == port)
			xv->virq_port[chn->virq] = 0;
		break;
	}
	default:
		break;
	}
	free_port(xd, port, chn);
	spin_unlock(&xd->evtchn.lock);
out:
	if (rd)
		xen_domain_put(rd);
	return rc;
}

static long evtchn_alloc_unbound(struct xen_domain *self, struct evtchn_alloc_unbound *op)
{
	struct xen_domain *d;
	domid_t remote = op->remote_dom == DOMID_SELF ? self->id : op->remote_dom;
	long rc = 0, port;

	d = xen_domain_get_target(self, op->dom, &rc);
	if (!d)
		return rc;
	spin_lock(&d->evtchn.lock);
	port = get_free_port(d);
	if (port < 0) {
		rc = port;
	} else {
		struct evtchn *chn = evtchn_from_port(d, port);

		chn->state = ECS_UNBOUND;
		chn->remote_dom = remote;
		op->port = port;
	}
	spin_unlock(&d->evtchn.lock);
	xen_domain_put(d);
	return rc;
}

/* Claim the fixed (static) @port of @xd, reserved for the caller (lock held). */
static long claim_fixed_port(struct xen_domain *xd, uint32_t port, struct evtchn **chn)
{
	if (port > port_limit(xd))
		return -EINVAL;
	if (ensure_bucket(xd, port))
		return -ENOMEM;
	*chn = evtchn_from_port(xd, port);
	if ((*chn)->state != ECS_FREE)
		return -EBUSY;
	chn_init(*chn, ECS_RESERVED);
	xd->evtchn.in_use++;
	return port;
}

/* Connect a new port of @ld to unbound @rport of @rd (locks held). */
static long bind_interdomain_locked(struct xen_domain *ld, struct xen_domain *rd, uint32_t rport,
				    uint32_t lport_fixed)
{
	struct evtchn *lchn, *rchn;
	long lport;

	if (lport_fixed) {
		lport = claim_fixed_port(ld, lport_fixed, &lchn);
		if (lport < 0)
			return lport;
	} else {
		lport = get_free_port(ld);
		if (lport < 0)
			return lport;
		lchn = evtchn_from_port(ld, lport);
	}
	rchn = port_valid(rd, rport);
	if (!rchn || rchn->state != ECS_UNBOUND || rchn->remote_dom != ld->id ||
	    rchn->consumer != EVTCHN_CONSUMER_NONE || (rd == ld && rport == (uint32_t)lport)) {
		free_port(ld, lport, lchn);
		return -EINVAL;
	}
	lchn->state = ECS_INTERDOMAIN;
	lchn->remote_dom = rd->id;
	lchn->remote_port = rport;
	rchn->state = ECS_INTERDOMAIN;
	rchn->remote_dom = ld->id;
	rchn->remote_port = lport;
	/* Xen raises the new local port so nothing sent before the bind is lost. */
	evtchn_port_set_pending(ld, lport, lchn);
	return lport;
}

static long evtchn_bind_interdomain(struct xen_domain *self, struct evtchn_bind_interdomain *op)
{
	struct xen_domain *rd = xen_domain_get_or_self(op->remote_dom, self);
	long rc;

	if (!rd)
		return -ESRCH;
	double_lock(self, rd);
	rc = bind_interdomain_locked(self, rd, op->remote_port, 0);
	double_unlock(self, rd);
	xen_domain_put(rd);
	if (rc < 0)
		return rc;
	op->local_port = rc;
	return 0;
}

/*
 * Static channels (xen,evtchn) change hands between domain incarnations:
 * finding a peer and claiming a port must be one step against a peer being
 * built at the same time, or both ends could end up waiting for each other.
 */
static spinlock_t static_lock = SPINLOCK_INIT;

/* Claim fixed @port of @xd as unbound towards @remote (lock held). */
static long claim_unbound_locked(struct xen_domain *xd, uint32_t port, domid_t remote)
{
	struct evtchn *chn;
	long rc = claim_fixed_port(xd, port, &chn);

	if (rc < 0)
		return rc;
	chn->state = ECS_UNBOUND;
	chn->remote_dom = remote;
	return 0;
}

int evtchn_bind_static(struct xen_domain *a, uint32_t pa, struct xen_domain *b, uint32_t pb)
{
	long rc;

	if (!pa || !pb)
		return -EINVAL;
	spin_lock(&static_lock);
	/* b's end is made unbound towards a, then a binds to it at port pa. */
	spin_lock(&b->evtchn.lock);
	rc = claim_unbound_locked(b, pb, a->id);
	spin_unlock(&b->evtchn.lock);
	if (rc == 0) {
		double_lock(a, b);
		rc = bind_interdomain_locked(a, b, pb, pa);
		double_unlock(a, b);
		if (rc < 0)
			evtchn_close(b, pb);
	}
	spin_unlock(&static_lock);
	return rc < 0 ? (int)rc : 0;
}

int evtchn_static_rejoin(struct xen_domain *xd, uint32_t port, domid_t peer_id, uint32_t peer_port)
{
	struct xen_domain *peer;
	struct evtchn *pchn;
	long rc;

	if (!port || !peer_port)
		return -EINVAL;
	spin_lock(&static_lock);
	peer = peer_id == xd->id ? xen_domain_get_or_self(DOMID_SELF, xd) : xen_domain_get(peer_id);
	if (peer) {
		double_lock(xd, peer);
		pchn = port_valid(peer, peer_port);
		if (pchn && pchn->state == ECS_UNBOUND && pchn->remote_dom == xd->id &&
		    pchn->consumer == EVTCHN_CONSUMER_NONE) {
			rc = bind_interdomain_locked(xd, peer, peer_port, port);
			rc = rc < 0 ? rc : 1;
		} else {
			/* Not waiting for us (yet): the peer binds when it (re)joins. */
			rc = claim_unbound_locked(xd, port, peer_id);
		}
		double_unlock(xd, peer);
		xen_domain_put(peer);
	} else {
		spin_lock(&xd->evtchn.lock);
		rc = claim_unbound_locked(xd, port, peer_id);
		spin_unlock(&xd->evtchn.lock);
	}
	spin_unlock(&static_lock);
	return (int)rc;
}

static long evtchn_bind_virq(struct xen_domain *xd, struct evtchn_bind_virq *op)
{
	struct xen_vcpu *xv;
	struct evtchn *chn;
	long port, rc = 0;

	/* No architectural VIRQs on arm64; ids past the generic ones are invalid. */
	if (op->virq >= VIRQ_ARCH_0)
		return -EINVAL;
	if (virq_is_global(op->virq) && op->vcpu != 0)
		return -EINVAL;
	xv = xen_domain_vcpu(xd, op->vcpu);
	if (!xv)
		return -ENOENT;
	spin_lock(&xd->evtchn.lock);
	if (xv->virq_port[op->virq]) {
		rc = -EEXIST;
		goto out;
	}
	port = get_free_port(xd);
	if (port < 0) {
		rc = port;
		goto out;
	}
	chn = evtchn_from_port(xd, port);
	chn->state = ECS_VIRQ;
	chn->virq = op->virq;
	chn->notify_vcpu = op->vcpu;
	xv->virq_port[op->virq] = port;
	op->port = port;
out:
	spin_unlock(&xd->evtchn.lock);
	return rc;
}

static long evtchn_bind_ipi(struct xen_domain *xd, struct evtchn_bind_ipi *op)
{
	struct evtchn *chn;
	long port, rc = 0;

	if (!xen_domain_vcpu(xd, op->vcpu))
		return -ENOENT;
	spin_lock(&xd->evtchn.lock);
	port = get_free_port(xd);
	if (port < 0) {
		rc = port;
	} else {
		chn = evtchn_from_port(xd, port);
		chn->state = ECS_IPI;
		chn->notify_vcpu = op->vcpu;
		op->port = port;
	}
	spin_unlock(&xd->evtchn.lock);
	return rc;
}

static long evtchn_send(struct xen_domain *xd, uint32_t port)
{
	struct evtchn *chn;
	struct xen_domain *rd;
	domid_t rdom;
	uint32_t rport;
	uint8_t consumer;

	spin_lock(&xd->evtchn.lock);
	chn = port_valid(xd, port);
	if (!chn) {
		spin_unlock(&xd->evtchn.lock);
		return -EINVAL;
	}
	switch (chn->state) {
	case ECS_IPI:
		evtchn_port_set_pending(xd, port, chn);
		spin_unlock(&xd->evtchn.lock);
		return 0;
	case ECS_UNBOUND:
		/* Nobody listens yet: Xen drops it silently (Linux relies on that). */
		consumer = chn->consumer;
		spin_unlock(&xd->evtchn.lock);
		if (consumer != EVTCHN_CONSUMER_NONE && consumer_fn[consumer])
			consumer_fn[consumer](xd, port);
		return 0;
	case ECS_INTERDOMAIN:
		rdom = chn->remote_dom;
		rport = chn->remote_port;
		break;
	default:
		spin_unlock(&xd->evtchn.lock);
		return -EINVAL;
	}
	if (rdom == xd->id) {
		chn = evtchn_from_port(xd, rport);
		if (chn && chn->state == ECS_INTERDOMAIN)
			evtchn_port_set_pending(xd, rport, chn);
		spin_unlock(&xd->evtchn.lock);
		return 0;
	}
	spin_unlock(&xd->evtchn.lock);
	rd = xen_domain_get(rdom);
	if (!rd)
		return 0; /* the peer died meanwhile; its close unbinds us */
	spin_lock(&rd->evtchn.lock);
	chn = evtchn_from_port(rd, rport);
	if (chn && chn->state == ECS_INTERDOMAIN && chn->remote_dom == xd->id &&
	    chn->remote_port == port)
		evtchn_port_set_pending(rd, rport, chn);
	spin_unlock(&rd->evtchn.lock);
	xen_domain_put(rd);
	return 0;
}

static long evtchn_status(struct xen_domain *self, struct evtchn_status *op)
{
	struct xen_domain *d;
	struct evtchn *chn;
	long rc = 0;

	d = xen_domain_get_target(self, op->dom, &rc);
	if (!d)
		return rc;
	spin_lock(&d->evtchn.lock);
	chn = port_valid(d, op->port);
	if (!chn) {
		rc = -EINVAL;
		goto out;
	}
	memset(&op->u, 0, sizeof(op->u));
	op->vcpu = chn->notify_vcpu;
	switch (chn->state) {
	case ECS_RESERVED:
		op->status = EVTCHNSTAT_closed;
		break;
	case ECS_UNBOUND:
		op->status = EVTCHNSTAT_unbound;
		op->u.unbound.dom = chn->consumer ? DOMID_XEN : chn->remote_dom;
		break;
	case ECS_INTERDOMAIN:
		op->status = EVTCHNSTAT_interdomain;
		op->u.interdomain.dom = chn->remote_dom;
		op->u.interdomain.port = chn->remote_port;
		break;
	case ECS_VIRQ:
		op->status = EVTCHNSTAT_virq;
		op->u.virq = chn->virq;
		break;
	case ECS_IPI:
		op->status = EVTCHNSTAT_ipi;
		break;
	default:
		op->status = EVTCHNSTAT_closed;
		break;
	}
out:
	spin_unlock(&d->evtchn.lock);
	xen_domain_put(d);
	return rc;
}

static long evtchn_bind_vcpu(struct xen_domain *xd, uint32_t port, uint32_t vcpu)
{
	struct evtchn *chn;
	long rc = 0;

	if (!xen_domain_vcpu(xd, vcpu))
		return -ENOENT;
	spin_lock(&xd->evtchn.lock);
	chn = port_valid(xd, port);
	if (!chn) {
		rc = -EINVAL;
		goto out;
	}
	switch (chn->state) {
	case ECS_VIRQ:
		if (!virq_is_global(chn->virq)) {
			rc = -EINVAL;
			break;
		}
		/*
		 * As in Xen, only the notified vCPU changes: the slot stays on vCPU
		 * 0, where evtchn_send_virq() and a later bind_virq look for it.
		 */
		chn->notify_vcpu = vcpu;
		break;
	case ECS_UNBOUND:
	case ECS_INTERDOMAIN:
		chn->notify_vcpu = vcpu;
		break;
	default:
		rc = -EINVAL;
		break;
	}
out:
	spin_unlock(&xd->evtchn.lock);
	return rc;
}

static long evtchn_unmask(struct xen_domain *xd, uint32_t port)
{
	struct evtchn *chn;
	long rc = 0;

	spin_lock(&xd->evtchn.lock);
	chn = port_valid(xd, port);
	if (chn)
		xd->evtchn.ops->unmask(xd, port, chn);
	else
		rc = -EINVAL;
	spin_unlock(&xd->evtchn.lock);
	return rc;
}

/* Close every port the guest owns (hypervisor consumers stay) and revert to 2L. */
static void evtchn_reset_domain(struct xen_domain *xd)
{
	uint32_t port;

	for (port = 1; port < EVTCHN_FIFO_NR_PORTS; port++) {
		struct evtchn *chn = evtchn_from_port(xd, port);

		if (!chn) {
			port = ALIGN_UP(port + 1, EVTCHN_BUCKET_PORTS) - 1;
			continue;
		}
		if (chn->state != ECS_FREE && chn->consumer == EVTCHN_CONSUMER_NONE)
			evtchn_close(xd, port);
	}
	spin_lock(&xd->evtchn.lock);
	evtchn_fifo_destroy(xd);
	spin_unlock(&xd->evtchn.lock);
}

static long evtchn_reset(struct xen_domain *self, domid_t dom)
{
	struct xen_domain *d;
	long rc = 0;

	d = xen_domain_get_target(self, dom, &rc);
	if (!d)
		return rc;
	evtchn_reset_domain(d);
	xen_domain_put(d);
	return 0;
}

static long evtchn_init_control(struct xen_domain *xd, struct evtchn_init_control *op)
{
	long rc;

	spin_lock(&xd->evtchn.lock);
	rc = evtchn_fifo_init_control(xd, op);
	spin_unlock(&xd->evtchn.lock);
	return rc;
}

static long evtchn_expand_array(struct xen_domain *xd, uint64_t gfn)
{
	long rc;

	spin_lock(&xd->evtchn.lock);
	rc = evtchn_fifo_expand_array(xd, gfn);
	spin_unlock(&xd->evtchn.lock);
	return rc;
}

static long evtchn_set_priority(struct xen_domain *xd, uint32_t port, uint32_t prio)
{
	long rc;

	spin_lock(&xd->evtchn.lock);
	rc = evtchn_fifo_set_priority(xd, port, prio);
	spin_unlock(&xd->evtchn.lock);
	return rc;
}

/* Size of the argument structure of each EVTCHNOP. */
static size_t evtchn_op_size(unsigned long cmd)
{
	switch (cmd) {
	case EVTCHNOP_bind_interdomain:
		return sizeof(struct evtchn_bind_interdomain);
	case EVTCHNOP_bind_virq:
		return sizeof(struct evtchn_bind_virq);
	case EVTCHNOP_close:
		return sizeof(struct evtchn_close);
	case EVTCHNOP_send:
		return sizeof(struct evtchn_send);
	case EVTCHNOP_status:
		return sizeof(struct evtchn_status);
	case EVTCHNOP_alloc_unbound:
		return sizeof(struct evtchn_alloc_unbound);
	case EVTCHNOP_bind_ipi:
		return sizeof(struct evtchn_bind_ipi);
	case EVTCHNOP_bind_vcpu:
		return sizeof(struct evtchn_bind_vcpu);
	case EVTCHNOP_unmask:
		return sizeof(struct evtchn_unmask);
	case EVTCHNOP_reset:
		return sizeof(struct evtchn_reset);
	case EVTCHNOP_init_control:
		return sizeof(struct evtchn_init_control);
	case EVTCHNOP_expand_array:
		return sizeof(struct evtchn_expand_array);
	case EVTCHNOP_set_priority:
		return sizeof(struct evtchn_set_priority);
	case EVTCHNOP_bind_pirq:
		return sizeof(struct evtchn_bind_pirq);
	default:
		return 0;
	}
}

union evtchn_op_args {
	struct evtchn_bind_interdomain bind_interdomain;
	struct evtchn_bind_virq bind_virq;
	struct evtchn_close close;
	struct evtchn_send send;
	struct evtchn_status status;
	struct evtchn_alloc_unbound alloc_unbound;
	struct evtchn_bind_ipi bind_ipi;
	struct evtchn_bind_vcpu bind_vcpu;
	struct evtchn_unmask unmask;
	struct evtchn_reset reset;
	struct evtchn_init_control init_control;
	struct evtchn_expand_array expand_array;
	struct evtchn_set_priority set_priority;
	struct evtchn_bind_pirq bind_pirq;
};

/*
 * Xen 4.17 on Arm sizes the PIRQ space at 1024 but has no PIRQ to bind
 * (alloc_pirq_struct gives NULL): out of range -EINVAL, in range -ENOMEM.
 */
#define EVTCHN_ARM_NR_PIRQS 1024

static long evtchn_bind_pirq(const struct evtchn_bind_pirq *b)
{
	return b->pirq >= EVTCHN_ARM_NR_PIRQS ? -EINVAL : -ENOMEM;
}

/* Which ops write results back to the guest. */
static bool evtchn_op_has_output(unsigned long cmd)
{
	return cmd == EVTCHNOP_bind_interdomain || cmd == EVTCHNOP_bind_virq ||
	       cmd == EVTCHNOP_status || cmd == EVTCHNOP_alloc_unbound ||
	       cmd == EVTCHNOP_bind_ipi || cmd == EVTCHNOP_init_control;
}

static long evtchn_op_run(struct xen_domain *xd, unsigned long cmd, union evtchn_op_args *a)
{
	switch (cmd) {
	case EVTCHNOP_bind_pirq:
		return evtchn_bind_pirq(&a->bind_pirq);
	case EVTCHNOP_bind_interdomain:
		return evtchn_bind_interdomain(xd, &a->bind_interdomain);
	case EVTCHNOP_bind_virq:
		return evtchn_bind_virq(xd, &a->bind_virq);
	case EVTCHNOP_close:
		return evtchn_close(xd, a->close.port);
	case EVTCHNOP_send:
		return evtchn_send(xd, a->send.port);
	case EVTCHNOP_status:
		return evtchn_status(xd, &a->status);
	case EVTCHNOP_alloc_unbound:
		return evtchn_alloc_unbound(xd, &a->alloc_unbound);
	case EVTCHNOP_bind_ipi:
		return evtchn_bind_ipi(xd, &a->bind_ipi);
	case EVTCHNOP_bind_vcpu:
		return evtchn_bind_vcpu(xd, a->bind_vcpu.port, a->bind_vcpu.vcpu);
	case EVTCHNOP_unmask:
		return evtchn_unmask(xd, a->unmask.port);
	case EVTCHNOP_reset:
		return evtchn_reset(xd, a->reset.dom);
	case EVTCHNOP_init_control:
		return evtchn_init_control(xd, &a->init_control);
	case EVTCHNOP_expand_array:
		return evtchn_expand_array(xd, a->expand_array.array_gfn);
	case EVTCHNOP_set_priority:
		return evtchn_set_priority(xd, a->set_priority.port, a->set_priority.priority);
	default:
		return -ENOSYS;
	}
}

long do_event_channel_op(unsigned long cmd, vaddr_t arg)
{
	struct xen_vcpu *xv = xen_current();
	union evtchn_op_args a;
	size_t size = evtchn_op_size(cmd);
	long rc;

	if (!size)
		return -ENOSYS; /* unknown ops */
	if (copy_from_guest(&a, arg, size))
		return -EFAULT;
	rc = evtchn_op_run(xv->xd, cmd, &a);
	if (rc == 0 && evtchn_op_has_output(cmd) && copy_to_guest(arg, &a, size))
		rc = -EFAULT;
	return rc;
}

int evtchn_alloc_xen_port(struct xen_domain *xd, enum evtchn_consumer c, uint32_t *port)
{
	long p;

	spin_lock(&xd->evtchn.lock);
	p = get_free_port(xd);
	if (p >= 0) {
		struct evtchn *chn = evtchn_from_port(xd, p);

		chn->state = ECS_UNBOUND;
		chn->remote_dom = DOMID_XEN;
		chn->consumer = c;
		*port = p;
	}
	spin_unlock(&xd->evtchn.lock);
	return p < 0 ? (int)p : 0;
}

void evtchn_set_consumer(enum evtchn_consumer c, void (*fn)(struct xen_domain *xd, uint32_t port))
{
	if (c < EVTCHN_NR_CONSUMERS)
		consumer_fn[c] = fn;
}

int evtchn_notify_port(struct xen_domain *xd, uint32_t port)
{
	struct evtchn *chn;
	int rc = -EINVAL;

	spin_lock(&xd->evtchn.lock);
	chn = port_valid(xd, port);
	if (chn && chn->state != ECS_RESERVED) {
		evtchn_port_set_pending(xd, port, chn);
		rc = 0;
	}
	spin_unlock(&xd->evtchn.lock);
	return rc;
}

void evtchn_send_virq(struct xen_domain *xd, unsigned int virq)
{
	struct xen_vcpu *xv = xen_domain_vcpu(xd, 0);
	uint32_t port;

	if (virq >= NR_VIRQS || !xv)
		return;
	spin_lock(&xd->evtchn.lock);
	port = xv->virq_port[virq];
	if (port)
		evtchn_port_set_pending(xd, port, evtchn_from_port(xd, port));
	spin_unlock(&xd->evtchn.lock);
}

bool evtchn_port_pending(struct xen_domain *xd, uint32_t port)
{
	struct evtchn *chn;
	bool pending = false;

	spin_lock(&xd->evtchn.lock);
	chn = port_valid(xd, port);
	if (chn)
		pending = xd->evtchn.ops->is_pending(xd, port, chn);
	spin_unlock(&xd->evtchn.lock);
	return pending;
}

/* Close everything at destruction: peers become unbound, buckets are freed. */
void evtchn_domain_destroy(struct xen_domain *xd)
{
	unsigned int g, b;

	evtchn_reset_domain(xd);
	for (g = 0; g < EVTCHN_NR_GROUPS; g++) {
		struct evtchn_group *grp = xd->evtchn.group[g];

		if (!grp)
			continue;
		for (b = 0; b < EVTCHN_GROUP_BUCKETS; b++)
			xen_env_free(grp->bucket[b]);
		xen_env_free(grp);
		xd->evtchn.group[g] = NULL;
	}
}
