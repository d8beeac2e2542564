// SPDX-License-Identifier: GPL-2.0-only
/* Registration and dispatch of a domain's emulated MMIO ranges. */
#include <basalt/domain.h>
#include <basalt/errno.h>
#include <basalt/lib.h>
#include <basalt/mmio.h>

static bool ranges_overlap(ipa_t a, uint64_t alen, ipa_t b, uint64_t blen)
{
	return a < b + blen && b < a + alen;
}

int domain_register_mmio(struct domain *d, ipa_t base, uint64_t size, const struct mmio_ops *ops,
			 void *priv)
{
	struct mmio_handlers *m = &d->mmio;
	unsigned int i;

	if (size == 0 || base + size < base || !ops || !ops->read || !ops->write)
		return -EINVAL;
	for (i = 0; i < m->count; i++)
		if (ranges_overlap(base, size, m->h[i].base, m->h[i].size))
			return -EINVAL;
	if (m->count == DOMAIN_MAX_MMIO_HANDLERS)
		return -ENOSPC;
	m->h[m->count] =
	    (struct mmio_handler){.base = base, .size = size, .ops = ops, .priv = priv};
	/* Publish the entry before the count that makes it visible to other pCPUs. */
	__atomic_store_n(&m->count, m->count + 1, __ATOMIC_RELEASE);
	return 0;
}

const struct mmio_handler *mmio_find(const struct domain *d, ipa_t ipa, unsigned int len)
{
	unsigned int i, count = __atomic_load_n(&d->mmio.count, __ATOMIC_ACQUIRE);

	for (i = 0; i < count; i++) {
		const struct mmio_handler *h = &d->mmio.h[i];

		if (ipa >= h->base && ipa - h->base + len <= h->size)
			return h;
	}
	return NULL;
}

int mmio_dispatch(struct vcpu *v, ipa_t ipa, bool is_write, unsigned int size, uint64_t *val)
{
	const struct mmio_handler *h = mmio_find(v->domain, ipa, size);

	if (!h)
		return -ENOENT;
	if (is_write)
		return h->ops->write(v, ipa - h->base, size, *val, h->priv);
	*val = 0;
	return h->ops->read(v, ipa - h->base, size, val, h->priv);
}
