/* SPDX-License-Identifier: GPL-2.0-only */
/* Dispatch, xen_version, memory_op, vcpu_op, vm_assist, sched_op, hvm_op, console_io. */
#include "xen_test.h"

struct fixture {
	struct domain *d1, *d0; /* a domU and a privileged domain */
};

static void setup(struct fixture *f, gconstpointer data)
{
	struct xen_domain_config priv = {.privileged = true};
	struct xen_domain_config con = {.console_backend = true, .console_gfn = 0x39000};

	fake_env_reset();
	f->d1 = fake_domain_new(1, 2, 64, &con);
	f->d0 = fake_domain_new(0, 1, 16, &priv);
	scratch(f->d1);
	scratch(f->d0);
}

static void teardown(struct fixture *f, gconstpointer data)
{
	fake_domain_free(f->d0);
	fake_domain_free(f->d1);
	g_assert_cmpint(fake_live_allocs(), ==, 0);
	g_assert_cmpint(fake_live_pages(), ==, 0);
}

static long call(struct domain *d, unsigned long nr, unsigned long a0, unsigned long a1,
		 unsigned long a2)
{
	fake_set_current(d, 0);
	return hcall(nr, a0, a1, a2);
}

static void test_dispatch(struct fixture *f, gconstpointer data)
{
	unsigned long nr;

	for (nr = 0; nr < 70; nr++) {
		bool known = nr == 12 || nr == 17 || nr == 18 || nr == 20 || nr == 21 || nr == 24 ||
			     nr == 29 || nr == 32 || nr == 34;

		if (!known)
			g_assert_cmpint(call(f->d1, nr, 0, 0, 0), ==, -ENOSYS);
	}
	g_assert_cmpint(call(f->d1, ~0UL, 0, 0, 0), ==, -ENOSYS);
}

static void test_xen_version(struct fixture *f, gconstpointer data)
{
	uint64_t g = scratch(f->d1);
	struct xen_feature_info *fi = fake_gpa_ptr(f->d1, g);
	unsigned long sub;

	g_assert_cmpint(call(f->d1, __HYPERVISOR_xen_version, XENVER_version, 0, 0), ==, 0x40011);
	g_assert_cmpint(call(f->d1, __HYPERVISOR_xen_version, XENVER_pagesize, 0, 0), ==, 4096);
	fi->submap_idx = 0;
	g_assert_cmpint(call(f->d1, __HYPERVISOR_xen_version, XENVER_get_features, g, 0), ==, 0);
	g_assert_cmpuint(fi->submap & (1U << XENFEAT_auto_translated_physmap), !=, 0);
	g_assert_cmpuint(fi->submap & (1U << XENFEAT_not_direct_mapped), !=, 0);
	g_assert_cmpuint(fi->submap & (1U << XENFEAT_dom0), ==, 0);
	fi->submap_idx = 1;
	g_assert_cmpint(call(f->d1, __HYPERVISOR_xen_version, XENVER_get_features, g, 0), ==,
			-EINVAL);
	fi = fake_gpa_ptr(f->d0, scratch(f->d0));
	fi->submap_idx = 0;
	g_assert_cmpint(
	    call(f->d0, __HYPERVISOR_xen_version, XENVER_get_features, scratch(f->d0), 0), ==, 0);
	g_assert_cmpuint(fi->submap & (1U << XENFEAT_dom0), !=, 0);
	for (sub = XENVER_extraversion; sub <= XENVER_guest_handle; sub++) {
		if (sub == XENVER_get_features || sub == XENVER_pagesize)
			continue;
		g_assert_cmpint(call(f->d1, __HYPERVISOR_xen_version, sub, g, 0), ==, 0);
		g_assert_cmpint(call(f->d1, __HYPERVISOR_xen_version, sub, 0x10, 0), ==, -EFAULT);
	}
	g_assert_cmpint(call(f->d1, __HYPERVISOR_xen_version, XENVER_capabilities, g, 0), ==, 0);
	g_assert_cmpstr(fake_gpa_ptr(f->d1, g), ==, "xen-3.0-aarch64 ");
	g_assert_cmpint(call(f->d1, __HYPERVISOR_xen_version, XENVER_commandline, g, 0), ==, 0);
	g_assert_cmpstr(fake_gpa_ptr(f->d1, g), ==, "<denied>");
	g_assert_cmpint(
	    call(f->d0, __HYPERVISOR_xen_version, XENVER_commandline, scratch(f->d0), 0), ==, 0);
	g_assert_cmpint(call(f->d1, __HYPERVISOR_xen_version, XENVER_build_id, g, 0), ==, -EPERM);
	g_assert_cmpint(call(f->d1, __HYPERVISOR_xen_version, 11, g, 0), ==, -ENOSYS);
}

