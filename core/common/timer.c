// SPDX-License-Identifier: GPL-2.0-only
/*
 * Software timers: one queue per pCPU, sorted by deadline (earliest first).
 * The arch programs the pCPU's hardware timer for the head of its queue.
 * One lock covers every queue: timers are few (scheduler ticks, vCPU timers)
 * and moving a timer between pCPUs then needs no lock ordering.
 */
#include <basalt/lib.h>
#include <basalt/time.h>
#include <basalt/percpu.h>
#include <basalt/spinlock.h>

static struct list_head timer_queues[NR_CPUS];
static spinlock_t timers_lock = SPINLOCK_INIT;

void timer_queue_init(unsigned int cpu)
{
	list_init(&timer_queues[cpu]);
}

void timer_init(struct timer *t, void (*fn)(void *data), void *data)
{
	t->expires_ns = 0;
	t->fn = fn;
	t->data = data;
	t->cpu = 0;
	t->active = false;
	list_init(&t->entry);
}

static void queue_insert(struct timer *t)
{
	struct list_head *q = &timer_queues[t->cpu];
	struct timer *pos;

	list_for_each_entry(pos, q, entry)
	{
		if (pos->expires_ns > t->expires_ns) {
			list_add_tail(&t->entry, &pos->entry); /* before @pos */
			t->active = true;
			return;
		}
	}
	list_add_tail(&t->entry, q);
	t->active = true;
}

static struct timer *queue_head(unsigned int cpu)
{
	struct list_head *q = &timer_queues[cpu];

	return list_empty(q) ? NULL : list_first_entry(q, struct timer, entry);
}

/* Make pCPU @cpu's hardware timer match its queue head. Called with the lock. */
static void reprogram(unsigned int cpu)
{
	struct timer *head = queue_head(cpu);

	if (cpu == smp_processor_id())
		timer_arch_program(head ? MAX(head->expires_ns, 1ULL) : 0);
	else
		timer_arch_kick(cpu);
}

void timer_set(struct timer *t, uint64_t expires_ns, unsigned int cpu)
{
	unsigned long flags;
	bool was_head = false;
	unsigned int old_cpu = t->cpu;

	ASSERT(cpu < NR_CPUS);
	spin_lock_irqsave(&timers_lock, flags);
	if (t->active) {
		was_head = queue_head(old_cpu) == t;
		list_del(&t->entry);
		t->active = false;
	}
	t->expires_ns = expires_ns;
	t->cpu = cpu;
	queue_insert(t);
	if (queue_head(cpu) == t)
		reprogram(cpu);
	/* It left the head of a queue: that pCPU's next deadline changed too. */
	if (was_head && (old_cpu != cpu || queue_head(cpu) != t))
		reprogram(old_cpu);
	spin_unlock_irqrestore(&timers_lock, flags);
}

void timer_stop(struct timer *t)
{
	unsigned long flags;

	spin_lock_irqsave(&timers_lock, flags);
	if (t->active) {
		bool was_head = queue_head(t->cpu) == t;

		list_del(&t->entry);
		t->active = false;
		if (was_head)
			reprogram(t->cpu);
	}
	spin_unlock_irqrestore(&timers_lock, flags);
}

bool timer_is_active(const struct timer *t)
{
	return READ_ONCE(t->active);
}

void timer_softirq(void)
{
	unsigned int cpu = smp_processor_id();
	unsigned long flags;
	struct timer *t;

	spin_lock_irqsave(&timers_lock, flags);
	while ((t = queue_head(cpu)) && t->expires_ns <= now_ns()) {
		list_del(&t->entry);
		t->active = false;
		/* The callback may re-arm @t or take other locks: drop ours. */
		spin_unlock_irqrestore(&timers_lock, flags);
		t->fn(t->data);
		spin_lock_irqsave(&timers_lock, flags);
	}
	reprogram(cpu);
	spin_unlock_irqrestore(&timers_lock, flags);
}
