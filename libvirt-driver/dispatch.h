/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The dispatch contract between the RPC server and procedure handlers.
 *
 * One handler per remote procedure, named vb_<proc> after the .x file
 * (REMOTE_PROC_DOMAIN_GET_INFO -> vb_domain_get_info). The dispatcher has
 * already checked the connection state (open, read-only) and decoded the
 * arguments when the handler runs:
 *
 *   int vb_<proc>(struct vb_client *c, const void *args, void *ret,
 *                 struct vb_error *err);
 *
 *   args  points to the decoded remote_<proc>_args (NULL for void). It
 *         belongs to the dispatcher: read it, never free or keep pointers
 *         into it.
 *   ret   points to a zeroed remote_<proc>_ret (NULL for void). Fill it with
 *         memory from malloc()/strdup()/g_malloc()/g_strdup(): the
 *         dispatcher encodes it and releases it with xdr_free().
 *   err   on failure call vb_error_set(err, code, domain, "...") and return
 *         -1; ret is then released and not sent. Return 0 on success.
 *
 * Handlers run one at a time on the daemon's main loop thread (see
 * HACKING): no locking is needed, but a handler must not block for long.
 */
#ifndef VB_DISPATCH_H
#define VB_DISPATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <rpc/rpc.h>

#include "basalt_remote.h"
#include "error.h"

struct vb_client;

typedef int (*vb_dispatch_fn)(struct vb_client *c, const void *args, void *ret,
			      struct vb_error *err);

enum vb_proc_flags {
	VB_PROC_WRITE = 1u << 0,   /* changes state: refused on read-only connections */
	VB_PROC_PREOPEN = 1u << 1, /* allowed before CONNECT_OPEN */
	VB_PROC_RUNTIME = 1u << 2, /* needs a running hypervisor */
};

/* One row of the generated table (remote_dispatch_table.c). */
struct vb_proc {
	int proc;
	const char *name; /* without REMOTE_PROC_ */
	xdrproc_t args_filter;
	size_t args_size;
	xdrproc_t ret_filter;
	size_t ret_size;
	vb_dispatch_fn fn; /* NULL: not linked yet, answered as unknown procedure */
	unsigned int flags;
};

extern const struct vb_proc vb_remote_procs[];
extern const size_t vb_remote_nprocs;

/* The table row for a procedure number, or NULL. */
const struct vb_proc *vb_proc_lookup(int proc);

/* True if this client connected on the read-only socket or opened with
 * VIR_CONNECT_RO. */
bool vb_client_readonly(const struct vb_client *c);

/* The procedure being dispatched for c (valid inside a handler). */
const struct vb_proc *vb_client_current_proc(const struct vb_client *c);

/*
 * Handle one whole frame a client sent (length word included): keepalive,
 * remote CALLs, and the errors libvirtd gives for anything else. May close
 * the client.
 */
void vb_dispatch_frame(struct vb_client *c, const uint8_t *frame, size_t len);

/* Answer for every @runtime procedure while no hypervisor is underneath. */
int vb_runtime_no_hypervisor(struct vb_client *c, const void *args, void *ret,
			     struct vb_error *err);

#endif