static void test_memory_op(struct fixture *f, gconstpointer data)
{
	uint64_t g = scratch(f->d1), list = g + 512;
	struct xen_add_to_physmap x = {
	    .domid = DOMID_SELF, .space = XENMAPSPACE_shared_info, .gpfn = 0x40030};
	struct xen_memory_reservation r = {.nr_extents = 2, .domid = DOMID_SELF};
	uint64_t *gfns = fake_gpa_ptr(f->d1, list);
	domid_t *id = fake_gpa_ptr(f->d1, g + 1024);

	g_assert_cmpint(
	    op_hcall(f->d1, __HYPERVISOR_memory_op, XENMEM_add_to_physmap, &x, sizeof(x), 0), ==,
	    0);
	/* The guest now sees the hypervisor's shared_info at that frame. */
	g_assert_true(fake_gpa_ptr(f->d1, 0x40030ULL << PAGE_SHIFT) ==
		      (void *)f->d1->xd->shared_info);
	g_assert_cmpuint(f->d1->xd->shared_info->wc_sec, !=, 0);
	x.gpfn = 0x40031;
	g_assert_cmpint(
	    op_hcall(f->d1, __HYPERVISOR_memory_op, XENMEM_add_to_physmap, &x, sizeof(x), 0), ==,
	    -EBUSY);
	x.idx = 1;
	g_assert_cmpint(
	    op_hcall(f->d1, __HYPERVISOR_memory_op, XENMEM_add_to_physmap, &x, sizeof(x), 0), ==,
	    -EINVAL);
	x.space = XENMAPSPACE_gmfn;
	g_assert_cmpint(
	    op_hcall(f->d1, __HYPERVISOR_memory_op, XENMEM_add_to_physmap, &x, sizeof(x), 0), ==,
	    -ENOSYS);
	x.space = XENMAPSPACE_shared_info;
	x.domid = 0;
	g_assert_cmpint(
	    op_hcall(f->d1, __HYPERVISOR_memory_op, XENMEM_add_to_physmap, &x, sizeof(x), 0), ==,
	    -EPERM);

	/* Balloon out two pages, then back in. */
	*id = DOMID_SELF;
	g_assert_cmpint(
	    call(f->d1, __HYPERVISOR_memory_op, XENMEM_current_reservation, g + 1024, 0), ==,
	    63); /* the shared_info frame replaced a RAM page */
	g_assert_cmpint(
	    call(f->d1, __HYPERVISOR_memory_op, XENMEM_maximum_reservation, g + 1024, 0), ==, 64);
	gfns[0] = 0x40020;
	gfns[1] = 0x40021;
	r.extent_start.p = (void *)(uintptr_t)list;
	g_assert_cmpint(
	    op_hcall(f->d1, __HYPERVISOR_memory_op, XENMEM_decrease_reservation, &r, sizeof(r), 0),
	    ==, 2);
	g_assert_cmpint(fake_p2m_kind(f->d1, 0x40020), ==, 0);
	g_assert_cmpint(
	    call(f->d1, __HYPERVISOR_memory_op, XENMEM_current_reservation, g + 1024, 0), ==, 61);
	/* Already ballooned out: nothing done. */
	g_assert_cmpint(
	    op_hcall(f->d1, __HYPERVISOR_memory_op, XENMEM_decrease_reservation, &r, sizeof(r), 0),
	    ==, 0);
	g_assert_cmpint(
	    op_hcall(f->d1, __HYPERVISOR_memory_op, XENMEM_populate_physmap, &r, sizeof(r), 0), ==,
	    2);
	g_assert_cmpint(fake_p2m_kind(f->d1, 0x40021), ==, 1);
	/* At the maximum: populate stops. */
	gfns[0] = 0x50000;
	gfns[1] = 0x50001;
	g_assert_cmpint(
	    op_hcall(f->d1, __HYPERVISOR_memory_op, XENMEM_populate_physmap, &r, sizeof(r), 0), ==,
	    1);
	g_assert_cmpint(
	    op_hcall(f->d1, __HYPERVISOR_memory_op, XENMEM_populate_physmap, &r, sizeof(r), 0), ==,
	    0);
	r.extent_order = 20;
	g_assert_cmpint(
	    op_hcall(f->d1, __HYPERVISOR_memory_op, XENMEM_populate_physmap, &r, sizeof(r), 0), ==,
	    -EINVAL);
	/* remove_from_physmap of shared_info, then it may be placed again. */
	{
		struct xen_remove_from_physmap rm = {.domid = DOMID_SELF, .gpfn = 0x40030};

		g_assert_cmpint(op_hcall(f->d1, __HYPERVISOR_memory_op, XENMEM_remove_from_physmap,
					 &rm, sizeof(rm), 0),
				==, 0);
		g_assert_cmpint(op_hcall(f->d1, __HYPERVISOR_memory_op, XENMEM_remove_from_physmap,
					 &rm, sizeof(rm), 0),
				==, -ENOENT);
	}
	/* 1000 extents: more than one piece, finished through continuations. */
	{
		uint64_t list_gpa = fake_guest_alloc(f->d1, 2 * PAGE_SIZE);
		uint64_t *many = fake_gpa_ptr(f->d1, list_gpa);
		unsigned int i;

		r.extent_order = 0;
		r.nr_extents = 1000;
		r.extent_start.p = (void *)(uintptr_t)list_gpa;
		for (i = 0; i < 1000; i++) {
			if (i == 512)
				many = fake_gpa_ptr(f->d1, list_gpa + PAGE_SIZE) - 512 * 8;
			many[i] = 0x60000 + i;
		}
		f->d1->xd->max_pages = 2000;
		g_assert_cmpint(op_hcall(f->d1, __HYPERVISOR_memory_op, XENMEM_populate_physmap, &r,
					 sizeof(r), 0),
				==, 1000);
		g_assert_cmpint(fake_p2m_kind(f->d1, 0x60000 + 999), ==, 1);
	}
	g_assert_cmpint(call(f->d1, __HYPERVISOR_memory_op, 99, g, 0), ==, -ENOSYS);
	g_assert_cmpint(call(f->d1, __HYPERVISOR_memory_op, XENMEM_add_to_physmap, 0x100, 0), ==,
			-EFAULT);
}

