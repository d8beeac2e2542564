/* SPDX-License-Identifier: GPL-2.0-only */
/* Helpers of the benchmark guests (see bench_rt.h). */
#include "bench_rt.h"

struct shared_info *bench_map_shared_info(void)
{
	struct shared_info *s = rt_alloc_pages(1);
	struct xen_add_to_physmap x = {
	    .domid = DOMID_SELF, .space = XENMAPSPACE_shared_info, .idx = 0, .gpfn = rt_gfn(s)};
	long rc = HYPERVISOR_memory_op(XENMEM_add_to_physmap, &x);

	if (rc) {
		rt_printf("  map shared_info: %ld\n", rc);
		rt_check("map shared_info", false);
		return NULL;
	}
	return s;
}

bool bench_port_test_and_clear(struct shared_info *s, evtchn_port_t port)
{
	xen_ulong_t bit = (xen_ulong_t)1 << (port % 64);

	return __atomic_fetch_and(&s->evtchn_pending[port / 64], ~bit, __ATOMIC_SEQ_CST) & bit;
}

bool bench_port_pending(const struct shared_info *s, evtchn_port_t port)
{
	return (__atomic_load_n(&s->evtchn_pending[port / 64], __ATOMIC_ACQUIRE) >> (port % 64)) &
	       1;
}

void bench_port_mask(struct shared_info *s, evtchn_port_t port)
{
	__atomic_fetch_or(&s->evtchn_mask[port / 64], (xen_ulong_t)1 << (port % 64),
			  __ATOMIC_SEQ_CST);
}

long bench_send(evtchn_port_t port)
{
	struct evtchn_send send = {.port = port};

	return HYPERVISOR_event_channel_op(EVTCHNOP_send, &send);
}

long bench_poll(const evtchn_port_t *ports, unsigned int n)
{
	struct sched_poll poll = {.nr_ports = n, .timeout = 0};

	set_xen_guest_handle(poll.ports, (evtchn_port_t *)ports);
	return HYPERVISOR_sched_op(SCHEDOP_poll, &poll);
}

uint64_t bench_median(uint64_t *v, unsigned int n)
{
	unsigned int i, j;

	for (i = 1; i < n; i++) /* insertion sort: n is a handful of batches */
		for (j = i; j > 0 && v[j - 1] > v[j]; j--) {
			uint64_t t = v[j];

			v[j] = v[j - 1];
			v[j - 1] = t;
		}
	return v[n / 2];
}
