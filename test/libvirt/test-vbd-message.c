/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * virtbasaltd's message codec (libvirt-driver/message.c): framing bounds,
 * header and payload decoding of hostile input, XDR limits on strings and
 * arrays, error replies as libvirt clients read them.
 */
#include <errno.h>
#include <string.h>
#include <glib.h>

#include "message.h"

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
}

/* A frame: header fields then payload words. */
static uint8_t *make_frame(int proc, const uint32_t *words, size_t nwords, size_t *len)
{
	*len = VB_FRAME_MIN + 4 * nwords;
	uint8_t *f = g_malloc0(*len);
	put32(f, (uint32_t)*len);
	put32(f + 4, REMOTE_PROGRAM);
	put32(f + 8, 1);
	put32(f + 12, (uint32_t)proc);
	put32(f + 16, VB_CALL);
	put32(f + 20, 7);
	put32(f + 24, VB_OK);
	for (size_t i = 0; i < nwords; i++)
		put32(f + VB_FRAME_MIN + 4 * i, words[i]);
	return f;
}

static void test_frame_length(void)
{
	uint8_t w[4];

	put32(w, 27);
	g_assert_cmpint(vb_msg_frame_length(w, 1024), ==, -EBADMSG);
	put32(w, 0);
	g_assert_cmpint(vb_msg_frame_length(w, 1024), ==, -EBADMSG);
	put32(w, 28);
	g_assert_cmpint(vb_msg_frame_length(w, 1024), ==, 28);
	put32(w, 1024 + 4);
	g_assert_cmpint(vb_msg_frame_length(w, 1024), ==, 1028);
	put32(w, 1024 + 5);
	g_assert_cmpint(vb_msg_frame_length(w, 1024), ==, -EMSGSIZE);
	put32(w, 0xffffffffu);
	g_assert_cmpint(vb_msg_frame_length(w, VB_MESSAGE_MAX), ==, -EMSGSIZE);
}

static void test_header(void)
{
	struct vb_message_header h;
	size_t len;
	uint8_t *f = make_frame(157, NULL, 0, &len);

	g_assert_cmpint(vb_msg_decode_header(f, len, &h), ==, 0);
	g_assert_cmpuint(h.prog, ==, REMOTE_PROGRAM);
	g_assert_cmpint(h.proc, ==, 157);
	g_assert_cmpuint(h.serial, ==, 7);
	g_assert_cmpint(vb_msg_decode_header(f, len - 1, &h), ==, -EBADMSG);
	g_free(f);
}

static void test_payload_exact(void)
{
	const uint32_t words[] = {10, 0xdeadbeef};
	remote_connect_supports_feature_args a;
	size_t len;
	uint8_t *f = make_frame(60, words, 1, &len);

	memset(&a, 0, sizeof(a));
	g_assert_cmpint(
	    vb_msg_decode_payload(f, len, (xdrproc_t)xdr_remote_connect_supports_feature_args, &a),
	    ==, 0);
	g_assert_cmpint(a.feature, ==, 10);
	g_free(f);
	/* A word too many, and none at all. */
	f = make_frame(60, words, 2, &len);
	g_assert_cmpint(
	    vb_msg_decode_payload(f, len, (xdrproc_t)xdr_remote_connect_supports_feature_args, &a),
	    ==, -EBADMSG);
	g_free(f);
	f = make_frame(60, words, 0, &len);
	g_assert_cmpint(
	    vb_msg_decode_payload(f, len, (xdrproc_t)xdr_remote_connect_supports_feature_args, &a),
	    ==, -EBADMSG);
	g_free(f);
}

static void test_string_limits(void)
{
	/* remote_string: present, length, bytes */
	const uint32_t over[] = {1, REMOTE_STRING_MAX + 1, 0x61616161};
	const uint32_t past_end[] = {1, 64, 0x61616161};
	const uint32_t fine[] = {1, 3, 0x78656e00};
	remote_connect_get_max_vcpus_args a;
	size_t len;
	uint8_t *f;

	memset(&a, 0, sizeof(a));
	f = make_frame(5, over, 3, &len);
	g_assert_cmpint(
	    vb_msg_decode_payload(f, len, (xdrproc_t)xdr_remote_connect_get_max_vcpus_args, &a), ==,
	    -EBADMSG);
	g_assert_null(a.type);
	g_free(f);
	f = make_frame(5, past_end, 3, &len);
	g_assert_cmpint(
	    vb_msg_decode_payload(f, len, (xdrproc_t)xdr_remote_connect_get_max_vcpus_args, &a), ==,
	    -EBADMSG);
	g_assert_null(a.type);
	g_free(f);
	f = make_frame(5, fine, 3, &len);
	g_assert_cmpint(
	    vb_msg_decode_payload(f, len, (xdrproc_t)xdr_remote_connect_get_max_vcpus_args, &a), ==,
	    0);
	g_assert_cmpstr(*a.type, ==, "xen");
	xdr_free((xdrproc_t)xdr_remote_connect_get_max_vcpus_args, &a);
	g_free(f);
}

