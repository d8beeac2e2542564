/* SPDX-License-Identifier: GPL-2.0-only */
/* domain_obj.c - the list of domain objects, indexed by name and UUID. */
#include "domain_obj.h"

#include <string.h>

struct bdom_objlist {
	GMutex lock;
	GHashTable *by_uuid; /* 16-byte key (obj->def->uuid) -> obj, owns obj */
	GHashTable *by_name; /* obj->def->name -> obj */
};

static guint uuid_hash(gconstpointer key)
{
	guint h;

	memcpy(&h, (const unsigned char *)key + 12, sizeof(h)); /* random bytes of a v4 UUID */
	return h;
}

static gboolean uuid_equal(gconstpointer a, gconstpointer b)
{
	return memcmp(a, b, 16) == 0;
}

static void obj_free(struct bdom_obj *obj)
{
	bdom_def_free(obj->def);
	g_free(obj);
}

struct bdom_objlist *bdom_objlist_new(void)
{
	struct bdom_objlist *list = g_new0(struct bdom_objlist, 1);

	g_mutex_init(&list->lock);
	list->by_uuid =
	    g_hash_table_new_full(uuid_hash, uuid_equal, NULL, (GDestroyNotify)obj_free);
	list->by_name = g_hash_table_new(g_str_hash, g_str_equal);
	return list;
}

void bdom_objlist_free(struct bdom_objlist *list)
{
	if (!list)
		return;
	g_hash_table_destroy(list->by_name);
	g_hash_table_destroy(list->by_uuid);
	g_mutex_clear(&list->lock);
	g_free(list);
}

void bdom_objlist_lock(struct bdom_objlist *list)
{
	g_mutex_lock(&list->lock);
}

void bdom_objlist_unlock(struct bdom_objlist *list)
{
	g_mutex_unlock(&list->lock);
}

struct bdom_obj *bdom_objlist_find_by_name(struct bdom_objlist *list, const char *name)
{
	return g_hash_table_lookup(list->by_name, name);
}

struct bdom_obj *bdom_objlist_find_by_uuid(struct bdom_objlist *list, const unsigned char uuid[16])
{
	return g_hash_table_lookup(list->by_uuid, uuid);
}

struct bdom_obj *bdom_objlist_find_by_id(struct bdom_objlist *list, int id)
{
	GHashTableIter it;
	gpointer value;

	if (id < 0)
		return NULL;
	g_hash_table_iter_init(&it, list->by_uuid);
	while (g_hash_table_iter_next(&it, NULL, &value)) {
		struct bdom_obj *obj = value;

		if (obj->id == id)
			return obj;
	}
	return NULL;
}

bool bdom_objlist_check_add(struct bdom_objlist *list, const struct bdom_def *def,
			    struct bdom_obj **existing, GError **error)
{
	struct bdom_obj *same_uuid = bdom_objlist_find_by_uuid(list, def->uuid);
	struct bdom_obj *same_name = bdom_objlist_find_by_name(list, def->name);
	char u[37];

	*existing = NULL;
	if (same_uuid && strcmp(same_uuid->def->name, def->name)) {
		bdom_uuid_format(same_uuid->def->uuid, u);
		g_set_error(error, BDOM_ERROR, BDOM_ERR_OPERATION_FAILED,
			    "operation failed: domain '%s' is already defined with uuid %s",
			    same_uuid->def->name, u);
		return false;
	}
	if (!same_uuid && same_name) {
		bdom_uuid_format(same_name->def->uuid, u);
		g_set_error(error, BDOM_ERROR, BDOM_ERR_OPERATION_FAILED,
			    "operation failed: domain '%s' already exists with uuid %s", def->name,
			    u);
		return false;
	}
	*existing = same_uuid;
	return true;
}

struct bdom_obj *bdom_objlist_add(struct bdom_objlist *list, struct bdom_def *def)
{
	struct bdom_obj *obj = bdom_objlist_find_by_uuid(list, def->uuid);

	if (obj) {
		/* Re-key both tables: the keys point into the def being replaced. */
		g_hash_table_steal(list->by_uuid, obj->def->uuid);
		g_hash_table_remove(list->by_name, obj->def->name);
		bdom_def_free(obj->def);
		obj->def = def;
	} else {
		obj = g_new0(struct bdom_obj, 1);
		obj->def = def;
		obj->id = -1;
		obj->state = BDOM_STATE_SHUTOFF;
		obj->reason = 0;
	}
	g_hash_table_insert(list->by_uuid, obj->def->uuid, obj);
	g_hash_table_insert(list->by_name, obj->def->name, obj);
	return obj;
}

void bdom_objlist_remove(struct bdom_objlist *list, struct bdom_obj *obj)
{
	g_hash_table_remove(list->by_name, obj->def->name);
	g_hash_table_remove(list->by_uuid, obj->def->uuid);
}

/* Does obj pass one pair of exclusive filter bits? Neither or both set: yes. */
static bool pass_pair(unsigned int flags, unsigned int yes, unsigned int no, bool value)
{
	if (!(flags & yes) == !(flags & no))
		return true;
	return (flags & yes) ? value : !value;
}

static bool obj_matches(const struct bdom_obj *obj, unsigned int flags)
{
	bool active = obj->id >= 0;
	unsigned int state_bits =
	    flags & (BDOM_LIST_RUNNING | BDOM_LIST_PAUSED | BDOM_LIST_SHUTOFF | BDOM_LIST_OTHER);

	if (!pass_pair(flags, BDOM_LIST_ACTIVE, BDOM_LIST_INACTIVE, active) ||
	    !pass_pair(flags, BDOM_LIST_PERSISTENT, BDOM_LIST_TRANSIENT, true) ||
	    !pass_pair(flags, BDOM_LIST_MANAGEDSAVE, BDOM_LIST_NO_MANAGEDSAVE, false) ||
	    !pass_pair(flags, BDOM_LIST_AUTOSTART, BDOM_LIST_NO_AUTOSTART, obj->autostart) ||
	    !pass_pair(flags, BDOM_LIST_HAS_SNAPSHOT, BDOM_LIST_NO_SNAPSHOT, false) ||
	    !pass_pair(flags, BDOM_LIST_HAS_CHECKPOINT, BDOM_LIST_NO_CHECKPOINT, false))
		return false;
	if (state_bits) {
		unsigned int bit = obj->state == BDOM_STATE_RUNNING   ? BDOM_LIST_RUNNING
				   : obj->state == BDOM_STATE_PAUSED  ? BDOM_LIST_PAUSED
				   : obj->state == BDOM_STATE_SHUTOFF ? BDOM_LIST_SHUTOFF
								      : BDOM_LIST_OTHER;

		return (state_bits & bit) != 0;
	}
	return true;
}

static gint compare_by_name(gconstpointer a, gconstpointer b)
{
	const struct bdom_obj *x = *(struct bdom_obj *const *)a;
	const struct bdom_obj *y = *(struct bdom_obj *const *)b;

	return strcmp(x->def->name, y->def->name);
}

GPtrArray *bdom_objlist_collect(struct bdom_objlist *list, unsigned int flags)
{
	GPtrArray *out = g_ptr_array_new();
	GHashTableIter it;
	gpointer value;

	g_hash_table_iter_init(&it, list->by_uuid);
	while (g_hash_table_iter_next(&it, NULL, &value)) {
		if (obj_matches(value, flags))
			g_ptr_array_add(out, value);
	}
	g_ptr_array_sort(out, compare_by_name);
	return out;
}

guint bdom_objlist_count(struct bdom_objlist *list)
{
	return g_hash_table_size(list->by_uuid);
}
