/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Minimal runtime of the bare-metal test guests: Xen hypercall wrappers,
 * console output through CONSOLEIO_write, PASS/FAIL reporting and PSCI
 * SYSTEM_OFF. Each guest provides void guest_main(void).
 */
#ifndef GUEST_RT_H
#define GUEST_RT_H

#define __XEN_INTERFACE_VERSION__ 0x00040e00
#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include <xen/xen.h>
#include <xen/event_channel.h>
#include <xen/grant_table.h>
#include <xen/memory.h>
#include <xen/vcpu.h>
#include <xen/sched.h>
#include <xen/version.h>
#include <xen/features.h>
#include <xen/hvm/params.h>
#include <xen/hvm/hvm_op.h>

#define PAGE_SIZE  4096UL
#define EFAULT	   14
#define EINVAL	   22
#define ENOSYS	   38
#define EPERM	   1
#define ESRCH	   3
#define ENXIO	   6
#define ENOENT	   2
#define EEXIST	   17
#define EBUSY	   16
#define ENOSPC	   28
#define EOPNOTSUPP 95

long xen_hypercall(unsigned long nr, unsigned long a0, unsigned long a1, unsigned long a2,
		   unsigned long a3, unsigned long a4);
uint64_t smccc_call(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3);

static inline long HYPERVISOR_xen_version(int cmd, void *arg)
{
	return xen_hypercall(__HYPERVISOR_xen_version, cmd, (unsigned long)arg, 0, 0, 0);
}
static inline long HYPERVISOR_event_channel_op(int cmd, void *arg)
{
	return xen_hypercall(__HYPERVISOR_event_channel_op, cmd, (unsigned long)arg, 0, 0, 0);
}
static inline long HYPERVISOR_grant_table_op(int cmd, void *arg, unsigned int count)
{
	return xen_hypercall(__HYPERVISOR_grant_table_op, cmd, (unsigned long)arg, count, 0, 0);
}
static inline long HYPERVISOR_memory_op(int cmd, void *arg)
{
	return xen_hypercall(__HYPERVISOR_memory_op, cmd, (unsigned long)arg, 0, 0, 0);
}
static inline long HYPERVISOR_sched_op(int cmd, void *arg)
{
	return xen_hypercall(__HYPERVISOR_sched_op, cmd, (unsigned long)arg, 0, 0, 0);
}
static inline long HYPERVISOR_vcpu_op(int cmd, unsigned int vcpu, void *arg)
{
	return xen_hypercall(__HYPERVISOR_vcpu_op, cmd, vcpu, (unsigned long)arg, 0, 0);
}
static inline long HYPERVISOR_hvm_op(int cmd, void *arg)
{
	return xen_hypercall(__HYPERVISOR_hvm_op, cmd, (unsigned long)arg, 0, 0, 0);
}
static inline long HYPERVISOR_console_io(int cmd, unsigned int count, const void *buf)
{
	return xen_hypercall(__HYPERVISOR_console_io, cmd, count, (unsigned long)buf, 0, 0);
}

/* Output and reporting. */
void rt_puts(const char *s);
void rt_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* One PASS/FAIL line per case: check(name, got == want). */
void rt_check(const char *name, bool ok);
/*
 * Print the SUMMARY and RESULT lines now (once); for a guest whose last
 * step ends it (a shutdown the hypervisor does not return from).
 */
void rt_finish(void);
#define CHECK_EQ(name, got, want)                                                                  \
	do {                                                                                       \
		long _g = (long)(got), _w = (long)(want);                                          \
		if (_g != _w)                                                                      \
			rt_printf("  %s: got %ld, want %ld\n", name, _g, _w);                      \
		rt_check(name, _g == _w);                                                          \
	} while (0)

/* A page-aligned region of free guest RAM after the image, for test buffers. */
void *rt_alloc_pages(unsigned int n);
/* Physical frame of a guest address (the runtime maps VA == IPA). */
static inline uint64_t rt_gfn(const void *p)
{
	return (uint64_t)(uintptr_t)p >> 12;
}

void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);

/* Provided by each guest. */
void guest_main(void);

#endif
