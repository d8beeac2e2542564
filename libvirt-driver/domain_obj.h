/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * domain_obj.h - the daemon's list of domains, found by name, UUID or ID.
 *
 * Thread safety: one mutex guards the list and every object in it. Take it
 * with bdom_objlist_lock() around a whole operation (look up, check, persist,
 * insert), so two clients defining the same name at once are serialised:
 * one wins, the other gets "domain 'x' already exists with uuid ...".
 * Functions marked (locked) expect the caller to hold it.
 */
#ifndef VIRTBASALTD_DOMAIN_OBJ_H
#define VIRTBASALTD_DOMAIN_OBJ_H

#include "domain_conf.h"

/* virDomainState and the shutoff reasons we report. */
enum bdom_state {
	BDOM_STATE_NOSTATE = 0,
	BDOM_STATE_RUNNING = 1,
	BDOM_STATE_PAUSED = 3,
	BDOM_STATE_SHUTOFF = 5,
};

struct bdom_obj {
	struct bdom_def *def; /* the persistent definition, owned */
	bool autostart;
	int id; /* -1 while not running */
	enum bdom_state state;
	int reason;
};

struct bdom_objlist;

struct bdom_objlist *bdom_objlist_new(void);
void bdom_objlist_free(struct bdom_objlist *list);
void bdom_objlist_lock(struct bdom_objlist *list);
void bdom_objlist_unlock(struct bdom_objlist *list);

/* (locked) Lookups; NULL when absent. */
struct bdom_obj *bdom_objlist_find_by_name(struct bdom_objlist *list, const char *name);
struct bdom_obj *bdom_objlist_find_by_uuid(struct bdom_objlist *list, const unsigned char uuid[16]);
struct bdom_obj *bdom_objlist_find_by_id(struct bdom_objlist *list, int id);

/*
 * (locked) May def be added? Applies libvirt's rules: same UUID and a
 * different name -> "domain 'old' is already defined with uuid U"; same name
 * and a different UUID -> "domain 'x' already exists with uuid U" (both
 * VIR_ERR_OPERATION_FAILED). *existing is the object def would replace
 * (same UUID and name), or NULL for a new domain.
 */
bool bdom_objlist_check_add(struct bdom_objlist *list, const struct bdom_def *def,
			    struct bdom_obj **existing, GError **error);
/*
 * (locked) Insert def (ownership passes) after bdom_objlist_check_add()
 * said yes, or replace the definition of the object with def's UUID (its
 * name may change: that is how a rename lands). Returns the object.
 */
struct bdom_obj *bdom_objlist_add(struct bdom_objlist *list, struct bdom_def *def);
/* (locked) Remove and free obj. */
void bdom_objlist_remove(struct bdom_objlist *list, struct bdom_obj *obj);
/*
 * (locked) The objects matching libvirt's virConnectListAllDomains flags (0:
 * all), sorted by name. The array does not own the objects.
 */
GPtrArray *bdom_objlist_collect(struct bdom_objlist *list, unsigned int flags);
/* (locked) Number of domains. */
guint bdom_objlist_count(struct bdom_objlist *list);

/* virConnectListAllDomainsFlags */
enum {
	BDOM_LIST_ACTIVE = 1 << 0,
	BDOM_LIST_INACTIVE = 1 << 1,
	BDOM_LIST_PERSISTENT = 1 << 2,
	BDOM_LIST_TRANSIENT = 1 << 3,
	BDOM_LIST_RUNNING = 1 << 4,
	BDOM_LIST_PAUSED = 1 << 5,
	BDOM_LIST_SHUTOFF = 1 << 6,
	BDOM_LIST_OTHER = 1 << 7,
	BDOM_LIST_MANAGEDSAVE = 1 << 8,
	BDOM_LIST_NO_MANAGEDSAVE = 1 << 9,
	BDOM_LIST_AUTOSTART = 1 << 10,
	BDOM_LIST_NO_AUTOSTART = 1 << 11,
	BDOM_LIST_HAS_SNAPSHOT = 1 << 12,
	BDOM_LIST_NO_SNAPSHOT = 1 << 13,
	BDOM_LIST_HAS_CHECKPOINT = 1 << 14,
	BDOM_LIST_NO_CHECKPOINT = 1 << 15,
	BDOM_LIST_ALL_FLAGS = (1 << 16) - 1,
};

#endif
