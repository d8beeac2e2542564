/* SPDX-License-Identifier: GPL-2.0-only */
/* Host "fake arch": unit tests run single-threaded, so there is nothing to mask. */
#ifndef ASM_IRQFLAGS_H
#define ASM_IRQFLAGS_H

static inline void cpu_relax(void)
{
}

static inline unsigned long local_irq_save(void)
{
	return 0;
}

static inline void local_irq_restore(unsigned long flags)
{
	(void)flags;
}

static inline void local_irq_enable(void)
{
}

static inline void local_irq_disable(void)
{
}

#endif
