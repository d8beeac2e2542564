/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Domain configuration procedures: implemented in remote_domain.c (and the
 * domain object / XML / persistence files behind it), owned by the domain
 * side of libvirt-driver/.
 *
 * Every handler vb_domain_* / vb_connect_*domains* of an @domain procedure in
 * basalt_remote.x is declared (weak) in the generated remote_handlers.h with
 * the contract of dispatch.h. Defining the function links it into the
 * dispatch table; until then the procedure answers "unknown procedure",
 * which clients report as "not supported". The full list:
 *
 *   vb_domain_define_xml               11   w
 *   vb_domain_define_xml_flags        350   w  (flag VALIDATE = 1)
 *   vb_domain_undefine                 35   w
 *   vb_domain_undefine_flags          231   w
 *   vb_domain_lookup_by_id             22
 *   vb_domain_lookup_by_name           23
 *   vb_domain_lookup_by_uuid           24
 *   vb_connect_list_all_domains       273
 *   vb_connect_list_defined_domains    21
 *   vb_connect_num_of_defined_domains  25
 *   vb_connect_list_domains            37
 *   vb_connect_num_of_domains          51
 *   vb_domain_get_xml_desc             14
 *   vb_domain_get_info                 16
 *   vb_domain_get_state               212
 *   vb_domain_get_os_type              19
 *   vb_domain_is_active               150
 *   vb_domain_is_persistent           151
 *   vb_domain_is_updated              202
 *   vb_domain_get_autostart            15
 *   vb_domain_set_autostart            29   w
 *   vb_domain_get_max_memory           17
 *   vb_domain_set_max_memory           30   w
 *   vb_domain_set_memory               31   w
 *   vb_domain_set_memory_flags        204   w
 *   vb_domain_set_vcpus                32   w
 *   vb_domain_set_vcpus_flags         199   w
 *   vb_domain_get_vcpus_flags         200
 *   vb_domain_get_max_vcpus            18
 *   vb_domain_set_metadata            264   w
 *   vb_domain_get_metadata            265
 *   vb_domain_rename                  358   w
 *   vb_domain_has_managed_save_image  183   (virsh dominfo/undefine ask)
 *   vb_domain_snapshot_num            187   (virsh undefine asks)
 *   vb_domain_list_all_snapshots      274   (virt-manager asks)
 *   vb_domain_get_messages            426   (virsh dominfo asks)
 *
 * Lifecycle events: call vb_event_domain_lifecycle() (events.h) after a
 * define (DEFINED/ADDED or UPDATED), undefine (UNDEFINED/REMOVED) or rename.
 */
#ifndef VB_REMOTE_DOMAIN_H
#define VB_REMOTE_DOMAIN_H

#include "remote_handlers.h"

/*
 * Optional hooks of the domain side, called by main.c when linked:
 *
 * vb_domain_driver_init: load the definitions under state_dir (created
 *   if missing) before the sockets open. Return 0, or -1 with err set: the
 *   daemon then exits with err's message.
 * vb_domain_driver_shutdown: release everything at clean shutdown.
 * vb_domain_driver_check: used by the @runtime answers so that an unknown
 *   domain still gets NO_DOMAIN; return 0 if dom names a defined domain,
 *   else -1 with err set.
 */
__attribute__((weak)) int vb_domain_driver_init(const char *state_dir, struct vb_error *err);
__attribute__((weak)) void vb_domain_driver_shutdown(void);
__attribute__((weak)) int vb_domain_driver_check(const remote_nonnull_domain *dom,
						 struct vb_error *err);

#endif
