/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * test-domain-driver.c - unit tests of virtbasaltd's domain list, persistence
 * and configuration operations (domain_driver.c), without the RPC layer:
 * load-time clean-up, libvirt's name/UUID clash rules, concurrent callers,
 * copy-on-write changes that survive a reopen.
 */
#include "domain_driver.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#define UUID_A "11111111-2222-4333-8444-555555555555"
#define UUID_B "11111111-2222-4333-8444-666666666666"

static char *xml_for(const char *name, const char *uuid)
{
	return g_strdup_printf("<domain type='xen'><name>%s</name>%s%s%s"
			       "<memory unit='MiB'>64</memory><vcpu current='1'>2</vcpu>"
			       "<os><type>xen</type><kernel>/k</kernel></os></domain>",
			       name, uuid ? "<uuid>" : "", uuid ? uuid : "", uuid ? "</uuid>" : "");
}

static char *make_state_dir(void)
{
	return g_dir_make_tmp("vbd-driver.XXXXXX", NULL);
}

static void rm_rf(const char *dir)
{
	g_autofree char *cmd = g_strdup_printf("rm -rf '%s'", dir);

	g_assert_cmpint(system(cmd), ==, 0);
}

static struct bdom_driver *open_ok(const char *dir)
{
	g_autoptr(GError) error = NULL;
	struct bdom_driver *drv = bdom_driver_open(dir, &error);

	g_assert_no_error(error);
	return drv;
}

static void define_ok(struct bdom_driver *drv, const char *name, const char *uuid,
		      unsigned char out_uuid[16])
{
	g_autofree char *xml = xml_for(name, uuid);
	g_autoptr(GError) error = NULL;
	struct bdom_ref ref = {0};
	bool updated;

	g_assert_true(bdom_driver_define(drv, xml, 0, &ref, &updated, &error));
	g_assert_no_error(error);
	g_assert_cmpstr(ref.name, ==, name);
	g_assert_cmpint(ref.id, ==, -1);
	if (out_uuid)
		memcpy(out_uuid, ref.uuid, 16);
	bdom_ref_clear(&ref);
}

static guint count(struct bdom_driver *drv, unsigned int flags)
{
	g_autoptr(GPtrArray) list = bdom_driver_list(drv, flags, NULL);

	return list->len;
}

static void test_clash_rules(void)
{
	g_autofree char *dir = make_state_dir();
	struct bdom_driver *drv = open_ok(dir);
	g_autofree char *same_name = xml_for("a", UUID_B);
	g_autofree char *same_uuid = xml_for("b", UUID_A);
	g_autofree char *redefine = xml_for("a", UUID_A);
	g_autoptr(GError) e1 = NULL;
	g_autoptr(GError) e2 = NULL;
	struct bdom_ref ref = {0};
	bool updated = false;

	define_ok(drv, "a", UUID_A, NULL);
	g_assert_false(bdom_driver_define(drv, same_name, 0, &ref, &updated, &e1));
	g_assert_cmpint(e1->code, ==, BDOM_ERR_OPERATION_FAILED);
	g_assert_cmpstr(e1->message, ==,
			"operation failed: domain 'a' already exists with uuid " UUID_A);
	g_assert_false(bdom_driver_define(drv, same_uuid, 0, &ref, &updated, &e2));
	g_assert_cmpstr(e2->message, ==,
			"operation failed: domain 'a' is already defined with uuid " UUID_A);
	g_assert_true(bdom_driver_define(drv, redefine, 0, &ref, &updated, NULL));
	g_assert_true(updated);
	bdom_ref_clear(&ref);
	g_assert_cmpuint(count(drv, 0), ==, 1);
	bdom_driver_close(drv);
	rm_rf(dir);
}

/* Changes are durable: a second driver on the same directory sees them. */
static void test_reopen(void)
{
	g_autofree char *dir = make_state_dir();
	struct bdom_driver *drv = open_ok(dir);
	g_autoptr(GError) error = NULL;
	unsigned char uuid[16];
	struct bdom_info info;
	g_autofree char *title = NULL;

	define_ok(drv, "keep", NULL, uuid);
	define_ok(drv, "gone", NULL, NULL);
	g_assert_true(bdom_driver_set_memory(drv, uuid, 32768, BDOM_AFFECT_CONFIG, &error));
	g_assert_true(bdom_driver_set_vcpus(drv, uuid, 2, BDOM_AFFECT_CONFIG, &error));
	g_assert_true(bdom_driver_set_autostart(drv, uuid, true, &error));
	g_assert_true(
	    bdom_driver_set_metadata(drv, uuid, BDOM_META_TITLE, "T", NULL, NULL, 0, &error));
	g_assert_no_error(error);
	{
		struct bdom_ref r = {0};

		g_assert_true(bdom_driver_lookup_by_name(drv, "gone", &r, NULL));
		g_assert_true(bdom_driver_undefine(drv, r.uuid, 0, &r, NULL));
		bdom_ref_clear(&r);
	}
	bdom_driver_close(drv);

	drv = open_ok(dir);
	g_assert_cmpuint(count(drv, 0), ==, 1);
	g_assert_true(bdom_driver_get_info(drv, uuid, &info, &error));
	g_assert_cmpuint(info.cur_kib, ==, 32768);
	g_assert_cmpuint(info.max_kib, ==, 65536);
	g_assert_cmpuint(info.vcpus, ==, 2);
	g_assert_cmpint(info.state, ==, BDOM_STATE_SHUTOFF);
	g_assert_cmpint(bdom_driver_get_flag(drv, uuid, 's', NULL), ==, 1);
	title = bdom_driver_get_metadata(drv, uuid, BDOM_META_TITLE, NULL, 0, &error);
	g_assert_cmpstr(title, ==, "T");
	bdom_driver_close(drv);
	rm_rf(dir);
}

