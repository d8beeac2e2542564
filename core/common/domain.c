// SPDX-License-Identifier: GPL-2.0-only
/*
 * Domain lifecycle: create, start, pause, shutdown, destroy, and the deferred
 * teardown (domain_reap) that runs once no pCPU runs the domain any more.
 */
#include <basalt/domain.h>
#include <basalt/hypercall.h>
#include <basalt/errno.h>
#include <basalt/keyhandler.h>
#include <basalt/lib.h>
#include <basalt/p2m.h>
#include <basalt/page_alloc.h>
#include <basalt/time.h>
#include <basalt/vgic.h>
#include <basalt/vpl011.h>
#include <basalt/xmalloc.h>
#include <xen/sched.h>

struct list_head domain_list = LIST_HEAD_INIT(domain_list);
spinlock_t domlist_lock = SPINLOCK_INIT;
/* Domains in DOMAIN_SHUTDOWN that the reaper has not handled yet. */
unsigned int shutdowns_pending;

static bool domid_in_use(domid_t id)
{
	struct domain *d;

	list_for_each_entry(d, &domain_list, list) if (d->id == id) return true;
	return false;
}

/* Under domlist_lock: @want if free, or the lowest free guest id. */
static int domid_pick(int want)
{
	unsigned int id;

	if (want >= 0)
		return domid_in_use((domid_t)want) ? -EEXIST : want;
	for (id = DOMID_FIRST_GUEST; id < 0x7ff0; id++)
		if (!domid_in_use((domid_t)id))
			return (int)id;
	return -ENOSPC;
}

/* Free whatever domain_create got to; nothing of @d runs. */
static void domain_free(struct domain *d, bool keep_log)
{
	unsigned int i;

	domain_xen_destroy(d); /* event channels, grants (unmaps foreign frames), PV console */
	if (d->vpl011)
		vpl011_destroy(d, keep_log);
	for (i = 0; i < d->max_vcpus; i++)
		if (d->vcpus[i])
			vcpu_destroy(d->vcpus[i]);
	if (d->vgic_ready)
		vgic_domain_destroy(d);
	domain_arch_destroy(d);
	if (d->p2m.root)
		p2m_teardown(&d->p2m);
	if (d->p2m.vmid)
		vmid_free(d->p2m.vmid);
	xfree(d);
}

static int domain_create_parts(struct domain *d, const struct domain_create_params *p)
{
	unsigned int i;
	int rc;

	rc = vmid_alloc();
	if (rc < 0)
		return rc;
	rc = p2m_init(&d->p2m, (uint16_t)rc);
	if (rc)
		return rc;
	p2m_set_owner(&d->p2m, d->id);
	rc = domain_arch_init(d, p);
	if (rc)
		return rc;
	rc = vgic_domain_init(d, p->gic_version, p->nr_spis);
	if (rc)
		return rc;
	d->vgic_ready = true;
	for (i = 0; i < d->max_vcpus; i++) {
		d->vcpus[i] = vcpu_create(d, i);
		if (!d->vcpus[i])
			return -ENOMEM;
	}
	if (p->vpl011) {
		rc = vpl011_init(d);
		if (rc)
			return rc;
	}
	return 0;
}

struct domain *domain_create(const struct domain_create_params *p, int *err)
{
	struct domain *d;
	unsigned long flags;
	int rc;

	if (p->max_vcpus == 0 || p->max_vcpus > DOMAIN_MAX_VCPUS ||
	    (p->gic_version != 2 && p->gic_version != 3) || p->weight > SCHED_MAX_WEIGHT) {
		*err = -EINVAL;
		return NULL;
	}
	d = xzalloc(struct domain);
	if (!d) {
		*err = -ENOMEM;
		return NULL;
	}
	spin_lock_init(&d->lock);
	list_init(&d->list);
	snprintf(d->name, sizeof(d->name), "%s", p->name ? p->name : "");
	d->max_vcpus = p->max_vcpus;
	d->sched_weight = p->weight ? p->weight : SCHED_DEFAULT_WEIGHT;
	d->state = DOMAIN_BUILDING;
	d->refcnt = 1;
	d->created_ns = now_ns();

	/* Reserve the id now: the parts below record it (page owners, console). */
	spin_lock_irqsave(&domlist_lock, flags);
	rc = domid_pick(p->domid);
	if (rc >= 0) {
		d->id = (domid_t)rc;
		list_add_tail(&d->list, &domain_list);
	}
	spin_unlock_irqrestore(&domlist_lock, flags);
	if (rc < 0) {
		xfree(d);
		*err = rc;
		return NULL;
	}

