// SPDX-License-Identifier: GPL-2.0-only
/*
 * The scheduler's mechanism: one lock over all run queues, the per-pCPU tick,
 * the switch between vCPUs at guest exit, the idle loop, wake-ups and IPIs.
 * The decisions themselves are sched_credit.c's.
 *
 * A pCPU switches vCPUs only on its way back to a guest (sched_maybe_switch,
 * called with interrupts masked at the end of every exit). The vCPU it leaves
 * stays marked is_running until its context is saved, so no other pCPU can
 * pick it up half-saved.
 *
 * A pCPU with nobody waiting in its queue is left alone: no slice timer, and
 * its vCPU's WFI/WFE run natively (no trap, no switch to the idle loop). Both
 * come back as soon as a vCPU is queued there, which always makes that pCPU
 * decide again. This keeps the hot paths off the global lock and off costly
 * timer/GIC register accesses; on QEMU with one host thread per pCPU (MTTCG)
 * on a busy host that was the difference between ~100 s and ~3 s for Linux
 * to boot (test/e2e/test_vm_linux_mttcg.py).
 */
#include <basalt/domain.h>
#include <basalt/errno.h>
#include <basalt/hypercall.h>
#include <basalt/irq.h>
#include <basalt/keyhandler.h>
#include <basalt/lib.h>
#include <basalt/percpu.h>
#include <basalt/sched.h>
#include <basalt/sched_exit.h>
#include <basalt/time.h>
#include <basalt/vcpu.h>
#include <basalt/xmalloc.h>
#include <xen/xen.h>
#include <xen/vcpu.h> /* RUNSTATE_* for xen_vcpu_runstate_change() */

/* Per-pCPU scheduler state beside its run queue. */
struct sched_pcpu {
	struct timer tick;
	bool tick_armed; /* the slice timer is set (this pCPU only) */
	bool ticking;	 /* decided to run the slice timer (under the scheduler lock) */
	/* Statistics for debug key 'r'. */
	uint64_t nr_ticks;	/* slice timer expiries */
	uint64_t nr_schedules;	/* policy runs */
	uint64_t nr_switches;	/* context switches */
	uint64_t nr_idle;	/* waits in the idle loop */
	uint64_t idle_ns;	/* time spent waiting there */
	uint64_t nr_ipis_sent;	/* reschedule SGIs sent from here */
	uint64_t nr_ipis_recv;	/* reschedule SGIs taken here */
	uint64_t nr_lock_waits; /* scheduler lock found taken */
	uint64_t lock_wait_ns;	/* time spent waiting for it */
};

static spinlock_t sched_lock = SPINLOCK_INIT;
static struct sched_runq *runqs;
static struct sched_pcpu *spcs;
static unsigned int nr_sched_cpus;
static uint64_t last_account_ns;

/*
 * Take the scheduler lock (interrupts already masked), counting how often and
 * how long this pCPU had to wait: lock-holder preemption shows up here when
 * the pCPUs are themselves threads of an oversubscribed host (QEMU MTTCG).
 */
static void sched_lock_take(void)
{
	struct sched_pcpu *sp;
	uint64_t t0;

	if (spin_trylock(&sched_lock))
		return;
	t0 = now_ns();
	spin_lock(&sched_lock);
	if (smp_processor_id() >= nr_sched_cpus)
		return;
	sp = &spcs[smp_processor_id()];
	sp->nr_lock_waits++;
	sp->lock_wait_ns += now_ns() - t0;
}

#define sched_lock_irqsave(flags)                                                                  \
	do {                                                                                       \
		(flags) = local_irq_save();                                                        \
		sched_lock_take();                                                                 \
	} while (0)

/* XEN: the runstate of a vCPU that is not running, by Xen's rule. */
static void runstate_switch_out(struct vcpu *v)
{
	int state = RUNSTATE_offline; /* paused or down */

	if (v->pause_flags & VPF_BLOCKED)
		state = RUNSTATE_blocked;
	else if (vcpu_runnable(v))
		state = RUNSTATE_runnable;
	xen_vcpu_runstate_change(v, state);
}

