/* SPDX-License-Identifier: GPL-2.0-only */
/* domain_driver.c - domain configuration operations over the list and the state directory. */
#include "domain_driver.h"
#include "domain_persist.h"
#include "domain_schema.h"

#include <libxml/parser.h>
#include <string.h>

struct bdom_driver {
	char *state_dir;
	struct bdom_objlist *list;
};

/* virDomainUndefineFlagsValues we accept: nothing of what they name exists here. */
#define UNDEFINE_FLAGS_KNOWN 0x7f

void bdom_ref_clear(struct bdom_ref *ref)
{
	g_clear_pointer(&ref->name, g_free);
}

/* Fill (or refill: the old name is released) ref from obj. */
static void ref_fill(struct bdom_ref *ref, const struct bdom_obj *obj)
{
	g_free(ref->name);
	ref->name = g_strdup(obj->def->name);
	memcpy(ref->uuid, obj->def->uuid, 16);
	ref->id = obj->id;
}

static bool check_flags(unsigned int flags, unsigned int allowed, const char *func, GError **error)
{
	if (!(flags & ~allowed))
		return true;
	g_set_error(error, BDOM_ERROR, BDOM_ERR_INVALID_ARG,
		    "invalid argument: unsupported flags (0x%x) in function %s", flags & ~allowed,
		    func);
	return false;
}

/* (locked) The object with this UUID, or NULL and NO_DOMAIN. */
static struct bdom_obj *find(struct bdom_driver *drv, const unsigned char uuid[16], GError **error)
{
	struct bdom_obj *obj = bdom_objlist_find_by_uuid(drv->list, uuid);
	char u[37];

	if (!obj) {
		bdom_uuid_format(uuid, u);
		g_set_error(error, BDOM_ERROR, BDOM_ERR_NO_DOMAIN,
			    "Domain not found: no domain with matching uuid '%s'", u);
	}
	return obj;
}

/*
 * Resolve CURRENT into LIVE or CONFIG as libvirt does, and refuse LIVE: no
 * domain runs without a hypervisor underneath.
 */
static bool resolve_affect(const struct bdom_obj *obj, unsigned int *flags, GError **error)
{
	bool active = obj->id >= 0;

	if (!(*flags & (BDOM_AFFECT_LIVE | BDOM_AFFECT_CONFIG)))
		*flags |= active ? BDOM_AFFECT_LIVE : BDOM_AFFECT_CONFIG;
	if ((*flags & BDOM_AFFECT_LIVE) && !active) {
		g_set_error(
		    error, BDOM_ERROR, BDOM_ERR_OPERATION_INVALID,
		    "Requested operation is not valid: domain '%s' is not running (no Basalt hypervisor: only persistent --config changes are possible)",
		    obj->def->name);
		return false;
	}
	return true;
}

/* (locked) Make newdef (a changed copy of obj's) durable, then current. Takes newdef. */
static bool commit(struct bdom_driver *drv, struct bdom_def *newdef, GError **error)
{
	if (!bdom_persist_save(drv->state_dir, newdef, error)) {
		bdom_def_free(newdef);
		return false;
	}
	bdom_objlist_add(drv->list, newdef);
	return true;
}

/* ---- open / close ------------------------------------------------------------ */

static bool load_cb(struct bdom_def *def, bool autostart, void *opaque, GError **error)
{
	struct bdom_driver *drv = opaque;
	struct bdom_obj *existing;

	if (!bdom_objlist_check_add(drv->list, def, &existing, error) || existing) {
		if (existing)
			g_set_error(error, BDOM_ERROR, BDOM_ERR_OPERATION_FAILED,
				    "a second definition of domain '%s'", def->name);
		bdom_def_free(def);
		return false;
	}
	bdom_objlist_add(drv->list, def)->autostart = autostart;
	return true;
}

struct bdom_driver *bdom_driver_open(const char *state_dir, GError **error)
{
	struct bdom_driver *drv;

	if (!bdom_persist_init(state_dir, error))
		return NULL;
	drv = g_new0(struct bdom_driver, 1);
	drv->state_dir = g_strdup(state_dir);
	drv->list = bdom_objlist_new();
	if (bdom_persist_load(state_dir, load_cb, drv, error) < 0) {
		bdom_driver_close(drv);
		return NULL;
	}
	return drv;
}