	rc = domain_create_parts(d, p);
	if (rc) {
		printk_level(LOG_ERROR, "d%u (%s): creation failed (%d)\n", d->id, d->name, rc);
		spin_lock_irqsave(&domlist_lock, flags);
		list_del(&d->list);
		spin_unlock_irqrestore(&domlist_lock, flags);
		domain_free(d, false);
		*err = rc;
		return NULL;
	}
	*err = 0;
	return d;
}

void domain_abort_build(struct domain *d)
{
	unsigned long flags;

	ASSERT(d->state == DOMAIN_BUILDING);
	spin_lock_irqsave(&domlist_lock, flags);
	list_del(&d->list);
	spin_unlock_irqrestore(&domlist_lock, flags);
	domain_free(d, false);
}

int domain_start(struct domain *d)
{
	if (d->state != DOMAIN_BUILDING)
		return -EINVAL;
	d->state = DOMAIN_RUNNING;
	vcpu_pause_flag_clear(d->vcpus[0], VPF_DOWN);
	return 0;
}

void domain_pause(struct domain *d)
{
	unsigned long flags;
	unsigned int i;
	bool first;

	spin_lock_irqsave(&d->lock, flags);
	first = d->pause_count++ == 0;
	spin_unlock_irqrestore(&d->lock, flags);
	if (first)
		for (i = 0; i < d->max_vcpus; i++)
			vcpu_pause_flag_set(d->vcpus[i], VPF_PAUSED);
}

void domain_unpause(struct domain *d)
{
	unsigned long flags;
	unsigned int i;
	bool last;

	spin_lock_irqsave(&d->lock, flags);
	ASSERT(d->pause_count > 0);
	last = --d->pause_count == 0 && d->state == DOMAIN_RUNNING;
	spin_unlock_irqrestore(&d->lock, flags);
	if (last)
		for (i = 0; i < d->max_vcpus; i++)
			vcpu_pause_flag_clear(d->vcpus[i], VPF_PAUSED);
}

static const char *shutdown_reason_str(unsigned int reason)
{
	switch (reason) {
	case SHUTDOWN_poweroff:
		return "poweroff";
	case SHUTDOWN_reboot:
		return "reboot";
	case SHUTDOWN_suspend:
		return "suspend";
	case SHUTDOWN_crash:
		return "crash";
	case SHUTDOWN_watchdog:
		return "watchdog";
	default:
		return "?";
	}
}

int domain_shutdown(struct domain *d, unsigned int reason)
{
	unsigned long flags;
	unsigned int i;

	if (reason > SHUTDOWN_watchdog)
		return -EINVAL;
	spin_lock_irqsave(&d->lock, flags);
	if (d->state != DOMAIN_RUNNING && d->state != DOMAIN_BUILDING) {
		spin_unlock_irqrestore(&d->lock, flags);
		return 0; /* already on its way out */
	}
	d->state = DOMAIN_SHUTDOWN;
	d->shutdown_reason = reason;
	spin_unlock_irqrestore(&d->lock, flags);

	printk("d%u (%s): shutdown: %s\n", d->id, d->name, shutdown_reason_str(reason));
	for (i = 0; i < d->max_vcpus; i++)
		vcpu_pause_flag_set(d->vcpus[i], VPF_PAUSED);
	atomic_fetch_add(&shutdowns_pending, 1);
	return 0;
}

void domain_destroy(struct domain *d)
{
	bool crashed = d->state == DOMAIN_DYING && d->shutdown_reason == SHUTDOWN_crash;
	domid_t id = d->id;

	domain_free(d, crashed);
	printk("d%u: destroyed, %zu pages free\n", id, page_alloc_free_count());
}

static bool domain_quiescent(const struct domain *d)
{
	unsigned int i;

	if (d->refcnt != 1)
		return false;
	for (i = 0; i < d->max_vcpus; i++)
		if (__atomic_load_n(&d->vcpus[i]->is_running, __ATOMIC_ACQUIRE))
			return false;
	return true;
}

/* Take one shut-down domain that runs nowhere off the list, or NULL. */
static struct domain *reap_one(void)
{
	struct domain *d, *found = NULL;
	unsigned long flags;

