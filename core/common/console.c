// SPDX-License-Identifier: GPL-2.0-only
/*
 * The console multiplexer. Every line on the serial line starts with a tag
 * naming its source: "(basalt) " for the hypervisor, "(d<N>) " for domain N.
 * The domain that has input sees its output written through at once (so a
 * shell prompt shows before its newline); other domains are line-buffered,
 * so their lines never interleave. A line interrupted by another source is
 * broken with a newline first.
 */
#include <basalt/lib.h>
#include <basalt/errno.h>
#include <basalt/console.h>
#include <basalt/keyhandler.h>
#include <basalt/spinlock.h>

#define OWNER_NONE (-2) /* the serial line is at the start of a line */
#define OWNER_HYP  (-1)
#define HYP_TAG	   "(basalt) "

struct con_dom {
	bool used;     /* slot holds this domain's state (history kept after detach) */
	bool attached; /* registered: part of the input rotation if it has input */
	domid_t id;
	console_input_fn_t input;
	void *data;
	console_input_fn_t reader; /* CONSOLEIO input of a console owner, or NULL */
	void *reader_data;
	unsigned int hooks_busy;     /* input hook calls in flight (unregister waits) */
	char line[CONSOLE_LINE_MAX]; /* partial line not yet written */
	size_t line_len;
	char hist[CONSOLE_HISTORY_SIZE];
	uint64_t hist_total;
	uint64_t last_use; /* for recycling detached slots, oldest first */
};

static struct con_dom doms[CONSOLE_MAX_DOMAINS];
static spinlock_t con_lock = SPINLOCK_INIT;
static int line_owner = OWNER_NONE; /* who wrote the partial line on the serial line */
static int input_owner = OWNER_HYP; /* domid, or OWNER_HYP */
/* A domain that lost input by going away (a reboot): it gets input back when it returns. */
static int input_return = OWNER_HYP;
static unsigned int switch_count; /* consecutive CTRL-a typed */
static uint64_t use_clock;

static void sink_str(const char *s)
{
	console_sink_write(s, strlen(s));
}

/* Write @len bytes from @owner, tagging each line start. */
static void emit(int owner, const char *s, size_t len)
{
	char tag[16];

	for (size_t i = 0; i < len; i++) {
		if (line_owner != OWNER_NONE && line_owner != owner)
			sink_str("\n");
		if (line_owner != owner) {
			if (owner == OWNER_HYP)
				sink_str(HYP_TAG);
			else {
				snprintf(tag, sizeof(tag), "(d%d) ", owner);
				sink_str(tag);
			}
			line_owner = owner;
		}
		size_t j = i;

		while (j < len && s[j] != '\n')
			j++;
		if (j < len) {
			console_sink_write(s + i, j - i + 1);
			line_owner = OWNER_NONE;
		} else {
			console_sink_write(s + i, j - i);
		}
		i = j;
	}
}

static struct con_dom *dom_find(domid_t id)
{
	for (unsigned int i = 0; i < CONSOLE_MAX_DOMAINS; i++) {
		if (doms[i].used && doms[i].id == id)
			return &doms[i];
	}
	return NULL;
}

/* A slot for @id: a free one, else the least recently used detached one. */
static struct con_dom *dom_get(domid_t id)
{
	struct con_dom *d = dom_find(id), *victim = NULL;

	if (d)
		return d;
	for (unsigned int i = 0; i < CONSOLE_MAX_DOMAINS; i++) {
		struct con_dom *c = &doms[i];

		if (!c->used) {
			victim = c;
			break;
		}
		if (!c->attached && !c->reader && !c->hooks_busy &&
		    (!victim || c->last_use < victim->last_use))
			victim = c;
	}
	if (!victim)
		return NULL;
	memset(victim, 0, sizeof(*victim));
	victim->used = true;
	victim->id = id;
	victim->last_use = ++use_clock;
	return victim;
}

static void flush_line(struct con_dom *d)
{
	if (d->line_len) {
		emit(d->id, d->line, d->line_len);
		d->line_len = 0;
	}
}