void bdom_driver_close(struct bdom_driver *drv)
{
	if (!drv)
		return;
	bdom_objlist_free(drv->list);
	g_free(drv->state_dir);
	g_free(drv);
}

/* ---- define / undefine -------------------------------------------------------- */

/* What the daemon prints must validate: check the formatted definition once. */
static bool check_output(const struct bdom_def *def, GError **error)
{
	g_autofree char *xml = NULL;
	g_autoptr(GError) err = NULL;

	if (!bdom_schema_available())
		return true;
	xml = bdom_def_format(def, -1, BDOM_FORMAT_SECURE | BDOM_FORMAT_INACTIVE);
	if (bdom_schema_validate_string(xml, &err))
		return true;
	g_set_error(error, BDOM_ERROR, BDOM_ERR_XML_INVALID_SCHEMA,
		    "XML error: the definition of '%s' does not fit libvirt's domain schema (%s)",
		    def->name, err->message);
	return false;
}

bool bdom_driver_define(struct bdom_driver *drv, const char *xml, unsigned int flags,
			struct bdom_ref *out, bool *updated, GError **error)
{
	struct bdom_def *def;
	struct bdom_obj *existing, *obj;
	bool ok = false;

	if (!check_flags(flags, 1, "domainDefineXMLFlags", error))
		return false;
	/* Parse and check outside the lock: it is the expensive part. */
	def = bdom_def_parse_string(xml, (flags & 1) ? BDOM_PARSE_VALIDATE : 0, error);
	if (!def)
		return false;
	if (!check_output(def, error)) {
		bdom_def_free(def);
		return false;
	}
	bdom_objlist_lock(drv->list);
	if (!bdom_objlist_check_add(drv->list, def, &existing, error) ||
	    !bdom_persist_save(drv->state_dir, def, error)) {
		bdom_def_free(def);
		goto out;
	}
	*updated = existing != NULL;
	obj = bdom_objlist_add(drv->list, def);
	ref_fill(out, obj);
	ok = true;
out:
	bdom_objlist_unlock(drv->list);
	return ok;
}

bool bdom_driver_undefine(struct bdom_driver *drv, const unsigned char uuid[16], unsigned int flags,
			  struct bdom_ref *out, GError **error)
{
	struct bdom_obj *obj;
	bool ok = false;

	if (!check_flags(flags, UNDEFINE_FLAGS_KNOWN, "domainUndefineFlags", error))
		return false;
	bdom_objlist_lock(drv->list);
	obj = find(drv, uuid, error);
	if (!obj || !bdom_persist_delete(drv->state_dir, uuid, obj->autostart, error))
		goto out;
	ref_fill(out, obj);
	bdom_objlist_remove(drv->list, obj);
	ok = true;
out:
	bdom_objlist_unlock(drv->list);
	return ok;
}

/* ---- lookups ------------------------------------------------------------------- */

bool bdom_driver_lookup_by_name(struct bdom_driver *drv, const char *name, struct bdom_ref *out,
				GError **error)
{
	struct bdom_obj *obj;

	bdom_objlist_lock(drv->list);
	obj = bdom_objlist_find_by_name(drv->list, name);
	if (obj)
		ref_fill(out, obj);
	bdom_objlist_unlock(drv->list);
	if (!obj)
		g_set_error(error, BDOM_ERROR, BDOM_ERR_NO_DOMAIN,
			    "Domain not found: no domain with matching name '%s'", name);
	return obj != NULL;
}

bool bdom_driver_lookup_by_uuid(struct bdom_driver *drv, const unsigned char uuid[16],
				struct bdom_ref *out, GError **error)
{
	struct bdom_obj *obj;

	bdom_objlist_lock(drv->list);
	obj = find(drv, uuid, error);
	if (obj)
		ref_fill(out, obj);
	bdom_objlist_unlock(drv->list);
	return obj != NULL;
}

bool bdom_driver_lookup_by_id(struct bdom_driver *drv, int id, struct bdom_ref *out, GError **error)
{
	struct bdom_obj *obj;

	bdom_objlist_lock(drv->list);
	obj = bdom_objlist_find_by_id(drv->list, id);
	if (obj)
		ref_fill(out, obj);
	bdom_objlist_unlock(drv->list);
	if (!obj)
		g_set_error(error, BDOM_ERROR, BDOM_ERR_NO_DOMAIN,
			    "Domain not found: no domain with matching id %d", id);
	return obj != NULL;
}

