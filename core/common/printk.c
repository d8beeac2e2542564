// SPDX-License-Identifier: GPL-2.0-only
/*
 * printk: format a message, keep it in the log ring and, unless its level is
 * above the console level, send it to the console (which tags the lines).
 */
#include <basalt/lib.h>
#include <basalt/console.h>
#include <basalt/spinlock.h>
#include <basalt/time.h>

#define PRINTK_MSG_MAX		  512
#define PRINTK_RING_SIZE	  16384
#define GUEST_RATELIMIT_BURST	  20 /* messages per window */
#define GUEST_RATELIMIT_WINDOW_NS 5000000000ULL

static unsigned int console_loglevel = LOG_INFO;
static char log_ring[PRINTK_RING_SIZE];
static uint64_t log_written; /* total bytes ever written to the ring */
static spinlock_t log_lock = SPINLOCK_INIT;

static struct {
	spinlock_t lock;
	uint64_t window_start;
	unsigned int count;
	unsigned int dropped;
} guest_rl = {.lock = SPINLOCK_INIT};

void printk_set_loglevel(unsigned int lvl)
{
	console_loglevel = lvl;
}

static void ring_append(const char *s, size_t n)
{
	unsigned long flags;

	spin_lock_irqsave(&log_lock, flags);
	for (size_t i = 0; i < n; i++)
		log_ring[(log_written + i) % PRINTK_RING_SIZE] = s[i];
	log_written += n;
	spin_unlock_irqrestore(&log_lock, flags);
}

size_t printk_ring_read(char *buf, size_t len)
{
	unsigned long flags;
	uint64_t avail, start;
	size_t n;

	spin_lock_irqsave(&log_lock, flags);
	avail = MIN(log_written, (uint64_t)PRINTK_RING_SIZE);
	n = (size_t)MIN((uint64_t)len, avail);
	start = log_written - n;
	for (size_t i = 0; i < n; i++)
		buf[i] = log_ring[(start + i) % PRINTK_RING_SIZE];
	spin_unlock_irqrestore(&log_lock, flags);
	return n;
}

void vprintk_level(enum log_level lvl, const char *fmt, va_list ap)
{
	char msg[PRINTK_MSG_MAX];
	int n = vsnprintf(msg, sizeof(msg), fmt, ap);

	if (n < 0)
		return;
	if ((size_t)n >= sizeof(msg)) {
		n = sizeof(msg) - 1;
		msg[n - 1] = '\n'; /* truncated: still end the line */
	}
	ring_append(msg, (size_t)n);
	if ((unsigned int)lvl <= console_loglevel)
		console_hyp_write(msg, (size_t)n);
}

/* At most GUEST_RATELIMIT_BURST messages per window; says how many were dropped. */
static bool guest_ratelimit_ok(unsigned int *dropped)
{
	uint64_t now = now_ns();
	unsigned long flags;
	bool ok;

	spin_lock_irqsave(&guest_rl.lock, flags);
	*dropped = 0;
	if (now - guest_rl.window_start > GUEST_RATELIMIT_WINDOW_NS) {
		guest_rl.window_start = now;
		guest_rl.count = 0;
		*dropped = guest_rl.dropped;
		guest_rl.dropped = 0;
	}
	ok = guest_rl.count < GUEST_RATELIMIT_BURST;
	if (ok)
		guest_rl.count++;
	else
		guest_rl.dropped++;
	spin_unlock_irqrestore(&guest_rl.lock, flags);
	return ok;
}

void printk_guest_ratelimited(const char *fmt, ...)
{
	unsigned int dropped;
	va_list ap;

	if (!guest_ratelimit_ok(&dropped))
		return;
	if (dropped)
		printk_level(LOG_NOTICE, "(%u guest messages suppressed)\n", dropped);
	va_start(ap, fmt);
	vprintk_level(LOG_NOTICE, fmt, ap);
	va_end(ap);
}
