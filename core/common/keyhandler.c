// SPDX-License-Identifier: GPL-2.0-only
/* Debug keys: a table of handlers indexed by the key, and 'h' to list them. */
#include <basalt/lib.h>
#include <basalt/errno.h>
#include <basalt/keyhandler.h>

struct keyhandler {
	keyhandler_fn_t fn;
	const char *desc;
};

static struct keyhandler keys[128];

int keyhandler_register(char key, const char *desc, keyhandler_fn_t fn)
{
	unsigned char k = (unsigned char)key;

	if (k >= ARRAY_SIZE(keys) || k < ' ' || !fn || !desc)
		return -EINVAL;
	if (keys[k].fn)
		return -EBUSY;
	keys[k].fn = fn;
	keys[k].desc = desc;
	return 0;
}

void keyhandler_handle(char key)
{
	unsigned char k = (unsigned char)key;

	if (k < ARRAY_SIZE(keys) && keys[k].fn) {
		keys[k].fn(key);
		return;
	}
	if (k == '\r' || k == '\n')
		return;
	if (k >= ' ' && k < 127)
		printk("'%c' pressed: no such debug key ('h' for help)\n", key);
	else
		printk("key %#x pressed: no such debug key ('h' for help)\n", k);
}

static void key_help(char key)
{
	printk("Debug keys:\n");
	for (unsigned int k = 0; k < ARRAY_SIZE(keys); k++) {
		if (keys[k].fn)
			printk("  '%c'  %s\n", (char)k, keys[k].desc);
	}
}

/* 'h' is always there, so the help can be asked for before anything else registers. */
void keyhandler_init_help(void)
{
	keyhandler_register('h', "show this help", key_help);
}
