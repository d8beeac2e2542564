/* SPDX-License-Identifier: GPL-2.0-only */
/* Helpers shared by the Xen ABI unit tests: hypercalls with arguments in guest RAM. */
#ifndef XEN_TEST_H
#define XEN_TEST_H

#include "fake_env.h"
#include <basalt/errno.h>
#include <string.h>
#include <basalt/console_backend.h>

/* Scratch argument page of domain @d (allocated on first use, per domain). */
static inline uint64_t scratch(struct domain *d)
{
	if (!d->scratch_gpa)
		d->scratch_gpa = fake_guest_alloc(d, 2 * PAGE_SIZE);
	return d->scratch_gpa;
}

/* Run event_channel_op @cmd for @d's vCPU0 with @arg copied in and out. */
static inline long evtchn_op(struct domain *d, unsigned long cmd, void *arg, size_t size)
{
	uint64_t g = scratch(d);
	long rc;

	memcpy(fake_gpa_ptr(d, g), arg, size);
	fake_set_current(d, 0);
	rc = hcall(__HYPERVISOR_event_channel_op, cmd, g, 0);
	memcpy(arg, fake_gpa_ptr(d, g), size);
	return rc;
}

static inline long op_hcall(struct domain *d, unsigned long nr, unsigned long cmd, void *arg,
			    size_t size, unsigned long a2)
{
	uint64_t g = scratch(d);
	long rc;

	memcpy(fake_gpa_ptr(d, g), arg, size);
	fake_set_current(d, 0);
	rc = hcall(nr, cmd, g, a2);
	memcpy(arg, fake_gpa_ptr(d, g), size);
	return rc;
}

static inline long alloc_unbound(struct domain *d, domid_t dom, domid_t remote, uint32_t *port)
{
	struct evtchn_alloc_unbound op = {.dom = dom, .remote_dom = remote};
	long rc = evtchn_op(d, EVTCHNOP_alloc_unbound, &op, sizeof(op));

	if (port)
		*port = op.port;
	return rc;
}

static inline long bind_interdomain(struct domain *d, domid_t rdom, uint32_t rport, uint32_t *port)
{
	struct evtchn_bind_interdomain op = {.remote_dom = rdom, .remote_port = rport};
	long rc = evtchn_op(d, EVTCHNOP_bind_interdomain, &op, sizeof(op));

	if (port)
		*port = op.local_port;
	return rc;
}

static inline long evtchn_port_op(struct domain *d, unsigned long cmd, uint32_t port)
{
	struct evtchn_send op = {.port = port}; /* send/close/unmask share this layout */

	return evtchn_op(d, cmd, &op, sizeof(op));
}

static inline long evtchn_get_status(struct domain *d, domid_t dom, uint32_t port,
				     struct evtchn_status *st)
{
	memset(st, 0, sizeof(*st));
	st->dom = dom;
	st->port = port;
	return evtchn_op(d, EVTCHNOP_status, st, sizeof(*st));
}

/* Register vCPU @vcpu's vcpu_info in @d's RAM; returns its guest address. */
static inline uint64_t register_vcpu_info(struct domain *d, unsigned int vcpu)
{
	uint64_t page = fake_guest_alloc(d, PAGE_SIZE);
	struct vcpu_register_vcpu_info info = {.mfn = page >> PAGE_SHIFT, .offset = 64};
	uint64_t g = scratch(d);

	memcpy(fake_gpa_ptr(d, g), &info, sizeof(info));
	fake_set_current(d, vcpu);
	g_assert_cmpint(hcall(__HYPERVISOR_vcpu_op, VCPUOP_register_vcpu_info, vcpu, g), ==, 0);
	return page + 64;
}

/* Copy into / out of guest memory across page boundaries (pages are separate buffers). */
static inline void gcopy(struct domain *d, uint64_t gpa, void *buf, size_t len, bool to_guest)
{
	while (len) {
		size_t n = MIN(len, PAGE_SIZE - (gpa & ~PAGE_MASK));
		char *p = fake_gpa_ptr(d, gpa);

		g_assert_nonnull(p);
		if (to_guest)
			memcpy(p, buf, n);
		else
			memcpy(buf, p, n);
		buf = (char *)buf + n;
		gpa += n;
		len -= n;
	}
}

static inline xen_shared_info_t *shinfo(struct domain *d)
{
	return d->xd->shared_info;
}

static inline bool bit64(const uint64_t *map, unsigned int n)
{
	return (map[n / 64] >> (n % 64)) & 1;
}

#endif
