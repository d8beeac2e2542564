// SPDX-License-Identifier: GPL-2.0-only
/* The hypervisor's vsnprintf (built as basalt_vsnprintf next to the host libc's). */
#include <glib.h>
#include <stdarg.h>
#include <stdint.h>
#include <stddef.h>
#include <string.h>

int basalt_snprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#define CHECK(expect, ...)                                                                         \
	do {                                                                                       \
		char _b[128];                                                                      \
		int _n = basalt_snprintf(_b, sizeof(_b), __VA_ARGS__);                             \
		g_assert_cmpstr(_b, ==, expect);                                                   \
		g_assert_cmpint(_n, ==, (int)strlen(expect));                                      \
	} while (0)

static void test_integers(void)
{
	CHECK("42 -7 0", "%d %d %d", 42, -7, 0);
	CHECK("4294967295", "%u", 4294967295U);
	CHECK("-9223372036854775808", "%lld", (long long)INT64_MIN);
	CHECK("18446744073709551615", "%llu", (unsigned long long)UINT64_MAX);
	CHECK("ff FF 777", "%x %X %o", 255, 255, 0777);
	CHECK("deadbeefcafe", "%lx", 0xdeadbeefcafeUL);
	CHECK("ffffffffffffffff", "%llx", ~0ULL);
	CHECK("12345", "%zu", (size_t)12345);
	CHECK("-3", "%td", (ptrdiff_t)-3);
	CHECK("-1 255", "%hhd %hhu", (signed char)-1, (unsigned char)255);
}

static void test_widths(void)
{
	CHECK("   42|42   |00042", "%5d|%-5d|%05d", 42, 42, 42);
	CHECK("-0042", "%05d", -42);
	CHECK("0000000040200000", "%016lx", 0x40200000UL);
	CHECK("0x1f 0 017", "%#x %#x %#o", 0x1f, 0, 017);
	CHECK("  ab|ab  |a", "%4s|%-4s|%.1s", "ab", "ab", "abc");
	CHECK("   7", "%*d", 4, 7);
	CHECK("x  |  y", "%-3c|%3c", 'x', 'y');
}

static void test_strings_pointers(void)
{
	const char *volatile nothing = NULL; /* hidden from the compiler's format check */

	CHECK("(null)", "%s", nothing);
	CHECK("0x40200000", "%p", (void *)0x40200000UL);
	CHECK("100%", "100%%");
}

static void test_truncation(void)
{
	char b[8];
	int n = basalt_snprintf(b, sizeof(b), "%s", "hello world");

	g_assert_cmpint(n, ==, 11);
	g_assert_cmpstr(b, ==, "hello w");
	n = basalt_snprintf(b, 1, "%d", 12345);
	g_assert_cmpint(n, ==, 5);
	g_assert_cmpstr(b, ==, "");
	n = basalt_snprintf(NULL, 0, "%d", 12345);
	g_assert_cmpint(n, ==, 5);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/plat/vsnprintf/integers", test_integers);
	g_test_add_func("/plat/vsnprintf/widths", test_widths);
	g_test_add_func("/plat/vsnprintf/strings-pointers", test_strings_pointers);
	g_test_add_func("/plat/vsnprintf/truncation", test_truncation);
	return g_test_run();
}
