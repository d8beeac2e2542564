/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The 2-level event ABI: one pending and one mask bit per port in
 * shared_info (4096 ports), a selector word per vCPU in its vcpu_info.
 */
#include <basalt/event.h>
#include <basalt/xen_domain.h>

static uint64_t *word_of(uint64_t *map, uint32_t port)
{
	return &map[port / 64];
}

static bool test_and_set(uint64_t *map, uint32_t port)
{
	uint64_t bit = 1ULL << (port % 64);

	return guest_atomic_fetch_or64(word_of(map, port), bit) & bit;
}

static bool test_and_clear(uint64_t *map, uint32_t port)
{
	uint64_t bit = 1ULL << (port % 64);

	return guest_atomic_fetch_and64(word_of(map, port), ~bit) & bit;
}

static bool test(const uint64_t *map, uint32_t port)
{
	return (__atomic_load_n(&map[port / 64], __ATOMIC_ACQUIRE) >> (port % 64)) & 1;
}

/* Set the selector bit of @port's word on @xv; mark it pending if newly set. */
static void select_word(struct xen_vcpu *xv, uint32_t port)
{
	xen_vcpu_info_t *vi = xv ? xv->vcpu_info : NULL;

	if (!vi)
		return; /* registration sets the whole selector */
	if (!test_and_set(&vi->evtchn_pending_sel, port / 64))
		evtchn_vcpu_mark_pending(xv);
}

static void evtchn_2l_set_pending(struct xen_domain *xd, uint32_t port, struct evtchn *chn)
{
	xen_shared_info_t *si = xd->shared_info;

	if (port >= EVTCHN_2L_NR_PORTS || test_and_set(si->evtchn_pending, port))
		return;
	if (!test(si->evtchn_mask, port))
		select_word(xen_domain_vcpu(xd, chn->notify_vcpu), port);
}

static void evtchn_2l_clear_pending(struct xen_domain *xd, uint32_t port, struct evtchn *chn)
{
	if (port < EVTCHN_2L_NR_PORTS)
		test_and_clear(xd->shared_info->evtchn_pending, port);
}

static void evtchn_2l_unmask(struct xen_domain *xd, uint32_t port, struct evtchn *chn)
{
	xen_shared_info_t *si = xd->shared_info;

	if (port >= EVTCHN_2L_NR_PORTS)
		return;
	if (test_and_clear(si->evtchn_mask, port) && test(si->evtchn_pending, port))
		select_word(xen_domain_vcpu(xd, chn->notify_vcpu), port);
}

static bool evtchn_2l_is_pending(struct xen_domain *xd, uint32_t port, struct evtchn *chn)
{
	return port < EVTCHN_2L_NR_PORTS && test(xd->shared_info->evtchn_pending, port);
}

static bool evtchn_2l_is_masked(struct xen_domain *xd, uint32_t port, struct evtchn *chn)
{
	return port >= EVTCHN_2L_NR_PORTS || test(xd->shared_info->evtchn_mask, port);
}

const struct evtchn_port_ops evtchn_ops_2l = {
    .name = "2-level",
    .nr_ports = EVTCHN_2L_NR_PORTS,
    .set_pending = evtchn_2l_set_pending,
    .clear_pending = evtchn_2l_clear_pending,
    .unmask = evtchn_2l_unmask,
    .is_pending = evtchn_2l_is_pending,
    .is_masked = evtchn_2l_is_masked,
};