/*
 * The slice timer of this pCPU: it runs only while another vCPU waits for
 * this pCPU (see tick_update), so every expiry ends a slice. No lock: the
 * decision is taken on the way back to the guest.
 */
static void sched_tick(void *data)
{
	struct sched_pcpu *sp = &spcs[smp_processor_id()];

	sp->nr_ticks++;
	sp->tick_armed = false;
	this_cpu()->sched_resched = true;
}

/*
 * Whichever pCPU decides first after an accounting period refills everyone's
 * credit (scheduler lock held). Decisions happen at every block and wake-up,
 * so the refill does not depend on slice timers, which may all be off.
 */
static void maybe_account(uint64_t now)
{
	/* @now was read before the lock: another pCPU may have refilled since. */
	if (now < last_account_ns || now - last_account_ns < SCHED_ACCT_TICKS * SCHED_TICK_NS)
		return;
	last_account_ns = now;
	credit_account(&domain_list, runqs, nr_sched_cpus);
}

static void key_runqs(char key)
{
	sched_dump_runqs();
}

void sched_init(unsigned int nr_cpus)
{
	unsigned int i;

	/* Only CPUs that came up (numbered from 0) get a run queue. */
	nr_cpus = MIN(nr_cpus, nr_online_cpus());

	runqs = xzalloc_bytes(sizeof(*runqs) * nr_cpus);
	spcs = xzalloc_bytes(sizeof(*spcs) * nr_cpus);
	if (!runqs || !spcs)
		panic("sched: no memory for %u run queues", nr_cpus);
	nr_sched_cpus = nr_cpus;
	for (i = 0; i < nr_cpus; i++) {
		credit_runq_init(&runqs[i], i);
		timer_init(&spcs[i].tick, sched_tick, NULL);
	}
	last_account_ns = now_ns();
	sched_arch_init();
	keyhandler_register('r', "dump scheduler run queues", key_runqs);
}

int sched_vcpu_init(struct vcpu *v)
{
	list_init(&v->sched.runq_elem);
	v->sched.on_runq = false;
	v->sched.prio = SCHED_PRIO_UNDER;
	v->sched.credit = SCHED_CREDITS_PER_TICK;
	/* Spread a domain's vCPUs over the pCPUs from the start. */
	v->processor = (v->domain->id + v->id) % nr_sched_cpus;
	return 0;
}

void sched_vcpu_destroy(struct vcpu *v)
{
	unsigned long flags;

	sched_lock_irqsave(flags);
	ASSERT(!v->is_running);
	if (v->sched.on_runq)
		credit_runq_remove(&runqs[v->sched.runq_cpu], v);
	spin_unlock_irqrestore(&sched_lock, flags);
}

int sched_set_weight(struct domain *d, unsigned int weight)
{
	if (weight == 0 || weight > SCHED_MAX_WEIGHT)
		return -EINVAL;
	WRITE_ONCE(d->sched_weight, weight);
	return 0;
}

/* Ask @cpu to re-run the policy; returns whether an SGI is needed. */
static bool request_resched(unsigned int cpu)
{
	pcpu_of(cpu)->sched_resched = true;
	return cpu != smp_processor_id();
}

/*
 * Queue a runnable vCPU that runs nowhere (scheduler lock held). Returns the
 * pCPU to send a reschedule SGI to, or -1.
 */
static int enqueue_woken(struct vcpu *v, bool boost)
{
	unsigned int cpu;

	if (boost && v->sched.prio == SCHED_PRIO_UNDER)
		v->sched.prio = SCHED_PRIO_BOOST;
	cpu = credit_wake_cpu(runqs, nr_sched_cpus, v);
	credit_runq_insert(&runqs[cpu], v);
	/*
	 * Queued behind a vCPU it does not preempt: that pCPU's slice timer will
	 * hand over, but a pCPU that had nobody waiting runs without one and must
	 * decide again to start it.
	 */
	if (!credit_queued_needs_resched(&runqs[cpu], v, spcs[cpu].ticking))
		return -1;
	return request_resched(cpu) ? (int)cpu : -1;
}

