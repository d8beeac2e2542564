// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests of the credit scheduling policy (core/common/sched_credit.c):
 * queue order, time slicing between equal vCPUs, weights, blocked vCPUs,
 * work stealing. A tiny simulator plays the role of schedule.c: every tick it
 * charges the running vCPU, refills credits every SCHED_ACCT_TICKS ticks and
 * asks the policy what to run next.
 */
#include <basalt/domain.h>
#include <basalt/sched.h>
#include <glib.h>

#define MAX_DOMS 4
#define MAX_CPUS 4

struct sim {
	struct list_head domains;
	struct domain doms[MAX_DOMS];
	struct vcpu vcpus[MAX_DOMS][DOMAIN_MAX_VCPUS];
	struct sched_runq rqs[MAX_CPUS];
	unsigned int nr_cpus;
	uint64_t ticks_run[MAX_DOMS][DOMAIN_MAX_VCPUS];
};

static void sim_init(struct sim *s, unsigned int nr_cpus)
{
	unsigned int i;

	memset(s, 0, sizeof(*s));
	list_init(&s->domains);
	s->nr_cpus = nr_cpus;
	for (i = 0; i < nr_cpus; i++)
		credit_runq_init(&s->rqs[i], i);
}

/* Add domain @di with @nr runnable vCPUs queued on pCPU @cpu. */
static struct domain *sim_add_domain(struct sim *s, unsigned int di, unsigned int nr,
				     unsigned int weight, unsigned int cpu)
{
	struct domain *d = &s->doms[di];
	unsigned int i;

	d->id = di + 1;
	d->sched_weight = weight;
	d->max_vcpus = nr;
	list_add_tail(&d->list, &s->domains);
	for (i = 0; i < nr; i++) {
		struct vcpu *v = &s->vcpus[di][i];

		v->id = i;
		v->domain = d;
		v->processor = cpu;
		v->sched.prio = SCHED_PRIO_UNDER;
		list_init(&v->sched.runq_elem);
		d->vcpus[i] = v;
		credit_runq_insert(&s->rqs[cpu], v);
	}
	return d;
}

/* One scheduler tick on every pCPU. */
static void sim_tick(struct sim *s, uint64_t tick)
{
	unsigned int c;

	for (c = 0; c < s->nr_cpus; c++) {
		struct sched_runq *rq = &s->rqs[c];
		struct vcpu *prev = rq->curr, *next;

		if (prev) {
			s->ticks_run[prev->domain->id - 1][prev->id]++;
			credit_burn(prev, SCHED_TICK_NS);
			prev->is_running = false;
		}
		if (tick % SCHED_ACCT_TICKS == 0)
			credit_account(&s->domains, s->rqs, s->nr_cpus);
		next = credit_pick_next(rq, prev);
		if (!next) {
			next = credit_steal(s->rqs, s->nr_cpus, c);
			rq->curr = next;
		}
		if (next) {
			next->is_running = true;
			next->processor = c;
		}
	}
}

static void sim_run(struct sim *s, unsigned int ticks)
{
	unsigned int t;

	for (t = 1; t <= ticks; t++)
		sim_tick(s, t);
}

static void test_queue_order(void)
{
	struct sim s;
	struct vcpu *a = &s.vcpus[0][0], *b = &s.vcpus[0][1], *c = &s.vcpus[0][2];

	sim_init(&s, 1);
	sim_add_domain(&s, 0, 3, SCHED_DEFAULT_WEIGHT, 0);
	/* Re-queue with distinct classes: BOOST first, then UNDER, then OVER. */
	credit_runq_remove(&s.rqs[0], a);
	credit_runq_remove(&s.rqs[0], b);
	credit_runq_remove(&s.rqs[0], c);
	a->sched.prio = SCHED_PRIO_OVER;
	b->sched.prio = SCHED_PRIO_UNDER;
	c->sched.prio = SCHED_PRIO_BOOST;
	credit_runq_insert(&s.rqs[0], a);
	credit_runq_insert(&s.rqs[0], b);
	credit_runq_insert(&s.rqs[0], c);
	g_assert_true(credit_pick_next(&s.rqs[0], NULL) == c);
	g_assert_true(credit_pick_next(&s.rqs[0], NULL) == b);
	g_assert_true(credit_pick_next(&s.rqs[0], NULL) == a);
	g_assert_null(credit_pick_next(&s.rqs[0], NULL));
	g_assert_cmpuint(s.rqs[0].nr_queued, ==, 0);
	g_assert_true(credit_preempts(c, a));
	g_assert_false(credit_preempts(a, b));
	g_assert_true(credit_preempts(a, NULL));
}

static void test_equal_share(void)
{
	struct sim s;

	/* Three spinning vCPUs on one pCPU each get a third of the time. */
	sim_init(&s, 1);
	sim_add_domain(&s, 0, 2, SCHED_DEFAULT_WEIGHT, 0);
	sim_add_domain(&s, 1, 1, SCHED_DEFAULT_WEIGHT, 0);
	sim_run(&s, 300);
	g_assert_cmpuint(s.ticks_run[0][0], >=, 90);
	g_assert_cmpuint(s.ticks_run[0][1], >=, 90);
	g_assert_cmpuint(s.ticks_run[1][0], >=, 90);
}