static void announce_input(void)
{
	char msg[96];

	if (input_owner == OWNER_HYP)
		snprintf(msg, sizeof(msg),
			 "*** Serial input to the hypervisor (CTRL-a x3 switches)\n");
	else
		snprintf(msg, sizeof(msg), "*** Serial input to d%d (CTRL-a x3 switches)\n",
			 input_owner);
	emit(OWNER_HYP, msg, strlen(msg));
}

/* Does input typed for @c go anywhere (its vPL011 / PV ring, or a CONSOLEIO reader)? */
static bool takes_input(const struct con_dom *c)
{
	return (c->attached && c->input) || c->reader;
}

/* The domain taking input after @after (by domid), or OWNER_HYP. */
static int next_input_owner(int after)
{
	int best = OWNER_HYP;

	for (unsigned int i = 0; i < CONSOLE_MAX_DOMAINS; i++) {
		struct con_dom *c = &doms[i];

		if (c->used && takes_input(c) && (int)c->id > after &&
		    (best == OWNER_HYP || c->id < best))
			best = c->id;
	}
	return best;
}

static void set_input_owner(int owner)
{
	struct con_dom *d;

	input_owner = owner;
	announce_input();
	d = owner == OWNER_HYP ? NULL : dom_find((domid_t)owner);
	if (d)
		flush_line(d); /* show its prompt now */
}

/* Fill @id's vPL011/PV input hook (@reader false) or its CONSOLEIO reader hook. */
static int hook_register(domid_t id, bool reader, console_input_fn_t fn, void *data)
{
	unsigned long flags;
	struct con_dom *d;
	int rc = 0;

	spin_lock_irqsave(&con_lock, flags);
	d = dom_get(id);
	if (!d)
		rc = -ENOSPC;
	else if (reader ? d->reader != NULL : d->attached)
		rc = -EEXIST;
	else if (reader) {
		d->reader = fn;
		d->reader_data = data;
	} else {
		d->attached = true;
		d->input = fn;
		d->data = data;
	}
	if (!rc && input_return == (int)id && input_owner == OWNER_HYP && takes_input(d)) {
		input_return = OWNER_HYP;
		set_input_owner(id);
	}
	spin_unlock_irqrestore(&con_lock, flags);
	return rc;
}

/*
 * A hook of @d went away (con_lock held, *@flags from taking it): input leaves
 * @d if nothing else takes it, and a call of the old hook still running on
 * another CPU finishes before the caller frees the hook's data.
 */
static void hook_gone(struct con_dom *d, unsigned long *flags)
{
	d->last_use = ++use_clock;
	if (input_owner == d->id && !takes_input(d)) {
		set_input_owner(OWNER_HYP);
		input_return = d->id;
	}
	while (d->hooks_busy) {
		spin_unlock_irqrestore(&con_lock, *flags);
		cpu_relax();
		spin_lock_irqsave(&con_lock, *flags);
	}
}

int console_register_domain(domid_t id, console_input_fn_t input, void *data)
{
	return hook_register(id, false, input, data);
}

void console_unregister_domain(domid_t id)
{
	unsigned long flags;
	struct con_dom *d;

	spin_lock_irqsave(&con_lock, flags);
	d = dom_find(id);
	if (d && d->attached) {
		flush_line(d);
		if (line_owner == id) {
			sink_str("\n");
			line_owner = OWNER_NONE;
		}
		d->attached = false;
		d->input = NULL;
		hook_gone(d, &flags);
	}
	spin_unlock_irqrestore(&con_lock, flags);
}

int console_register_reader(domid_t id, console_input_fn_t reader, void *data)
{
	return hook_register(id, true, reader, data);
}

void console_unregister_reader(domid_t id)
{
	unsigned long flags;
	struct con_dom *d;

	spin_lock_irqsave(&con_lock, flags);
	d = dom_find(id);
	if (d && d->reader) {
		d->reader = NULL;
		d->reader_data = NULL;
		hook_gone(d, &flags);
	}
	spin_unlock_irqrestore(&con_lock, flags);
}

