// SPDX-License-Identifier: GPL-2.0-only
/* Per-CPU data and stacks. head.S points TPIDR_EL2 at pcpus[n] and SP at its stack. */
#include <basalt/percpu.h>
#include <basalt/atomic.h>
#include <asm/sysregs.h>
#include <asm/smp.h>

struct pcpu pcpus[NR_CPUS];
char pcpu_stacks[NR_CPUS][PCPU_STACK_SIZE] __aligned(16);

static unsigned int nr_online = 1;
static unsigned int nr_possible = 1;

unsigned int nr_online_cpus(void)
{
	return atomic_load_acquire(&nr_online);
}

unsigned int nr_possible_cpus(void)
{
	return nr_possible;
}

struct pcpu *pcpu_of(unsigned int id)
{
	return id < NR_CPUS ? &pcpus[id] : NULL;
}

/* Boot CPU, before bring-up: describe CPU @id (0 = self). */
void percpu_setup(unsigned int id, uint64_t mpidr)
{
	struct pcpu *c = &pcpus[id];

	c->id = id;
	c->mpidr = mpidr;
	c->stack_top = pcpu_stacks[id] + PCPU_STACK_SIZE;
	if (id + 1 > nr_possible)
		nr_possible = id + 1;
}

/* A secondary CPU finished bring-up. */
void percpu_mark_online(void)
{
	WRITE_ONCE(this_cpu()->online, true);
	atomic_fetch_add(&nr_online, 1);
}
