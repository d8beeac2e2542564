/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Xen event channels: ports, their bindings and their delivery to vCPUs.
 *
 * Port state lives in lazily allocated buckets (a domain with ten ports
 * costs one group and one bucket). Delivery goes through one of two ABIs,
 * chosen per domain: the 2-level bitmaps in shared_info (4096 ports) until
 * the guest calls EVTCHNOP_init_control, the FIFO queues (2^17 ports, 16
 * priorities) after. Both end by marking the notify vCPU's vcpu_info
 * upcall-pending, which asserts PPI 31 on that vCPU.
 *
 * Locking: one spinlock per domain (evtchn_domain.lock) covers its port
 * table and FIFO queues; a function that touches two domains never holds
 * both locks at once, except bind, which takes them in domid order.
 */
#ifndef BASALT_EVENT_H
#define BASALT_EVENT_H

#include <basalt/types.h>
#include <basalt/spinlock.h>
#include <basalt/guest_access.h>
#include <basalt/xen_abi.h>

struct xen_domain;
struct xen_vcpu;

/* Xen's default max_event_channels for a domU: highest usable port number. */
#define EVTCHN_DEFAULT_MAX_PORT	   1023
#define EVTCHN_2L_NR_PORTS	   4096 /* EVTCHN_2L_NR_CHANNELS for 64-bit guests */
#define EVTCHN_FIFO_NR_PORTS	   EVTCHN_FIFO_NR_CHANNELS /* 2^17 */
#define EVTCHN_FIFO_WORDS_PER_PAGE (PAGE_SIZE / sizeof(event_word_t))
#define EVTCHN_FIFO_MAX_PAGES	   (EVTCHN_FIFO_NR_PORTS / EVTCHN_FIFO_WORDS_PER_PAGE)

#define EVTCHN_BUCKET_PORTS  64
#define EVTCHN_GROUP_BUCKETS 64
#define EVTCHN_GROUP_PORTS   (EVTCHN_BUCKET_PORTS * EVTCHN_GROUP_BUCKETS)
#define EVTCHN_NR_GROUPS     (EVTCHN_FIFO_NR_PORTS / EVTCHN_GROUP_PORTS)

enum evtchn_state {
	ECS_FREE = 0,
	ECS_RESERVED,	 /* port 0 */
	ECS_UNBOUND,	 /* waits for remote_dom to bind_interdomain */
	ECS_INTERDOMAIN, /* connected to (remote_dom, remote_port) */
	ECS_VIRQ,
	ECS_IPI,
};

/* Hypervisor-side consumers of a port (a port the hypervisor is the peer of). */
enum evtchn_consumer {
	EVTCHN_CONSUMER_NONE = 0,
	EVTCHN_CONSUMER_CONSOLE, /* PV console backend: the guest sent on its ring port */
	EVTCHN_NR_CONSUMERS,
};

struct evtchn {
	uint8_t state;	    /* enum evtchn_state */
	uint8_t priority;   /* FIFO priority for future raises */
	uint8_t consumer;   /* enum evtchn_consumer, for a port whose peer is the hypervisor */
	bool pending_saved; /* FIFO: raised while the port had no event word */
	uint16_t virq;
	domid_t remote_dom; /* unbound: who may bind; interdomain: the peer */
	uint32_t remote_port;
	uint32_t notify_vcpu;
	/* FIFO: the queue the port was last linked on (vCPU id, priority). */
	uint32_t last_vcpu;
	uint8_t last_priority;
};

struct evtchn_bucket {
	struct evtchn port[EVTCHN_BUCKET_PORTS];
};

struct evtchn_group {
	struct evtchn_bucket *bucket[EVTCHN_GROUP_BUCKETS];
};

struct evtchn_fifo_domain {
	struct guest_page array[EVTCHN_FIFO_MAX_PAGES]; /* event word pages, in order */
	unsigned int nr_pages;
};

struct evtchn_fifo_queue {
	uint32_t tail; /* last port linked on this queue, 0 = empty */
};

struct evtchn_fifo_vcpu {
	struct guest_page page; /* the page holding the control block */
	struct evtchn_fifo_control_block *cb;
	struct evtchn_fifo_queue queue[EVTCHN_FIFO_MAX_QUEUES];
};

struct evtchn_port_ops;

