/* SPDX-License-Identifier: GPL-2.0-only */
/* domain_xml_util.c - libxml2 helpers for the domain XML parser and formatter. */
#include "domain_xml_util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

char *bx_prop(xmlNodePtr node, const char *name)
{
	xmlChar *v = xmlGetNoNsProp(node, BAD_CAST name);
	char *ret;

	if (!v)
		return NULL;
	ret = g_strdup((const char *)v);
	xmlFree(v);
	return ret;
}

char *bx_text(xmlNodePtr node)
{
	xmlChar *v = xmlNodeGetContent(node);
	char *ret = g_strdup(v ? (const char *)v : "");

	xmlFree(v);
	return ret;
}

xmlNodePtr bx_child(xmlNodePtr node, const char *name)
{
	for (xmlNodePtr c = node->children; c; c = c->next) {
		if (c->type == XML_ELEMENT_NODE && !c->ns && !strcmp((const char *)c->name, name))
			return c;
	}
	return NULL;
}

char *bx_qname(xmlNodePtr node)
{
	if (node->ns && node->ns->prefix)
		return g_strdup_printf("%s:%s", node->ns->prefix, node->name);
	return g_strdup((const char *)node->name);
}

bool bx_in(const char *str, const char *const *list)
{
	if (!str)
		return false;
	for (; *list; list++) {
		if (!strcmp(str, *list))
			return true;
	}
	return false;
}

bool bx_check_attrs(xmlNodePtr node, const char *where, const char *const *allowed, GError **error)
{
	for (xmlAttrPtr a = node->properties; a; a = a->next) {
		if (!a->ns && bx_in((const char *)a->name, allowed))
			continue;
		g_set_error(error, BDOM_ERROR, BDOM_ERR_CONFIG_UNSUPPORTED,
			    "unsupported configuration: unknown attribute '%s' of %s",
			    (const char *)a->name, where);
		return false;
	}
	return true;
}

static bool parse_u64_raw(const char *str, uint64_t *out)
{
	char *end;
	unsigned long long v;

	if (!str || !g_ascii_isdigit(*str))
		return false;
	errno = 0;
	v = strtoull(str, &end, 10);
	if (errno || *end)
		return false;
	*out = v;
	return true;
}

bool bx_parse_u64(const char *str, const char *field, uint64_t *out, GError **error)
{
	g_autofree char *trimmed = g_strstrip(g_strdup(str ? str : ""));

	if (!parse_u64_raw(trimmed, out)) {
		g_set_error(
		    error, BDOM_ERROR, BDOM_ERR_XML_ERROR,
		    "XML error: invalid value '%.64s' for %s: expected an unsigned integer below 2^64",
		    trimmed, field);
		return false;
	}
	return true;
}

bool bx_parse_uint(const char *str, const char *field, unsigned int max, unsigned int *out,
		   GError **error)
{
	uint64_t v;

	if (!bx_parse_u64(str, field, &v, error))
		return false;
	if (v > max) {
		g_set_error(error, BDOM_ERROR, BDOM_ERR_XML_ERROR,
			    "XML error: value %" G_GUINT64_FORMAT " for %s is larger than %u", v,
			    field, max);
		return false;
	}
	*out = (unsigned int)v;
	return true;
}

bool bx_parse_int(const char *str, const char *field, int min, int max, int *out, GError **error)
{
	g_autofree char *trimmed = g_strstrip(g_strdup(str ? str : ""));
	char *end;
	long long v;

	errno = 0;
	v = strtoll(trimmed, &end, 10);
	if (!*trimmed || errno || *end || v < min || v > max) {
		g_set_error(
		    error, BDOM_ERROR, BDOM_ERR_XML_ERROR,
		    "XML error: invalid value '%.64s' for %s: expected an integer from %d to %d",
		    trimmed, field, min, max);
		return false;
	}
	*out = (int)v;
	return true;
}

/* Multipliers of libvirt's scaled integers (docs/formatdomain.rst, "memory"). */
static bool unit_scale(const char *unit, uint64_t *scale)
{
	static const struct {
		const char *name;
		uint64_t scale;
	} units[] = {
	    {"b", 1},	       {"bytes", 1},	    {"KB", 1000ULL},
	    {"k", 1ULL << 10}, {"KiB", 1ULL << 10}, {"MB", 1000000ULL},
	    {"M", 1ULL << 20}, {"MiB", 1ULL << 20}, {"GB", 1000000000ULL},
	    {"G", 1ULL << 30}, {"GiB", 1ULL << 30}, {"TB", 1000000000000ULL},
	    {"T", 1ULL << 40}, {"TiB", 1ULL << 40}, {"PB", 1000000000000000ULL},
	    {"P", 1ULL << 50}, {"PiB", 1ULL << 50}, {"EB", 1000000000000000000ULL},
	    {"E", 1ULL << 60}, {"EiB", 1ULL << 60},
	};

	for (size_t i = 0; i < G_N_ELEMENTS(units); i++) {
		if (!strcmp(unit, units[i].name)) {
			*scale = units[i].scale;
			return true;
		}
	}
	return false;
}

bool bx_parse_scaled_kib(xmlNodePtr node, const char *field, uint64_t *kib, GError **error)
{
	static const char *const attrs[] = {"unit", "dumpCore", NULL};
	g_autofree char *unit = bx_prop(node, "unit");
	g_autofree char *text = bx_text(node);
	uint64_t value, scale = 1024;

	if (!bx_check_attrs(node, field, attrs, error))
		return false;
	if (unit && !unit_scale(unit, &scale)) {
		g_set_error(
		    error, BDOM_ERROR, BDOM_ERR_XML_ERROR,
		    "XML error: unknown unit '%.32s' for %s (use b, KiB, MiB, GiB, TiB, KB, MB, GB ...)",
		    unit, field);
		return false;
	}
	if (!bx_parse_u64(text, field, &value, error))
		return false;
	if (value > UINT64_MAX / scale) {
		g_set_error(error, BDOM_ERROR, BDOM_ERR_XML_ERROR,
			    "XML error: value of %s is too large: %" G_GUINT64_FORMAT
			    " %s overflows 64 bits of bytes",
			    field, value, unit ? unit : "KiB");
		return false;
	}
	value *= scale;
	*kib = value / 1024 + (value % 1024 ? 1 : 0);
	return true;
}

void bx_set_child_prop(xmlNodePtr node, const char *child, const char *name, const char *value)
{
	xmlNodePtr c = bx_child(node, child);

	if (!c)
		c = xmlNewChild(node, NULL, BAD_CAST child, NULL);
	xmlSetProp(c, BAD_CAST name, BAD_CAST value);
}