static void test_physmap_batch_foreign(struct fixture *f, gconstpointer data)
{
	uint64_t g = scratch(f->d0);
	uint64_t *idx = fake_gpa_ptr(f->d0, g + 256), *gpfn = fake_gpa_ptr(f->d0, g + 512);
	int *errs = fake_gpa_ptr(f->d0, g + 768);
	struct xen_add_to_physmap_batch b = {.domid = DOMID_SELF,
					     .space = XENMAPSPACE_gmfn_foreign,
					     .size = 2,
					     .u.foreign_domid = 1};

	b.idxs.p = (void *)(uintptr_t)(g + 256);
	b.gpfns.p = (void *)(uintptr_t)(g + 512);
	b.errs.p = (void *)(uintptr_t)(g + 768);
	idx[0] = 0x40005;
	idx[1] = 0x1; /* not RAM of d1 */
	gpfn[0] = 0x90000;
	gpfn[1] = 0x90001;
	g_assert_cmpint(
	    op_hcall(f->d0, __HYPERVISOR_memory_op, XENMEM_add_to_physmap_batch, &b, sizeof(b), 0),
	    ==, 0);
	g_assert_cmpint(errs[0], ==, 0);
	g_assert_cmpint(errs[1], ==, -EINVAL);
	g_assert_true(fake_gpa_ptr(f->d0, 0x90000ULL << PAGE_SHIFT) ==
		      fake_gpa_ptr(f->d1, 0x40005ULL << PAGE_SHIFT));
	/* An unprivileged domain may not map others' memory. */
	b.u.foreign_domid = 0;
	g_assert_cmpint(
	    op_hcall(f->d1, __HYPERVISOR_memory_op, XENMEM_add_to_physmap_batch, &b, sizeof(b), 0),
	    ==, -EPERM);
}

