// SPDX-License-Identifier: GPL-2.0-only
/*
 * Debian's libfdt.a is built with -fstack-protector: it needs a canary and a
 * failure handler. (The hypervisor itself is built without.)
 */
#include <basalt/lib.h>

void __stack_chk_fail(void);

uintptr_t __stack_chk_guard = 0x5eb2a1d7c0ffee42UL;

void __stack_chk_fail(void)
{
	panic("stack smashing detected in libfdt");
}