static void hist_append(struct con_dom *d, const char *buf, size_t len)
{
	for (size_t i = 0; i < len; i++)
		d->hist[(d->hist_total + i) % CONSOLE_HISTORY_SIZE] = buf[i];
	d->hist_total += len;
}

void console_domain_write(domid_t id, const char *buf, size_t len)
{
	unsigned long flags;
	struct con_dom *d;

	spin_lock_irqsave(&con_lock, flags);
	d = dom_get(id);
	if (!d)
		goto out;
	hist_append(d, buf, len);
	if (input_owner == id) {
		flush_line(d);
		emit(id, buf, len);
		goto out;
	}
	for (size_t i = 0; i < len; i++) {
		d->line[d->line_len++] = buf[i];
		if (buf[i] == '\n' || d->line_len == CONSOLE_LINE_MAX) {
			emit(id, d->line, d->line_len);
			if (buf[i] != '\n')
				emit(id, "\n", 1); /* an over-long line is split */
			d->line_len = 0;
		}
	}
out:
	spin_unlock_irqrestore(&con_lock, flags);
}

long console_domain_history(domid_t id, char *buf, size_t len)
{
	unsigned long flags;
	struct con_dom *d;
	uint64_t n, start;

	spin_lock_irqsave(&con_lock, flags);
	d = dom_find(id);
	if (!d) {
		spin_unlock_irqrestore(&con_lock, flags);
		return -ENOENT;
	}
	n = MIN(d->hist_total, (uint64_t)CONSOLE_HISTORY_SIZE);
	n = MIN(n, (uint64_t)len);
	start = d->hist_total - n;
	for (uint64_t i = 0; i < n; i++)
		buf[i] = d->hist[(start + i) % CONSOLE_HISTORY_SIZE];
	spin_unlock_irqrestore(&con_lock, flags);
	return (long)n;
}

void console_hyp_write(const char *buf, size_t len)
{
	unsigned long flags;

	spin_lock_irqsave(&con_lock, flags);
	emit(OWNER_HYP, buf, len);
	spin_unlock_irqrestore(&con_lock, flags);
}

int console_input_owner(void)
{
	return input_owner;
}

void console_rx_char(char c)
{
	console_input_fn_t fn = NULL, reader = NULL;
	void *data = NULL, *reader_data = NULL;
	struct con_dom *d = NULL;
	unsigned int pending_switch;
	unsigned long flags;
	int owner;

	spin_lock_irqsave(&con_lock, flags);
	if (c == CONSOLE_SWITCH_CHAR) {
		if (++switch_count == 3) {
			switch_count = 0;
			input_return = OWNER_HYP; /* moved on by hand */
			set_input_owner(next_input_owner(input_owner));
		}
		spin_unlock_irqrestore(&con_lock, flags);
		return;
	}
	pending_switch = switch_count; /* fewer than three CTRL-a: they were meant as input */
	switch_count = 0;
	owner = input_owner;
	if (owner != OWNER_HYP)
		d = dom_find((domid_t)owner);
	if (d && d->attached) {
		fn = d->input;
		data = d->data;
	}
	if (d && d->reader) {
		reader = d->reader;
		reader_data = d->reader_data;
	}
	if (fn || reader)
		d->hooks_busy++; /* a slot with a call in flight is never recycled */
	spin_unlock_irqrestore(&con_lock, flags);

	if (owner == OWNER_HYP) {
		keyhandler_handle(c);
		return;
	}
	for (unsigned int i = 0; i <= pending_switch; i++) {
		char ch = i < pending_switch ? CONSOLE_SWITCH_CHAR : c;

		if (reader)
			reader((domid_t)owner, ch, reader_data);
		if (fn)
			fn((domid_t)owner, ch, data);
	}
	if (fn || reader) {
		spin_lock_irqsave(&con_lock, flags);
		d->hooks_busy--;
		spin_unlock_irqrestore(&con_lock, flags);
	}
}

void console_force_unlock(void)
{
	spin_lock_init(&con_lock);
	if (line_owner != OWNER_NONE) {
		sink_str("\n");
		line_owner = OWNER_NONE;
	}
}
