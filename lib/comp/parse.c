/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * parse.c (lib/comp) - the parser of composition descriptions
 * (docs/COMPOSITION.md): each line on its own, through a table of keys
 * (section, arity, usage) and one handler per key.
 *
 * Entry points: comp_parse, and the writers of values as the file spells
 * them (comp_size_format, comp_device_format, comp_*_name).  The error list
 * both this file and check.c write is kept here (error.h).  Freestanding:
 * everything lives in the caller's struct comp_system.
 */
#include "comp.h"
#include "dstring.h"
#include "error.h"
#include "fmt.h"
#include "util.h"
#include "num.h"

#define MAX_TOKENS 24
#define SHOW_MAX   48   /* a bad token is quoted in a message up to this long */

struct tok {
	const char *s;
	size_t n;
};

/* The state of comp_parse between lines. */
struct parser {
	struct comp_system *sys;
	unsigned line;
	struct comp_component *cur; /* the component whose keys follow, or NULL */
	bool skip;                  /* the last `component` line was bad: ignore its keys */
	const char *rest;           /* raw text after the key (for `args`) */
	size_t rest_len;
};

/* ---- errors ---------------------------------------------------------------- */

/* Record "file:line: message", keeping errors sorted by line (stable). */
void comp_verror(struct comp_system *sys, unsigned line, const char *fmt, va_list ap)
{
	if (sys->nerrors == COMP_MAX_ERRORS) {
		sys->dropped++;
		return;
	}
	unsigned at = sys->nerrors;
	while (at > 0 && sys->error[at - 1].line > line)
		at--;
	memmove(&sys->error[at + 1], &sys->error[at], (sys->nerrors - at) * sizeof(sys->error[0]));
	struct comp_error *e = &sys->error[at];
	e->line = line;
	int n = snfmt(e->text, sizeof(e->text), "%s:%u: ", sys->file, line);
	if (n >= 0 && (size_t)n < sizeof(e->text))
		vsnfmt(e->text + n, sizeof(e->text) - (size_t)n, fmt, ap);
	sys->nerrors++;
}

void comp_error(struct comp_system *sys, unsigned line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	comp_verror(sys, line, fmt, ap);
	va_end(ap);
}

