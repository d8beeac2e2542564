/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * remote_domain.c - the domain configuration procedures (remote_domain.h):
 * decode what the client named, call domain_driver.c, fill the reply, send
 * the lifecycle events. No domain logic lives here.
 */
#include "remote_domain.h"
#include "domain_driver.h"
#include "events.h"

#include <string.h>

static struct bdom_driver *driver;

/* ---- glue ---------------------------------------------------------------------- */

/* Pass a domain-layer error on unchanged: its message is already the whole text. */
static int fail(struct vb_error *err, GError *e)
{
	vb_error_set(err, e ? e->code : VB_ERR_INTERNAL_ERROR, VB_FROM_DRIVER, "%s",
		     e ? e->message : "internal error: domain operation failed");
	if (e)
		g_error_free(e);
	return -1;
}

static int no_driver(struct vb_error *err)
{
	vb_error_set(err, VB_ERR_INTERNAL_ERROR, VB_FROM_DRIVER,
		     "internal error: the domain driver is not initialised");
	return -1;
}

#define NEED_DRIVER()                                                                              \
	do {                                                                                       \
		if (!driver)                                                                       \
			return no_driver(err);                                                     \
	} while (0)

static void ref_to_wire(const struct bdom_ref *ref, remote_nonnull_domain *dom)
{
	dom->name = g_strdup(ref->name);
	memcpy(dom->uuid, ref->uuid, 16);
	dom->id = ref->id;
}

static void emit(const struct bdom_ref *ref, int event, int detail)
{
	remote_nonnull_domain dom = {.name = ref->name, .id = ref->id};

	memcpy(dom.uuid, ref->uuid, 16);
	vb_event_domain_lifecycle(&dom, event, detail);
}

static const unsigned char *uuid_of(const remote_nonnull_domain *dom)
{
	return (const unsigned char *)dom->uuid;
}

/* ---- hooks ------------------------------------------------------------------------ */

int vb_domain_driver_init(const char *state_dir, struct vb_error *err)
{
	GError *e = NULL;

	driver = bdom_driver_open(state_dir, &e);
	return driver ? 0 : fail(err, e);
}

void vb_domain_driver_shutdown(void)
{
	g_clear_pointer(&driver, bdom_driver_close);
}

int vb_domain_driver_check(const remote_nonnull_domain *dom, struct vb_error *err)
{
	struct bdom_ref ref = {0};
	GError *e = NULL;

	NEED_DRIVER();
	if (!bdom_driver_lookup_by_uuid(driver, uuid_of(dom), &ref, &e))
		return fail(err, e);
	bdom_ref_clear(&ref);
	return 0;
}

/* ---- define / undefine ------------------------------------------------------------- */

static int define(const char *xml, unsigned int flags, remote_nonnull_domain *out,
		  struct vb_error *err)
{
	struct bdom_ref ref = {0};
	GError *e = NULL;
	bool updated = false;

	NEED_DRIVER();
	if (!bdom_driver_define(driver, xml, flags, &ref, &updated, &e))
		return fail(err, e);
	ref_to_wire(&ref, out);
	emit(&ref, VB_EVENT_DEFINED, updated ? VB_EVENT_DEFINED_UPDATED : VB_EVENT_DEFINED_ADDED);
	bdom_ref_clear(&ref);
	return 0;
}

int vb_domain_define_xml(struct vb_client *c, const void *args, void *ret, struct vb_error *err)
{
	const remote_domain_define_xml_args *a = args;

	return define(a->xml, 0, &((remote_domain_define_xml_ret *)ret)->dom, err);
}

int vb_domain_define_xml_flags(struct vb_client *c, const void *args, void *ret,
			       struct vb_error *err)
{
	const remote_domain_define_xml_flags_args *a = args;

	return define(a->xml, a->flags, &((remote_domain_define_xml_flags_ret *)ret)->dom, err);
}

