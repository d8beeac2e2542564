/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Test guest: the FIFO ABI at full size. 131,071 ports (every port but 0,
 * the domain's quota raised to 131071 in the host DT) bound in loopback
 * pairs, raised at mixed priorities and consumed like Linux does: each must
 * arrive exactly once and in priority order.
 */
#include "runtime/rt.h"

#define NR_PORTS  (1U << EVTCHN_FIFO_LINK_BITS)
#define LAST_PORT (NR_PORTS - 1)
#define P_BIT	  (1U << EVTCHN_FIFO_PENDING)
#define M_BIT	  (1U << EVTCHN_FIFO_MASKED)
#define L_BIT	  (1U << EVTCHN_FIFO_LINKED)

static uint32_t *words[NR_PORTS / 1024];
static struct evtchn_fifo_control_block *cb;
static uint32_t peer[NR_PORTS];
static uint8_t seen[NR_PORTS];

static uint32_t *word(uint32_t port)
{
	return &words[port / 1024][port % 1024];
}

static unsigned int prio_of(uint32_t port)
{
	return (port * 7) % EVTCHN_FIFO_MAX_QUEUES;
}

static bool setup_fifo(void)
{
	struct evtchn_init_control ic = {.offset = 0, .vcpu = 0};
	unsigned int i;
	long rc;

	cb = rt_alloc_pages(1);
	ic.control_gfn = rt_gfn(cb);
	rc = HYPERVISOR_event_channel_op(EVTCHNOP_init_control, &ic);
	CHECK_EQ("init_control", rc, 0);
	CHECK_EQ("link_bits", ic.link_bits, EVTCHN_FIFO_LINK_BITS);
	CHECK_EQ("init_control twice", HYPERVISOR_event_channel_op(EVTCHNOP_init_control, &ic),
		 -EINVAL);
	for (i = 0; i < NR_PORTS / 1024; i++) {
		struct evtchn_expand_array ea;
		unsigned int j;

		words[i] = rt_alloc_pages(1);
		for (j = 0; j < 1024; j++)
			words[i][j] = M_BIT;
		ea.array_gfn = rt_gfn(words[i]);
		if (HYPERVISOR_event_channel_op(EVTCHNOP_expand_array, &ea))
			break;
	}
	CHECK_EQ("expand_array 128 pages", i, NR_PORTS / 1024);
	{
		struct evtchn_expand_array ea = {.array_gfn = rt_gfn(rt_alloc_pages(1))};

		CHECK_EQ("expand_array 129th",
			 HYPERVISOR_event_channel_op(EVTCHNOP_expand_array, &ea), -ENOSPC);
	}
	return rc == 0;
}

static uint32_t highest;

/* Bind loopback pairs until the port space is full, and an IPI in a last odd port. */
static unsigned int bind_all(void)
{
	struct evtchn_alloc_unbound au = {.dom = DOMID_SELF, .remote_dom = DOMID_SELF};
	struct evtchn_bind_interdomain bi = {.remote_dom = DOMID_SELF};
	struct evtchn_bind_ipi ipi = {.vcpu = 0};
	unsigned int n = 0;

	for (;;) {
		if (HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &au))
			break;
		bi.remote_port = au.port;
		if (HYPERVISOR_event_channel_op(EVTCHNOP_bind_interdomain, &bi)) {
			struct evtchn_close c = {.port = au.port};

			HYPERVISOR_event_channel_op(EVTCHNOP_close, &c);
			break;
		}
		peer[au.port] = bi.local_port;
		peer[bi.local_port] = au.port;
		highest = bi.local_port > highest ? bi.local_port : highest;
		n += 2;
	}
	if (!HYPERVISOR_event_channel_op(EVTCHNOP_bind_ipi, &ipi)) {
		peer[ipi.port] = ipi.port;
		highest = ipi.port > highest ? ipi.port : highest;
		n++;
	}
	return n;
}

void guest_main(void)
{
	unsigned int n, i, got = 0, bad_order = 0, dup = 0, prev = 0;
	uint32_t ready, head[EVTCHN_FIFO_MAX_QUEUES] = {0};

	rt_puts("fifo_ports test guest\n");
	if (!setup_fifo())
		return;
	n = bind_all();
	/* Every port up to 2^17 - 1 is in use (the PV console holds one of them). */
	rt_printf("%u ports bound by the guest\n", n);
	CHECK_EQ("highest port bound", highest, LAST_PORT);
	rt_check("nearly all ports are the guest's", n >= LAST_PORT - 2);
	{
		struct evtchn_alloc_unbound au = {.dom = DOMID_SELF, .remote_dom = DOMID_SELF};

		CHECK_EQ("port space exhausted",
			 HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &au), -ENOSPC);
	}
	for (i = 1; i <= LAST_PORT; i++) {
		struct evtchn_set_priority sp = {.port = i, .priority = prio_of(i)};

		if (!peer[i])
			continue; /* not ours (the console's port) */
		HYPERVISOR_event_channel_op(EVTCHNOP_set_priority, &sp);
		__atomic_store_n(word(i), 0, __ATOMIC_SEQ_CST); /* ack the bind, unmask */
	}
	for (i = 1; i <= LAST_PORT; i++) {
		struct evtchn_send s = {.port = peer[i]};

		if (peer[i])
			HYPERVISOR_event_channel_op(EVTCHNOP_send, &s);
	}
	/* Consume as Linux's events_fifo.c does. */
	ready = __atomic_exchange_n(&cb->ready, 0, __ATOMIC_SEQ_CST);
	while (ready) {
		unsigned int q = __builtin_ctz(ready);
		uint32_t port = head[q] ? head[q] : __atomic_load_n(&cb->head[q], __ATOMIC_ACQUIRE);
		uint32_t old = __atomic_fetch_and(word(port), ~(L_BIT | EVTCHN_FIFO_LINK_MASK),
						  __ATOMIC_SEQ_CST);

		head[q] = old & EVTCHN_FIFO_LINK_MASK;
		if (!head[q])
			ready &= ~(1U << q);
		if ((old & P_BIT) && !(old & M_BIT)) {
			__atomic_fetch_and(word(port), ~P_BIT, __ATOMIC_SEQ_CST);
			dup += seen[port]++ != 0;
			bad_order += prio_of(port) < prev;
			prev = prio_of(port);
			got++;
		}
		ready |= __atomic_exchange_n(&cb->ready, 0, __ATOMIC_SEQ_CST);
	}
	CHECK_EQ("events delivered", got, n);
	CHECK_EQ("events delivered twice", dup, 0);
	CHECK_EQ("events out of priority order", bad_order, 0);
}
