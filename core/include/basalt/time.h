/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Time and software timers. now_ns() is the ARM generic counter (CNTPCT)
 * scaled to nanoseconds; software timers are kept per pCPU in expiry order
 * and driven by the EL2 physical timer (CNTHP_*_EL2, PPI 26). Callbacks run
 * in interrupt context on the timer's pCPU, with interrupts masked, and must
 * return (a callback that switches into a guest leaves the timer interrupt
 * active). A queued timer must not be re-initialised or freed: timer_stop it.
 */
#ifndef BASALT_TIME_H
#define BASALT_TIME_H

#include <basalt/types.h>
#include <basalt/list.h>

#define NSEC_PER_USEC 1000ULL
#define NSEC_PER_MSEC 1000000ULL
#define NSEC_PER_SEC  1000000000ULL
#define MILLISECS(ms) ((uint64_t)(ms)*NSEC_PER_MSEC)
#define SECONDS(s)    ((uint64_t)(s)*NSEC_PER_SEC)

/* Nanoseconds since the counter started (monotonic, same on every pCPU). */
uint64_t now_ns(void);
/* The counter's frequency in Hz (CNTFRQ_EL0). */
uint64_t cntfrq(void);
uint64_t ticks_to_ns(uint64_t ticks);
uint64_t ns_to_ticks(uint64_t ns);
/* The raw counter (CNTPCT_EL0). */
uint64_t counter_read(void);

struct timer {
	uint64_t expires_ns; /* absolute now_ns() deadline */
	void (*fn)(void *data);
	void *data;
	struct list_head entry; /* on a pCPU's queue when active */
	unsigned int cpu;	/* the pCPU whose queue holds it */
	bool active;
};

/* Prepare @t (not active). Must be called once before timer_set. */
void timer_init(struct timer *t, void (*fn)(void *data), void *data);
/*
 * (Re)arm @t to fire at @expires_ns on pCPU @cpu (a deadline in the past fires
 * at once). Safe from any pCPU and from interrupt context; re-arming moves it.
 */
void timer_set(struct timer *t, uint64_t expires_ns, unsigned int cpu);
/* Disarm @t; when it returns the callback is not queued (it may be running on another pCPU). */
void timer_stop(struct timer *t);
bool timer_is_active(const struct timer *t);

/* Boot: read the counter frequency from the DT/CNTFRQ and start CPU 0's timer. */
void time_init(const void *fdt);
/* Each secondary pCPU: enable its hypervisor timer PPI. */
void time_init_secondary(void);

/*
 * The per-pCPU queue (timer.c, generic; the arch part programs the hardware).
 * timer_queue_init is called by time_init for every possible pCPU.
 */
void timer_queue_init(unsigned int cpu);
/* Run the expired timers of this pCPU and re-arm the hardware (PPI 26 handler). */
void timer_softirq(void);
/* Arch hooks: program this pCPU's EL2 timer for @expires_ns (0 = stop), and
 * make pCPU @cpu re-read its queue head (SGI_TIMER). */
void timer_arch_program(uint64_t expires_ns);
void timer_arch_kick(unsigned int cpu);

#endif