static int perr(struct parser *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int perr(struct parser *p, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	comp_verror(p->sys, p->line, fmt, ap);
	va_end(ap);
	return -1;
}

/* A token as a C string for messages, cut to SHOW_MAX with "...". */
static const char *show(const struct tok *t, char buf[SHOW_MAX])
{
	size_t n = t->n < SHOW_MAX - 1 ? t->n : SHOW_MAX - 4;
	memcpy(buf, t->s, n);
	if (n < t->n)
		memcpy(buf + n, "...", 3), n += 3;
	buf[n] = 0;
	return buf;
}

/* ---- lexical helpers ------------------------------------------------------- */

static bool tok_is(const struct tok *t, const char *word)
{
	size_t n = strlen(word);
	return t->n == n && memcmp(t->s, word, n) == 0;
}

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Plain hex digits, 1..maxd of them, no 0x. */
static int parse_hex(const char *s, size_t n, size_t maxd, uint64_t *out)
{
	if (n == 0 || n > maxd || num_scan(s, n, 16, out, NULL) != n)
		return -1;
	return 0;
}

/* A size: a number with an optional K, M or G suffix (powers of 1024). */
int comp_size_parse(const char *s, size_t n, uint64_t *out)
{
	unsigned shift = 0;
	if (n > 0 && (s[n - 1] == 'K' || s[n - 1] == 'M' || s[n - 1] == 'G')) {
		shift = s[n - 1] == 'K' ? 10 : s[n - 1] == 'M' ? 20 : 30;
		n--;
	}
	uint64_t v;
	int r = num_parse_u64(s, n, &v);
	if (r)
		return r;
	if (v > COMP_SIZE_LIMIT >> shift)
		return -2;
	*out = v << shift;
	return 0;
}

static bool name_ok(const struct tok *t)
{
	if (t->n == 0 || !is_alpha(t->s[0]))
		return false;
	for (size_t i = 1; i < t->n; i++) {
		char c = t->s[i];
		if (!is_alpha(c) && !is_digit(c) && c != '_' && c != '-')
			return false;
	}
	return true;
}

/* Check a name token and copy it into dst[COMP_NAME_MAX]. */
static int take_name(struct parser *p, const struct tok *t, const char *what, char *dst)
{
	char b[SHOW_MAX];
	if (!name_ok(t))
		return perr(p, "bad %s name '%s': a letter, then letters, digits, '_' or '-'", what,
		            show(t, b));
	if (t->n >= COMP_NAME_MAX)
		return perr(p, "%s name '%s' is longer than %u characters", what, show(t, b),
		            COMP_NAME_MAX - 1);
	memcpy(dst, t->s, t->n);
	dst[t->n] = 0;
	return 0;
}

/* ---- keys of the system section --------------------------------------------- */

static int key_system(struct parser *p, const struct tok *a, unsigned n)
{
	(void)n;
	return take_name(p, &a[0], "system", p->sys->name);
}

static int key_size(struct parser *p, const struct tok *a, const char *key, uint64_t *dst,
                    bool pages)
{
	char b[SHOW_MAX];
	uint64_t v;
	int r = comp_size_parse(a->s, a->n, &v);
	if (r == -1)
		return perr(p, "bad size '%s': a number with an optional K, M or G suffix",
		            show(a, b));
	if (r == NUM_OVERFLOW)
		return perr(p, "size '%s' is too large", show(a, b));
	if (v == 0)
		return perr(p, "'%s' must not be zero", key);
	if (pages && v % COMP_PAGE_SIZE)
		return perr(p, "'%s' %s is not a multiple of 4K", key, show(a, b));
	*dst = v;
	return 0;
}

static int key_memory(struct parser *p, const struct tok *a, unsigned n)
{
	(void)n;
	return key_size(p, a, "memory", p->cur ? &p->cur->memory : &p->sys->memory, true);
}

static int key_kmem(struct parser *p, const struct tok *a, unsigned n)
{
	(void)n;
	return key_size(p, a, "kmem", p->cur ? &p->cur->kmem : &p->sys->kmem, false);
}

static int key_console(struct parser *p, const struct tok *a, unsigned n)
{
	static const char *const names[] = { "none", "com1", "com2" };
	char b[SHOW_MAX];
	(void)n;
	for (unsigned i = 0; i < 3; i++) {
		if (tok_is(a, names[i])) {
			*(p->cur ? &p->cur->console : &p->sys->console) = (enum comp_console)i;
			return 0;
		}
	}
	return perr(p, "bad console '%s': com1, com2 or none", show(a, b));
}

static int key_component(struct parser *p, const struct tok *a, unsigned n)
{
	struct comp_system *sys = p->sys;
	(void)n;
	p->cur = NULL;
	p->skip = true;
	if (sys->ncomponents == COMP_MAX_COMPONENTS)
		return perr(p, "too many components (at most %u)", COMP_MAX_COMPONENTS);
	struct comp_component *c = &sys->component[sys->ncomponents];
	if (take_name(p, a, "component", c->name))
		return -1;
	if (tok_is(a, "composer"))
		return perr(p, "component name 'composer' is reserved for the root task");
	c->line = p->line;
	c->restart = COMP_RESTART_NEVER;
	c->backoff_initial_ms = COMP_DEFAULT_BACKOFF_INITIAL_MS;
	c->backoff_max_ms = COMP_DEFAULT_BACKOFF_MAX_MS;
	c->restart_limit = COMP_DEFAULT_RESTART_LIMIT;
	c->slots = COMP_DEFAULT_SLOTS;
	c->console = COMP_CONSOLE_NONE;
	sys->ncomponents++;
	p->cur = c;
	p->skip = false;
	return 0;
}

/* ---- keys of a component ------------------------------------------------------- */

/*
 * Why a file name is not a plain one, or NULL.  Boot modules are found by
 * name in one flat list (and compcheck --bin looks them up in one
 * directory): a name must not reach into another directory.
 */
static const char *not_plain(const struct tok *a)
{
	if (tok_is(a, "."))
		return "is the current directory";
	for (size_t i = 0; i < a->n; i++)
		if (a->s[i] == '/')
			return "contains '/'";
	for (size_t i = 0; i + 1 < a->n; i++)
		if (a->s[i] == '.' && a->s[i + 1] == '.')
			return "contains '..'";
	return NULL;
}

/* Check a boot-module file name and copy it into dst[max]. */
static int take_file(struct parser *p, const struct tok *a, char *dst, size_t max)
{
	char b[SHOW_MAX];
	const char *why = not_plain(a);
	if (why)
		return perr(p, "file name '%s' %s: boot modules have plain file names", show(a, b), why);
	for (size_t i = 0; i < a->n; i++) {
		char c = a->s[i];
		if (!is_alpha(c) && !is_digit(c) && c != '.' && c != '_' && c != '-' && c != '+')
			return perr(p, "bad file name '%s'", show(a, b));
	}
	if (a->n >= max)
		return perr(p, "file name '%s' is longer than %u characters", show(a, b),
		            (unsigned)max - 1);
	memcpy(dst, a->s, a->n);
	dst[a->n] = 0;
	return 0;
}

static int key_binary(struct parser *p, const struct tok *a, unsigned n)
{
	(void)n;
	return take_file(p, a, p->cur->binary, COMP_FILE_MAX);
}

/* `file NAME...`: boot modules the component may map (composer.file). */
static int key_file(struct parser *p, const struct tok *a, unsigned n)
{
	struct comp_component *c = p->cur;
	for (unsigned i = 0; i < n; i++) {
		if (c->nfiles == COMP_MAX_FILES)
			return perr(p, "too many files for '%s' (at most %u)", c->name, COMP_MAX_FILES);
		struct comp_file *f = &c->file[c->nfiles];
		if (take_file(p, &a[i], f->name, COMP_FNAME_MAX))
			return -1;
		for (unsigned j = 0; j < c->nfiles; j++)
			if (strcmp(c->file[j].name, f->name) == 0)
				return perr(p, "file '%s' is already granted to '%s' (line %u)", f->name,
				            c->name, c->file[j].line);
		f->line = p->line;
		c->nfiles++;
	}
	return 0;
}

static int key_args(struct parser *p, const struct tok *a, unsigned n)
{
	(void)a, (void)n;
	if (p->rest_len >= COMP_ARGS_MAX)
		return perr(p, "arguments longer than %u characters", COMP_ARGS_MAX - 1);
	memcpy(p->cur->args, p->rest, p->rest_len);
	p->cur->args[p->rest_len] = 0;
	return 0;
}

static int number_in(struct parser *p, const struct tok *a, const char *what, uint64_t lo,
                     uint64_t hi, uint64_t *out)
{
	char b[SHOW_MAX];
	int r = num_parse_u64(a->s, a->n, out);
	if (r == -1)
		return perr(p, "bad number '%s'", show(a, b));
	if (r == NUM_OVERFLOW || *out < lo || *out > hi)
		return perr(p, "%s %s out of range %lu..%lu", what, show(a, b), (unsigned long)lo,
		            (unsigned long)hi);
	return 0;
}

static int key_priority(struct parser *p, const struct tok *a, unsigned n)
{
	uint64_t v;
	(void)n;
	if (number_in(p, a, "priority", 0, COMP_PRIO_MAX, &v))
		return -1;
	p->cur->priority = (unsigned)v;
	return 0;
}

static int key_restart(struct parser *p, const struct tok *a, unsigned n)
{
	static const char *const names[] = { "never", "always", "on-failure" };
	char b[SHOW_MAX];
	(void)n;
	for (unsigned i = 0; i < 3; i++) {
		if (tok_is(a, names[i])) {
			p->cur->restart = (enum comp_restart)i;
			return 0;
		}
	}
	return perr(p, "bad restart policy '%s': never, always or on-failure", show(a, b));
}

/* A delay: a number followed by ms or s. */
static int take_delay(struct parser *p, const struct tok *a, uint32_t *ms)
{
	char b[SHOW_MAX];
	uint64_t v, scale = 1;
	size_t n = a->n;
	if (n > 2 && a->s[n - 2] == 'm' && a->s[n - 1] == 's')
		n -= 2;
	else if (n > 1 && a->s[n - 1] == 's')
		n -= 1, scale = 1000;
	else
		return perr(p, "bad delay '%s': a number followed by ms or s", show(a, b));
	int r = num_parse_u64(a->s, n, &v);
	if (r == -1)
		return perr(p, "bad delay '%s': a number followed by ms or s", show(a, b));
	if (r == NUM_OVERFLOW || v > COMP_DELAY_MAX_MS / scale)
		return perr(p, "delay %s is longer than %us", show(a, b), COMP_DELAY_MAX_MS / 1000);
	*ms = (uint32_t)(v * scale);
	return 0;
}

static int key_backoff(struct parser *p, const struct tok *a, unsigned n)
{
	uint32_t first, max;
	(void)n;
	if (take_delay(p, &a[0], &first) || take_delay(p, &a[1], &max))
		return -1;
	if (max == 0)
		return perr(p, "maximum back-off must not be zero");
	if (first > max)
		return perr(p, "initial back-off %ums exceeds the maximum %ums", first, max);
	p->cur->backoff_initial_ms = first;
	p->cur->backoff_max_ms = max;
	return 0;
}

static int key_restart_limit(struct parser *p, const struct tok *a, unsigned n)
{
	uint64_t v;
	(void)n;
	if (number_in(p, a, "restart-limit", 1, COMP_RESTARTS_MAX, &v))
		return -1;
	p->cur->restart_limit = (unsigned)v;
	return 0;
}

static int key_slots(struct parser *p, const struct tok *a, unsigned n)
{
	uint64_t v;
	char b[SHOW_MAX];
	(void)n;
	if (number_in(p, a, "slots", COMP_SLOTS_MIN, COMP_SLOTS_MAX, &v))
		return -1;
	if (v & (v - 1))
		return perr(p, "slots %s is not a power of two (%u, %u, ... %u)", show(a, b),
		            COMP_SLOTS_MIN, 2 * COMP_SLOTS_MIN, COMP_SLOTS_MAX);
	p->cur->slots = (unsigned)v;
	return 0;
}

static int key_heap_exec(struct parser *p, const struct tok *a, unsigned n)
{
	char b[SHOW_MAX];
	(void)n;
	if (tok_is(a, "yes") || tok_is(a, "no")) {
		p->cur->heap_exec = tok_is(a, "yes");
		return 0;
	}
	return perr(p, "bad value '%s' for 'heap-exec': yes or no", show(a, b));
}

static int key_power(struct parser *p, const struct tok *a, unsigned n)
{
	char b[SHOW_MAX];
	(void)n;
	if (tok_is(a, "yes") || tok_is(a, "no")) {
		p->cur->power = tok_is(a, "yes");
		return 0;
	}
	return perr(p, "bad value '%s' for 'power': yes or no", show(a, b));
}

static int key_critical(struct parser *p, const struct tok *a, unsigned n)
{
	char b[SHOW_MAX];
	(void)n;
	if (tok_is(a, "yes") || tok_is(a, "no")) {
		p->cur->critical = tok_is(a, "yes");
		return 0;
	}
	return perr(p, "bad value '%s' for 'critical': yes or no", show(a, b));
}

/* ---- devices ---------------------------------------------------------------- */

static struct comp_device *new_device(struct parser *p, enum comp_dev_kind kind)
{
	struct comp_component *c = p->cur;
	if (c->ndevices == COMP_MAX_DEVICES) {
		perr(p, "too many devices for '%s' (at most %u)", c->name, COMP_MAX_DEVICES);
		return NULL;
	}
	struct comp_device *d = &c->device[c->ndevices++];
	d->kind = kind;
	d->line = p->line;
	return d;
}

/*
 * FIRST-LAST, BASE+SIZE or (single) FIRST into an inclusive range.
 * sizes says whether SIZE may carry a K/M/G suffix.  0 ok, -1 malformed,
 * -2 empty or wrapping.
 */
static int parse_range(const struct tok *a, bool sizes, bool single, uint64_t *first,
                       uint64_t *last)
{
	size_t sep = 1;
	while (sep < a->n && a->s[sep] != '-' && a->s[sep] != '+')
		sep++;
	if (num_parse_u64(a->s, sep, first))
		return -1;
	if (sep == a->n) {
		*last = *first;
		return single ? 0 : -1;
	}
	uint64_t v;
	const char *s = a->s + sep + 1;
	size_t n = a->n - sep - 1;
	if (a->s[sep] == '-') {
		if (num_parse_u64(s, n, last))
			return -1;
		return *last < *first ? -2 : 0;
	}
	if ((sizes ? comp_size_parse(s, n, &v) : num_parse_u64(s, n, &v)))
		return -1;
	if (v == 0 || *first + (v - 1) < *first)
		return -2;
	*last = *first + (v - 1);
	return 0;
}

static int key_ioport(struct parser *p, const struct tok *a, unsigned n)
{
	char b[SHOW_MAX];
	uint64_t first, last;
	(void)n;
	int r = parse_range(a, false, true, &first, &last);
	if (r == -1)
		return perr(p, "bad I/O port range '%s': PORT, FIRST-LAST or FIRST+COUNT", show(a, b));
	if (r == -2)
		return perr(p, "empty I/O port range '%s'", show(a, b));
	if (last > 0xffff)
		return perr(p, "I/O port range '%s' goes past 0xffff", show(a, b));
	struct comp_device *d = new_device(p, COMP_DEV_IOPORT);
	if (!d)
		return -1;
	d->base = first, d->last = last;
	return 0;
}

static int key_irq(struct parser *p, const struct tok *a, unsigned n)
{
	uint64_t v;
	(void)n;
	if (number_in(p, a, "IRQ", 0, COMP_IRQ_LINES - 1, &v))
		return -1;
	struct comp_device *d = new_device(p, COMP_DEV_IRQ);
	if (!d)
		return -1;
	d->base = d->last = v;
	return 0;
}

static int key_mmio(struct parser *p, const struct tok *a, unsigned n)
{
	char b[SHOW_MAX];
	uint64_t first, last;
	(void)n;
	int r = parse_range(a, true, false, &first, &last);
	if (r == -1)
		return perr(p, "bad MMIO range '%s': FIRST-LAST or BASE+SIZE", show(a, b));
	if (r == -2)
		return perr(p, "empty MMIO range '%s'", show(a, b));
	if (first % COMP_PAGE_SIZE || (last + 1) % COMP_PAGE_SIZE)
		return perr(p, "MMIO range '%s' is not page-aligned", show(a, b));
	if (last > COMP_PHYS_LIMIT)
		return perr(p, "MMIO range '%s' goes past the physical address space", show(a, b));
	struct comp_device *d = new_device(p, COMP_DEV_MMIO);
	if (!d)
		return -1;
	d->base = first, d->last = last;
	return 0;
}

/* BUS:DEV.FN (hex, 1-2 : 1-2 . 1 digits) or VENDOR:DEVICE (hex, 1-4 digits each). */
static int key_pci(struct parser *p, const struct tok *a, unsigned n)
{
	char b[SHOW_MAX];
	size_t colon = 0, dot = 0;
	uint64_t x, y, z;
	(void)n;
	for (size_t i = 0; i < a->n; i++) {
		if (a->s[i] == ':' && !colon)
			colon = i;
		else if (a->s[i] == '.' && !dot)
			dot = i;
	}
	struct comp_device dev = { .kind = COMP_DEV_PCI_ID };
	if (colon && dot > colon) {
		if (parse_hex(a->s, colon, 2, &x) || parse_hex(a->s + colon + 1, dot - colon - 1, 2, &y) ||
		    parse_hex(a->s + dot + 1, a->n - dot - 1, 1, &z) || y > 0x1f || z > 7)
			goto bad;
		dev.kind = COMP_DEV_PCI_ADDR;
		dev.base = COMP_PCI_ADDR(x, y, z);
	} else if (colon && !dot) {
		if (parse_hex(a->s, colon, 4, &x) || parse_hex(a->s + colon + 1, a->n - colon - 1, 4, &y))
			goto bad;
		if (x == COMP_PCI_NO_VENDOR)
			return perr(p, "PCI vendor ID ffff in '%s' is no device's: an empty slot reads as ffff",
			            show(a, b));
		dev.base = COMP_PCI_ID(x, y);
	} else {
		goto bad;
	}
	struct comp_device *d = new_device(p, dev.kind);
	if (!d)
		return -1;
	d->base = d->last = dev.base;
	return 0;
bad:
	return perr(p, "bad PCI function '%s': BUS:DEV.FN or VENDOR:DEVICE, in hex", show(a, b));
}

/* ---- services ------------------------------------------------------------------ */

static int key_provides(struct parser *p, const struct tok *a, unsigned n)
{
	struct comp_component *c = p->cur;
	for (unsigned i = 0; i < n; i++) {
		if (c->nprovides == COMP_MAX_SERVICES)
			return perr(p, "too many services provided by '%s' (at most %u)", c->name,
			            COMP_MAX_SERVICES);
		struct comp_service *s = &c->provides[c->nprovides];
		if (take_name(p, &a[i], "service", s->name))
			return -1;
		for (unsigned j = 0; j < c->nprovides; j++)
			if (strcmp(c->provides[j].name, s->name) == 0)
				return perr(p, "service '%s' is already provided by '%s' (line %u)", s->name,
				            c->name, c->provides[j].line);
		s->line = p->line;
		c->nprovides++;
	}
	return 0;
}

/* SERVICE or PROVIDER.SERVICE */
static int take_target(struct parser *p, const struct tok *t, struct comp_route *r)
{
	struct tok prov = *t, svc = *t;
	size_t dot = 0;
	while (dot < t->n && t->s[dot] != '.')
		dot++;
	if (dot < t->n) {
		prov.n = dot;
		svc.s = t->s + dot + 1, svc.n = t->n - dot - 1;
		if (take_name(p, &prov, "component", r->provider))
			return -1;
	}
	return take_name(p, &svc, "service", r->service);
}

static int key_uses(struct parser *p, const struct tok *a, unsigned n)
{
	struct comp_component *c = p->cur;
	if (!(n == 1 || (n == 3 && tok_is(&a[1], "="))))
		return perr(p, "expected 'uses LOCAL = [PROVIDER.]SERVICE' or 'uses [PROVIDER.]SERVICE'");
	if (c->nuses == COMP_MAX_ROUTES)
		return perr(p, "too many routes for '%s' (at most %u)", c->name, COMP_MAX_ROUTES);
	struct comp_route *r = &c->uses[c->nuses];
	memset(r, 0, sizeof(*r));
	if (take_target(p, &a[n - 1], r))
		return -1;
	if (n == 3 && take_name(p, &a[0], "route", r->local))
		return -1;
	if (n == 1)
		memcpy(r->local, r->service, sizeof(r->local));
	for (unsigned j = 0; j < c->nuses; j++)
		if (strcmp(c->uses[j].local, r->local) == 0)
			return perr(p, "route '%s' of '%s' is already defined (line %u)", r->local,
			            c->name, c->uses[j].line);
	r->line = p->line;
	r->to = r->svc = -1;
	c->nuses++;
	return 0;
}

/* ---- the key table ----------------------------------------------------------------- */

enum section { SEC_SYSTEM = 1, SEC_COMPONENT = 2, SEC_BOTH = 3 };

struct key_def {
	const char *name;
	int id;              /* enum comp_key: given at most once per section; -1: repeatable */
	enum section where;
	unsigned min, max;   /* values after the key; max 0: rest of line, raw */
	const char *usage;
	int (*parse)(struct parser *p, const struct tok *a, unsigned n);
};

static const struct key_def keys[] = {
	{ "system",        COMP_KEY_SYSTEM,        SEC_SYSTEM,    1, 1, "system NAME", key_system },
	{ "component",     COMP_KEY_COMPONENT,     SEC_BOTH,      1, 1, "component NAME", key_component },
	{ "memory",        COMP_KEY_MEMORY,        SEC_BOTH,      1, 1, "memory SIZE", key_memory },
	{ "kmem",          COMP_KEY_KMEM,          SEC_BOTH,      1, 1, "kmem SIZE", key_kmem },
	{ "console",       COMP_KEY_CONSOLE,       SEC_BOTH,      1, 1, "console com1|com2|none", key_console },
	{ "binary",        COMP_KEY_BINARY,        SEC_COMPONENT, 1, 1, "binary FILE", key_binary },
	{ "args",          COMP_KEY_ARGS,          SEC_COMPONENT, 1, 0, "args TEXT", key_args },
	{ "priority",      COMP_KEY_PRIORITY,      SEC_COMPONENT, 1, 1, "priority NUMBER", key_priority },
	{ "restart",       COMP_KEY_RESTART,       SEC_COMPONENT, 1, 1, "restart never|always|on-failure", key_restart },
	{ "backoff",       COMP_KEY_BACKOFF,       SEC_COMPONENT, 2, 2, "backoff INITIAL MAXIMUM", key_backoff },
	{ "restart-limit", COMP_KEY_RESTART_LIMIT, SEC_COMPONENT, 1, 1, "restart-limit NUMBER", key_restart_limit },
	{ "critical",      COMP_KEY_CRITICAL,      SEC_COMPONENT, 1, 1, "critical yes|no", key_critical },
	{ "slots",         COMP_KEY_SLOTS,         SEC_COMPONENT, 1, 1, "slots NUMBER", key_slots },
	{ "heap-exec",     COMP_KEY_HEAP_EXEC,     SEC_COMPONENT, 1, 1, "heap-exec yes|no", key_heap_exec },
	{ "power",         COMP_KEY_POWER,         SEC_COMPONENT, 1, 1, "power yes|no", key_power },
	{ "ioport",        -1,                     SEC_COMPONENT, 1, 1, "ioport RANGE", key_ioport },
	{ "irq",           -1,                     SEC_COMPONENT, 1, 1, "irq NUMBER", key_irq },
	{ "mmio",          -1,                     SEC_COMPONENT, 1, 1, "mmio RANGE", key_mmio },
	{ "pci",           -1,                     SEC_COMPONENT, 1, 1, "pci BUS:DEV.FN|VENDOR:DEVICE", key_pci },
	{ "provides",      -1,                     SEC_COMPONENT, 1, MAX_TOKENS - 1, "provides SERVICE...", key_provides },
	{ "uses",          -1,                     SEC_COMPONENT, 1, 3, "uses LOCAL = [PROVIDER.]SERVICE", key_uses },
	{ "file",          -1,                     SEC_COMPONENT, 1, MAX_TOKENS - 1, "file NAME...", key_file },
};

static const struct key_def *key_find(const struct tok *t)
{
	for (size_t i = 0; i < ARRAY_SIZE(keys); i++)
		if (tok_is(t, keys[i].name))
			return &keys[i];
	return NULL;
}

/* ---- lines ---------------------------------------------------------------------- */

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* Split s[0..n) (comment already cut) into words; '=' is a word of its own. */
static int split(struct parser *p, const char *s, size_t n, struct tok *t, unsigned *count)
{
	unsigned k = 0;
	size_t i = 0;
	while (i < n) {
		if (is_space(s[i])) {
			i++;
			continue;
		}
		if (k == MAX_TOKENS)
			return perr(p, "too many words on one line (at most %u)", MAX_TOKENS);
		size_t start = i;
		if (s[i] == '=')
			i++;
		else
			while (i < n && !is_space(s[i]) && s[i] != '=')
				i++;
		t[k].s = s + start, t[k].n = i - start;
		k++;
	}
	*count = k;
	return 0;
}

static int check_chars(struct parser *p, const char *s, size_t n)
{
	if (n > COMP_LINE_MAX)
		return perr(p, "line longer than %u characters", COMP_LINE_MAX);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c < 0x20 && c != '\t' && c != '\r') || c >= 0x7f)
			return perr(p, "invalid character 0x%02x", c);
	}
	return 0;
}

