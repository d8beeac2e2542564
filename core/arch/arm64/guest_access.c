/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copies to and from the current vCPU's guest virtual addresses.
 *
 * Each page is translated by the hardware through the guest's own stage-1
 * tables (AT S1E1R/S1E1W, which also walks those tables through stage 2 and
 * faults if they are not the guest's memory), then the IPA is checked in the
 * stage-2 (p2m) to be the domain's own RAM (writable RAM for a write), and a
 * page reference is held while the bytes move. Anything else is -EFAULT: a
 * pointer from a guest is never trusted. PAR_EL1 belongs to the guest, so it
 * is saved and restored around the AT.
 */
#include <basalt/guest_access.h>
#include <basalt/domain.h>
#include <basalt/errno.h>
#include <basalt/lib.h>
#include <basalt/p2m.h>
#include <basalt/page_alloc.h>
#include <basalt/vcpu.h>
#include <asm/irqflags.h>
#include <asm/sysregs.h>

#define PAR_F	    BIT(0)
#define PAR_PA_MASK 0x0000fffffffff000UL

/* Stage-1 translation of @gva for the loaded guest context: 0 and the IPA, or -EFAULT. */
static int gva_to_ipa(vaddr_t gva, bool write, ipa_t *ipa)
{
	unsigned long flags = local_irq_save();
	uint64_t saved = READ_SYSREG(par_el1), par;

	if (write)
		__asm__ volatile("at s1e1w, %0" : : "r"(gva) : "memory");
	else
		__asm__ volatile("at s1e1r, %0" : : "r"(gva) : "memory");
	isb();
	par = READ_SYSREG(par_el1);
	WRITE_SYSREG(par_el1, saved);
	local_irq_restore(flags);
	if (par & PAR_F)
		return -EFAULT;
	*ipa = (par & PAR_PA_MASK) | (gva & ~PAGE_MASK);
	return 0;
}

/* Reference the guest RAM page behind @gva of the current vCPU. */
static int get_guest_page(vaddr_t gva, bool write, struct page_info **pg)
{
	struct vcpu *v = current_vcpu();
	enum p2m_type t;
	ipa_t ipa;

	if (!v || gva_to_ipa(gva, write, &ipa))
		return -EFAULT;
	if (p2m_get_page(&v->domain->p2m, ipa, pg, &t))
		return -EFAULT;
	/*
	 * As in Xen, hypercall memory is whatever the guest itself could access
	 * there: its RAM, and pages mapped in from Xen or other domains
	 * (shared_info, grant frames, grant maps). The page reference held
	 * across the copy keeps a foreign page alive.
	 */
	if (t == p2m_ram_rw || t == p2m_map_foreign_rw)
		return 0;
	if ((t == p2m_ram_ro || t == p2m_map_foreign_ro) && !write)
		return 0;
	page_put(*pg);
	return -EFAULT;
}

static int copy_guest(void *hyp, vaddr_t gva, size_t len, bool to_guest)
{
	while (len) {
		size_t off = gva & ~PAGE_MASK, n = MIN(len, PAGE_SIZE - off);
		struct page_info *pg;
		char *p;

		if (gva + n < gva || get_guest_page(gva, to_guest, &pg))
			return -EFAULT;
		p = (char *)page_to_virt(pg) + off;
		if (to_guest)
			memcpy(p, hyp, n);
		else
			memcpy(hyp, p, n);
		page_put(pg);
		hyp = (char *)hyp + n;
		gva += n;
		len -= n;
	}
	return 0;
}

int copy_from_guest(void *dst, vaddr_t gva, size_t len)
{
	return copy_guest(dst, gva, len, false);
}

int copy_to_guest(vaddr_t gva, const void *src, size_t len)
{
	return copy_guest((void *)src, gva, len, true);
}

int map_guest_gfn(struct domain *d, uint64_t gfn, bool writable, struct guest_page *out)
{
	struct page_info *pg;
	enum p2m_type t;

	if (gfn >= (1ULL << (48 - PAGE_SHIFT)))
		return -EINVAL;
	if (p2m_get_page(&d->p2m, gfn << PAGE_SHIFT, &pg, &t))
		return -EINVAL;
	if (t != p2m_ram_rw && !(t == p2m_ram_ro && !writable)) {
		page_put(pg);
		return -EINVAL;
	}
	out->pa = page_to_pa(pg);
	out->va = page_to_virt(pg);
	return 0;
}

void unmap_guest_page(struct guest_page *pg)
{
	if (!pg->va)
		return;
	page_put(pa_to_page(pg->pa));
	pg->va = NULL;
	pg->pa = 0;
}
