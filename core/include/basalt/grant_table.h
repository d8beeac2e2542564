/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Xen grant tables, version 1.
 *
 * A domain's table is a set of hypervisor-owned frames (grant_entry_v1_t,
 * 512 per frame) the guest maps into its grant window with
 * XENMEM_add_to_physmap(XENMAPSPACE_grant_table); the table grows up to a
 * per-domain frame limit (Xen's default, 64).
 *
 * Mapping a foreign grant (GNTTABOP_map_grant_ref) pins the entry (the
 * granter sees GTF_reading, and GTF_writing for a writable map, until the
 * last pin goes), inserts the granter's frame into the mapper's stage-2 with
 * a page reference held, and records a maptrack handle in the mapper. A
 * mapper's destruction unmaps all its handles; a granter's destruction
 * leaves the mappers' frames alive (the page references) until they unmap.
 */
#ifndef BASALT_GRANT_TABLE_H
#define BASALT_GRANT_TABLE_H

#include <basalt/types.h>
#include <basalt/spinlock.h>
#include <basalt/xen_abi.h>

struct xen_domain;

#define GNTTAB_DEFAULT_MAX_FRAMES   64	 /* Xen's max_grant_frames default */
#define GNTTAB_MAX_FRAMES_LIMIT	    1024 /* highest limit a domain may be given */
#define GNTTAB_ENTRIES_PER_FRAME    (PAGE_SIZE / sizeof(grant_entry_v1_t))
#define GNTTAB_MAPTRACK_CHUNK	    256
#define GNTTAB_DEFAULT_MAX_MAPTRACK 65536 /* handles per mapper */

/* Per granted entry: how it is pinned by maps of other domains. */
struct grant_active {
	uint16_t rd_pins; /* read-only maps */
	uint16_t wr_pins; /* writable maps */
	uint64_t gfn;	  /* granter's frame, fixed while pinned */
	paddr_t pa;
};

/* A mapping made by this domain (the mapper) of someone's grant. */
struct grant_mapping {
	bool in_use;
	bool readonly;
	domid_t granter;
	uint64_t granter_serial; /* tells a reused domid from the original granter */
	grant_ref_t ref;
	uint64_t gfn; /* where it sits in the mapper's physmap */
	paddr_t pa;
};

struct grant_table {
	spinlock_t lock;
	unsigned int nr_frames;		 /* frames allocated (grow only) */
	unsigned int max_frames;	 /* per-domain limit */
	unsigned int version;		 /* 1 */
	void **frame;			 /* [max_frames] hypervisor VAs of the shared frames */
	uint64_t *frame_gfn;		 /* [max_frames] where each frame is mapped, or ~0 */
	struct grant_active **active;	 /* [max_frames] x GNTTAB_ENTRIES_PER_FRAME, lazy */
	struct grant_mapping **maptrack; /* chunks of GNTTAB_MAPTRACK_CHUNK */
	unsigned int maptrack_chunks;
	unsigned int maptrack_limit;
};

int grant_table_init(struct xen_domain *xd, unsigned int max_frames);
/* Unmap every mapping this domain made, then free the table. */
void grant_table_destroy(struct xen_domain *xd);

/* XENMEM_add_to_physmap(XENMAPSPACE_grant_table): map frame @idx at @gfn. */
int grant_table_map_frame(struct xen_domain *xd, uint64_t idx, uint64_t gfn);
/* The frame at @gfn is being removed from the physmap (remove_from_physmap). */
bool grant_table_forget_gfn(struct xen_domain *xd, uint64_t gfn);
/* Number of live maptrack handles (for tests and the 'g' debug key). */
unsigned int grant_table_nr_mappings(struct xen_domain *xd);

/* GNTTABOP_* (grant_table_op, hypercall 20) for the current vCPU. */
long do_grant_table_op(unsigned long cmd, vaddr_t uop, unsigned long count);

/* Hypervisor-side: fill entry @ref of @xd granting @gfn to @grantee (console ring, ref 0). */
int grant_table_prefill(struct xen_domain *xd, grant_ref_t ref, domid_t grantee, uint64_t gfn,
			bool readonly);

#endif
