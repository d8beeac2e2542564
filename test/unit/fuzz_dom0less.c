// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target for the dom0less parser (core/common/dom0less.c): any
 * blob must give 0 with sane descriptions or a negative errno, never a crash
 * or an out-of-bounds access. `make fuzz-dom0less` runs it.
 */
#include <basalt/dom0less.h>
#include <basalt/guest_layout.h>
#include <basalt/lib.h>
#include <stdlib.h>
#include <string.h>

/* Quiet logging (the parser reports every bad input); panic is a crash. */
void vprintk_level(enum log_level lvl, const char *fmt, va_list ap)
{
	(void)lvl;
	(void)fmt;
	(void)ap;
}

void printk_level(enum log_level lvl, const char *fmt, ...)
{
	(void)lvl;
	(void)fmt;
}

void printk(const char *fmt, ...)
{
	(void)fmt;
}

void printk_guest_ratelimited(const char *fmt, ...)
{
	(void)fmt;
}

void panic(const char *fmt, ...)
{
	(void)fmt;
	abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct dom0less_domain out[4];
	static uint64_t buf[65536 / 8];
	unsigned int count = 0;

	/*
	 * The boot code hands over a DT whose header says how big it is;
	 * libfdt trusts totalsize, so never let it exceed what we copied.
	 */
	if (size < 40 || size > sizeof(buf))
		return 0;
	memcpy(buf, data, size);
	if (__builtin_bswap32(((uint32_t *)buf)[1]) > size)
		return 0;
	if (dom0less_parse(buf, out, 4, &count) == 0) {
		for (unsigned int i = 0; i < count; i++) {
			if (!out[i].memory_kib || !out[i].cpus || out[i].cpus > GUEST_VCPUS_MAX ||
			    !out[i].kernel.size || out[i].nr_evtchns > DOM0LESS_MAX_EVTCHNS ||
			    !memchr(out[i].name, 0, sizeof(out[i].name)) ||
			    !memchr(out[i].bootargs, 0, sizeof(out[i].bootargs)))
				abort();
		}
	}
	return 0;
}