static void test_vcpu_op_and_runstate(struct fixture *f, gconstpointer data)
{
	uint64_t g = scratch(f->d1), page = fake_guest_alloc(f->d1, PAGE_SIZE);
	struct vcpu_register_vcpu_info vi = {.mfn = page >> PAGE_SHIFT, .offset = PAGE_SIZE - 40};
	struct vcpu_register_runstate_memory_area ra;
	struct vcpu_runstate_info *rs;
	struct xen_vcpu *xv = xen_domain_vcpu(f->d1->xd, 0);

	memcpy(fake_gpa_ptr(f->d1, g), &vi, sizeof(vi));
	g_assert_cmpint(call(f->d1, __HYPERVISOR_vcpu_op, VCPUOP_register_vcpu_info, 0, g), ==,
			-ENXIO);
	g_assert_cmpint(call(f->d1, __HYPERVISOR_vcpu_op, VCPUOP_register_vcpu_info, 2, g), ==,
			-ENOENT);
	g_assert_cmpint(call(f->d1, __HYPERVISOR_vcpu_op, VCPUOP_register_vcpu_info, 0, 0x100), ==,
			-EFAULT);
	vi.offset = 4;
	memcpy(fake_gpa_ptr(f->d1, g), &vi, sizeof(vi));
	g_assert_cmpint(call(f->d1, __HYPERVISOR_vcpu_op, VCPUOP_register_vcpu_info, 0, g), ==,
			-ENXIO);
	vi.mfn = 0x1234;
	vi.offset = 0;
	memcpy(fake_gpa_ptr(f->d1, g), &vi, sizeof(vi));
	g_assert_cmpint(call(f->d1, __HYPERVISOR_vcpu_op, VCPUOP_register_vcpu_info, 0, g), ==,
			-EINVAL);
	register_vcpu_info(f->d1, 0);
	memcpy(fake_gpa_ptr(f->d1, g), &vi, sizeof(vi));
	g_assert_cmpint(call(f->d1, __HYPERVISOR_vcpu_op, VCPUOP_register_vcpu_info, 0, g), ==,
			-EINVAL); /* once per vCPU */
	g_assert_cmpint(call(f->d1, __HYPERVISOR_vcpu_op, VCPUOP_up, 0, g), ==, -EINVAL);

	/* Runstate: registered by VA, written on changes with the update flag. */
	g_assert_cmpint(call(f->d1, __HYPERVISOR_vm_assist, VMASST_CMD_enable,
			     VMASST_TYPE_runstate_update_flag, 0),
			==, 0);
	g_assert_cmpint(call(f->d1, __HYPERVISOR_vm_assist, VMASST_CMD_enable, 0, 0), ==, -EINVAL);
	g_assert_cmpint(call(f->d1, __HYPERVISOR_vm_assist, 7, VMASST_TYPE_runstate_update_flag, 0),
			==, -ENOSYS);
	ra.addr.p = page + 128;
	memcpy(fake_gpa_ptr(f->d1, g), &ra, sizeof(ra));
	xen_vcpu_runstate(xv, RUNSTATE_running, 1000);
	g_assert_cmpint(
	    call(f->d1, __HYPERVISOR_vcpu_op, VCPUOP_register_runstate_memory_area, 0, g), ==, 0);
	rs = fake_gpa_ptr(f->d1, page + 128);
	g_assert_cmpint(rs->state, ==, RUNSTATE_running);
	xen_vcpu_runstate(xv, RUNSTATE_runnable, 5000);
	xen_vcpu_runstate_flush(xv);
	g_assert_cmpint(rs->state, ==, RUNSTATE_runnable);
	g_assert_cmpuint(rs->time[RUNSTATE_running], ==, 4000);
	g_assert_cmpuint(rs->state_entry_time, ==, 5000); /* XEN_RUNSTATE_UPDATE cleared */
	/* Entering the guest makes it running again. */
	fake_set_now(1000007000ULL);
	xen_vcpu_on_enter(xv);
	g_assert_cmpint(rs->state, ==, RUNSTATE_running);
	g_assert_cmpuint(rs->time[RUNSTATE_runnable], ==, 1000007000ULL - 5000);
}