/* Wake one idle pCPU (if any) so it can steal work queued behind a busy one. */
static int idle_cpu_for_steal(unsigned int self)
{
	unsigned int i;

	if (runqs[self].nr_queued == 0)
		return -1;
	for (i = 0; i < nr_sched_cpus; i++)
		if (i != self && runqs[i].curr == NULL && runqs[i].nr_queued == 0)
			return request_resched(i) ? (int)i : -1;
	return -1;
}

static void send_resched(int cpu)
{
	if (cpu < 0)
		return;
	if (smp_processor_id() < nr_sched_cpus)
		spcs[smp_processor_id()].nr_ipis_sent++;
	smp_send_sgi((unsigned int)cpu, SGI_RESCHEDULE);
}

void sched_ipi(void)
{
	if (smp_processor_id() < nr_sched_cpus)
		spcs[smp_processor_id()].nr_ipis_recv++;
	/*
	 * Nothing to do here: the sender already set our resched flag if it
	 * wanted a new decision; the SGI itself makes the guest exit so that
	 * flag, or newly pending virtual interrupts, are seen on the way back.
	 */
}

/*
 * Start or stop this pCPU's slice timer as decided in do_schedule (sp->ticking).
 * Only a pCPU with vCPUs waiting in its queue needs one: an idle pCPU or a
 * vCPU alone on its pCPU takes no timer interrupts at all. That matters when
 * the pCPUs are threads of an oversubscribed host (QEMU with MTTCG): each
 * interrupt costs several host-serialised operations there.
 */
static void tick_update(unsigned int cpu, struct vcpu *prev, struct vcpu *next, uint64_t now)
{
	struct sched_pcpu *sp = &spcs[cpu];

	if (!READ_ONCE(sp->ticking)) {
		if (sp->tick_armed)
			timer_stop(&sp->tick);
		sp->tick_armed = false;
		return;
	}
	/*
	 * An armed slice timer stays armed across switches, like Xen's periodic
	 * credit tick: the incoming vCPU gets what is left of the period. Pushing
	 * it back at every switch reprograms the EL2 timer each time, which on
	 * QEMU wakes its main loop (a host syscall and lock hand-off) per switch.
	 */
	if (sp->tick_armed)
		return;
	timer_set(&sp->tick, now + SCHED_TICK_NS, cpu);
	sp->tick_armed = true;
}

/* A woken vCPU got a pCPU: account how long that took. Scheduler lock held. */
static void note_wake_wait(struct vcpu *v, uint64_t now)
{
	struct sched_unit *su = &v->sched;
	uint64_t wait;

	if (!su->woken_ns)
		return;
	wait = now > su->woken_ns ? now - su->woken_ns : 0;
	su->woken_ns = 0;
	su->nr_wakes++;
	su->wake_wait_ns += wait;
	su->wake_wait_max_ns = MAX(su->wake_wait_max_ns, wait);
}