static int undefine(const remote_nonnull_domain *dom, unsigned int flags, struct vb_error *err)
{
	struct bdom_ref ref = {0};
	GError *e = NULL;

	NEED_DRIVER();
	if (!bdom_driver_undefine(driver, uuid_of(dom), flags, &ref, &e))
		return fail(err, e);
	emit(&ref, VB_EVENT_UNDEFINED, VB_EVENT_UNDEFINED_REMOVED);
	bdom_ref_clear(&ref);
	return 0;
}

int vb_domain_undefine(struct vb_client *c, const void *args, void *ret, struct vb_error *err)
{
	return undefine(&((const remote_domain_undefine_args *)args)->dom, 0, err);
}

int vb_domain_undefine_flags(struct vb_client *c, const void *args, void *ret, struct vb_error *err)
{
	const remote_domain_undefine_flags_args *a = args;

	return undefine(&a->dom, a->flags, err);
}

/* ---- lookups and lists ------------------------------------------------------------- */

static int lookup_done(bool ok, struct bdom_ref *ref, remote_nonnull_domain *out, GError *e,
		       struct vb_error *err)
{
	if (!ok)
		return fail(err, e);
	ref_to_wire(ref, out);
	bdom_ref_clear(ref);
	return 0;
}

int vb_domain_lookup_by_name(struct vb_client *c, const void *args, void *ret, struct vb_error *err)
{
	struct bdom_ref ref = {0};
	GError *e = NULL;
	bool ok;

	NEED_DRIVER();
	ok = bdom_driver_lookup_by_name(
	    driver, ((const remote_domain_lookup_by_name_args *)args)->name, &ref, &e);
	return lookup_done(ok, &ref, &((remote_domain_lookup_by_name_ret *)ret)->dom, e, err);
}

int vb_domain_lookup_by_uuid(struct vb_client *c, const void *args, void *ret, struct vb_error *err)
{
	const remote_domain_lookup_by_uuid_args *a = args;
	struct bdom_ref ref = {0};
	GError *e = NULL;
	bool ok;

	NEED_DRIVER();
	ok = bdom_driver_lookup_by_uuid(driver, (const unsigned char *)a->uuid, &ref, &e);
	return lookup_done(ok, &ref, &((remote_domain_lookup_by_uuid_ret *)ret)->dom, e, err);
}

int vb_domain_lookup_by_id(struct vb_client *c, const void *args, void *ret, struct vb_error *err)
{
	struct bdom_ref ref = {0};
	GError *e = NULL;
	bool ok;

	NEED_DRIVER();
	ok = bdom_driver_lookup_by_id(driver, ((const remote_domain_lookup_by_id_args *)args)->id,
				      &ref, &e);
	return lookup_done(ok, &ref, &((remote_domain_lookup_by_id_ret *)ret)->dom, e, err);
}

int vb_connect_list_all_domains(struct vb_client *c, const void *args, void *ret,
				struct vb_error *err)
{
	const remote_connect_list_all_domains_args *a = args;
	remote_connect_list_all_domains_ret *r = ret;
	g_autoptr(GPtrArray) list = NULL;
	GError *e = NULL;

	NEED_DRIVER();
	list = bdom_driver_list(driver, a->flags, &e);
	if (!list)
		return fail(err, e);
	if (list->len > REMOTE_DOMAIN_LIST_MAX) {
		vb_error_set(
		    err, VB_ERR_INTERNAL_ERROR, VB_FROM_DRIVER,
		    "internal error: %u domains exceed the protocol's list limit of %d (REMOTE_DOMAIN_LIST_MAX)",
		    list->len, REMOTE_DOMAIN_LIST_MAX);
		return -1;
	}
	r->ret = list->len;
	if (a->need_results && list->len) {
		r->domains.domains_len = list->len;
		r->domains.domains_val = g_new0(remote_nonnull_domain, list->len);
		for (guint i = 0; i < list->len; i++)
			ref_to_wire(list->pdata[i], &r->domains.domains_val[i]);
	}
	return 0;
}