static void test_sched_op(struct fixture *f, gconstpointer data)
{
	uint64_t g = scratch(f->d1);
	struct sched_shutdown *ss = fake_gpa_ptr(f->d1, g);
	struct sched_poll *sp = fake_gpa_ptr(f->d1, g);
	uint32_t *ports = fake_gpa_ptr(f->d1, g + 256);
	struct sched_remote_shutdown rs = {.domain_id = 1, .reason = SHUTDOWN_reboot};
	struct xen_vcpu *xv = xen_domain_vcpu(f->d1->xd, 0);
	uint32_t a, b;

	g_assert_cmpint(call(f->d1, __HYPERVISOR_sched_op, SCHEDOP_yield, 0, 0), ==, 0);
	g_assert_cmpuint(fake_vcpu_rec(xv)->yields, ==, 1);
	g_assert_cmpint(call(f->d1, __HYPERVISOR_sched_op, SCHEDOP_block, 0, 0), ==, 0);
	g_assert_true(fake_vcpu_rec(xv)->blocked);
	ss->reason = SHUTDOWN_crash;
	g_assert_cmpint(call(f->d1, __HYPERVISOR_sched_op, SCHEDOP_shutdown_code, g, 0), ==, 0);
	g_assert_cmpint(f->d1->xd->shutdown_code, ==, SHUTDOWN_crash);
	ss->reason = 9; /* Xen 4.17: any reason shuts down; ours stops it as poweroff */
	g_assert_cmpint(call(f->d1, __HYPERVISOR_sched_op, SCHEDOP_shutdown, g, 0), ==, 0);
	g_assert_cmpint(f->d1->shutdown_reason, ==, SHUTDOWN_poweroff);
	g_assert_cmpint(f->d1->xd->shutdown_code, ==, 9);
	g_assert_cmpint(call(f->d1, __HYPERVISOR_sched_op, SCHEDOP_shutdown, 0x10, 0), ==, -EFAULT);

	/* Poll: returns at once if pending, else blocks until a raise. */
	g_assert_cmpint(alloc_unbound(f->d1, DOMID_SELF, DOMID_SELF, &a), ==, 0);
	g_assert_cmpint(bind_interdomain(f->d1, DOMID_SELF, a, &b), ==, 0);
	memset(sp, 0, sizeof(*sp));
	sp->ports.p = (void *)(uintptr_t)(g + 256);
	sp->nr_ports = 1;
	ports[0] = b; /* pending since the bind */
	fake_vcpu_rec(xv)->blocked = false;
	g_assert_cmpint(call(f->d1, __HYPERVISOR_sched_op, SCHEDOP_poll, g, 0), ==, 0);
	g_assert_false(fake_vcpu_rec(xv)->blocked);
	ports[0] = a;
	sp->timeout = 5000000000ULL;
	g_assert_cmpint(call(f->d1, __HYPERVISOR_sched_op, SCHEDOP_poll, g, 0), ==, 0);
	g_assert_true(fake_vcpu_rec(xv)->blocked);
	g_assert_cmpuint(fake_vcpu_rec(xv)->block_deadline, ==, 5000000000ULL);
	g_assert_cmpint(evtchn_port_op(f->d1, EVTCHNOP_send, b), ==, 0);
	g_assert_false(fake_vcpu_rec(xv)->blocked); /* woken by the raise */
	memset(sp, 0, sizeof(*sp));		    /* the send above reused the argument page */
	sp->ports.p = (void *)(uintptr_t)(g + 256);
	sp->nr_ports = 1;
	ports[0] = 3000;
	g_assert_cmpint(call(f->d1, __HYPERVISOR_sched_op, SCHEDOP_poll, g, 0), ==, -EINVAL);
	sp->nr_ports = 1000;
	g_assert_cmpint(call(f->d1, __HYPERVISOR_sched_op, SCHEDOP_poll, g, 0), ==, -EINVAL);

	/* remote_shutdown needs privilege, even towards itself (Xen's XSM_DM_PRIV). */
	g_assert_cmpint(
	    op_hcall(f->d1, __HYPERVISOR_sched_op, SCHEDOP_remote_shutdown, &rs, sizeof(rs), 0), ==,
	    -EPERM); /* itself, by id */
	rs.domain_id = 0;
	g_assert_cmpint(
	    op_hcall(f->d1, __HYPERVISOR_sched_op, SCHEDOP_remote_shutdown, &rs, sizeof(rs), 0), ==,
	    -EPERM);
	rs.domain_id = 1;
	g_assert_cmpint(
	    op_hcall(f->d0, __HYPERVISOR_sched_op, SCHEDOP_remote_shutdown, &rs, sizeof(rs), 0), ==,
	    0);
	g_assert_cmpint(f->d1->shutdown_reason, ==, SHUTDOWN_reboot);
	rs.domain_id = DOMID_SELF;
	g_assert_cmpint(
	    op_hcall(f->d0, __HYPERVISOR_sched_op, SCHEDOP_remote_shutdown, &rs, sizeof(rs), 0), ==,
	    -ESRCH);
	g_assert_cmpint(call(f->d1, __HYPERVISOR_sched_op, 42, 0, 0), ==, -ENOSYS);
}

