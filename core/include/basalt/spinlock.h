/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Ticket spinlocks (fair under contention, so one pCPU cannot starve another).
 * The arch supplies cpu_relax() and, for the irqsave variants,
 * local_irq_save()/local_irq_restore() in <asm/irqflags.h>.
 */
#ifndef BASALT_SPINLOCK_H
#define BASALT_SPINLOCK_H

#include <basalt/atomic.h>
#include <asm/irqflags.h>

typedef struct {
	uint16_t next;
	uint16_t owner;
} spinlock_t;

#define SPINLOCK_INIT {0, 0}

static inline void spin_lock_init(spinlock_t *l)
{
	l->next = 0;
	l->owner = 0;
}

static inline void spin_lock(spinlock_t *l)
{
	uint16_t ticket = __atomic_fetch_add(&l->next, 1, __ATOMIC_RELAXED);

	while (__atomic_load_n(&l->owner, __ATOMIC_ACQUIRE) != ticket)
		cpu_relax();
}

static inline bool spin_trylock(spinlock_t *l)
{
	uint16_t owner = __atomic_load_n(&l->owner, __ATOMIC_RELAXED);
	uint16_t expected = owner;

	return __atomic_compare_exchange_n(&l->next, &expected, (uint16_t)(owner + 1), false,
					   __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

static inline void spin_unlock(spinlock_t *l)
{
	__atomic_store_n(&l->owner, (uint16_t)(l->owner + 1), __ATOMIC_RELEASE);
}

static inline bool spin_is_locked(spinlock_t *l)
{
	return __atomic_load_n(&l->owner, __ATOMIC_RELAXED) !=
	       __atomic_load_n(&l->next, __ATOMIC_RELAXED);
}

#define spin_lock_irqsave(l, flags)                                                                \
	do {                                                                                       \
		(flags) = local_irq_save();                                                        \
		spin_lock(l);                                                                      \
	} while (0)

#define spin_unlock_irqrestore(l, flags)                                                           \
	do {                                                                                       \
		spin_unlock(l);                                                                    \
		local_irq_restore(flags);                                                          \
	} while (0)

#endif