struct evtchn_domain {
	spinlock_t lock;
	const struct evtchn_port_ops *ops; /* 2-level or FIFO */
	struct evtchn_group *group[EVTCHN_NR_GROUPS];
	uint32_t max_port;		 /* per-domain quota: highest port number allowed */
	uint32_t nr_allocated;		 /* ports with a bucket (capacity, not use) */
	uint32_t free_hint;		 /* no free port below this one */
	uint32_t in_use;		 /* ports not free, port 0 included */
	struct evtchn_fifo_domain *fifo; /* NULL while 2-level */
};

/* Delivery ABI (event_2l.c, event_fifo.c). Called with the domain's lock held. */
struct evtchn_port_ops {
	const char *name;
	uint32_t nr_ports;
	void (*set_pending)(struct xen_domain *xd, uint32_t port, struct evtchn *chn);
	void (*clear_pending)(struct xen_domain *xd, uint32_t port, struct evtchn *chn);
	void (*unmask)(struct xen_domain *xd, uint32_t port, struct evtchn *chn);
	bool (*is_pending)(struct xen_domain *xd, uint32_t port, struct evtchn *chn);
	bool (*is_masked)(struct xen_domain *xd, uint32_t port, struct evtchn *chn);
};

extern const struct evtchn_port_ops evtchn_ops_2l;
extern const struct evtchn_port_ops evtchn_ops_fifo;

/* Hypervisor boot option: false makes init_control fail so guests use 2L. */
extern bool evtchn_fifo_enabled;

/* Domain life cycle. */
int evtchn_domain_init(struct xen_domain *xd, uint32_t max_port);
void evtchn_domain_destroy(struct xen_domain *xd);
/* Change the per-domain quota; ports already above it stay valid. 0 or -EINVAL. */
int evtchn_set_max_port(struct xen_domain *xd, uint32_t max_port);

/* EVTCHNOP_* (event_channel_op, hypercall 32) for the current vCPU. */
long do_event_channel_op(unsigned long cmd, vaddr_t arg);

/* Hypervisor-side uses. */
/* A new port of @xd whose peer is the hypervisor consumer @c. */
int evtchn_alloc_xen_port(struct xen_domain *xd, enum evtchn_consumer c, uint32_t *port);
/* Register the function called when a guest sends on a port of consumer @c. */
void evtchn_set_consumer(enum evtchn_consumer c, void (*fn)(struct xen_domain *xd, uint32_t port));
/* Raise @port of @xd from the hypervisor (its peer side). */
int evtchn_notify_port(struct xen_domain *xd, uint32_t port);
/* Raise the global VIRQ @virq of @xd if bound. */
void evtchn_send_virq(struct xen_domain *xd, unsigned int virq);
/* Dom0less static channel (xen,evtchn): bind @pa of @a to @pb of @b. */
int evtchn_bind_static(struct xen_domain *a, uint32_t pa, struct xen_domain *b, uint32_t pb);
/*
 * Static channel @port of @xd, a domain (re)built while its peer @peer_id may
 * live on: the peer's @peer_port left unbound towards @xd (by the end of
 * @xd's previous incarnation) is bound to @port, as at boot; if the peer is
 * absent or its port is not waiting for @xd, @port is left unbound towards
 * @peer_id and the peer binds to it when it comes back (its own rejoin).
 * 1 if connected, 0 if left waiting, -EINVAL/-EBUSY/-ENOMEM for @port.
 */
int evtchn_static_rejoin(struct xen_domain *xd, uint32_t port, domid_t peer_id, uint32_t peer_port);
/* Is @port of @xd valid and pending (SCHEDOP_poll)? */
bool evtchn_port_pending(struct xen_domain *xd, uint32_t port);

/* Delivery helpers shared by the ABIs (event_channel.c). */
struct evtchn *evtchn_from_port(struct xen_domain *xd, uint32_t port);
void evtchn_vcpu_mark_pending(struct xen_vcpu *xv);
/* Raise @port (lock held): deliver through the domain's ABI, wake pollers. */
void evtchn_port_set_pending(struct xen_domain *xd, uint32_t port, struct evtchn *chn);
/* FIFO ABI entry points (event_fifo.c), called with the domain's lock held. */
void evtchn_fifo_destroy(struct xen_domain *xd);
int evtchn_fifo_init_control(struct xen_domain *xd, struct evtchn_init_control *ic);
int evtchn_fifo_expand_array(struct xen_domain *xd, uint64_t array_gfn);
int evtchn_fifo_set_priority(struct xen_domain *xd, uint32_t port, uint32_t priority);

#endif
