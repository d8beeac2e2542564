/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * domain_persist.h - persistent domain definitions on disk.
 *
 * Layout under the state directory:
 *   <uuid>.xml             one definition each, as bdom_def_format() prints it
 *                          with SECURE|INACTIVE (named by UUID so a rename is
 *                          one atomic rewrite);
 *   autostart/<uuid>.xml   a symlink to ../<uuid>.xml while autostart is on
 *                          (libvirt's scheme);
 *   .<uuid>.xml.XXXXXX     a write in progress (removed at load).
 * Every change is durable when the call returns: a file is written to a temp
 * name, fsync'ed, renamed over the old one, and the directory fsync'ed. A
 * crash at any point leaves either the old or the new definition, whole.
 */
#ifndef VIRTBASALTD_DOMAIN_PERSIST_H
#define VIRTBASALTD_DOMAIN_PERSIST_H

#include "domain_conf.h"

/* Create the state directory (and autostart/) if missing. */
bool bdom_persist_init(const char *state_dir, GError **error);
/* Write def atomically and durably. */
bool bdom_persist_save(const char *state_dir, const struct bdom_def *def, GError **error);
/*
 * Remove the definition, durably; and its autostart link if autostart is set
 * (skipping that saves a directory sync). Absent is not an error.
 */
bool bdom_persist_delete(const char *state_dir, const unsigned char uuid[16], bool autostart,
			 GError **error);
bool bdom_persist_set_autostart(const char *state_dir, const unsigned char uuid[16], bool on,
				GError **error);

/*
 * Called once per definition found; takes ownership of def. Returning false
 * skips it (the file stays on disk, reported by a warning).
 */
typedef bool (*bdom_persist_load_fn)(struct bdom_def *def, bool autostart, void *opaque,
				     GError **error);
/*
 * Load every definition: leftover temp files and dangling autostart links are
 * removed; a file that does not parse is left alone and reported with
 * g_warning (it is never half-written by us, so a person edited it).
 * Returns the number of definitions loaded, or -1 if the directory is unreadable.
 */
int bdom_persist_load(const char *state_dir, bdom_persist_load_fn fn, void *opaque, GError **error);

#endif