/* Load cleans what a crash can leave and never deletes what it cannot read. */
static void test_load_cleanup(void)
{
	g_autofree char *dir = make_state_dir();
	g_autofree char *tmp = g_strdup_printf("%s/." UUID_B ".xml.abc123", dir);
	g_autofree char *bad = g_strdup_printf("%s/" UUID_B ".xml", dir);
	g_autofree char *link = g_strdup_printf("%s/autostart/" UUID_B ".xml", dir);
	struct bdom_driver *drv = open_ok(dir);

	define_ok(drv, "ok", UUID_A, NULL);
	bdom_driver_close(drv);
	g_assert_true(g_file_set_contents(tmp, "<domain type='xen'><name>half", -1, NULL));
	g_assert_true(g_file_set_contents(bad, "not xml at all", -1, NULL));
	g_assert_cmpint(symlink("../" UUID_B "-missing.xml", link), ==, 0);

	g_test_expect_message(NULL, G_LOG_LEVEL_WARNING, "*skipping domain definition*");
	drv = open_ok(dir);
	g_test_assert_expected_messages();
	g_assert_cmpuint(count(drv, 0), ==, 1);
	g_assert_false(g_file_test(tmp, G_FILE_TEST_EXISTS));
	g_assert_true(g_file_test(bad, G_FILE_TEST_EXISTS)); /* kept for a person to look at */
	g_assert_false(g_file_test(link, G_FILE_TEST_IS_SYMLINK));
	bdom_driver_close(drv);
	rm_rf(dir);
}

static void test_live_refused(void)
{
	g_autofree char *dir = make_state_dir();
	struct bdom_driver *drv = open_ok(dir);
	g_autoptr(GError) e1 = NULL;
	g_autoptr(GError) e2 = NULL;
	g_autoptr(GError) e3 = NULL;
	unsigned char uuid[16];

	define_ok(drv, "v", NULL, uuid);
	g_assert_false(bdom_driver_set_memory(drv, uuid, 1024, BDOM_AFFECT_LIVE, &e1));
	g_assert_cmpint(e1->code, ==, BDOM_ERR_OPERATION_INVALID);
	g_assert_nonnull(strstr(e1->message, "no Basalt hypervisor"));
	g_assert_false(bdom_driver_set_vcpus(drv, uuid, 3, BDOM_AFFECT_CONFIG, &e2));
	g_assert_cmpint(e2->code, ==, BDOM_ERR_INVALID_ARG);
	g_assert_false(bdom_driver_set_memory(drv, uuid, 0, BDOM_AFFECT_CONFIG, &e3));
	g_assert_cmpint(
	    bdom_driver_get_vcpus(drv, uuid, BDOM_AFFECT_CONFIG | BDOM_AFFECT_MAXIMUM, NULL), ==,
	    2);
	bdom_driver_close(drv);
	rm_rf(dir);
}