static void test_hvm_op(struct fixture *f, gconstpointer data)
{
	struct xen_hvm_param p = {.domid = DOMID_SELF, .index = HVM_PARAM_CONSOLE_PFN};

	g_assert_cmpint(op_hcall(f->d1, __HYPERVISOR_hvm_op, HVMOP_get_param, &p, sizeof(p), 0), ==,
			0);
	g_assert_cmpuint(p.value, ==, 0x39000);
	p.index = HVM_PARAM_CONSOLE_EVTCHN;
	g_assert_cmpint(op_hcall(f->d1, __HYPERVISOR_hvm_op, HVMOP_get_param, &p, sizeof(p), 0), ==,
			0);
	g_assert_cmpuint(p.value, !=, 0);
	p.index = HVM_PARAM_CALLBACK_IRQ;
	g_assert_cmpint(op_hcall(f->d1, __HYPERVISOR_hvm_op, HVMOP_get_param, &p, sizeof(p), 0), ==,
			0);
	g_assert_cmpuint(p.value, ==, 0); /* Xen 4.17 sets it for the hardware domain only */
	p.index = HVM_PARAM_STORE_PFN;
	g_assert_cmpint(op_hcall(f->d1, __HYPERVISOR_hvm_op, HVMOP_get_param, &p, sizeof(p), 0), ==,
			0);
	g_assert_cmpuint(p.value, ==, 0); /* no xenstore: xenbus stays off */
	p.index = HVM_PARAM_TIMER_MODE;
	g_assert_cmpint(op_hcall(f->d1, __HYPERVISOR_hvm_op, HVMOP_get_param, &p, sizeof(p), 0), ==,
			-EINVAL);
	p.index = HVM_NR_PARAMS;
	g_assert_cmpint(op_hcall(f->d1, __HYPERVISOR_hvm_op, HVMOP_get_param, &p, sizeof(p), 0), ==,
			-EINVAL);
	p.index = HVM_PARAM_STORE_PFN;
	g_assert_cmpint(op_hcall(f->d1, __HYPERVISOR_hvm_op, HVMOP_set_param, &p, sizeof(p), 0), ==,
			-EPERM);
	p.domid = 0;
	g_assert_cmpint(op_hcall(f->d1, __HYPERVISOR_hvm_op, HVMOP_get_param, &p, sizeof(p), 0), ==,
			-EPERM);
	p.domid = 1;
	p.value = 0x1234;
	g_assert_cmpint(op_hcall(f->d0, __HYPERVISOR_hvm_op, HVMOP_set_param, &p, sizeof(p), 0), ==,
			0);
	g_assert_cmpuint(f->d1->xd->params[HVM_PARAM_STORE_PFN], ==, 0x1234);
	p.domid = 44;
	g_assert_cmpint(op_hcall(f->d0, __HYPERVISOR_hvm_op, HVMOP_set_param, &p, sizeof(p), 0), ==,
			-ESRCH);
	g_assert_cmpint(call(f->d1, __HYPERVISOR_hvm_op, 24, scratch(f->d1), 0), ==, -ENOSYS);
}