static void test_array_limit(void)
{
	/* remote_connect_list_all_domains_ret: domains<16384>, then ret */
	const uint32_t over[] = {REMOTE_DOMAIN_LIST_MAX + 1, 0};
	const uint32_t lie[] = {1000, 0};
	remote_connect_list_all_domains_ret r;
	size_t len;
	uint8_t *f;

	memset(&r, 0, sizeof(r));
	f = make_frame(273, over, 2, &len);
	g_assert_cmpint(
	    vb_msg_decode_payload(f, len, (xdrproc_t)xdr_remote_connect_list_all_domains_ret, &r),
	    ==, -EBADMSG);
	g_assert_null(r.domains.domains_val);
	g_free(f);
	f = make_frame(273, lie, 2, &len);
	g_assert_cmpint(
	    vb_msg_decode_payload(f, len, (xdrproc_t)xdr_remote_connect_list_all_domains_ret, &r),
	    ==, -EBADMSG);
	g_assert_null(r.domains.domains_val);
	g_free(f);
}

static void test_encode_roundtrip(void)
{
	struct vb_message_header h = {REMOTE_PROGRAM, 1, 273, VB_REPLY, 9, VB_OK}, h2;
	remote_nonnull_domain dom = {.name = (char *)"vm1", .id = -1};
	remote_connect_list_all_domains_ret r = {.domains = {1, &dom}, .ret = 1}, back;
	uint8_t *out;
	size_t len;

	memset(dom.uuid, 0xab, sizeof(dom.uuid));
	g_assert_cmpint(vb_msg_encode(&h, (xdrproc_t)xdr_remote_connect_list_all_domains_ret, &r,
				      VB_MESSAGE_MAX, &out, &len),
			==, 0);
	g_assert_cmpuint(get32(out), ==, len);
	g_assert_cmpint(vb_msg_decode_header(out, len, &h2), ==, 0);
	g_assert_cmpint(h2.serial, ==, 9);
	memset(&back, 0, sizeof(back));
	g_assert_cmpint(vb_msg_decode_payload(
			    out, len, (xdrproc_t)xdr_remote_connect_list_all_domains_ret, &back),
			==, 0);
	g_assert_cmpuint(back.domains.domains_len, ==, 1);
	g_assert_cmpstr(back.domains.domains_val[0].name, ==, "vm1");
	g_assert_cmpint(back.domains.domains_val[0].id, ==, -1);
	g_assert_cmpint(memcmp(back.domains.domains_val[0].uuid, dom.uuid, 16), ==, 0);
	xdr_free((xdrproc_t)xdr_remote_connect_list_all_domains_ret, &back);
	g_free(out);
	/* The same does not fit a small limit. */
	g_assert_cmpint(vb_msg_encode(&h, (xdrproc_t)xdr_remote_connect_list_all_domains_ret, &r,
				      40, &out, &len),
			==, -EMSGSIZE);
}

static void test_error_reply(void)
{
	struct vb_message_header call = {REMOTE_PROGRAM, 1, 23, VB_CALL, 5, VB_OK}, h;
	struct vb_error err = {0};
	remote_error re;
	uint8_t *out;
	size_t len;

	vb_error_set(&err, VB_ERR_NO_DOMAIN, VB_FROM_DRIVER,
		     "Domain not found: no domain with matching name '%s'", "x");
	vb_error_set(&err, VB_ERR_INTERNAL_ERROR, 0, "later errors do not replace the first");
	g_assert_cmpint(vb_msg_encode_error(&call, &err, &out, &len), ==, 0);
	g_assert_cmpint(vb_msg_decode_header(out, len, &h), ==, 0);
	g_assert_cmpint(h.type, ==, VB_REPLY);
	g_assert_cmpint(h.status, ==, VB_ERROR);
	g_assert_cmpint(h.proc, ==, 23);
	g_assert_cmpuint(h.serial, ==, 5);
	memset(&re, 0, sizeof(re));
	g_assert_cmpint(vb_msg_decode_payload(out, len, (xdrproc_t)xdr_remote_error, &re), ==, 0);
	g_assert_cmpint(re.code, ==, 42);
	g_assert_cmpint(re.domain, ==, VB_FROM_DRIVER);
	g_assert_cmpint(re.level, ==, 2);
	g_assert_cmpstr(*re.message, ==, "Domain not found: no domain with matching name 'x'");
	g_assert_null(re.dom);
	xdr_free((xdrproc_t)xdr_remote_error, &re);
	g_free(out);
	vb_error_clear(&err);
	g_assert_false(vb_error_is_set(&err));
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/vbd/message/frame-length", test_frame_length);
	g_test_add_func("/vbd/message/header", test_header);
	g_test_add_func("/vbd/message/payload-exact", test_payload_exact);
	g_test_add_func("/vbd/message/string-limits", test_string_limits);
	g_test_add_func("/vbd/message/array-limit", test_array_limit);
	g_test_add_func("/vbd/message/encode-roundtrip", test_encode_roundtrip);
	g_test_add_func("/vbd/message/error-reply", test_error_reply);
	return g_test_run();
}