static int check_max(int max, const char *what, struct vb_error *err)
{
	if (max >= 0 && max <= REMOTE_DOMAIN_LIST_MAX)
		return 0;
	vb_error_set(err, VB_ERR_RPC, VB_FROM_RPC,
		     "too many remote %s: %d > %d (REMOTE_DOMAIN_LIST_MAX) or negative", what, max,
		     REMOTE_DOMAIN_LIST_MAX);
	return -1;
}

int vb_connect_list_defined_domains(struct vb_client *c, const void *args, void *ret,
				    struct vb_error *err)
{
	const remote_connect_list_defined_domains_args *a = args;
	remote_connect_list_defined_domains_ret *r = ret;
	g_autoptr(GPtrArray) list = NULL;
	GError *e = NULL;
	guint n;

	NEED_DRIVER();
	if (check_max(a->maxnames, "domain names", err) < 0)
		return -1;
	list = bdom_driver_list(driver, 2 /* INACTIVE */, &e);
	if (!list)
		return fail(err, e);
	n = MIN(list->len, (guint)a->maxnames);
	r->names.names_len = n;
	r->names.names_val = n ? g_new0(remote_nonnull_string, n) : NULL;
	for (guint i = 0; i < n; i++)
		r->names.names_val[i] = g_strdup(((struct bdom_ref *)list->pdata[i])->name);
	return 0;
}

static int count(unsigned int flags, int *out, struct vb_error *err)
{
	g_autoptr(GPtrArray) list = NULL;
	GError *e = NULL;

	NEED_DRIVER();
	list = bdom_driver_list(driver, flags, &e);
	if (!list)
		return fail(err, e);
	*out = (int)list->len;
	return 0;
}

int vb_connect_num_of_defined_domains(struct vb_client *c, const void *args, void *ret,
				      struct vb_error *err)
{
	return count(2 /* INACTIVE */, &((remote_connect_num_of_defined_domains_ret *)ret)->num,
		     err);
}

int vb_connect_num_of_domains(struct vb_client *c, const void *args, void *ret,
			      struct vb_error *err)
{
	return count(1 /* ACTIVE */, &((remote_connect_num_of_domains_ret *)ret)->num, err);
}

int vb_connect_list_domains(struct vb_client *c, const void *args, void *ret, struct vb_error *err)
{
	const remote_connect_list_domains_args *a = args;
	remote_connect_list_domains_ret *r = ret;
	g_autoptr(GPtrArray) list = NULL;
	GError *e = NULL;
	guint n;

	NEED_DRIVER();
	if (check_max(a->maxids, "domain IDs", err) < 0)
		return -1;
	list = bdom_driver_list(driver, 1 /* ACTIVE */, &e);
	if (!list)
		return fail(err, e);
	n = MIN(list->len, (guint)a->maxids);
	r->ids.ids_len = n;
	r->ids.ids_val = n ? g_new0(int, n) : NULL;
	for (guint i = 0; i < n; i++)
		r->ids.ids_val[i] = ((struct bdom_ref *)list->pdata[i])->id;
	return 0;
}

/* ---- reading ----------------------------------------------------------------------- */

int vb_domain_get_xml_desc(struct vb_client *c, const void *args, void *ret, struct vb_error *err)
{
	const remote_domain_get_xml_desc_args *a = args;
	GError *e = NULL;
	char *xml;

	NEED_DRIVER();
	/* SECURE shows secrets: libvirt refuses it on read-only connections. */
	if ((a->flags & 1) && vb_client_readonly(c)) {
		vb_error_set(err, VB_ERR_OPERATION_DENIED, VB_FROM_DRIVER,
			     "operation forbidden: virDomainGetXMLDesc with secure flag");
		return -1;
	}
	xml = bdom_driver_get_xml(driver, uuid_of(&a->dom), a->flags, &e);
	if (!xml)
		return fail(err, e);
	((remote_domain_get_xml_desc_ret *)ret)->xml = xml;
	return 0;
}