static void test_weights(void)
{
	struct sim s;
	double ratio;

	/* Weight 512 against 256 on one pCPU: about two thirds of the time. */
	sim_init(&s, 1);
	sim_add_domain(&s, 0, 1, 512, 0);
	sim_add_domain(&s, 1, 1, 256, 0);
	sim_run(&s, 600);
	ratio = (double)s.ticks_run[0][0] / (double)s.ticks_run[1][0];
	g_test_message("weight 512:256 ran %" G_GUINT64_FORMAT ":%" G_GUINT64_FORMAT,
		       s.ticks_run[0][0], s.ticks_run[1][0]);
	g_assert_cmpfloat(ratio, >, 1.6);
	g_assert_cmpfloat(ratio, <, 2.5);
}

static void test_blocked_costs_nothing(void)
{
	struct sim s;
	struct vcpu *blocked = &s.vcpus[1][0];

	sim_init(&s, 1);
	sim_add_domain(&s, 0, 1, SCHED_DEFAULT_WEIGHT, 0);
	sim_add_domain(&s, 1, 1, SCHED_DEFAULT_WEIGHT, 0);
	credit_runq_remove(&s.rqs[0], blocked);
	blocked->pause_flags = VPF_BLOCKED;
	sim_run(&s, 100);
	/* The only runnable vCPU has the pCPU to itself, the blocked one never ran. */
	g_assert_cmpuint(s.ticks_run[0][0], >=, 99);
	g_assert_cmpuint(s.ticks_run[1][0], ==, 0);
	/* Blocked vCPUs do not hoard credit beyond the cap. */
	g_assert_cmpint(blocked->sched.credit, <=, SCHED_CREDITS_PER_TICK * SCHED_ACCT_TICKS);
}

static void test_spinner_does_not_starve(void)
{
	struct sim s;

	/* A spinner and a vCPU that was queued behind it share the pCPU. */
	sim_init(&s, 1);
	sim_add_domain(&s, 0, 1, SCHED_MAX_WEIGHT, 0);
	sim_add_domain(&s, 1, 1, 1, 0);
	sim_run(&s, 300);
	g_assert_cmpuint(s.ticks_run[1][0], >, 0);
}

static void test_steal(void)
{
	struct sim s;
	unsigned int c, busy = 0;

	/* Four vCPUs all queued on pCPU 0 of four: idle pCPUs take work. */
	sim_init(&s, 4);
	sim_add_domain(&s, 0, 4, SCHED_DEFAULT_WEIGHT, 0);
	sim_run(&s, 5);
	for (c = 0; c < 4; c++)
		busy += s.rqs[c].curr != NULL;
	g_assert_cmpuint(busy, ==, 4);
}

static void test_steal_skips_running(void)
{
	struct sim s;
	struct vcpu *v = &s.vcpus[0][1];

	sim_init(&s, 2);
	sim_add_domain(&s, 0, 2, SCHED_DEFAULT_WEIGHT, 0);
	s.rqs[0].curr = credit_pick_next(&s.rqs[0], NULL);
	/* The queued vCPU's context is still being saved: it must not move. */
	v->is_running = true;
	g_assert_null(credit_steal(s.rqs, 2, 1));
	v->is_running = false;
	g_assert_true(credit_steal(s.rqs, 2, 1) == v);
}

static void test_wake_cpu(void)
{
	struct sim s;
	struct vcpu *v = &s.vcpus[0][1];

	sim_init(&s, 2);
	sim_add_domain(&s, 0, 2, SCHED_DEFAULT_WEIGHT, 0);
	credit_runq_remove(&s.rqs[0], v);
	s.rqs[0].curr = credit_pick_next(&s.rqs[0], NULL);
	v->processor = 0;
	/* Home pCPU busy, pCPU 1 idle: go there. */
	g_assert_cmpuint(credit_wake_cpu(s.rqs, 2, v), ==, 1);
	s.rqs[1].curr = &s.vcpus[0][0];
	g_assert_cmpuint(credit_wake_cpu(s.rqs, 2, v), ==, 0);
}

static void test_burn_and_boost(void)
{
	struct vcpu v;

	memset(&v, 0, sizeof(v));
	v.sched.credit = 50;
	v.sched.prio = SCHED_PRIO_BOOST;
	credit_burn(&v, SCHED_TICK_NS / 10);
	g_assert_cmpint(v.sched.credit, ==, 40);
	g_assert_cmpint(v.sched.prio, ==, SCHED_PRIO_UNDER);
	credit_burn(&v, SCHED_TICK_NS);
	g_assert_cmpint(v.sched.prio, ==, SCHED_PRIO_OVER);
	credit_burn(&v, 100 * SCHED_TICK_NS);
	g_assert_cmpint(v.sched.credit, ==, -SCHED_CREDITS_PER_TICK * SCHED_ACCT_TICKS);
}

