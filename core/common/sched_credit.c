// SPDX-License-Identifier: GPL-2.0-only
/*
 * Credit scheduling policy (after Xen's credit1): run queues ordered by
 * priority class, credits burnt while running and refilled in proportion to
 * domain weights, work stealing by idle pCPUs. Pure logic, no locking or
 * hardware access: schedule.c calls it under the scheduler lock, and the host
 * unit tests drive it directly.
 */
#include <basalt/domain.h>
#include <basalt/sched.h>
#include <basalt/lib.h>
#include <basalt/vcpu.h>

/* Most credit a vCPU may hold: one pCPU for a whole accounting period. */
#define CREDIT_CAP   (SCHED_CREDITS_PER_TICK * SCHED_ACCT_TICKS)
#define CREDIT_FLOOR (-CREDIT_CAP)

void credit_runq_init(struct sched_runq *rq, unsigned int cpu)
{
	rq->cpu = cpu;
	list_init(&rq->queue);
	rq->nr_queued = 0;
	rq->curr = NULL;
}

void credit_runq_insert(struct sched_runq *rq, struct vcpu *v)
{
	struct vcpu *pos;
	struct list_head *before = &rq->queue;

	ASSERT(!v->sched.on_runq);
	/* After the last entry of the same or a better class: FIFO within a class. */
	list_for_each_entry(pos, &rq->queue, sched.runq_elem)
	{
		if (pos->sched.prio > v->sched.prio) {
			before = &pos->sched.runq_elem;
			break;
		}
	}
	list_add_tail(&v->sched.runq_elem, before);
	v->sched.on_runq = true;
	v->sched.runq_cpu = rq->cpu;
	rq->nr_queued++;
}

void credit_runq_remove(struct sched_runq *rq, struct vcpu *v)
{
	ASSERT(v->sched.on_runq && v->sched.runq_cpu == rq->cpu);
	list_del(&v->sched.runq_elem);
	v->sched.on_runq = false;
	rq->nr_queued--;
}

bool credit_preempts(const struct vcpu *next, const struct vcpu *curr)
{
	return curr == NULL || next->sched.prio < curr->sched.prio;
}

struct vcpu *credit_pick_next(struct sched_runq *rq, struct vcpu *prev)
{
	struct vcpu *next;

	if (prev && vcpu_runnable(prev) && !prev->sched.on_runq)
		credit_runq_insert(rq, prev);
	if (list_empty(&rq->queue)) {
		rq->curr = NULL;
		return NULL;
	}
	next = list_first_entry(&rq->queue, struct vcpu, sched.runq_elem);
	credit_runq_remove(rq, next);
	rq->curr = next;
	return next;
}

struct vcpu *credit_steal(struct sched_runq *rqs, unsigned int nr, unsigned int self)
{
	struct sched_runq *victim = NULL;
	struct vcpu *v;
	unsigned int i;

	for (i = 0; i < nr; i++) {
		/* Only from a busy pCPU: an idle one picks up its own queue. */
		if (i == self || rqs[i].curr == NULL || rqs[i].nr_queued == 0)
			continue;
		if (!victim || rqs[i].nr_queued > victim->nr_queued)
			victim = &rqs[i];
	}
	if (!victim)
		return NULL;
	list_for_each_entry(v, &victim->queue, sched.runq_elem)
	{
		/* Still being saved by the pCPU that queued it: not yet movable. */
		if (v->is_running)
			continue;
		credit_runq_remove(victim, v);
		return v;
	}
	return NULL;
}

bool credit_needs_tick(const struct sched_runq *rq)
{
	return rq->curr != NULL && rq->nr_queued > 0;
}

bool credit_queued_needs_resched(const struct sched_runq *rq, const struct vcpu *v, bool ticking)
{
	return credit_preempts(v, rq->curr) || !ticking;
}

unsigned int credit_wake_cpu(struct sched_runq *rqs, unsigned int nr, const struct vcpu *v)
{
	unsigned int i, home = v->processor < nr ? v->processor : 0;

	if (rqs[home].curr == NULL && rqs[home].nr_queued == 0)
		return home;
	for (i = 0; i < nr; i++)
		if (rqs[i].curr == NULL && rqs[i].nr_queued == 0)
			return i;
	return home;
}

static void credit_set_prio(struct vcpu *v)
{
	if (v->sched.credit <= 0)
		v->sched.prio = SCHED_PRIO_OVER;
	else if (v->sched.prio != SCHED_PRIO_BOOST)
		v->sched.prio = SCHED_PRIO_UNDER;
}

void credit_burn(struct vcpu *v, uint64_t ns)
{
	int64_t cost = (int64_t)(ns * SCHED_CREDITS_PER_TICK / SCHED_TICK_NS);

	v->sched.credit = (int)MAX((int64_t)v->sched.credit - cost, (int64_t)CREDIT_FLOOR);
	/* A boost lasts until the vCPU is charged for running. */
	if (v->sched.prio == SCHED_PRIO_BOOST && cost > 0)
		v->sched.prio = SCHED_PRIO_UNDER;
	credit_set_prio(v);
}

static unsigned int domain_active_vcpus(const struct domain *d)
{
	unsigned int i, n = 0;

	for (i = 0; i < d->max_vcpus; i++)
		if (d->vcpus[i] && (vcpu_runnable(d->vcpus[i]) || d->vcpus[i]->is_running))
			n++;
	return n;
}

/* Re-sort a queue after priorities changed. */
static void runq_resort(struct sched_runq *rq)
{
	struct list_head old;
	struct vcpu *v, *tmp;

	list_init(&old);
	if (list_empty(&rq->queue))
		return;
	/* Move the whole queue to @old, then insert back one by one. */
	list_insert_between(&old, rq->queue.prev, &rq->queue);
	list_del(&rq->queue);
	rq->nr_queued = 0;
	list_for_each_entry_safe(v, tmp, &old, sched.runq_elem)
	{
		list_del(&v->sched.runq_elem);
		v->sched.on_runq = false;
		credit_runq_insert(rq, v);
	}
}

void credit_account(struct list_head *domains, struct sched_runq *rqs, unsigned int nr_cpus)
{
	uint64_t total_weight = 0, pool = (uint64_t)nr_cpus * CREDIT_CAP;
	struct domain *d;
	unsigned int i;

	list_for_each_entry(d, domains, list) total_weight +=
	    (uint64_t)d->sched_weight * domain_active_vcpus(d);
	if (total_weight == 0)
		return;
	list_for_each_entry(d, domains, list)
	{
		unsigned int active = domain_active_vcpus(d);
		int share;

		if (active == 0)
			continue;
		/* The domain's slice of the pool, split evenly among its active vCPUs. */
		share = (int)(pool * d->sched_weight / total_weight);
		for (i = 0; i < d->max_vcpus; i++) {
			struct vcpu *v = d->vcpus[i];

			if (!v || !(vcpu_runnable(v) || v->is_running))
				continue;
			v->sched.credit = MIN(v->sched.credit + share, CREDIT_CAP);
			credit_set_prio(v);
		}
	}
	for (i = 0; i < nr_cpus; i++)
		runq_resort(&rqs[i]);
}
