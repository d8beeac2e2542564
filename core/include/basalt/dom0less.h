/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Dom0less domain descriptions: the children of the host DT's /chosen that
 * are compatible "xen,domain" (Xen's binding, docs/misc/arm/device-tree/
 * booting.txt), parsed and validated into plain structures at boot:
 *
 *   domU1 {
 *       compatible = "xen,domain";
 *       #address-cells = <2>; #size-cells = <2>;   (for the modules' reg)
 *       memory = <0 0x40000>;                       (KiB, 1 or 2 cells)
 *       cpus = <2>;
 *       vpl011;                                     (optional)
 *       xen,enhanced = "enabled";                   (optional: Xen ABI node)
 *       basalt,console-io;                          (optional, Basalt's own:
 *                                                    reads the hypervisor
 *                                                    console, CONSOLEIO_read)
 *       module@4a000000 {
 *           compatible = "multiboot,kernel", "multiboot,module";
 *           reg = <0 0x4a000000 0 0x1800000>;
 *           bootargs = "console=ttyAMA0";           (or on the domain node)
 *       };
 *       module@4c000000 {
 *           compatible = "multiboot,ramdisk", "multiboot,module";
 *           reg = <...>;
 *       };
 *       ec1: evtchn@1 {                             (static event channels)
 *           compatible = "xen,evtchn-v1";
 *           xen,evtchn = <0xa &ec2>;                (local port, peer node)
 *       };
 *   };
 */
#ifndef BASALT_DOM0LESS_H
#define BASALT_DOM0LESS_H

#include <basalt/types.h>

#define DOM0LESS_MAX_DOMAINS  128
#define DOM0LESS_NAME_LEN     32
#define DOM0LESS_BOOTARGS_LEN 1024
#define DOM0LESS_MAX_EVTCHNS  16
/* Highest port the FIFO ABI can name (2^17 - 1) */
#define DOM0LESS_EVTCHN_PORT_MAX 0x1ffffu

struct dom0less_module {
	paddr_t start; /* host physical */
	uint64_t size; /* 0: absent */
};

/* A static event channel: local port in this domain, connected to a peer. */
struct dom0less_evtchn {
	uint32_t local_port;
	uint32_t phandle;      /* of this xen,evtchn node */
	uint32_t peer_phandle; /* the xen,evtchn node it links to */
	/*
	 * The peer resolved by dom0less_parse(): index of the peer domain in the
	 * output array and its local port, or peer_domain = -1 when the peer node
	 * sits directly under /chosen (it belongs to dom0, which we do not have
	 * in dom0less; the XEN side decides what to do with it).
	 */
	int peer_domain;
	uint32_t peer_port;
};

struct dom0less_domain {
	char name[DOM0LESS_NAME_LEN]; /* the node's name, e.g. "domU1" */
	uint64_t memory_kib;
	unsigned int cpus;
	bool vpl011;
	bool xen_enhanced; /* "xen,enhanced" present: expose the Xen ABI */
	bool console_io;   /* "basalt,console-io": a console owner (<basalt/console_input.h>) */
	struct dom0less_module kernel;
	struct dom0less_module ramdisk;	      /* size 0 if none */
	char bootargs[DOM0LESS_BOOTARGS_LEN]; /* "" if none */
	unsigned int nr_evtchns;
	struct dom0less_evtchn evtchn[DOM0LESS_MAX_EVTCHNS];
};

/*
 * Parse every "xen,domain" node under /chosen of @fdt into @out (up to @max),
 * setting *@count. No /chosen or no domains: 0 with *@count = 0. Any invalid
 * node (no kernel, zero memory, too many cpus, overlapping modules, bad
 * event channel, ...) fails the whole parse with -EINVAL after printing an
 * error that names the node; -E2BIG if there are more than @max domains.
 */
int dom0less_parse(const void *fdt, struct dom0less_domain *out, unsigned int max,
		   unsigned int *count);

#endif
