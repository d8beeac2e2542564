// SPDX-License-Identifier: GPL-2.0-only
/* vCPU creation, destruction and power state (PSCI CPU_ON/CPU_OFF). */
#include <basalt/domain.h>
#include <basalt/errno.h>
#include <basalt/lib.h>
#include <basalt/vcpu.h>
#include <basalt/vgic.h>
#include <basalt/xmalloc.h>

struct vcpu *vcpu_create(struct domain *d, unsigned int id)
{
	struct vcpu *v = xzalloc(struct vcpu);
	int rc;

	if (!v)
		return NULL;
	v->id = id;
	v->domain = d;
	v->pause_flags = VPF_DOWN;
	rc = vcpu_arch_init(v);
	if (rc)
		goto out_free;
	rc = vgic_vcpu_init(v);
	if (rc)
		goto out_arch;
	rc = sched_vcpu_init(v);
	if (rc)
		goto out_arch;
	return v;

out_arch:
	vcpu_arch_destroy(v);
out_free:
	printk_level(LOG_ERROR, "d%uv%u: creation failed (%d)\n", d->id, id, rc);
	xfree(v);
	return NULL;
}

void vcpu_destroy(struct vcpu *v)
{
	sched_vcpu_destroy(v);
	vcpu_arch_destroy(v);
	xfree(v);
}

void vcpu_power_on(struct vcpu *v, register_t entry, register_t context_id)
{
	vcpu_arch_reset(v, entry, context_id);
	vcpu_pause_flag_clear(v, VPF_DOWN);
}

void vcpu_power_off(struct vcpu *v)
{
	vcpu_pause_flag_set(v, VPF_DOWN);
}

bool vcpu_is_down(const struct vcpu *v)
{
	return READ_ONCE(v->pause_flags) & VPF_DOWN;
}