/* Run the policy on this pCPU and switch contexts if it chose another vCPU. */
static void do_schedule(void)
{
	unsigned int cpu = smp_processor_id();
	struct sched_runq *rq = &runqs[cpu];
	struct vcpu *prev = current_vcpu(), *next;
	uint64_t now = now_ns();
	int ipi = -1;

	sched_lock_take();
	this_cpu()->sched_resched = false;
	spcs[cpu].nr_schedules++;
	if (prev) {
		credit_burn(prev, now - prev->sched.slice_start_ns);
		prev->run_time_ns += now - prev->last_start_ns;
	}
	maybe_account(now);
	next = credit_pick_next(rq, prev);
	if (!next) {
		next = credit_steal(runqs, nr_sched_cpus, cpu);
		rq->curr = next;
	}
	if (next && next != prev)
		xen_vcpu_runstate_change(next, RUNSTATE_running); /* XEN */
	if (next) {
		note_wake_wait(next, now);
		next->is_running = true;
		next->processor = cpu;
		next->last_start_ns = now;
		next->sched.slice_start_ns = now;
	}
	ipi = idle_cpu_for_steal(cpu);
	/* Under the lock, so that enqueue_woken sees whether we will tick. */
	spcs[cpu].ticking = credit_needs_tick(rq);
	spin_unlock(&sched_lock);
	send_resched(ipi);

	this_cpu()->curr = next;
	if (next != prev) {
		spcs[cpu].nr_switches++;
		if (prev) {
			vcpu_arch_save(prev);
			sched_lock_take();
			runstate_switch_out(prev); /* XEN: while still ours */
			__atomic_store_n(&prev->is_running, false, __ATOMIC_RELEASE);
			/* Woken while it was being saved: nobody queued it yet. */
			ipi = -1;
			if (vcpu_runnable(prev) && !prev->sched.on_runq)
				ipi = enqueue_woken(prev, false);
			else
				ipi = idle_cpu_for_steal(cpu); /* prev is movable only now */
			spin_unlock(&sched_lock);
			send_resched(ipi);
		}
		if (next)
			vcpu_arch_restore(next);
	}
	tick_update(cpu, prev, next, now);
	/*
	 * A vCPU alone on its pCPU sleeps in its own WFI and spins in its own WFE
	 * (as KVM does for a lone vCPU): an interrupt for it (an IPI from
	 * vcpu_kick, its timer) ends the WFI in place. Once another vCPU waits
	 * here, both trap again: the queue being non-empty always comes with a
	 * decision (credit_queued_needs_resched).
	 */
	if (next)
		vcpu_arch_set_wfx_trap(next, READ_ONCE(spcs[cpu].ticking));
}

static void idle_wait(struct sched_pcpu *sp)
{
	uint64_t t0 = now_ns();

	sched_arch_idle_wait();
	sp->nr_idle++;
	sp->idle_ns += now_ns() - t0;
	this_cpu()->sched_resched = true;
}

static bool need_schedule(void)
{
	struct vcpu *curr = current_vcpu();

	return this_cpu()->sched_resched || !curr || !vcpu_runnable(curr);
}

void sched_decide(void)
{
	for (;;) {
		if (need_schedule())
			do_schedule();
		domain_reap();
		/*
		 * Back to the guest, unless work was queued here meanwhile (e.g. prev
		 * woke while being saved): without a slice timer running, nothing
		 * else would make this pCPU look at it again.
		 */
		if (current_vcpu() && vcpu_runnable(current_vcpu()) &&
		    !this_cpu()->sched_resched) {
			/* Woken before it left the pCPU: only this pCPU touches its stamp now. */
			if (current_vcpu()->sched.woken_ns)
				note_wake_wait(current_vcpu(), now_ns());
			return;
		}
		if (current_vcpu())
			continue; /* became unrunnable (e.g. the reaper paused it) */
		/* Work queued here while we were choosing (e.g. prev woke while being saved). */
		if (this_cpu()->sched_resched)
			continue;
		/* Idle: wait for an interrupt (a wake-up SGI, a timer) and look again. */
		idle_wait(&spcs[smp_processor_id()]);
	}
}

void vcpu_kick(struct vcpu *v)
{
	unsigned long flags;
	int ipi = -1;

	sched_lock_irqsave(flags);
	if (v->pause_flags & VPF_BLOCKED) {
		v->pause_flags &= ~VPF_BLOCKED;
		v->sched.woken_ns = now_ns();
		if (!v->is_running) /* XEN: else its switch-out records it */
			runstate_switch_out(v);
		if (vcpu_runnable(v) && !v->is_running && !v->sched.on_runq)
			ipi = enqueue_woken(v, true);
	} else if (v->is_running && v->processor != smp_processor_id()) {
		/* Running elsewhere: make it exit to pick up new interrupts. */
		ipi = (int)v->processor;
	}
	spin_unlock_irqrestore(&sched_lock, flags);
	send_resched(ipi);
}

