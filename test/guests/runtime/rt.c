/* SPDX-License-Identifier: GPL-2.0-only */
/* Runtime of the bare-metal test guests (see rt.h). */
#include "rt.h"
#include <stdarg.h>

#define PSCI_SYSTEM_OFF 0x84000008UL

static unsigned int nr_pass, nr_fail;
static uintptr_t heap_next;
extern char __stack_top[];

/* ---- identity MMU: caches on, so guest and hypervisor agree on memory ---- */

static uint64_t l1[512] __attribute__((aligned(4096)));
static uint64_t l2_low[512] __attribute__((aligned(4096)));

#define PTE_BLOCK   0x1UL
#define PTE_TABLE   0x3UL
#define PTE_AF	    (1UL << 10)
#define PTE_SH_IS   (3UL << 8)
#define PTE_ATTR(i) ((uint64_t)(i) << 2)
#define ATTR_DEV    0
#define ATTR_NORMAL 1

void rt_mmu_on(void *image_base);
void rt_mmu_on(void *image_base)
{
	uint64_t i, tcr, sctlr;

	/* First GiB in 2 MiB blocks: devices, except the grant window (0x38000000-0x3fffffff). */
	for (i = 0; i < 512; i++) {
		uint64_t pa = i << 21;
		bool normal = pa >= 0x38000000UL;

		l2_low[i] = pa | PTE_BLOCK | PTE_AF |
			    (normal ? PTE_ATTR(ATTR_NORMAL) | PTE_SH_IS : PTE_ATTR(ATTR_DEV));
	}
	l1[0] = (uint64_t)(uintptr_t)l2_low | PTE_TABLE;
	for (i = 1; i < 512; i++) /* RAM (and beyond): Normal WB in 1 GiB blocks */
		l1[i] = (i << 30) | PTE_BLOCK | PTE_AF | PTE_ATTR(ATTR_NORMAL) | PTE_SH_IS;
	__asm__ volatile("msr mair_el1, %0" : : "r"(0xff04UL));
	/* T0SZ=25 (39-bit VA, start at level 1), WB WA inner/outer, inner shareable, 4K, 40-bit PA.
	 */
	tcr = 25 | (1UL << 8) | (1UL << 10) | (3UL << 12) | (0UL << 14) | (1UL << 23) | (2UL << 32);
	__asm__ volatile("msr tcr_el1, %0" : : "r"(tcr));
	__asm__ volatile("msr ttbr0_el1, %0" : : "r"((uint64_t)(uintptr_t)l1));
	__asm__ volatile("dsb ish; tlbi vmalle1; dsb ish; isb" ::: "memory");
	__asm__ volatile("mrs %0, sctlr_el1" : "=r"(sctlr));
	sctlr |= (1UL << 0) | (1UL << 2) | (1UL << 12); /* M, C, I */
	__asm__ volatile("msr sctlr_el1, %0; isb" : : "r"(sctlr) : "memory");
	heap_next = ((uintptr_t)__stack_top + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
	(void)image_base;
}

void *rt_alloc_pages(unsigned int n)
{
	void *p = (void *)heap_next;

	heap_next += n * PAGE_SIZE;
	memset(p, 0, n * PAGE_SIZE);
	return p;
}

/* ---- libc bits ---- */

void *memset(void *d, int c, size_t n)
{
	unsigned char *p = d;

	while (n--)
		*p++ = (unsigned char)c;
	return d;
}

void *memcpy(void *d, const void *s, size_t n)
{
	unsigned char *p = d;
	const unsigned char *q = s;

	while (n--)
		*p++ = *q++;
	return d;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *p = a, *q = b;

	for (; n; n--, p++, q++)
		if (*p != *q)
			return *p - *q;
	return 0;
}

size_t strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

/* ---- output ---- */

void rt_puts(const char *s)
{
	HYPERVISOR_console_io(CONSOLEIO_write, strlen(s), s);
}

static char *fmt_num(char *p, char *end, uint64_t v, unsigned int base, bool neg)
{
	char tmp[24];
	int n = 0;

	do {
		tmp[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	if (neg && p < end)
		*p++ = '-';
	while (n && p < end)
		*p++ = tmp[--n];
	return p;
}

void rt_printf(const char *fmt, ...)
{
	char buf[256], *p = buf, *end = buf + sizeof(buf) - 1;
	va_list ap;

	va_start(ap, fmt);
	for (; *fmt && p < end; fmt++) {
		bool is_long = false;

		if (*fmt != '%') {
			*p++ = *fmt;
			continue;
		}
		fmt++;
		if (*fmt == 'l') {
			is_long = true;
			fmt++;
		}
		switch (*fmt) {
		case 's': {
			const char *s = va_arg(ap, const char *);

			while (*s && p < end)
				*p++ = *s++;
			break;
		}
		case 'd': {
			long v = is_long ? va_arg(ap, long) : va_arg(ap, int);

			p = fmt_num(p, end, v < 0 ? -(uint64_t)v : (uint64_t)v, 10, v < 0);
			break;
		}
		case 'u':
			p = fmt_num(p, end,
				    is_long ? va_arg(ap, unsigned long) : va_arg(ap, unsigned int),
				    10, false);
			break;
		case 'x':
			p = fmt_num(p, end,
				    is_long ? va_arg(ap, unsigned long) : va_arg(ap, unsigned int),
				    16, false);
			break;
		default:
			*p++ = *fmt;
			break;
		}
	}
	va_end(ap);
	*p = 0;
	rt_puts(buf);
}

void rt_check(const char *name, bool ok)
{
	if (ok)
		nr_pass++;
	else
		nr_fail++;
	rt_printf("%s %s\n", ok ? "PASS" : "FAIL", name);
}

void rt_finish(void)
{
	static bool finished;

	if (finished)
		return;
	finished = true;
	rt_printf("SUMMARY %u passed, %u failed\n", nr_pass, nr_fail);
	rt_puts(nr_fail ? "RESULT FAIL\n" : "RESULT PASS\n");
}

void rt_main(uint64_t dtb);
void rt_main(uint64_t dtb)
{
	(void)dtb;
	guest_main();
	rt_finish();
	smccc_call(PSCI_SYSTEM_OFF, 0, 0, 0);
	for (;;)
		__asm__ volatile("wfi");
}