static void test_metadata_and_rename(void)
{
	g_autofree char *dir = make_state_dir();
	struct bdom_driver *drv = open_ok(dir);
	const char *uri = "http://example.org/x/1";
	g_autoptr(GError) error = NULL;
	g_autoptr(GError) e2 = NULL;
	g_autoptr(GError) e3 = NULL;
	g_autofree char *got = NULL;
	g_autofree char *xml = NULL;
	struct bdom_ref old_ref = {0}, new_ref = {0};
	unsigned char uuid[16];

	define_ok(drv, "m", NULL, uuid);
	define_ok(drv, "other", NULL, NULL);
	g_assert_true(bdom_driver_set_metadata(drv, uuid, BDOM_META_ELEMENT, "<a><b c='1'/></a>",
					       "x", uri, BDOM_AFFECT_CONFIG, &error));
	got = bdom_driver_get_metadata(drv, uuid, BDOM_META_ELEMENT, uri, 0, &error);
	g_assert_no_error(error);
	g_assert_cmpstr(got, ==, "<a>\n  <b c=\"1\"/>\n</a>");
	xml = bdom_driver_get_xml(drv, uuid, 0, &error);
	g_assert_nonnull(strstr(xml, "<x:a xmlns:x=\"http://example.org/x/1\">"));
	g_assert_false(
	    bdom_driver_set_metadata(drv, uuid, BDOM_META_TITLE, "two\nlines", NULL, NULL, 0, &e2));
	g_assert_false(bdom_driver_rename(drv, uuid, "other", 0, &old_ref, &new_ref, &e3));
	g_assert_nonnull(strstr(e3->message, "already exists"));
	g_assert_true(bdom_driver_rename(drv, uuid, "renamed", 0, &old_ref, &new_ref, &error));
	g_assert_cmpstr(old_ref.name, ==, "m");
	g_assert_cmpstr(new_ref.name, ==, "renamed");
	g_assert_cmpmem(old_ref.uuid, 16, new_ref.uuid, 16);
	bdom_ref_clear(&old_ref);
	bdom_ref_clear(&new_ref);
	bdom_driver_close(drv);
	drv = open_ok(dir);
	g_assert_true(bdom_driver_lookup_by_name(drv, "renamed", &new_ref, &error));
	bdom_ref_clear(&new_ref);
	bdom_driver_close(drv);
	rm_rf(dir);
}

/* ---- threads: the list lock serialises callers ---------------------------------- */

struct race {
	struct bdom_driver *drv;
	int k;
	GAsyncQueue *results; /* 1 = clash won, 2 = clash lost with the right error */
};

static gpointer race_thread(gpointer data)
{
	struct race *r = data;
	g_autofree char *uuid = g_strdup_printf("00000000-0000-4000-8000-%012d", r->k);
	g_autofree char *clash = xml_for("clash", uuid);
	g_autoptr(GError) error = NULL;
	struct bdom_ref ref = {0};
	bool updated;

	if (bdom_driver_define(r->drv, clash, 0, &ref, &updated, &error))
		g_async_queue_push(r->results, GINT_TO_POINTER(1));
	else if (strstr(error->message, "domain 'clash' already exists with uuid"))
		g_async_queue_push(r->results, GINT_TO_POINTER(2));
	else
		g_async_queue_push(r->results, GINT_TO_POINTER(3));
	bdom_ref_clear(&ref);
	for (int i = 0; i < 25; i++) {
		g_autofree char *name = g_strdup_printf("t%d-%d", r->k, i);
		g_autofree char *xml = xml_for(name, NULL);

		g_assert_true(bdom_driver_define(r->drv, xml, 0, &ref, &updated, NULL));
		if (i % 2)
			g_assert_true(bdom_driver_undefine(r->drv, ref.uuid, 0, &ref, NULL));
		bdom_ref_clear(&ref);
	}
	return NULL;
}

static void test_threads(void)
{
	g_autofree char *dir = make_state_dir();
	struct bdom_driver *drv = open_ok(dir);
	g_autoptr(GAsyncQueue) results = g_async_queue_new();
	struct race races[8];
	GThread *threads[8];
	int won = 0, lost = 0;

	for (int k = 0; k < 8; k++) {
		races[k] = (struct race){.drv = drv, .k = k, .results = results};
		threads[k] = g_thread_new("definer", race_thread, &races[k]);
	}
	for (int k = 0; k < 8; k++)
		g_thread_join(threads[k]);
	for (int k = 0; k < 8; k++) {
		int v = GPOINTER_TO_INT(g_async_queue_pop(results));

		won += v == 1;
		lost += v == 2;
	}
	g_assert_cmpint(won, ==, 1);
	g_assert_cmpint(lost, ==, 7);
	g_assert_cmpuint(count(drv, 0), ==, 8 * 13 + 1);
	bdom_driver_close(drv);
	/* And the disk holds exactly that set. */
	drv = open_ok(dir);
	g_assert_cmpuint(count(drv, 0), ==, 8 * 13 + 1);
	g_assert_cmpuint(count(drv, 2 /* INACTIVE */), ==, 8 * 13 + 1);
	g_assert_cmpuint(count(drv, 1 /* ACTIVE */), ==, 0);
	g_assert_cmpuint(count(drv, 1024 /* AUTOSTART */), ==, 0);
	bdom_driver_close(drv);
	rm_rf(dir);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/domain-driver/clash-rules", test_clash_rules);
	g_test_add_func("/domain-driver/reopen", test_reopen);
	g_test_add_func("/domain-driver/load-cleanup", test_load_cleanup);
	g_test_add_func("/domain-driver/live-refused", test_live_refused);
	g_test_add_func("/domain-driver/metadata-and-rename", test_metadata_and_rename);
	g_test_add_func("/domain-driver/threads", test_threads);
	return g_test_run();
}