int vb_domain_get_info(struct vb_client *c, const void *args, void *ret, struct vb_error *err)
{
	remote_domain_get_info_ret *r = ret;
	struct bdom_info info;
	GError *e = NULL;

	NEED_DRIVER();
	if (!bdom_driver_get_info(
		driver, uuid_of(&((const remote_domain_get_info_args *)args)->dom), &info, &e))
		return fail(err, e);
	r->state = (unsigned char)info.state;
	r->maxMem = info.max_kib;
	r->memory = info.cur_kib;
	r->nrVirtCpu = (unsigned short)info.vcpus;
	r->cpuTime = info.cpu_time_ns;
	return 0;
}

int vb_domain_get_state(struct vb_client *c, const void *args, void *ret, struct vb_error *err)
{
	const remote_domain_get_state_args *a = args;
	remote_domain_get_state_ret *r = ret;
	GError *e = NULL;

	NEED_DRIVER();
	if (a->flags) {
		vb_error_set(
		    err, VB_ERR_INVALID_ARG, VB_FROM_DRIVER,
		    "invalid argument: unsupported flags (0x%x) in function domainGetState",
		    a->flags);
		return -1;
	}
	if (!bdom_driver_get_state(driver, uuid_of(&a->dom), &r->state, &r->reason, &e))
		return fail(err, e);
	return 0;
}

int vb_domain_get_os_type(struct vb_client *c, const void *args, void *ret, struct vb_error *err)
{
	GError *e = NULL;
	char *type;

	NEED_DRIVER();
	type = bdom_driver_get_os_type(
	    driver, uuid_of(&((const remote_domain_get_os_type_args *)args)->dom), &e);
	if (!type)
		return fail(err, e);
	((remote_domain_get_os_type_ret *)ret)->type = type;
	return 0;
}

static int get_flag(const remote_nonnull_domain *dom, char which, int *out, struct vb_error *err)
{
	GError *e = NULL;
	int v;

	NEED_DRIVER();
	v = bdom_driver_get_flag(driver, uuid_of(dom), which, &e);
	if (v < 0)
		return fail(err, e);
	*out = v;
	return 0;
}

int vb_domain_is_active(struct vb_client *c, const void *args, void *ret, struct vb_error *err)
{
	return get_flag(&((const remote_domain_is_active_args *)args)->dom, 'a',
			&((remote_domain_is_active_ret *)ret)->active, err);
}

int vb_domain_is_persistent(struct vb_client *c, const void *args, void *ret, struct vb_error *err)
{
	return get_flag(&((const remote_domain_is_persistent_args *)args)->dom, 'p',
			&((remote_domain_is_persistent_ret *)ret)->persistent, err);
}

int vb_domain_is_updated(struct vb_client *c, const void *args, void *ret, struct vb_error *err)
{
	int dummy;

	/* Updated means "live differs from config": never, nothing runs. */
	((remote_domain_is_updated_ret *)ret)->updated = 0;
	return get_flag(&((const remote_domain_is_updated_args *)args)->dom, 'p', &dummy, err);
}

int vb_domain_get_autostart(struct vb_client *c, const void *args, void *ret, struct vb_error *err)
{
	return get_flag(&((const remote_domain_get_autostart_args *)args)->dom, 's',
			&((remote_domain_get_autostart_ret *)ret)->autostart, err);
}

int vb_domain_set_autostart(struct vb_client *c, const void *args, void *ret, struct vb_error *err)
{
	const remote_domain_set_autostart_args *a = args;
	GError *e = NULL;

	NEED_DRIVER();
	if (!bdom_driver_set_autostart(driver, uuid_of(&a->dom), a->autostart != 0, &e))
		return fail(err, e);
	return 0;
}

/* ---- memory and vCPUs --------------------------------------------------------------- */

