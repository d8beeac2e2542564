/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * domain_driver.h - the domain configuration operations of virtbasaltd,
 * independent of the RPC layer (remote_domain.c maps procedures onto them).
 *
 * A driver owns the domain list and its state directory. Every operation
 * takes the list lock for its whole duration, so concurrent callers see the
 * operations in some serial order. Changes are copy-on-write: the changed
 * definition is written to disk first and replaces the one in memory only
 * once it is durable, so a failure leaves nothing half-changed.
 *
 * Domains are named by UUID (as libvirt's drivers do for a virDomainPtr);
 * an unknown one gives VIR_ERR_NO_DOMAIN "Domain not found: ...".
 * Without a hypervisor, every domain is shut off; changes to a live domain
 * (AFFECT_LIVE) get VIR_ERR_OPERATION_INVALID.
 */
#ifndef VIRTBASALTD_DOMAIN_DRIVER_H
#define VIRTBASALTD_DOMAIN_DRIVER_H

#include "domain_conf.h"
#include "domain_obj.h"

/* What identifies a domain to a client (remote_nonnull_domain). */
struct bdom_ref {
	char *name;
	unsigned char uuid[16];
	int id;
};
void bdom_ref_clear(struct bdom_ref *ref);

struct bdom_info {
	int state;
	uint64_t max_kib;
	uint64_t cur_kib;
	unsigned int vcpus;
	uint64_t cpu_time_ns;
};

struct bdom_driver;

/* Open (creating if needed) state_dir and load the definitions in it. */
struct bdom_driver *bdom_driver_open(const char *state_dir, GError **error);
void bdom_driver_close(struct bdom_driver *drv);

/* virDomainDefineXMLFlags; flags: VIR_DOMAIN_DEFINE_VALIDATE (1). *updated: redefined. */
bool bdom_driver_define(struct bdom_driver *drv, const char *xml, unsigned int flags,
			struct bdom_ref *out, bool *updated, GError **error);
/* virDomainUndefineFlags; out names the removed domain. */
bool bdom_driver_undefine(struct bdom_driver *drv, const unsigned char uuid[16], unsigned int flags,
			  struct bdom_ref *out, GError **error);

bool bdom_driver_lookup_by_name(struct bdom_driver *drv, const char *name, struct bdom_ref *out,
				GError **error);
bool bdom_driver_lookup_by_uuid(struct bdom_driver *drv, const unsigned char uuid[16],
				struct bdom_ref *out, GError **error);
bool bdom_driver_lookup_by_id(struct bdom_driver *drv, int id, struct bdom_ref *out,
			      GError **error);
/* Domains matching virConnectListAllDomains flags, sorted by name (array of struct bdom_ref *). */
GPtrArray *bdom_driver_list(struct bdom_driver *drv, unsigned int flags, GError **error);

/* virDomainGetXMLDesc flags: SECURE 1, INACTIVE 2, UPDATE_CPU 4, MIGRATABLE 8. */
char *bdom_driver_get_xml(struct bdom_driver *drv, const unsigned char uuid[16], unsigned int flags,
			  GError **error);
bool bdom_driver_get_info(struct bdom_driver *drv, const unsigned char uuid[16],
			  struct bdom_info *info, GError **error);
bool bdom_driver_get_state(struct bdom_driver *drv, const unsigned char uuid[16], int *state,
			   int *reason, GError **error);
char *bdom_driver_get_os_type(struct bdom_driver *drv, const unsigned char uuid[16],
			      GError **error);
/* is-active (which = 'a'), is-persistent ('p'), autostart ('s'): 0/1, or -1 with error. */
int bdom_driver_get_flag(struct bdom_driver *drv, const unsigned char uuid[16], char which,
			 GError **error);
bool bdom_driver_set_autostart(struct bdom_driver *drv, const unsigned char uuid[16], bool on,
			       GError **error);

/* virDomainModificationImpact and the MAXIMUM bit (4) of memory and vCPU calls. */
enum {
	BDOM_AFFECT_LIVE = 1,
	BDOM_AFFECT_CONFIG = 2,
	BDOM_AFFECT_MAXIMUM = 4,
};
bool bdom_driver_set_memory(struct bdom_driver *drv, const unsigned char uuid[16], uint64_t kib,
			    unsigned int flags, GError **error);
bool bdom_driver_get_max_memory(struct bdom_driver *drv, const unsigned char uuid[16],
				uint64_t *kib, GError **error);
bool bdom_driver_set_vcpus(struct bdom_driver *drv, const unsigned char uuid[16], unsigned int n,
			   unsigned int flags, GError **error);
/* flags as virDomainGetVcpusFlags: LIVE 1, CONFIG 2, MAXIMUM 4, GUEST 8. */
int bdom_driver_get_vcpus(struct bdom_driver *drv, const unsigned char uuid[16], unsigned int flags,
			  GError **error);

/* virDomainMetadataType */
enum { BDOM_META_DESCRIPTION = 0, BDOM_META_TITLE = 1, BDOM_META_ELEMENT = 2 };
bool bdom_driver_set_metadata(struct bdom_driver *drv, const unsigned char uuid[16], int type,
			      const char *metadata, const char *key, const char *uri,
			      unsigned int flags, GError **error);
char *bdom_driver_get_metadata(struct bdom_driver *drv, const unsigned char uuid[16], int type,
			       const char *uri, unsigned int flags, GError **error);

/* virDomainRename: old and new identities for the events. */
bool bdom_driver_rename(struct bdom_driver *drv, const unsigned char uuid[16], const char *new_name,
			unsigned int flags, struct bdom_ref *old_ref, struct bdom_ref *new_ref,
			GError **error);

#endif
