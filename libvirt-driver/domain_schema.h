/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * domain_schema.h - checking domain XML against libvirt's RelaxNG schema
 * (domain.rng, package libvirt0), for VIR_DOMAIN_DEFINE_VALIDATE and for the
 * daemon's own output.
 *
 * The schema directory is $BASALT_LIBVIRT_SCHEMA_DIR, else
 * /usr/share/libvirt/schemas. It is loaded once, on first use.
 */
#ifndef VIRTBASALTD_DOMAIN_SCHEMA_H
#define VIRTBASALTD_DOMAIN_SCHEMA_H

#include "domain_conf.h"

#include <libxml/tree.h>

/* Is the schema installed and loadable? */
bool bdom_schema_available(void);
/*
 * Validate doc against domain.rng. On failure the error (code
 * BDOM_ERR_XML_INVALID_SCHEMA) carries the schema's first complaints. An
 * absent schema is an error too: the caller asked for validation.
 */
bool bdom_schema_validate_doc(xmlDocPtr doc, GError **error);
bool bdom_schema_validate_string(const char *xml, GError **error);

#endif