static int set_memory(const remote_nonnull_domain *dom, uint64_t kib, unsigned int flags,
		      struct vb_error *err)
{
	GError *e = NULL;

	NEED_DRIVER();
	if (!bdom_driver_set_memory(driver, uuid_of(dom), kib, flags, &e))
		return fail(err, e);
	return 0;
}

int vb_domain_set_memory(struct vb_client *c, const void *args, void *ret, struct vb_error *err)
{
	const remote_domain_set_memory_args *a = args;

	/* virDomainSetMemory means the live domain (VIR_DOMAIN_AFFECT_LIVE). */
	return set_memory(&a->dom, a->memory, BDOM_AFFECT_LIVE, err);
}

int vb_domain_set_max_memory(struct vb_client *c, const void *args, void *ret, struct vb_error *err)
{
	const remote_domain_set_max_memory_args *a = args;

	/* virDomainSetMaxMemory: AFFECT_CURRENT | MEM_MAXIMUM. */
	return set_memory(&a->dom, a->memory, BDOM_AFFECT_MAXIMUM, err);
}

int vb_domain_set_memory_flags(struct vb_client *c, const void *args, void *ret,
			       struct vb_error *err)
{
	const remote_domain_set_memory_flags_args *a = args;

	return set_memory(&a->dom, a->memory, a->flags, err);
}

int vb_domain_get_max_memory(struct vb_client *c, const void *args, void *ret, struct vb_error *err)
{
	GError *e = NULL;
	uint64_t kib;

	NEED_DRIVER();
	if (!bdom_driver_get_max_memory(
		driver, uuid_of(&((const remote_domain_get_max_memory_args *)args)->dom), &kib, &e))
		return fail(err, e);
	((remote_domain_get_max_memory_ret *)ret)->memory = kib;
	return 0;
}

static int set_vcpus(const remote_nonnull_domain *dom, unsigned int n, unsigned int flags,
		     struct vb_error *err)
{
	GError *e = NULL;

	NEED_DRIVER();
	if (!bdom_driver_set_vcpus(driver, uuid_of(dom), n, flags, &e))
		return fail(err, e);
	return 0;
}

int vb_domain_set_vcpus(struct vb_client *c, const void *args, void *ret, struct vb_error *err)
{
	const remote_domain_set_vcpus_args *a = args;

	/* virDomainSetVcpus means the live domain (VIR_DOMAIN_AFFECT_LIVE). */
	return set_vcpus(&a->dom, a->nvcpus, BDOM_AFFECT_LIVE, err);
}

int vb_domain_set_vcpus_flags(struct vb_client *c, const void *args, void *ret,
			      struct vb_error *err)
{
	const remote_domain_set_vcpus_flags_args *a = args;

	return set_vcpus(&a->dom, a->nvcpus, a->flags, err);
}

static int get_vcpus(const remote_nonnull_domain *dom, unsigned int flags, int *out,
		     struct vb_error *err)
{
	GError *e = NULL;
	int n;

	NEED_DRIVER();
	n = bdom_driver_get_vcpus(driver, uuid_of(dom), flags, &e);
	if (n < 0)
		return fail(err, e);
	*out = n;
	return 0;
}

int vb_domain_get_vcpus_flags(struct vb_client *c, const void *args, void *ret,
			      struct vb_error *err)
{
	const remote_domain_get_vcpus_flags_args *a = args;

	return get_vcpus(&a->dom, a->flags, &((remote_domain_get_vcpus_flags_ret *)ret)->num, err);
}

int vb_domain_get_max_vcpus(struct vb_client *c, const void *args, void *ret, struct vb_error *err)
{
	/* The configured maximum: an inactive domain has no live one. */
	return get_vcpus(&((const remote_domain_get_max_vcpus_args *)args)->dom,
			 BDOM_AFFECT_CONFIG | BDOM_AFFECT_MAXIMUM,
			 &((remote_domain_get_max_vcpus_ret *)ret)->num, err);
}

