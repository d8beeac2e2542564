/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Trap-and-emulate MMIO: a domain registers handlers for IPA ranges that are
 * not RAM; a guest data abort in such a range is decoded (ISS) by traps.c and
 * dispatched here. Handlers see the offset from the start of their range.
 */
#ifndef BASALT_MMIO_H
#define BASALT_MMIO_H

#include <basalt/types.h>

struct domain;
struct vcpu;

/*
 * Callbacks of an emulated device. @size is the access width in bytes (1, 2,
 * 4 or 8). A read stores the zero-extended value in *@val (traps.c sign-extends
 * if the instruction asks for it). Return 0 on success; a negative errno makes
 * the access fault: a data abort is injected into the guest.
 */
struct mmio_ops {
	int (*read)(struct vcpu *v, ipa_t offset, unsigned int size, uint64_t *val, void *priv);
	int (*write)(struct vcpu *v, ipa_t offset, unsigned int size, uint64_t val, void *priv);
};

struct mmio_handler {
	ipa_t base;
	uint64_t size;
	const struct mmio_ops *ops;
	void *priv;
};

/* Emulated ranges per domain: GIC distributor, redistributors, vPL011, ... */
#define DOMAIN_MAX_MMIO_HANDLERS 16

/* Embedded in struct domain; registration happens only while building. */
struct mmio_handlers {
	unsigned int count;
	struct mmio_handler h[DOMAIN_MAX_MMIO_HANDLERS];
};

/*
 * Register @ops for [@base, @base + @size). Returns -EINVAL for an empty or
 * overlapping range, -ENOSPC when the table is full.
 */
int domain_register_mmio(struct domain *d, ipa_t base, uint64_t size, const struct mmio_ops *ops,
			 void *priv);

/* The handler covering [@ipa, @ipa + @len), or NULL. */
const struct mmio_handler *mmio_find(const struct domain *d, ipa_t ipa, unsigned int len);

/*
 * Perform one access for @v. Returns 0 when emulated, -ENOENT when no handler
 * covers @ipa, or the handler's negative errno.
 */
int mmio_dispatch(struct vcpu *v, ipa_t ipa, bool is_write, unsigned int size, uint64_t *val);

#endif