/* Validate the key's place and arity, then hand its values to the key's handler. */
static int dispatch(struct parser *p, const struct key_def *k, const struct tok *t, unsigned n)
{
	unsigned *seen = p->cur ? p->cur->key_line : p->sys->key_line;
	if (p->skip && k->id != COMP_KEY_COMPONENT)
		return 0;
	if (!p->cur && !(k->where & SEC_SYSTEM))
		return perr(p, "'%s' belongs to a component: put it after a 'component NAME' line",
		            k->name);
	if (p->cur && !(k->where & SEC_COMPONENT))
		return perr(p, "'%s' must come before the first component", k->name);
	if (n - 1 < k->min || (k->max && n - 1 > k->max))
		return perr(p, "expected '%s'", k->usage);
	if (k->id >= 0 && k->id != COMP_KEY_COMPONENT && seen[k->id])
		return perr(p, "duplicate key '%s' (first at line %u)", k->name, seen[k->id]);
	if (k->parse(p, t + 1, n - 1))
		return -1;
	seen = p->cur ? p->cur->key_line : p->sys->key_line;
	if (k->id >= 0)
		seen[k->id] = p->line;
	return 0;
}

static void parse_line(struct parser *p, const char *s, size_t n)
{
	struct tok t[MAX_TOKENS];
	unsigned count = 0;
	char b[SHOW_MAX];
	if (check_chars(p, s, n))
		return;
	for (size_t i = 0; i < n; i++)
		if (s[i] == '#')
			n = i;
	if (split(p, s, n, t, &count) || count == 0)
		return;
	const struct key_def *k = key_find(&t[0]);
	if (!k) {
		if (!p->skip)
			perr(p, "unknown key '%s'", show(&t[0], b));
		return;
	}
	p->rest = t[0].s + t[0].n;
	p->rest_len = n - (size_t)(p->rest - s);
	while (p->rest_len && is_space(*p->rest))
		p->rest++, p->rest_len--;
	while (p->rest_len && is_space(p->rest[p->rest_len - 1]))
		p->rest_len--;
	dispatch(p, k, t, count);
}