	spin_lock_irqsave(&domlist_lock, flags);
	list_for_each_entry(d, &domain_list, list)
	{
		if (d->state == DOMAIN_SHUTDOWN && domain_quiescent(d)) {
			d->state = DOMAIN_DYING;
			list_del(&d->list);
			found = d;
			break;
		}
	}
	spin_unlock_irqrestore(&domlist_lock, flags);
	return found;
}

void domain_reap_pending(void)
{
	struct domain *d;

	while ((d = reap_one()) != NULL) {
		const struct dom0less_domain *cfg = d->cfg;
		bool reboot = d->shutdown_reason == SHUTDOWN_reboot;
		domid_t id = d->id;

		atomic_fetch_sub(&shutdowns_pending, 1);
		domain_destroy(d);
		if (reboot && cfg) {
			printk("d%u: rebooting\n", id);
			if (domain_rebuild(cfg, id) < 0)
				printk_level(LOG_ERROR, "d%u: rebuild after reboot failed\n", id);
		}
	}
}

struct domain *domain_find(domid_t id)
{
	struct domain *d, *found = NULL;
	unsigned long flags;

	spin_lock_irqsave(&domlist_lock, flags);
	list_for_each_entry(d, &domain_list, list)
	{
		if (d->id == id && d->state != DOMAIN_DYING) {
			atomic_fetch_add(&d->refcnt, 1);
			found = d;
			break;
		}
	}
	spin_unlock_irqrestore(&domlist_lock, flags);
	return found;
}

void domain_put(struct domain *d)
{
	int old = atomic_fetch_sub(&d->refcnt, 1);

	ASSERT(old > 1); /* the list's own reference is dropped only by the reaper */
}

struct vcpu *domain_vcpu(struct domain *d, unsigned int id)
{
	return id < d->max_vcpus ? d->vcpus[id] : NULL;
}

static const char *const state_names[] = {"building", "running", "shutdown", "dying"};

static const char *vcpu_state_str(const struct vcpu *v)
{
	unsigned long f = READ_ONCE(v->pause_flags);

	if (v->is_running)
		return "running";
	if (f & VPF_DOWN)
		return "down";
	if (f & VPF_PAUSED)
		return "paused";
	if (f & VPF_BLOCKED)
		return "blocked";
	return "runnable";
}

static void dump_domain(const struct domain *d, uint64_t now)
{
	unsigned int i;

	printk("d%u (%s): %s%s, %u vCPUs, %llu MiB RAM (%zu pages), weight %u, up %llu ms\n", d->id,
	       d->name, state_names[d->state], d->pause_count ? " paused" : "", d->max_vcpus,
	       (unsigned long long)(d->ram_bytes >> 20), p2m_ram_pages(&d->p2m), d->sched_weight,
	       (unsigned long long)((now - d->created_ns) / 1000000));
	for (i = 0; i < d->max_vcpus; i++) {
		const struct vcpu *v = d->vcpus[i];
		uint64_t run = v->run_time_ns;

		if (v->is_running)
			run += now - v->last_start_ns;
		printk("    v%u: %-8s CPU%u pc %#llx run %llu ms exits %llu\n", v->id,
		       vcpu_state_str(v), v->processor, (unsigned long long)vcpu_arch_pc(v),
		       (unsigned long long)(run / 1000000), (unsigned long long)v->nr_exits);
		printk("        blocks %llu, wakes %llu, wake-to-run avg %llu us max %llu us\n",
		       (unsigned long long)v->sched.nr_blocks,
		       (unsigned long long)v->sched.nr_wakes,
		       (unsigned long long)(v->sched.nr_wakes
						? v->sched.wake_wait_ns / v->sched.nr_wakes / 1000
						: 0),
		       (unsigned long long)(v->sched.wake_wait_max_ns / 1000));
		vcpu_arch_dump(v);
		vgic_dump_vcpu((struct vcpu *)v);
	}
}

static void key_domains(char key)
{
	uint64_t now = now_ns();
	struct domain *d;
	unsigned long flags;

	spin_lock_irqsave(&domlist_lock, flags);
	if (list_empty(&domain_list))
		printk("no domains\n");
	list_for_each_entry(d, &domain_list, list) dump_domain(d, now);
	spin_unlock_irqrestore(&domlist_lock, flags);
}

void domain_keys_init(void)
{
	keyhandler_register('q', "dump domains and vCPUs", key_domains);
}