static void ref_free(struct bdom_ref *ref)
{
	bdom_ref_clear(ref);
	g_free(ref);
}

GPtrArray *bdom_driver_list(struct bdom_driver *drv, unsigned int flags, GError **error)
{
	g_autoptr(GPtrArray) objs = NULL;
	GPtrArray *out;

	if (!check_flags(flags, BDOM_LIST_ALL_FLAGS, "connectListAllDomains", error))
		return NULL;
	out = g_ptr_array_new_with_free_func((GDestroyNotify)ref_free);
	bdom_objlist_lock(drv->list);
	objs = bdom_objlist_collect(drv->list, flags);
	for (guint i = 0; i < objs->len; i++) {
		struct bdom_ref *ref = g_new0(struct bdom_ref, 1);

		ref_fill(ref, objs->pdata[i]);
		g_ptr_array_add(out, ref);
	}
	bdom_objlist_unlock(drv->list);
	return out;
}

/* ---- reading a definition ------------------------------------------------------ */

char *bdom_driver_get_xml(struct bdom_driver *drv, const unsigned char uuid[16], unsigned int flags,
			  GError **error)
{
	struct bdom_obj *obj;
	char *xml = NULL;

	if (!check_flags(flags, 0xf, "domainGetXMLDesc", error))
		return NULL;
	bdom_objlist_lock(drv->list);
	obj = find(drv, uuid, error);
	if (obj)
		xml = bdom_def_format(obj->def, obj->id,
				      flags & (BDOM_FORMAT_SECURE | BDOM_FORMAT_INACTIVE));
	bdom_objlist_unlock(drv->list);
	return xml;
}

bool bdom_driver_get_info(struct bdom_driver *drv, const unsigned char uuid[16],
			  struct bdom_info *info, GError **error)
{
	struct bdom_obj *obj;

	bdom_objlist_lock(drv->list);
	obj = find(drv, uuid, error);
	if (obj) {
		info->state = obj->state;
		info->max_kib = obj->def->memory_kib;
		info->cur_kib = obj->def->current_kib;
		info->vcpus = obj->def->vcpus_current;
		info->cpu_time_ns = 0;
	}
	bdom_objlist_unlock(drv->list);
	return obj != NULL;
}

bool bdom_driver_get_state(struct bdom_driver *drv, const unsigned char uuid[16], int *state,
			   int *reason, GError **error)
{
	struct bdom_obj *obj;

	bdom_objlist_lock(drv->list);
	obj = find(drv, uuid, error);
	if (obj) {
		*state = obj->state;
		*reason = obj->reason;
	}
	bdom_objlist_unlock(drv->list);
	return obj != NULL;
}

char *bdom_driver_get_os_type(struct bdom_driver *drv, const unsigned char uuid[16], GError **error)
{
	struct bdom_obj *obj;
	char *type = NULL;

	bdom_objlist_lock(drv->list);
	obj = find(drv, uuid, error);
	if (obj)
		type = g_strdup(bdom_os_type_str(obj->def));
	bdom_objlist_unlock(drv->list);
	return type;
}

int bdom_driver_get_flag(struct bdom_driver *drv, const unsigned char uuid[16], char which,
			 GError **error)
{
	struct bdom_obj *obj;
	int value = -1;

	bdom_objlist_lock(drv->list);
	obj = find(drv, uuid, error);
	if (obj)
		value = which == 'a' ? obj->id >= 0 : which == 'p' ? 1 : obj->autostart;
	bdom_objlist_unlock(drv->list);
	return value;
}

bool bdom_driver_set_autostart(struct bdom_driver *drv, const unsigned char uuid[16], bool on,
			       GError **error)
{
	struct bdom_obj *obj;
	bool ok = false;

	bdom_objlist_lock(drv->list);
	obj = find(drv, uuid, error);
	if (obj && bdom_persist_set_autostart(drv->state_dir, uuid, on, error)) {
		obj->autostart = on;
		ok = true;
	}
	bdom_objlist_unlock(drv->list);
	return ok;
}

/* ---- memory and vCPUs ----------------------------------------------------------- */

