/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * fuzz-domain-xml.c - libFuzzer target for virtbasaltd's domain XML parser.
 *
 * Any input may be rejected, but never crash, leak or trip a sanitizer; and
 * what the parser accepts must format to XML that parses again to the same
 * text (define -> dumpxml -> define is stable for every accepted input).
 */
#include "domain_conf.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *xml = g_malloc(size + 1);
	struct bdom_def *def, *again;
	GError *error = NULL;
	char *out, *out2;

	memcpy(xml, data, size);
	xml[size] = '\0';
	def = bdom_def_parse_string(xml, 0, &error);
	g_free(xml);
	if (!def) {
		/* Every rejection carries a message and a libvirt error number. */
		if (!error || !error->message || error->code <= 0)
			abort();
		g_error_free(error);
		return 0;
	}
	out = bdom_def_format(def, -1, BDOM_FORMAT_SECURE);
	again = bdom_def_parse_string(out, 0, &error);
	if (!again) {
		fprintf(stderr, "formatted output does not parse: %s\n%s\n", error->message, out);
		abort();
	}
	out2 = bdom_def_format(again, -1, BDOM_FORMAT_SECURE);
	if (strcmp(out, out2)) {
		fprintf(stderr, "round trip not stable:\n%s\n---\n%s\n", out, out2);
		abort();
	}
	g_free(out);
	g_free(out2);
	bdom_def_free(def);
	bdom_def_free(again);
	return 0;
}