/* The slice timer runs only where a vCPU runs and another waits. */
static void test_needs_tick(void)
{
	struct sim s;
	struct vcpu *a = &s.vcpus[0][0], *b = &s.vcpus[0][1];

	sim_init(&s, 1);
	sim_add_domain(&s, 0, 2, SCHED_DEFAULT_WEIGHT, 0);
	credit_runq_remove(&s.rqs[0], a);
	credit_runq_remove(&s.rqs[0], b);
	g_assert_false(credit_needs_tick(&s.rqs[0])); /* idle */
	s.rqs[0].curr = a;
	g_assert_false(credit_needs_tick(&s.rqs[0])); /* alone */
	credit_runq_insert(&s.rqs[0], b);
	g_assert_true(credit_needs_tick(&s.rqs[0]));
}

/*
 * A vCPU woken onto a pCPU that runs another one it does not preempt: the
 * pCPU must decide again unless its slice timer runs, or nothing would ever
 * hand over (the lost wake-up a tickless pCPU invites).
 */
static void test_queued_needs_resched(void)
{
	struct sim s;
	struct vcpu *a = &s.vcpus[0][0], *b = &s.vcpus[0][1];

	sim_init(&s, 1);
	sim_add_domain(&s, 0, 2, SCHED_DEFAULT_WEIGHT, 0);
	credit_runq_remove(&s.rqs[0], a);
	credit_runq_remove(&s.rqs[0], b);
	credit_runq_insert(&s.rqs[0], b);
	g_assert_true(credit_queued_needs_resched(&s.rqs[0], b, false)); /* idle pCPU */
	s.rqs[0].curr = a;
	g_assert_false(credit_queued_needs_resched(&s.rqs[0], b, true)); /* the timer hands over */
	g_assert_true(credit_queued_needs_resched(&s.rqs[0], b, false)); /* no timer running */
	b->sched.prio = SCHED_PRIO_BOOST;
	g_assert_true(credit_queued_needs_resched(&s.rqs[0], b, true)); /* preempts */
}

/*
 * Tickless time sharing: a pCPU decides only when asked (a wake-up that
 * needs it) or when its slice timer, run only if credit_needs_tick, expires.
 * A vCPU that wakes behind a spinner on a quiet pCPU still gets its share.
 */
static void test_tickless_wakeup_runs(void)
{
	struct sim s;
	struct sched_runq *rq = &s.rqs[0];
	struct vcpu *a = &s.vcpus[0][0], *b = &s.vcpus[1][0];
	bool ticking;
	unsigned int t, b_ran = 0;

	sim_init(&s, 1);
	sim_add_domain(&s, 0, 1, SCHED_DEFAULT_WEIGHT, 0);
	sim_add_domain(&s, 1, 1, SCHED_DEFAULT_WEIGHT, 0);
	credit_runq_remove(rq, b); /* b is blocked */
	rq->curr = credit_pick_next(rq, NULL);
	g_assert_true(rq->curr == a);
	ticking = credit_needs_tick(rq);
	g_assert_false(ticking);
	/* b wakes (no boost: equal class) behind the spinner. */
	credit_runq_insert(rq, b);
	if (credit_queued_needs_resched(rq, b, ticking)) {
		rq->curr = credit_pick_next(rq, rq->curr);
		ticking = credit_needs_tick(rq);
	}
	for (t = 1; t <= 20; t++) {
		if (!ticking)
			continue; /* no timer interrupt: the running vCPU goes on */
		credit_burn(rq->curr, SCHED_TICK_NS);
		if (t % SCHED_ACCT_TICKS == 0)
			credit_account(&s.domains, s.rqs, 1);
		rq->curr = credit_pick_next(rq, rq->curr);
		ticking = credit_needs_tick(rq);
		b_ran += rq->curr == b;
	}
	g_assert_cmpuint(b_ran, >=, 5);
	g_assert_cmpuint(b_ran, <=, 15);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/sched/queue_order", test_queue_order);
	g_test_add_func("/sched/equal_share", test_equal_share);
	g_test_add_func("/sched/weights", test_weights);
	g_test_add_func("/sched/blocked_costs_nothing", test_blocked_costs_nothing);
	g_test_add_func("/sched/spinner_does_not_starve", test_spinner_does_not_starve);
	g_test_add_func("/sched/steal", test_steal);
	g_test_add_func("/sched/steal_skips_running", test_steal_skips_running);
	g_test_add_func("/sched/wake_cpu", test_wake_cpu);
	g_test_add_func("/sched/burn_and_boost", test_burn_and_boost);
	g_test_add_func("/sched/needs_tick", test_needs_tick);
	g_test_add_func("/sched/queued_needs_resched", test_queued_needs_resched);
	g_test_add_func("/sched/tickless_wakeup_runs", test_tickless_wakeup_runs);
	return g_test_run();
}