bool bdom_driver_set_memory(struct bdom_driver *drv, const unsigned char uuid[16], uint64_t kib,
			    unsigned int flags, GError **error)
{
	struct bdom_obj *obj;
	struct bdom_def *def;
	bool ok = false;

	if (!check_flags(flags, 7, "domainSetMemoryFlags", error))
		return false;
	bdom_objlist_lock(drv->list);
	obj = find(drv, uuid, error);
	if (!obj || !resolve_affect(obj, &flags, error) ||
	    !bdom_check_memory((flags & BDOM_AFFECT_MAXIMUM) ? "maximum memory" : "memory", kib,
			       error))
		goto out;
	if (!(flags & BDOM_AFFECT_MAXIMUM) && kib > obj->def->memory_kib) {
		g_set_error(
		    error, BDOM_ERROR, BDOM_ERR_INVALID_ARG,
		    "invalid argument: cannot set memory higher than max memory (%" G_GUINT64_FORMAT
		    " KiB > %" G_GUINT64_FORMAT " KiB)",
		    kib, obj->def->memory_kib);
		goto out;
	}
	def = bdom_def_copy(obj->def, error);
	if (!def)
		goto out;
	if (flags & BDOM_AFFECT_MAXIMUM) {
		def->memory_kib = kib;
		def->current_kib = MIN(def->current_kib, kib);
	} else {
		def->current_kib = kib;
	}
	ok = commit(drv, def, error);
out:
	bdom_objlist_unlock(drv->list);
	return ok;
}

bool bdom_driver_get_max_memory(struct bdom_driver *drv, const unsigned char uuid[16],
				uint64_t *kib, GError **error)
{
	struct bdom_obj *obj;

	bdom_objlist_lock(drv->list);
	obj = find(drv, uuid, error);
	if (obj)
		*kib = obj->def->memory_kib;
	bdom_objlist_unlock(drv->list);
	return obj != NULL;
}

bool bdom_driver_set_vcpus(struct bdom_driver *drv, const unsigned char uuid[16], unsigned int n,
			   unsigned int flags, GError **error)
{
	struct bdom_obj *obj;
	struct bdom_def *def;
	bool ok = false;

	/* LIVE CONFIG MAXIMUM GUEST HOTPLUGGABLE */
	if (!check_flags(flags, 0x1f, "domainSetVcpusFlags", error))
		return false;
	bdom_objlist_lock(drv->list);
	obj = find(drv, uuid, error);
	if (!obj || !resolve_affect(obj, &flags, error))
		goto out;
	if (flags & 8) {
		g_set_error(
		    error, BDOM_ERROR, BDOM_ERR_OPERATION_INVALID,
		    "Requested operation is not valid: domain '%s' is not running, so there is no guest agent to ask",
		    obj->def->name);
		goto out;
	}
	if (!bdom_check_vcpus((flags & BDOM_AFFECT_MAXIMUM) ? MIN(n, obj->def->vcpus_current) : n,
			      (flags & BDOM_AFFECT_MAXIMUM) ? n : obj->def->vcpus_max, error))
		goto out;
	def = bdom_def_copy(obj->def, error);
	if (!def)
		goto out;
	if (flags & BDOM_AFFECT_MAXIMUM) {
		def->vcpus_max = n;
		def->vcpus_current = MIN(def->vcpus_current, n);
	} else {
		def->vcpus_current = n;
	}
	ok = commit(drv, def, error);
out:
	bdom_objlist_unlock(drv->list);
	return ok;
}

int bdom_driver_get_vcpus(struct bdom_driver *drv, const unsigned char uuid[16], unsigned int flags,
			  GError **error)
{
	struct bdom_obj *obj;
	int n = -1;

	if (!check_flags(flags, 0xf, "domainGetVcpusFlags", error))
		return -1;
	bdom_objlist_lock(drv->list);
	obj = find(drv, uuid, error);
	if (obj && resolve_affect(obj, &flags, error)) {
		if (flags & 8)
			g_set_error(error, BDOM_ERROR, BDOM_ERR_OPERATION_INVALID,
				    "Requested operation is not valid: domain '%s' is not running",
				    obj->def->name);
		else
			n = (int)((flags & BDOM_AFFECT_MAXIMUM) ? obj->def->vcpus_max
								: obj->def->vcpus_current);
	}
	bdom_objlist_unlock(drv->list);
	return n;
}

/* ---- metadata ------------------------------------------------------------------- */