/* ---- metadata and rename ------------------------------------------------------------ */

static const char *opt(remote_string s)
{
	return s ? *s : NULL;
}

int vb_domain_set_metadata(struct vb_client *c, const void *args, void *ret, struct vb_error *err)
{
	const remote_domain_set_metadata_args *a = args;
	GError *e = NULL;
	remote_nonnull_domain dom;
	struct bdom_ref ref = {0};

	NEED_DRIVER();
	if (!bdom_driver_set_metadata(driver, uuid_of(&a->dom), a->type, opt(a->metadata),
				      opt(a->key), opt(a->uri), a->flags, &e))
		return fail(err, e);
	if (bdom_driver_lookup_by_uuid(driver, uuid_of(&a->dom), &ref, NULL)) {
		dom = (remote_nonnull_domain){.name = ref.name, .id = ref.id};
		memcpy(dom.uuid, ref.uuid, 16);
		vb_event_domain_metadata_change(&dom, a->type, opt(a->uri));
		bdom_ref_clear(&ref);
	}
	return 0;
}

int vb_domain_get_metadata(struct vb_client *c, const void *args, void *ret, struct vb_error *err)
{
	const remote_domain_get_metadata_args *a = args;
	GError *e = NULL;
	char *md;

	NEED_DRIVER();
	md = bdom_driver_get_metadata(driver, uuid_of(&a->dom), a->type, opt(a->uri), a->flags, &e);
	if (!md)
		return fail(err, e);
	((remote_domain_get_metadata_ret *)ret)->metadata = md;
	return 0;
}

int vb_domain_rename(struct vb_client *c, const void *args, void *ret, struct vb_error *err)
{
	const remote_domain_rename_args *a = args;
	struct bdom_ref old_ref = {0}, new_ref = {0};
	GError *e = NULL;

	NEED_DRIVER();
	if (!bdom_driver_rename(driver, uuid_of(&a->dom), opt(a->new_name), a->flags, &old_ref,
				&new_ref, &e))
		return fail(err, e);
	/* As libvirt's drivers announce a rename: the old name goes, the new one comes. */
	emit(&old_ref, VB_EVENT_UNDEFINED, VB_EVENT_UNDEFINED_RENAMED);
	emit(&new_ref, VB_EVENT_DEFINED, VB_EVENT_DEFINED_RENAMED);
	bdom_ref_clear(&old_ref);
	bdom_ref_clear(&new_ref);
	((remote_domain_rename_ret *)ret)->retcode = 0;
	return 0;
}

/* ---- what virsh and virt-manager ask about on the side ----------------------------- */

int vb_domain_has_managed_save_image(struct vb_client *c, const void *args, void *ret,
				     struct vb_error *err)
{
	int dummy;

	((remote_domain_has_managed_save_image_ret *)ret)->result = 0;
	return get_flag(&((const remote_domain_has_managed_save_image_args *)args)->dom, 'p',
			&dummy, err);
}

int vb_domain_snapshot_num(struct vb_client *c, const void *args, void *ret, struct vb_error *err)
{
	int dummy;

	((remote_domain_snapshot_num_ret *)ret)->num = 0;
	return get_flag(&((const remote_domain_snapshot_num_args *)args)->dom, 'p', &dummy, err);
}

int vb_domain_list_all_snapshots(struct vb_client *c, const void *args, void *ret,
				 struct vb_error *err)
{
	int dummy;

	((remote_domain_list_all_snapshots_ret *)ret)->ret = 0;
	return get_flag(&((const remote_domain_list_all_snapshots_args *)args)->dom, 'p', &dummy,
			err);
}

int vb_domain_get_messages(struct vb_client *c, const void *args, void *ret, struct vb_error *err)
{
	int dummy;

	/* No tainting and no deprecations to report: an empty list. */
	return get_flag(&((const remote_domain_get_messages_args *)args)->dom, 'p', &dummy, err);
}
