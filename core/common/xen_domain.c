/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Life cycle of a domain's Xen ABI state: the registry hypercalls use to find
 * other domains, shared_info, and the per-vCPU upcall/runstate hooks.
 */
#include <basalt/xen_domain.h>
#include <basalt/errno.h>
#include <basalt/lib.h>
#include <basalt/xen_env.h>
#include <basalt/console_backend.h>
#include <basalt/console_input.h>

static spinlock_t registry_lock = SPINLOCK_INIT;
static struct list_head registry = LIST_HEAD_INIT(registry);
static uint64_t next_serial = 1;

struct xen_domain *xen_domain_get(domid_t id)
{
	struct xen_domain *xd, *found = NULL;

	spin_lock(&registry_lock);
	list_for_each_entry(xd, &registry, link)
	{
		if (xd->id == id && !xd->dying) {
			xd->refcnt++;
			found = xd;
			break;
		}
	}
	spin_unlock(&registry_lock);
	return found;
}

struct xen_domain *xen_domain_get_or_self(domid_t id, struct xen_domain *self)
{
	if (id != DOMID_SELF && id != self->id)
		return xen_domain_get(id);
	spin_lock(&registry_lock);
	self->refcnt++;
	spin_unlock(&registry_lock);
	return self;
}

struct xen_domain *xen_domain_get_target(struct xen_domain *self, domid_t id, long *err)
{
	struct xen_domain *d = xen_domain_get_or_self(id, self);

	if (!d) {
		*err = -ESRCH;
		return NULL;
	}
	if (d != self && !self->privileged) {
		xen_domain_put(d);
		*err = -EPERM;
		return NULL;
	}
	return d;
}

void xen_domain_put(struct xen_domain *xd)
{
	spin_lock(&registry_lock);
	ASSERT(xd->refcnt > 1);
	xd->refcnt--;
	spin_unlock(&registry_lock);
}

static int vcpus_init(struct xen_domain *xd, unsigned int nr_vcpus)
{
	unsigned int i;

	xd->vcpus = xen_env_zalloc(nr_vcpus * sizeof(*xd->vcpus));
	if (!xd->vcpus)
		return -ENOMEM;
	xd->nr_vcpus = nr_vcpus;
	for (i = 0; i < nr_vcpus; i++) {
		xd->vcpus[i].xd = xd;
		xd->vcpus[i].id = i;
		xd->vcpus[i].runstate.state = RUNSTATE_offline;
	}
	/* vCPU0's vcpu_info starts in the legacy shared_info slot (2L selector). */
	xd->vcpus[0].vcpu_info = (xen_vcpu_info_t *)&xd->shared_info->vcpu_info[0];
	return 0;
}

static void xen_domain_free(struct xen_domain *xd)
{
	unsigned int i;

	for (i = 0; xd->vcpus && i < xd->nr_vcpus; i++)
		unmap_guest_page(&xd->vcpus[i].vcpu_info_page);
	xen_env_free(xd->vcpus);
	if (xd->shared_info)
		xen_env_free_page(xd->shared_info);
	xen_env_free(xd);
}

struct xen_domain *xen_domain_create(domid_t id, unsigned int nr_vcpus, struct domain *dom,
				     const struct xen_domain_config *cfg)
{
	struct xen_domain *xd;
	int rc;

	if (!nr_vcpus || id >= DOMID_FIRST_RESERVED)
		return NULL;
	xd = xen_env_zalloc(sizeof(*xd));
	if (!xd)
		return NULL;
	xd->id = id;
	xd->dom = dom;
	xd->privileged = cfg->privileged;
	xd->refcnt = 1;
	xd->shutdown_code = -1;
	xd->conio_tokens = CONSOLEIO_BURST_BYTES;
	xd->shared_info_gfn = ~0ULL;
	spin_lock_init(&xd->lock);
	list_init(&xd->link);
	xd->shared_info = xen_env_alloc_page();
	if (!xd->shared_info || vcpus_init(xd, nr_vcpus))
		goto fail;
	xd->shared_info->wc_sec = (uint32_t)xen_env_boot_wallclock();
	xd->shared_info->wc_sec_hi = (uint32_t)(xen_env_boot_wallclock() >> 32);
	xd->max_pages = xen_env_ram_pages(xd);
	/*
	 * PPI type, level, active-low, INTID 31. Xen 4.17 publishes it to the
	 * hardware domain only; a domU reads 0 and finds the PPI in its DT.
	 */
	if (xd->privileged)
		xd->params[HVM_PARAM_CALLBACK_IRQ] =
		    ((uint64_t)BASALT_HVM_CALLBACK_TYPE_PPI << BASALT_HVM_CALLBACK_TYPE_SHIFT) |
		    (2U << 8) | BASALT_XEN_EVTCHN_PPI;
	rc = evtchn_domain_init(xd, cfg->max_evtchn_port);
	if (!rc)
		rc = grant_table_init(xd, cfg->max_grant_frames);
	if (rc)
		goto fail_evtchn;

	spin_lock(&registry_lock);
	xd->serial = next_serial++;
	list_add_tail(&xd->link, &registry);
	spin_unlock(&registry_lock);

	if (cfg->console_backend && console_backend_init(xd, cfg->console_gfn)) {
		xen_domain_destroy(xd);
		return NULL;
	}
	if (console_io_domain_init(xd, cfg->privileged || cfg->console_owner)) {
		xen_domain_destroy(xd);
		return NULL;
	}
	return xd;

fail_evtchn:
	evtchn_domain_destroy(xd);
fail:
	xen_domain_free(xd);
	return NULL;
}

void xen_domain_destroy(struct xen_domain *xd)
{
	spin_lock(&registry_lock);
	xd->dying = true;
	list_del(&xd->link);
	/* Hypercalls of other domains hold references only for their duration. */
	while (xd->refcnt > 1) {
		spin_unlock(&registry_lock);
		cpu_relax();
		spin_lock(&registry_lock);
	}
	spin_unlock(&registry_lock);

	console_io_domain_destroy(xd);
	console_backend_destroy(xd);
	if (xd->shared_info_gfn != ~0ULL)
		xen_env_physmap_remove(xd, xd->shared_info_gfn);
	grant_table_destroy(xd);
	evtchn_domain_destroy(xd);
	xen_domain_free(xd);
}

int xen_shared_info_map(struct xen_domain *xd, uint64_t gfn)
{
	int rc;

	spin_lock(&xd->lock);
	/* Xen refuses a second mapping of shared_info while the first exists. */
	if (xd->shared_info_gfn != ~0ULL && xd->shared_info_gfn != gfn) {
		rc = -EBUSY;
		goto out;
	}
	rc = xen_env_physmap_add(xd, gfn, virt_to_phys(xd->shared_info), XEN_MAP_RW);
	if (!rc)
		xd->shared_info_gfn = gfn;
out:
	spin_unlock(&xd->lock);
	return rc;
}

void xen_vcpu_on_enter(struct xen_vcpu *xv)
{
	xen_vcpu_info_t *vi = xv->vcpu_info;

	/* Entering the guest means running (also when the scheduler sends no hook). */
	if (xv->runstate.state != RUNSTATE_running)
		xen_vcpu_runstate(xv, RUNSTATE_running, xen_env_now_ns());
	if (vi && xv->vcpu_info_registered)
		xen_env_upcall_resample(
		    xv, __atomic_load_n(&vi->evtchn_upcall_pending, __ATOMIC_ACQUIRE));
	if (xv->runstate_dirty && xv->runstate_gva)
		xen_vcpu_runstate_flush(xv);
}
