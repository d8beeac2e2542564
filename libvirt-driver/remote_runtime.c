/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Procedures that need a running hypervisor (start, stop, console, live
 * statistics). Without one underneath, each gets a clear libvirt error
 * naming what was asked and why it cannot be done, after the domain itself
 * is checked so that an unknown name still reads "Domain not found".
 */
#include <string.h>

#include "client.h"
#include "remote_domain.h"

static const struct {
	int proc;
	const char *verb;
} runtime_verbs[] = {
    {REMOTE_PROC_DOMAIN_CREATE, "start"},
    {REMOTE_PROC_DOMAIN_CREATE_WITH_FLAGS, "start"},
    {REMOTE_PROC_DOMAIN_CREATE_XML, "create and start"},
    {REMOTE_PROC_DOMAIN_DESTROY, "destroy"},
    {REMOTE_PROC_DOMAIN_DESTROY_FLAGS, "destroy"},
    {REMOTE_PROC_DOMAIN_SHUTDOWN, "shut down"},
    {REMOTE_PROC_DOMAIN_SHUTDOWN_FLAGS, "shut down"},
    {REMOTE_PROC_DOMAIN_SUSPEND, "suspend"},
    {REMOTE_PROC_DOMAIN_RESUME, "resume"},
    {REMOTE_PROC_DOMAIN_REBOOT, "reboot"},
    {REMOTE_PROC_DOMAIN_RESET, "reset"},
    {REMOTE_PROC_DOMAIN_OPEN_CONSOLE, "open the console of"},
    {REMOTE_PROC_DOMAIN_MEMORY_STATS, "read memory statistics of"},
    {REMOTE_PROC_DOMAIN_GET_VCPUS, "read vCPU state of"},
    {REMOTE_PROC_DOMAIN_SET_TIME, "set the time of"},
};

static const char *runtime_verb(int proc)
{
	for (size_t i = 0; i < G_N_ELEMENTS(runtime_verbs); i++)
		if (runtime_verbs[i].proc == proc)
			return runtime_verbs[i].verb;
	return "run";
}

int vb_runtime_no_hypervisor(struct vb_client *c, const void *args, void *ret, struct vb_error *err)
{
	const struct vb_proc *p = vb_client_current_proc(c);
	const remote_nonnull_domain *dom = NULL;

	/* Every runtime procedure but CREATE_XML starts with the domain. */
	if (p->proc != REMOTE_PROC_DOMAIN_CREATE_XML) {
		dom = args;
		if (vb_domain_driver_check && vb_domain_driver_check(dom, err) < 0)
			return -1;
	}
	vb_error_set(
	    err, VB_ERR_OPERATION_INVALID, VB_FROM_DRIVER,
	    "Requested operation is not valid: cannot %s domain%s%s%s: no Basalt hypervisor is present on this host (virtbasaltd serves the configuration plane only)",
	    runtime_verb(p->proc), dom ? " '" : "", dom ? dom->name : "", dom ? "'" : "");
	return -1;
}
