/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Host test double of the hypervisor around the Xen ABI code: guest physical
 * memory and stage-2 (a gfn -> page table per domain), stage-1 as identity
 * (a guest VA is its IPA), page references, and a record of what the ABI
 * asked of the scheduler, vGIC and console. The ABI logic under test is the
 * real code from core/common.
 */
#ifndef XEN_FAKE_ENV_H
#define XEN_FAKE_ENV_H

#include <basalt/xen_domain.h>
#include <basalt/xen_env.h>
#include <glib.h>

#define FAKE_RAM_BASE_GFN 0x40000ULL /* IPA 0x40000000 */
#define FAKE_GNT_BASE_GFN 0x38000ULL /* the grant window */

struct domain {
	struct xen_domain *xd;
	GHashTable *p2m; /* gfn -> struct fake_map * */
	uint64_t ram_pages;
	uint64_t next_free_gfn; /* bump allocator for test buffers in RAM */
	int shutdown_reason;	/* -1: none */
	uint64_t scratch_gpa;	/* argument buffer of the test helpers */
};

struct fake_vcpu_rec {
	bool upcall; /* PPI 31 level */
	unsigned int kicks;
	bool blocked;
	uint64_t block_deadline;
	unsigned int yields;
};

void fake_env_reset(void);
/* A domain with @ram_pages of RAM at FAKE_RAM_BASE_GFN and its Xen state. */
struct domain *fake_domain_new(domid_t id, unsigned int nr_vcpus, uint64_t ram_pages,
			       const struct xen_domain_config *cfg);
void fake_domain_free(struct domain *d);
/* Make vCPU @vcpu of @d the caller of hypercalls. */
void fake_set_current(struct domain *d, unsigned int vcpu);
/* Allocate @size bytes (page-aligned) of @d's RAM; returns the guest address. */
uint64_t fake_guest_alloc(struct domain *d, size_t size);
/* Host pointer to guest address @ipa of @d (NULL if not mapped). */
void *fake_gpa_ptr(struct domain *d, uint64_t ipa);
/* Kind of mapping at @gfn: 0 none, 1 RAM, 2 foreign/hypervisor rw, 3 foreign ro. */
int fake_p2m_kind(struct domain *d, uint64_t gfn);
struct fake_vcpu_rec *fake_vcpu_rec(struct xen_vcpu *xv);
/* Pages of host memory currently allocated (RAM, tables, frames). */
long fake_live_pages(void);
long fake_live_allocs(void);
void fake_set_now(uint64_t ns);
GString *fake_console_out(void);
/*
 * Type @s on the hypervisor console with input on domain @id: the characters
 * go to the CONSOLEIO reader @id attached. false if it has none.
 */
bool fake_console_type(domid_t id, const char *s);

/* Issue hypercall @nr as the current vCPU. */
long hcall(unsigned long nr, register_t a0, register_t a1, register_t a2);

#endif