static void set_ns_recursive(xmlNodePtr node, xmlNsPtr ns)
{
	for (xmlNodePtr n = node; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (!n->ns)
			xmlSetNs(n, ns);
		set_ns_recursive(n->children, ns);
	}
}

static xmlNodePtr metadata_find(const struct bdom_def *def, const char *uri)
{
	if (!def->metadata)
		return NULL;
	for (xmlNodePtr c = def->metadata->children; c; c = c->next) {
		if (c->type == XML_ELEMENT_NODE && c->ns && c->ns->href &&
		    !strcmp((const char *)c->ns->href, uri))
			return c;
	}
	return NULL;
}

static bool metadata_set_element(struct bdom_def *def, const char *xml, const char *key,
				 const char *uri, GError **error)
{
	xmlNodePtr old = metadata_find(def, uri), node;
	xmlDocPtr doc;

	if (xml && (!key || !g_regex_match_simple("^[A-Za-z_][A-Za-z0-9_.-]*$", key, 0, 0))) {
		g_set_error(
		    error, BDOM_ERROR, BDOM_ERR_INVALID_ARG,
		    "invalid argument: metadata key '%s' is not a valid XML namespace prefix",
		    key ? key : "");
		return false;
	}
	if (!xml) {
		if (old) {
			xmlUnlinkNode(old);
			xmlFreeNode(old);
		}
		return true;
	}
	doc = xmlReadMemory(xml, (int)strlen(xml), "metadata.xml", NULL,
			    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
				XML_PARSE_NOBLANKS);
	if (!doc || !xmlDocGetRootElement(doc)) {
		if (doc)
			xmlFreeDoc(doc);
		g_set_error(error, BDOM_ERROR, BDOM_ERR_XML_ERROR,
			    "XML error: metadata is not a well-formed XML element");
		return false;
	}
	node = xmlCopyNode(xmlDocGetRootElement(doc), 1);
	xmlFreeDoc(doc);
	if (old) {
		xmlUnlinkNode(old);
		xmlFreeNode(old);
	}
	if (!def->metadata)
		def->metadata = xmlNewNode(NULL, BAD_CAST "metadata");
	xmlAddChild(def->metadata, node);
	set_ns_recursive(node, xmlNewNs(node, BAD_CAST uri, BAD_CAST key));
	return true;
}

static bool check_metadata_args(int type, const char *metadata, const char *key, const char *uri,
				GError **error)
{
	if (type == BDOM_META_ELEMENT) {
		if (uri && *uri)
			return true;
		g_set_error(error, BDOM_ERROR, BDOM_ERR_INVALID_ARG,
			    "invalid argument: a namespace URI is required for metadata elements");
		return false;
	}
	if (type != BDOM_META_TITLE && type != BDOM_META_DESCRIPTION) {
		g_set_error(error, BDOM_ERROR, BDOM_ERR_INVALID_ARG,
			    "invalid argument: unknown metadata type %d", type);
		return false;
	}
	if (key || uri) {
		g_set_error(
		    error, BDOM_ERROR, BDOM_ERR_INVALID_ARG,
		    "invalid argument: key and uri must be NULL for a title or description");
		return false;
	}
	return true;
}

bool bdom_driver_set_metadata(struct bdom_driver *drv, const unsigned char uuid[16], int type,
			      const char *metadata, const char *key, const char *uri,
			      unsigned int flags, GError **error)
{
	struct bdom_obj *obj;
	struct bdom_def *def = NULL;
	bool ok = false;

	if (!check_flags(flags, 3, "domainSetMetadata", error) ||
	    !check_metadata_args(type, metadata, key, uri, error))
		return false;
	if (metadata && !*metadata)
		metadata = NULL; /* libvirt: an empty string removes */
	bdom_objlist_lock(drv->list);
	obj = find(drv, uuid, error);
	if (!obj || !resolve_affect(obj, &flags, error))
		goto out;
	def = bdom_def_copy(obj->def, error);
	if (!def)
		goto out;
	if (type == BDOM_META_TITLE) {
		if (metadata && !bdom_check_title(metadata, error))
			goto out;
		g_free(def->title);
		def->title = g_strdup(metadata);
	} else if (type == BDOM_META_DESCRIPTION) {
		if (metadata && !bdom_check_description(metadata, error))
			goto out;
		g_free(def->description);
		def->description = g_strdup(metadata);
	} else if (!metadata_set_element(def, metadata, key, uri, error)) {
		goto out;
	}
	ok = commit(drv, g_steal_pointer(&def), error);
out:
	bdom_def_free(def);
	bdom_objlist_unlock(drv->list);
	return ok;
}

