/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * domain_xml_util.h - small libxml2 helpers shared by the domain XML parser
 * and formatter. Internal to the domain_*.c files.
 */
#ifndef VIRTBASALTD_DOMAIN_XML_UTIL_H
#define VIRTBASALTD_DOMAIN_XML_UTIL_H

#include "domain_conf.h"

/* Attribute value as a g_malloc'ed string, NULL when absent. */
char *bx_prop(xmlNodePtr node, const char *name);
/* Text content of an element (g_malloc'ed, never NULL). */
char *bx_text(xmlNodePtr node);
/* First element child called name, or NULL. */
xmlNodePtr bx_child(xmlNodePtr node, const char *name);
/* Element name with its namespace prefix if any ("qemu:commandline"), static buffer-free. */
char *bx_qname(xmlNodePtr node);
/* Is str one of the NULL-terminated list? */
bool bx_in(const char *str, const char *const *list);

/*
 * Reject attributes of node not in the NULL-terminated list allowed; where
 * names the element in the message ("<memory>").
 */
bool bx_check_attrs(xmlNodePtr node, const char *where, const char *const *allowed, GError **error);

/* Decimal unsigned integers; the error names field and the bad value. */
bool bx_parse_u64(const char *str, const char *field, uint64_t *out, GError **error);
bool bx_parse_uint(const char *str, const char *field, unsigned int max, unsigned int *out,
		   GError **error);
bool bx_parse_int(const char *str, const char *field, int min, int max, int *out, GError **error);
/* A scaled integer element (<memory unit='MiB'>512</memory>) in KiB, rounded up. */
bool bx_parse_scaled_kib(xmlNodePtr node, const char *field, uint64_t *kib, GError **error);

/* Set or replace attribute name of the first child element called child (created if absent). */
void bx_set_child_prop(xmlNodePtr node, const char *child, const char *name, const char *value);

#endif