int comp_parse(struct comp_system *sys, const char *file, const char *text, size_t len)
{
	struct parser p = { .sys = sys };
	memset(sys, 0, sizeof(*sys));
	sys->file = file;
	sys->console = COMP_CONSOLE_COM1;
	size_t i = 0;
	while (i < len) {
		size_t end = i;
		while (end < len && text[end] != '\n')
			end++;
		p.line++;
		parse_line(&p, text + i, end - i);
		i = end + 1;
	}
	return (int)sys->nerrors;
}

/* ---- names, sizes and devices as the file writes them ---------------------------- */

const char *comp_restart_name(enum comp_restart r)
{
	return r == COMP_RESTART_ALWAYS ? "always" : r == COMP_RESTART_ON_FAILURE ? "on-failure" : "never";
}

const char *comp_console_name(enum comp_console c)
{
	return c == COMP_CONSOLE_COM1 ? "com1" : c == COMP_CONSOLE_COM2 ? "com2" : "none";
}

const char *comp_dev_kind_name(enum comp_dev_kind k)
{
	static const char *const names[] = { "ioport", "irq", "mmio", "pci", "pci" };
	return (unsigned)k < 5 ? names[k] : "?";
}

const char *comp_size_format(uint64_t v, char *buf, size_t size)
{
	const char *unit = "";
	if (v && v % (1ull << 30) == 0)
		v >>= 30, unit = "G";
	else if (v && v % (1ull << 20) == 0)
		v >>= 20, unit = "M";
	else if (v && v % (1ull << 10) == 0)
		v >>= 10, unit = "K";
	snfmt(buf, size, "%lu%s", (unsigned long)v, unit);
	return buf;
}

const char *comp_device_format(const struct comp_device *d, char *buf, size_t size)
{
	unsigned long b = (unsigned long)d->base, l = (unsigned long)d->last;
	switch (d->kind) {
	case COMP_DEV_IRQ:
		snfmt(buf, size, "irq %lu", b);
		break;
	case COMP_DEV_PCI_ADDR:
		snfmt(buf, size, "pci %02lx:%02lx.%lx", COMP_PCI_BUS(b), COMP_PCI_DEV(b), COMP_PCI_FN(b));
		break;
	case COMP_DEV_PCI_ID:
		snfmt(buf, size, "pci %04lx:%04lx", COMP_PCI_VENDOR(b), COMP_PCI_DEVICE(b));
		break;
	default:
		if (b == l)
			snfmt(buf, size, "%s 0x%lx", comp_dev_kind_name(d->kind), b);
		else
			snfmt(buf, size, "%s 0x%lx-0x%lx", comp_dev_kind_name(d->kind), b, l);
		break;
	}
	return buf;
}