void vcpu_block(void)
{
	struct vcpu *v = current_vcpu();
	unsigned long flags;

	sched_lock_irqsave(flags);
	v->pause_flags |= VPF_BLOCKED;
	v->sched.nr_blocks++;
	spin_unlock_irqrestore(&sched_lock, flags);
	/* An interrupt made pending before the flag was set would be missed otherwise. */
	if (vcpu_arch_wake_pending(v)) {
		sched_lock_irqsave(flags);
		v->pause_flags &= ~VPF_BLOCKED;
		spin_unlock_irqrestore(&sched_lock, flags);
	}
}

void vcpu_yield(void)
{
	this_cpu()->sched_resched = true;
}

void vcpu_pause_flag_set(struct vcpu *v, unsigned long flag)
{
	unsigned long flags;
	int ipi = -1;

	sched_lock_irqsave(flags);
	v->pause_flags |= flag;
	if (v->sched.on_runq)
		credit_runq_remove(&runqs[v->sched.runq_cpu], v);
	if (v->is_running && request_resched(v->processor))
		ipi = (int)v->processor;
	spin_unlock_irqrestore(&sched_lock, flags);
	send_resched(ipi);
}

void vcpu_pause_flag_clear(struct vcpu *v, unsigned long flag)
{
	unsigned long flags;
	int ipi = -1;

	sched_lock_irqsave(flags);
	v->pause_flags &= ~flag;
	if (vcpu_runnable(v) && !v->is_running && !v->sched.on_runq)
		ipi = enqueue_woken(v, false);
	spin_unlock_irqrestore(&sched_lock, flags);
	send_resched(ipi);
}

static const char *const prio_names[] = {"boost", "under", "over"};

void sched_dump_runqs(void)
{
	unsigned long flags;
	unsigned int i;
	struct vcpu *v;

	sched_lock_irqsave(flags);
	for (i = 0; i < nr_sched_cpus; i++) {
		struct sched_runq *rq = &runqs[i];

		if (rq->curr)
			printk("CPU%u: running d%uv%u (%s, credit %d), %u queued\n", i,
			       rq->curr->domain->id, rq->curr->id, prio_names[rq->curr->sched.prio],
			       rq->curr->sched.credit, rq->nr_queued);
		else
			printk("CPU%u: idle, %u queued\n", i, rq->nr_queued);
		printk("    %llu ticks, %llu decisions, %llu switches\n",
		       (unsigned long long)spcs[i].nr_ticks,
		       (unsigned long long)spcs[i].nr_schedules,
		       (unsigned long long)spcs[i].nr_switches);
		printk(
		    "    idle %llu ms in %llu waits, reschedule IPIs %llu sent %llu taken, lock waits %llu (%llu us)\n",
		    (unsigned long long)(spcs[i].idle_ns / 1000000),
		    (unsigned long long)spcs[i].nr_idle, (unsigned long long)spcs[i].nr_ipis_sent,
		    (unsigned long long)spcs[i].nr_ipis_recv,
		    (unsigned long long)spcs[i].nr_lock_waits,
		    (unsigned long long)(spcs[i].lock_wait_ns / 1000));
		list_for_each_entry(v, &rq->queue, sched.runq_elem)
		    printk("    d%uv%u %s credit %d\n", v->domain->id, v->id,
			   prio_names[v->sched.prio], v->sched.credit);
	}
	spin_unlock_irqrestore(&sched_lock, flags);
}

void __noreturn sched_start_cpu(void)
{
	struct vcpu *v;

	local_irq_disable();
	this_cpu()->curr = NULL;
	if (smp_processor_id() >= nr_sched_cpus) {
		/* Came online after the scheduler was sized: it gets no work. */
		printk_level(LOG_WARNING, "CPU%u: not scheduled\n", smp_processor_id());
		for (;;)
			sched_arch_idle_wait();
	}
	sched_arch_cpu_init();
	sched_decide();
	v = current_vcpu();
	vcpu_arch_enter(v);
}
