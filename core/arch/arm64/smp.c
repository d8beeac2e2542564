// SPDX-License-Identifier: GPL-2.0-only
/*
 * Physical CPU bring-up through PSCI, and the cross-CPU services on SGIs:
 * call-function (SGI 1) and halt (SGI 2).
 */
#include <basalt/lib.h>
#include <basalt/errno.h>
#include <basalt/percpu.h>
#include <basalt/irq.h>
#include <basalt/time.h>
#include <basalt/fdt.h>
#include <basalt/spinlock.h>
#include <asm/smp.h>
#include <asm/psci.h>
#include <asm/sysregs.h>
#include <libfdt.h>

#define CPU_ON_TIMEOUT_NS SECONDS(2)

void secondary_entry(void); /* head.S */

/* One pending call per target CPU; callers queue behind its lock. */
struct call_slot {
	spinlock_t lock;
	void (*fn)(void *data);
	void *data;
	uint64_t seq_req;
	uint64_t seq_done;
	bool pending;
};

static struct call_slot call_slots[NR_CPUS];

unsigned int smp_enumerate_cpus(const void *fdt)
{
	uint64_t self = READ_SYSREG(mpidr_el1) & MPIDR_AFF_MASK;
	int cpus = fdt_path_offset(fdt, "/cpus");
	unsigned int n = 1;
	int node;

	percpu_setup(0, self);
	if (cpus < 0)
		return 1;
	fdt_for_each_subnode(node, fdt, cpus)
	{
		const char *type = fdt_getprop(fdt, node, "device_type", NULL);
		paddr_t mpidr;
		uint64_t size;

		if (!type || strcmp(type, "cpu") || !fdt_node_is_enabled(fdt, node))
			continue;
		if (fdt_get_reg(fdt, node, 0, &mpidr, &size))
			continue;
		if ((mpidr & MPIDR_AFF_MASK) == self)
			continue;
		if (n == NR_CPUS) {
			printk_level(LOG_WARNING, "more than %u CPUs in the DT: using %u\n",
				     NR_CPUS, NR_CPUS);
			break;
		}
		percpu_setup(n++, mpidr & MPIDR_AFF_MASK);
	}
	return n;
}

static int boot_one(unsigned int id)
{
	struct pcpu *c = pcpu_of(id);
	uint64_t deadline;
	int rc;

	rc = psci_cpu_on(c->mpidr, virt_to_phys(secondary_entry), id);
	if (rc != PSCI_SUCCESS) {
		printk_level(LOG_ERROR, "CPU%u (MPIDR %#lx): PSCI CPU_ON failed (%d)\n", id,
			     (unsigned long)c->mpidr, rc);
		return -EIO;
	}
	deadline = now_ns() + CPU_ON_TIMEOUT_NS;
	while (!READ_ONCE(c->online)) {
		if (now_ns() > deadline) {
			printk_level(LOG_ERROR, "CPU%u (MPIDR %#lx) did not come online\n", id,
				     (unsigned long)c->mpidr);
			return -ETIMEDOUT;
		}
		cpu_relax();
	}
	return 0;
}

void smp_boot_secondaries(void)
{
	for (unsigned int id = 1; id < nr_possible_cpus(); id++)
		boot_one(id);
}

static bool secondaries_released;

void smp_release_secondaries(void)
{
	atomic_store_release(&secondaries_released, true);
	dsb(ish);
	__asm__ volatile("sev");
}

void start_secondary(unsigned int id)
{
	gic_init_secondary();
	time_init_secondary();
	percpu_mark_online();
	printk("CPU%u online (MPIDR %#lx)\n", id, (unsigned long)this_cpu()->mpidr);
	/* Wait, serving interrupts, until the boot CPU has set up the scheduler. */
	local_irq_enable();
	while (!atomic_load_acquire(&secondaries_released))
		__asm__ volatile("wfe");
	local_irq_disable();
	sched_start_cpu();
}

/* Run the call queued for this CPU, if any (SGI handler, and while waiting). */
static void call_slot_run(void)
{
	struct call_slot *s = &call_slots[smp_processor_id()];
	void (*fn)(void *data);
	void *data;
	uint64_t seq;
	unsigned long flags = local_irq_save(); /* the SGI must not run it a second time */

	if (atomic_load_acquire(&s->pending)) {
		fn = s->fn;
		data = s->data;
		seq = s->seq_req;
		atomic_store_release(&s->pending, false);
		fn(data);
		atomic_store_release(&s->seq_done, seq);
	}
	local_irq_restore(flags);
}

int smp_call_function(unsigned int cpu, void (*fn)(void *data), void *data, bool wait)
{
	struct call_slot *s;
	uint64_t seq;

	if (cpu == smp_processor_id()) {
		unsigned long flags = local_irq_save();

		fn(data);
		local_irq_restore(flags);
		return 0;
	}
	if (cpu >= nr_possible_cpus() || !READ_ONCE(pcpu_of(cpu)->online))
		return -EINVAL;
	s = &call_slots[cpu];
	spin_lock(&s->lock);
	while (atomic_load_acquire(&s->pending))
		call_slot_run(); /* the target may be waiting on us: serve our own slot */
	s->fn = fn;
	s->data = data;
	seq = ++s->seq_req;
	atomic_store_release(&s->pending, true);
	spin_unlock(&s->lock);
	smp_send_sgi(cpu, SGI_CALL_FUNC);
	while (wait && atomic_load_acquire(&s->seq_done) < seq)
		call_slot_run();
	return 0;
}

static void sgi_call_func(unsigned int intid, void *data)
{
	call_slot_run();
}

static void __noreturn halt_self(void)
{
	local_irq_disable();
	WRITE_ONCE(this_cpu()->online, false);
	for (;;)
		__asm__ volatile("wfi");
}

static void sgi_halt(unsigned int intid, void *data)
{
	halt_self();
}

static void sgi_resched(unsigned int intid, void *data)
{
	sched_ipi();
}

void smp_halt_all(void)
{
	local_irq_disable();
	smp_send_sgi_others(SGI_HALT);
	halt_self();
}

void smp_init_sgis(void)
{
	irq_request(SGI_RESCHEDULE, sgi_resched, NULL);
	irq_request(SGI_CALL_FUNC, sgi_call_func, NULL);
	irq_request(SGI_HALT, sgi_halt, NULL);
}