static void test_console_io(struct fixture *f, gconstpointer data)
{
	uint64_t g = scratch(f->d1);
	char *buf = fake_gpa_ptr(f->d1, g);
	unsigned int i;

	strcpy(buf, "hello from d1\n");
	g_assert_cmpint(call(f->d1, __HYPERVISOR_console_io, CONSOLEIO_write, 14, g), ==, 0);
	g_assert_cmpstr(fake_console_out()->str, ==, "hello from d1\n");
	g_assert_cmpint(call(f->d1, __HYPERVISOR_console_io, CONSOLEIO_write, 14, 0x20), ==,
			-EFAULT);
	/* Only a console owner reads (console_input.h); d1 is none. */
	g_assert_cmpint(call(f->d1, __HYPERVISOR_console_io, CONSOLEIO_read, 14, g), ==, -EPERM);
	g_assert_cmpint(call(f->d1, __HYPERVISOR_console_io, 5, 14, g), ==, -ENOSYS);
	/* A flood is cut at the burst size until the next period. */
	g_string_truncate(fake_console_out(), 0);
	for (i = 0; i < 100; i++)
		g_assert_cmpint(call(f->d1, __HYPERVISOR_console_io, CONSOLEIO_write, 4096, g), ==,
				0);
	g_assert_cmpuint(fake_console_out()->len, ==, CONSOLEIO_BURST_BYTES - 14);
	fake_set_now(2000000000ULL);
	g_assert_cmpint(call(f->d1, __HYPERVISOR_console_io, CONSOLEIO_write, 14, g), ==, 0);
	g_assert_cmpuint(fake_console_out()->len, ==, CONSOLEIO_BURST_BYTES);
	/* The privileged domain is a console owner: it reads what is typed for it. */
	g_assert_true(fake_console_type(0, "ls\n"));
	g_assert_cmpint(call(f->d0, __HYPERVISOR_console_io, CONSOLEIO_read, 16, scratch(f->d0)),
			==, 3);
	g_assert_cmpmem(fake_gpa_ptr(f->d0, scratch(f->d0)), 3, "ls\n", 3);
}

static void test_console_backend(struct fixture *f, gconstpointer data)
{
	struct xencons_interface *ring = fake_gpa_ptr(f->d1, 0x39000ULL << PAGE_SHIFT);
	uint32_t port = f->d1->xd->params[HVM_PARAM_CONSOLE_EVTCHN];
	struct evtchn_status st;

	g_assert_nonnull(ring);
	g_string_truncate(fake_console_out(), 0);
	memcpy(ring->out, "boot log\n", 9);
	ring->out_prod = 9;
	g_assert_cmpint(evtchn_port_op(f->d1, EVTCHNOP_send, port), ==, 0);
	g_assert_cmpstr(fake_console_out()->str, ==, "boot log\n");
	g_assert_cmpuint(ring->out_cons, ==, 9);
	g_assert_true(bit64(shinfo(f->d1)->evtchn_pending, port));
	/* Input from the console mux lands in the ring and raises the port. */
	shinfo(f->d1)->evtchn_pending[0] = 0;
	console_backend_input(f->d1->xd, 'x');
	g_assert_cmpuint(ring->in_prod, ==, 1);
	g_assert_cmpint(ring->in[0], ==, 'x');
	g_assert_true(bit64(shinfo(f->d1)->evtchn_pending, port));
	/* Hostile indices are dropped, not trusted. */
	ring->out_prod = ring->out_cons + 100000;
	g_assert_cmpint(evtchn_port_op(f->d1, EVTCHNOP_send, port), ==, 0);
	g_assert_cmpuint(ring->out_cons, ==, ring->out_prod);
	g_assert_cmpint(evtchn_get_status(f->d1, DOMID_SELF, port, &st), ==, 0);
	g_assert_cmpuint(st.u.unbound.dom, ==, DOMID_XEN);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
#define ADD(name, fn) g_test_add("/xen/hypercall/" name, struct fixture, NULL, setup, fn, teardown)
	ADD("dispatch", test_dispatch);
	ADD("xen-version", test_xen_version);
	ADD("memory-op", test_memory_op);
	ADD("physmap-batch-foreign", test_physmap_batch_foreign);
	ADD("vcpu-op-and-runstate", test_vcpu_op_and_runstate);
	ADD("sched-op", test_sched_op);
	ADD("hvm-op", test_hvm_op);
	ADD("console-io", test_console_io);
	ADD("console-backend", test_console_backend);
	return g_test_run();
}
