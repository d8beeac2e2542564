/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * PV console backend in the hypervisor (hvc0 without dom0). The ring page
 * is hypervisor-owned and mapped into the guest at a frame outside its RAM;
 * the guest's port is unbound towards the hypervisor, whose consumer hook
 * drains the output ring whenever the guest sends on it.
 */
#include <basalt/console_backend.h>
#include <basalt/errno.h>
#include <basalt/lib.h>
#include <basalt/xen_domain.h>
#include <basalt/xen_env.h>

struct xen_console {
	spinlock_t lock;
	struct xencons_interface *ring;
	uint64_t gfn;
	uint32_t port;
};

#define RING_OUT_SIZE sizeof(((struct xencons_interface *)0)->out)
#define RING_IN_SIZE  sizeof(((struct xencons_interface *)0)->in)

void console_backend_drain(struct xen_domain *xd)
{
	struct xen_console *con = xd->console;
	char buf[128];
	uint32_t cons, prod;
	size_t n = 0;

	if (!con)
		return;
	spin_lock(&con->lock);
	cons = __atomic_load_n(&con->ring->out_cons, __ATOMIC_RELAXED);
	prod = __atomic_load_n(&con->ring->out_prod, __ATOMIC_ACQUIRE);
	if (prod - cons > RING_OUT_SIZE) {
		/* Hostile or corrupt indices: drop what is there. */
		printk_guest_ratelimited("d%u: console ring indices invalid\n", xd->id);
		cons = prod;
	}
	while (cons != prod) {
		buf[n++] = con->ring->out[cons++ % RING_OUT_SIZE];
		if (n == sizeof(buf) || cons == prod) {
			xen_env_console_write(xd->id, buf, n);
			n = 0;
		}
	}
	__atomic_store_n(&con->ring->out_cons, cons, __ATOMIC_RELEASE);
	spin_unlock(&con->lock);
	evtchn_notify_port(xd, con->port);
}

void console_backend_input(struct xen_domain *xd, char c)
{
	struct xen_console *con = xd->console;
	uint32_t cons, prod;

	if (!con)
		return;
	spin_lock(&con->lock);
	cons = __atomic_load_n(&con->ring->in_cons, __ATOMIC_ACQUIRE);
	prod = __atomic_load_n(&con->ring->in_prod, __ATOMIC_RELAXED);
	if (prod - cons < RING_IN_SIZE) {
		con->ring->in[prod % RING_IN_SIZE] = c;
		__atomic_store_n(&con->ring->in_prod, prod + 1, __ATOMIC_RELEASE);
	}
	spin_unlock(&con->lock);
	evtchn_notify_port(xd, con->port);
}

static void console_consumer(struct xen_domain *xd, uint32_t port)
{
	console_backend_drain(xd);
}

static void console_input(domid_t id, char c, void *data)
{
	console_backend_input(data, c);
}

int console_backend_init(struct xen_domain *xd, uint64_t gfn)
{
	struct xen_console *con = xen_env_zalloc(sizeof(*con));
	int rc = -ENOMEM;

	if (!con)
		return -ENOMEM;
	spin_lock_init(&con->lock);
	con->gfn = gfn;
	con->ring = xen_env_alloc_page();
	if (!con->ring)
		goto fail;
	rc = evtchn_alloc_xen_port(xd, EVTCHN_CONSUMER_CONSOLE, &con->port);
	if (rc)
		goto fail;
	rc = xen_env_physmap_add(xd, gfn, virt_to_phys(con->ring), XEN_MAP_RW);
	if (rc)
		goto fail;
	evtchn_set_consumer(EVTCHN_CONSUMER_CONSOLE, console_consumer);
	xd->console = con;
	xd->params[HVM_PARAM_CONSOLE_PFN] = gfn;
	xd->params[HVM_PARAM_CONSOLE_EVTCHN] = con->port;
	xen_env_console_attach(xd, console_input, xd);
	return 0;
fail:
	if (con->ring)
		xen_env_free_page(con->ring);
	xen_env_free(con);
	return rc;
}

void console_backend_destroy(struct xen_domain *xd)
{
	struct xen_console *con = xd->console;

	if (!con)
		return;
	xen_env_console_detach(xd);
	xd->console = NULL;
	xen_env_physmap_remove(xd, con->gfn);
	xen_env_free_page(con->ring);
	xen_env_free(con);
}
