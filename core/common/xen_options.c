/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Hypervisor boot options of the Xen ABI (from xen,xen-bootargs):
 *   evtchn_fifo=0|1         offer the FIFO event ABI (default 1); with 0,
 *                           EVTCHNOP_init_control fails and guests use 2L
 *   max_event_channels=N    default per-domain port quota (Xen's 1023)
 *   gnttab_max_frames=N     default per-domain grant frame limit (64)
 * Dom0less domains (static event channels from xen,evtchn) are wired by
 * xen_dom0less_evtchns().
 */
#include <basalt/hypercall.h>
#include <basalt/dom0less.h>
#include <basalt/errno.h>
#include <basalt/lib.h>
#include <basalt/xen_domain.h>

uint32_t xen_opt_max_evtchn_port;
unsigned int xen_opt_max_grant_frames;

/* Parse an unsigned decimal number of @len chars; false if not a number. */
static bool parse_uint(const char *s, size_t len, uint64_t *out)
{
	uint64_t v = 0;
	size_t i;

	if (!len || len > 10)
		return false;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	*out = v;
	return true;
}

/* Does the option word [w, w+len) set @name? Its value in @val. */
static bool option(const char *w, size_t len, const char *name, const char **val, size_t *vlen)
{
	size_t n = strlen(name);

	if (len <= n || memcmp(w, name, n) || w[n] != '=')
		return false;
	*val = w + n + 1;
	*vlen = len - n - 1;
	return true;
}

static void apply_option(const char *w, size_t len)
{
	const char *val;
	size_t vlen;
	uint64_t v;

	if (option(w, len, "evtchn_fifo", &val, &vlen) && parse_uint(val, vlen, &v))
		evtchn_fifo_enabled = v != 0;
	else if (option(w, len, "max_event_channels", &val, &vlen) && parse_uint(val, vlen, &v) &&
		 v > 0 && v < EVTCHN_FIFO_NR_PORTS)
		xen_opt_max_evtchn_port = v;
	else if (option(w, len, "gnttab_max_frames", &val, &vlen) && parse_uint(val, vlen, &v) &&
		 v > 0 && v <= GNTTAB_MAX_FRAMES_LIMIT)
		xen_opt_max_grant_frames = v;
}

void xen_abi_cmdline(const char *bootargs)
{
	const char *p = bootargs;

	while (p && *p) {
		size_t len = 0;

		while (*p == ' ')
			p++;
		while (p[len] && p[len] != ' ')
			len++;
		if (len)
			apply_option(p, len);
		p += len;
	}
	if (!evtchn_fifo_enabled)
		printk("xen: FIFO event channels disabled (evtchn_fifo=0)\n");
}

int xen_dom0less_evtchns(struct xen_domain *const *xds, const struct dom0less_domain *cfgs,
			 unsigned int n)
{
	unsigned int i, j;
	int rc;

	for (i = 0; i < n; i++) {
		for (j = 0; j < cfgs[i].nr_evtchns; j++) {
			const struct dom0less_evtchn *e = &cfgs[i].evtchn[j];

			if (e->peer_domain < 0) {
				printk(
				    "xen: %s: static event channel %u has no dom0 here: skipped\n",
				    cfgs[i].name, e->local_port);
				continue;
			}
			/*
			 * Each link appears on both ends: bind it once, from the later
			 * domain, whose end is then raised -- as Xen 4.17 does (the later
			 * node binds to the earlier one's unbound port).
			 */
			if ((unsigned int)e->peer_domain > i || (unsigned int)e->peer_domain >= n)
				continue;
			if (!xds[i] || !xds[e->peer_domain])
				return -EINVAL;
			rc = evtchn_bind_static(xds[i], e->local_port, xds[e->peer_domain],
						e->peer_port);
			if (rc) {
				printk("xen: %s: static event channel %u -> %s:%u failed (%d)\n",
				       cfgs[i].name, e->local_port, cfgs[e->peer_domain].name,
				       e->peer_port, rc);
				return rc;
			}
		}
	}
	return 0;
}