static void strip_ns(xmlNodePtr node, const char *uri)
{
	for (xmlNodePtr n = node; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (n->ns && n->ns->href && !strcmp((const char *)n->ns->href, uri))
			xmlSetNs(n, NULL);
		strip_ns(n->children, uri);
	}
}

/* The element as the client gave it: without our namespace prefix. */
static char *metadata_element_string(xmlNodePtr found, const char *uri)
{
	xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
	xmlNodePtr copy = xmlDocCopyNode(found, doc, 1);
	xmlBufferPtr buf = xmlBufferCreate();
	char *ret;

	xmlDocSetRootElement(doc, copy);
	strip_ns(copy, uri);
	xmlFreeNsList(copy->nsDef);
	copy->nsDef = NULL;
	xmlNodeDump(buf, doc, copy, 0, 1);
	ret = g_strdup((const char *)xmlBufferContent(buf));
	xmlBufferFree(buf);
	xmlFreeDoc(doc);
	return ret;
}

char *bdom_driver_get_metadata(struct bdom_driver *drv, const unsigned char uuid[16], int type,
			       const char *uri, unsigned int flags, GError **error)
{
	struct bdom_obj *obj;
	char *ret = NULL;
	xmlNodePtr found;

	if (!check_flags(flags, 3, "domainGetMetadata", error) ||
	    !check_metadata_args(type, NULL, NULL, type == BDOM_META_ELEMENT ? uri : NULL, error))
		return NULL;
	bdom_objlist_lock(drv->list);
	obj = find(drv, uuid, error);
	if (!obj || !resolve_affect(obj, &flags, error))
		goto out;
	if (type == BDOM_META_TITLE)
		ret = g_strdup(obj->def->title);
	else if (type == BDOM_META_DESCRIPTION)
		ret = g_strdup(obj->def->description);
	else if ((found = metadata_find(obj->def, uri)))
		ret = metadata_element_string(found, uri);
	if (!ret)
		g_set_error(error, BDOM_ERROR, BDOM_ERR_NO_DOMAIN_METADATA,
			    "metadata not found: Requested metadata element is not present");
out:
	bdom_objlist_unlock(drv->list);
	return ret;
}

/* ---- rename --------------------------------------------------------------------- */

bool bdom_driver_rename(struct bdom_driver *drv, const unsigned char uuid[16], const char *new_name,
			unsigned int flags, struct bdom_ref *old_ref, struct bdom_ref *new_ref,
			GError **error)
{
	struct bdom_obj *obj, *other;
	struct bdom_def *def;
	bool ok = false;

	if (!check_flags(flags, 0, "domainRename", error))
		return false;
	if (!new_name) {
		g_set_error(error, BDOM_ERROR, BDOM_ERR_INVALID_ARG,
			    "invalid argument: new domain name must not be NULL");
		return false;
	}
	if (!bdom_check_name(new_name, error))
		return false;
	bdom_objlist_lock(drv->list);
	obj = find(drv, uuid, error);
	if (!obj)
		goto out;
	if (!strcmp(obj->def->name, new_name)) {
		g_set_error(error, BDOM_ERROR, BDOM_ERR_OPERATION_INVALID,
			    "Requested operation is not valid: Can't rename domain to itself");
		goto out;
	}
	other = bdom_objlist_find_by_name(drv->list, new_name);
	if (other) {
		g_set_error(
		    error, BDOM_ERROR, BDOM_ERR_OPERATION_INVALID,
		    "Requested operation is not valid: domain with name '%s' already exists",
		    new_name);
		goto out;
	}
	def = bdom_def_copy(obj->def, error);
	if (!def)
		goto out;
	ref_fill(old_ref, obj);
	g_free(def->name);
	def->name = g_strdup(new_name);
	if (!commit(drv, def, error)) {
		bdom_ref_clear(old_ref);
		goto out;
	}
	ref_fill(new_ref, obj);
	ok = true;
out:
	bdom_objlist_unlock(drv->list);
	return ok;
}
