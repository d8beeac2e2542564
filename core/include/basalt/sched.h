/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The vCPU scheduler (credit style, after Xen's credit1): per-pCPU run queues,
 * 10 ms time slices driven by PLAT's software timers (only on a pCPU where a
 * vCPU waits: a lone vCPU is not interrupted, and its WFI/WFE do not trap),
 * credits handed out to domains in proportion to their weight, blocked vCPUs
 * cost nothing, idle pCPUs steal runnable work from busy ones.
 *
 * Locking: one scheduler lock covers every run queue and every vCPU's
 * scheduling fields (struct sched_unit, vcpu->pause_flags, vcpu->is_running).
 */
#ifndef BASALT_SCHED_H
#define BASALT_SCHED_H

#include <basalt/types.h>
#include <basalt/list.h>

struct vcpu;
struct domain;

#define SCHED_TICK_NS	       (10ULL * 1000 * 1000) /* one time slice */
#define SCHED_ACCT_TICKS       3		     /* credits refilled every 3 ticks */
#define SCHED_CREDITS_PER_TICK 100		     /* a full tick costs this many */
#define SCHED_DEFAULT_WEIGHT   256
#define SCHED_MAX_WEIGHT       65535

/* Run-queue priority classes, best first (credit1's BOOST/UNDER/OVER). */
enum sched_prio {
	SCHED_PRIO_BOOST = 0, /* just woken from a block: runs ahead to cut latency */
	SCHED_PRIO_UNDER = 1, /* has credit left */
	SCHED_PRIO_OVER = 2,  /* used up its share */
};

/* Per-vCPU scheduling state, embedded in struct vcpu. */
struct sched_unit {
	struct list_head runq_elem; /* on a pCPU's run queue when queued */
	bool on_runq;
	enum sched_prio prio;
	int credit;
	unsigned int runq_cpu; /* the queue holding it, when on_runq */
	uint64_t slice_start_ns;
	/* Wake-up statistics (debug key 'q'): how long a woken vCPU waits for a pCPU. */
	uint64_t woken_ns;	   /* when a kick ended its block, 0 once it runs */
	uint64_t nr_blocks;	   /* WFI blocks that really blocked */
	uint64_t nr_wakes;	   /* kicks that ended a block */
	uint64_t wake_wait_ns;	   /* total time from kick to running */
	uint64_t wake_wait_max_ns; /* longest of those */
};

/* Per-pCPU run queue (the policy's view of a pCPU). */
struct sched_runq {
	unsigned int cpu;
	struct list_head queue; /* ordered by prio, FIFO within a class */
	unsigned int nr_queued;
	struct vcpu *curr; /* NULL when idle */
};

/*
 * Boot CPU, before domains are built: run queues for the first @nr_cpus
 * online pCPUs, the tick timers, debug key 'r'.
 */
void sched_init(unsigned int nr_cpus);

/* Each pCPU enters the scheduler here after bring-up and never returns. */
void __noreturn sched_start_cpu(void);

/* SGI 0 (reschedule) handler: re-evaluate this pCPU's choice at the next exit. */
void sched_ipi(void);

/*
 * Called at exits to the guest when a reschedule may be due: switches vCPU
 * if one is (the inline sched_maybe_switch() in sched_exit.h decides when).
 */
void sched_decide(void);

/* Add/remove a vCPU; it starts neither queued nor running. */
int sched_vcpu_init(struct vcpu *v);
void sched_vcpu_destroy(struct vcpu *v);

/* Set a domain's weight (1..SCHED_MAX_WEIGHT); returns -EINVAL otherwise. */
int sched_set_weight(struct domain *d, unsigned int weight);

/* Arch hooks: per-pCPU set-up before the first guest, and the idle wait
 * (unmask interrupts, wait for one, mask again). */
void sched_arch_init(void);
void sched_arch_cpu_init(void);
void sched_arch_idle_wait(void);

/* Debug key 'r': print every run queue. */
void sched_dump_runqs(void);

/*
 * The policy, separated from the mechanism so host unit tests can drive it
 * (sched_credit.c). All of these run under the scheduler lock.
 */
void credit_runq_init(struct sched_runq *rq, unsigned int cpu);
void credit_runq_insert(struct sched_runq *rq, struct vcpu *v);
void credit_runq_remove(struct sched_runq *rq, struct vcpu *v);
/* Whether @next's class beats @curr's (so a wake-up should preempt). */
bool credit_preempts(const struct vcpu *next, const struct vcpu *curr);
/*
 * Choose what @rq runs next. @prev (may be NULL) is the vCPU that was running
 * and is still runnable; the result is removed from the queue, and @prev, if
 * not chosen, is queued. Returns NULL to idle.
 */
struct vcpu *credit_pick_next(struct sched_runq *rq, struct vcpu *prev);
/* Take a runnable, not running vCPU from the busiest other queue, or NULL. */
struct vcpu *credit_steal(struct sched_runq *rqs, unsigned int nr, unsigned int self);
/*
 * Whether @rq's pCPU needs its slice timer: it runs a vCPU and others wait
 * behind it. Otherwise it takes no timer interrupts at all (tickless).
 */
bool credit_needs_tick(const struct sched_runq *rq);
/*
 * @v was just queued on @rq: whether that pCPU must run the policy again now.
 * Yes if @v preempts what runs there (or it is idle), and also if it runs
 * without a slice timer (@ticking false), which would otherwise never hand
 * over to @v: a lost wake-up.
 */
bool credit_queued_needs_resched(const struct sched_runq *rq, const struct vcpu *v, bool ticking);
/* The queue a waking vCPU should go to: its last pCPU unless another is idle. */
unsigned int credit_wake_cpu(struct sched_runq *rqs, unsigned int nr, const struct vcpu *v);
/* Charge @v for @ns of run time. */
void credit_burn(struct vcpu *v, uint64_t ns);
/*
 * Refill: every active vCPU of every domain on @domains gets credit in
 * proportion to its domain's weight; priorities are recomputed.
 */
void credit_account(struct list_head *domains, struct sched_runq *rqs, unsigned int nr_cpus);

#endif
