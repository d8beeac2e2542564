/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Facts about the host, read from /proc, /sys and uname. Where a Basalt
 * hypervisor runs underneath these describe dom0's view; the build host
 * (no hypervisor) reports itself, which is what it honestly knows.
 */
#ifndef VB_HOST_H
#define VB_HOST_H

#include <stdbool.h>
#include <stdint.h>
#include <glib.h>

#include "error.h"

struct vb_host_cpu {
	int id;
	int socket_id;
	int core_id;
	bool online;
	char *siblings; /* thread_siblings_list, e.g. "0,4" */
};

struct vb_host_info {
	char arch[65];			    /* uname -m */
	char model[32];			    /* nodeinfo model: the arch, as libvirt reports it */
	uint64_t memory_kib;		    /* MemTotal */
	int cpus;			    /* online CPUs */
	int cpus_present;		    /* highest present CPU + 1 */
	int mhz;			    /* 0 when the host does not say */
	int nodes, sockets, cores, threads; /* sockets per node, cores per socket */
	GArray *cpu;			    /* struct vb_host_cpu, cpus_present entries */
};

/* Gather the facts; -1 with err set if /proc or uname cannot be read. */
int vb_host_info_get(struct vb_host_info *hi, struct vb_error *err);
void vb_host_info_dispose(struct vb_host_info *hi);

/* /proc/meminfo fields in KiB (0 when absent). */
struct vb_host_mem {
	uint64_t total, free, buffers, cached;
};
int vb_host_mem_get(struct vb_host_mem *m, struct vb_error *err);

/* /proc/stat times of one CPU (cpu >= 0) or of all (cpu == -1), in ns. */
struct vb_host_cpu_times {
	uint64_t kernel, user, idle, iowait;
};
int vb_host_cpu_times_get(int cpu, struct vb_host_cpu_times *t, struct vb_error *err);

/* A stable host UUID string (from /etc/machine-id), newly allocated. */
char *vb_host_uuid(void);

/* Parse a sysfs CPU list ("0-3,6"); cpus beyond max are ignored. */
int vb_host_parse_cpulist(const char *list, bool *set, int max);

#endif
