/* SPDX-License-Identifier: GPL-2.0-only */
/* domain_schema.c - RelaxNG validation of domain XML against libvirt's domain.rng. */
#include "domain_schema.h"

#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <string.h>

static GMutex schema_lock;
static xmlRelaxNGPtr schema;
static bool schema_tried;
static char *schema_path;

static void collect_error(void *data, xmlErrorPtr e)
{
	GString *msg = data;

	/* The first few complaints say what is wrong; the rest repeat it. */
	if (msg->len < 600 && e && e->message) {
		g_autofree char *m = g_strstrip(g_strdup(e->message));

		g_string_append_printf(msg, "%s%s", msg->len ? "; " : "", m);
	}
}

/* Call with schema_lock held. */
static xmlRelaxNGPtr schema_load(void)
{
	const char *dir = g_getenv("BASALT_LIBVIRT_SCHEMA_DIR");
	xmlRelaxNGParserCtxtPtr pctxt;
	GString *ignored;

	if (schema_tried)
		return schema;
	schema_tried = true;
	schema_path =
	    g_build_filename(dir ? dir : "/usr/share/libvirt/schemas", "domain.rng", NULL);
	if (!g_file_test(schema_path, G_FILE_TEST_IS_REGULAR))
		return NULL;
	ignored = g_string_new(NULL);
	pctxt = xmlRelaxNGNewParserCtxt(schema_path);
	xmlRelaxNGSetParserStructuredErrors(pctxt, collect_error, ignored);
	schema = xmlRelaxNGParse(pctxt);
	xmlRelaxNGFreeParserCtxt(pctxt);
	if (!schema)
		g_warning("cannot load RelaxNG schema %s: %s", schema_path, ignored->str);
	g_string_free(ignored, TRUE);
	return schema;
}

bool bdom_schema_available(void)
{
	bool ok;

	g_mutex_lock(&schema_lock);
	ok = schema_load() != NULL;
	g_mutex_unlock(&schema_lock);
	return ok;
}

bool bdom_schema_validate_doc(xmlDocPtr doc, GError **error)
{
	g_autoptr(GString) msg = g_string_new(NULL);
	xmlRelaxNGValidCtxtPtr vctxt;
	int rc;

	/* One validation at a time: the schema's shared state is not documented as thread-safe. */
	g_mutex_lock(&schema_lock);
	if (!schema_load()) {
		g_set_error(
		    error, BDOM_ERROR, BDOM_ERR_XML_INVALID_SCHEMA,
		    "XML document failed to validate against schema: cannot load %s (package libvirt0)",
		    schema_path);
		g_mutex_unlock(&schema_lock);
		return false;
	}
	vctxt = xmlRelaxNGNewValidCtxt(schema);
	xmlRelaxNGSetValidStructuredErrors(vctxt, collect_error, msg);
	rc = xmlRelaxNGValidateDoc(vctxt, doc);
	xmlRelaxNGFreeValidCtxt(vctxt);
	g_mutex_unlock(&schema_lock);
	if (rc != 0) {
		g_set_error(
		    error, BDOM_ERROR, BDOM_ERR_XML_INVALID_SCHEMA,
		    "XML document failed to validate against schema: Unable to validate doc against %s: %s",
		    schema_path, msg->len ? msg->str : "invalid document");
		return false;
	}
	return true;
}

bool bdom_schema_validate_string(const char *xml, GError **error)
{
	xmlDocPtr doc = xmlReadMemory(xml, (int)strlen(xml), "domain.xml", NULL,
				      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	bool ok;

	if (!doc) {
		g_set_error(error, BDOM_ERROR, BDOM_ERR_XML_ERROR,
			    "XML error: malformed domain XML");
		return false;
	}
	ok = bdom_schema_validate_doc(doc, error);
	xmlFreeDoc(doc);
	return ok;
}
