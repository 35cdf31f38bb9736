/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * check.c (lib/comp) - the whole-file checks of a composition description
 * (docs/COMPOSITION.md, section 4): what no single line can tell.
 *
 * Entry points: comp_check (required keys, duplicate components, route
 * resolution, devices granted twice or kept by the kernel or the composer,
 * memory over-committed, dependency cycles), comp_check_machine and
 * comp_check_modules (what the machine's RAM and boot modules allow, when
 * the caller knows them), comp_start_order (providers before their users),
 * comp_reserved_find and comp_find.
 * They run on a system comp_parse accepted and record their errors in the
 * same list (error.h).  Freestanding, no allocation.
 */
#include "comp.h"
#include "dstring.h"
#include "error.h"
#include "fmt.h"
#include "util.h"

int comp_find(const struct comp_system *sys, const char *name)
{
	for (unsigned i = 0; i < sys->ncomponents; i++)
		if (strcmp(sys->component[i].name, name) == 0)
			return (int)i;
	return -1;
}

/* ---- whole-file checks ------------------------------------------------------------ */

static void check_system(struct comp_system *sys)
{
	unsigned at = sys->key_line[COMP_KEY_SYSTEM] ? sys->key_line[COMP_KEY_SYSTEM] : 1;
	if (!sys->key_line[COMP_KEY_SYSTEM])
		comp_error(sys, 1, "missing 'system NAME' line");
	if (!sys->key_line[COMP_KEY_MEMORY])
		comp_error(sys, at, "the system has no 'memory'");
	if (sys->ncomponents == 0)
		comp_error(sys, at, "the system has no components");
}

/* A capability space larger than the default must fit the component's kmem. */
static void check_slots(struct comp_system *sys, const struct comp_component *c)
{
	char b1[24], b2[24];
	uint64_t need = (uint64_t)c->slots * COMP_SLOT_KMEM;
	if (!c->key_line[COMP_KEY_SLOTS] || !c->key_line[COMP_KEY_KMEM] || c->kmem >= need)
		return;
	comp_error(sys, c->key_line[COMP_KEY_SLOTS],
	           "'slots %u' of '%s': its capability space alone takes %s, more than its 'kmem' %s",
	           c->slots, c->name, comp_size_format(need, b1, sizeof(b1)),
	           comp_size_format(c->kmem, b2, sizeof(b2)));
}

static void check_components(struct comp_system *sys)
{
	static const struct { enum comp_key id; const char *name; } required[] = {
		{ COMP_KEY_BINARY, "binary" }, { COMP_KEY_MEMORY, "memory" },
		{ COMP_KEY_KMEM, "kmem" }, { COMP_KEY_PRIORITY, "priority" },
	};
	for (unsigned i = 0; i < sys->ncomponents; i++) {
		struct comp_component *c = &sys->component[i];
		int first = comp_find(sys, c->name);
		if (first != (int)i)
			comp_error(sys, c->line, "duplicate component '%s' (first at line %u)", c->name,
			           sys->component[first].line);
		for (unsigned k = 0; k < ARRAY_SIZE(required); k++)
			if (!c->key_line[required[k].id])
				comp_error(sys, c->line, "component '%s' has no '%s'", c->name,
				           required[k].name);
		check_slots(sys, c);
		if (c->restart != COMP_RESTART_NEVER)
			continue;
		if (c->key_line[COMP_KEY_BACKOFF])
			comp_error(sys, c->key_line[COMP_KEY_BACKOFF],
			           "'backoff' needs 'restart always' or 'restart on-failure'");
		if (c->key_line[COMP_KEY_RESTART_LIMIT])
			comp_error(sys, c->key_line[COMP_KEY_RESTART_LIMIT],
			           "'restart-limit' needs 'restart always' or 'restart on-failure'");
	}
}

/* Resolve a route without a provider: exactly one component must provide it. */
static void resolve_by_service(struct comp_system *sys, const struct comp_component *c,
                               struct comp_route *r)
{
	for (unsigned i = 0; i < sys->ncomponents; i++) {
		const struct comp_component *o = &sys->component[i];
		for (unsigned s = 0; s < o->nprovides; s++) {
			if (strcmp(o->provides[s].name, r->service) != 0)
				continue;
			if (r->to >= 0) {
				const struct comp_component *f = &sys->component[r->to];
				comp_error(sys, r->line,
				           "route '%s' of '%s' is ambiguous: '%s' is provided by '%s' (line %u) and '%s' (line %u)",
				           r->local, c->name, r->service, f->name, f->provides[r->svc].line,
				           o->name, o->provides[s].line);
				r->to = r->svc = -1;
				return;
			}
			r->to = (int)i, r->svc = (int)s;
		}
	}
	if (r->to < 0)
		comp_error(sys, r->line, "route '%s' of '%s': no component provides '%s'", r->local,
		           c->name, r->service);
}

static void resolve_route(struct comp_system *sys, const struct comp_component *c,
                          struct comp_route *r)
{
	r->to = r->svc = -1;
	if (!r->provider[0]) {
		resolve_by_service(sys, c, r);
		return;
	}
	int to = comp_find(sys, r->provider);
	if (to < 0) {
		comp_error(sys, r->line, "route '%s' of '%s': no component '%s'", r->local, c->name,
		           r->provider);
		return;
	}
	const struct comp_component *o = &sys->component[to];
	for (unsigned s = 0; s < o->nprovides; s++) {
		if (strcmp(o->provides[s].name, r->service) == 0) {
			r->to = to, r->svc = (int)s;
			return;
		}
	}
	comp_error(sys, r->line, "route '%s' of '%s': '%s' does not provide '%s'", r->local,
	           c->name, o->name, r->service);
}

static void check_routes(struct comp_system *sys)
{
	for (unsigned i = 0; i < sys->ncomponents; i++) {
		struct comp_component *c = &sys->component[i];
		for (unsigned u = 0; u < c->nuses; u++)
			resolve_route(sys, c, &c->uses[u]);
	}
}

/* The first device granted before d (in file order) that d overlaps, or NULL. */
static const struct comp_device *device_conflict(const struct comp_system *sys,
                                                 const struct comp_device *d, unsigned *owner)
{
	for (unsigned i = 0; i < sys->ncomponents; i++) {
		const struct comp_component *c = &sys->component[i];
		for (unsigned k = 0; k < c->ndevices; k++) {
			const struct comp_device *o = &c->device[k];
			if (o == d)
				return NULL;
			if (o->kind == d->kind && o->base <= d->last && d->base <= o->last) {
				*owner = i;
				return o;
			}
		}
	}
	return NULL;
}

/*
 * What the kernel and the composer keep (docs/COMPOSITION.md, section 3.5, says why
 * each, and what was left grantable).  The kernel programs the interrupt
 * controllers and the timer (kernel/arch/x86_64/apic.c), writes its log to
 * COM1 and takes IRQ 4 for the debugger's keys (serial.c, kdb.c), and
 * refuses IRQ 2 itself; the composer alone reads PCI configuration space
 * (servers/composer/pci.c), powers QEMU off (urt_poweroff) and, with
 * `console com2`, drives COM2 (console.c).
 */
#define KERNEL   "the kernel"
#define COMPOSER "the composer"
static const struct comp_reserved reserved[] = {
	{ COMP_DEV_IOPORT, 0x20, 0x21, "the master 8259 interrupt controller", KERNEL, false },
	{ COMP_DEV_IOPORT, 0x40, 0x43, "the 8254 timer (PIT)", KERNEL, false },
	{ COMP_DEV_IOPORT, 0x61, 0x61, "port B (the PIT's channel-2 gate, NMI control)", KERNEL, false },
	{ COMP_DEV_IOPORT, 0xa0, 0xa1, "the slave 8259 interrupt controller", KERNEL, false },
	{ COMP_DEV_IOPORT, 0xf4, 0xf7, "QEMU's isa-debug-exit port (how it powers off)", COMPOSER, false },
	{ COMP_DEV_IOPORT, 0x2f8, 0x2ff, "COM2, its management console", COMPOSER, true },
	{ COMP_DEV_IOPORT, 0x3f8, 0x3ff, "COM1, its console", KERNEL, false },
	{ COMP_DEV_IOPORT, 0x4d0, 0x4d1, "the 8259s' edge/level control", KERNEL, false },
	{ COMP_DEV_IOPORT, 0xcf8, 0xcff, "the PCI configuration ports", COMPOSER, false },
	{ COMP_DEV_IRQ, 0, 0, "the PIT timer's interrupt", KERNEL, false },
	{ COMP_DEV_IRQ, 2, 2, "the cascade (the timer's I/O APIC input)", KERNEL, false },
	{ COMP_DEV_IRQ, 3, 3, "COM2's interrupt (its management console)", COMPOSER, true },
	{ COMP_DEV_IRQ, 4, 4, "COM1's interrupt (the kernel debugger's keys)", KERNEL, false },
	{ COMP_DEV_MMIO, 0xfec00000, 0xfec00fff, "the I/O APIC", KERNEL, false },
	{ COMP_DEV_MMIO, 0xfee00000, 0xfee00fff, "the local APIC", KERNEL, false },
};

const struct comp_reserved *comp_reserved_find(const struct comp_system *sys,
                                               const struct comp_device *d)
{
	for (size_t i = 0; i < ARRAY_SIZE(reserved); i++) {
		const struct comp_reserved *r = &reserved[i];
		if (r->kind != d->kind || r->base > d->last || d->base > r->last)
			continue;
		if (!r->com2_console || sys->console == COMP_CONSOLE_COM2)
			return r;
	}
	return NULL;
}

/* One error per grant: a resource kept for the system, else one granted before. */
static void check_device(struct comp_system *sys, const struct comp_component *c,
                         const struct comp_device *d)
{
	char b1[48], b2[48];
	unsigned owner;
	const struct comp_reserved *r = comp_reserved_find(sys, d);
	if (r) {
		struct comp_device kept = { .kind = r->kind, .base = r->base, .last = r->last };
		comp_error(sys, d->line, "'%s' of '%s' overlaps '%s', kept by %s: %s",
		           comp_device_format(d, b1, sizeof(b1)), c->name,
		           comp_device_format(&kept, b2, sizeof(b2)), r->keeper, r->what);
		return;
	}
	const struct comp_device *o = device_conflict(sys, d, &owner);
	if (o)
		comp_error(sys, d->line, "'%s' of '%s' overlaps '%s' granted to '%s' (line %u)",
		           comp_device_format(d, b1, sizeof(b1)), c->name,
		           comp_device_format(o, b2, sizeof(b2)), sys->component[owner].name, o->line);
}

static void check_devices(struct comp_system *sys)
{
	for (unsigned i = 0; i < sys->ncomponents; i++) {
		const struct comp_component *c = &sys->component[i];
		for (unsigned k = 0; k < c->ndevices; k++)
			check_device(sys, c, &c->device[k]);
	}
}

static uint64_t add_sat(uint64_t a, uint64_t b)
{
	return a + b < a ? UINT64_MAX : a + b;
}

/* What the components ask for together (saturating). */
static void components_total(const struct comp_system *sys, uint64_t *mem, uint64_t *kmem)
{
	*mem = *kmem = 0;
	for (unsigned i = 0; i < sys->ncomponents; i++) {
		*mem = add_sat(*mem, sys->component[i].memory);
		*kmem = add_sat(*kmem, sys->component[i].kmem);
	}
}

static void check_memory(struct comp_system *sys)
{
	char b1[24], b2[24];
	uint64_t mem, kmem;
	components_total(sys, &mem, &kmem);
	if (sys->key_line[COMP_KEY_MEMORY] && mem > sys->memory)
		comp_error(sys, sys->key_line[COMP_KEY_MEMORY],
		           "memory over-committed: the components need %s, the system has %s",
		           comp_size_format(mem, b1, sizeof(b1)),
		           comp_size_format(sys->memory, b2, sizeof(b2)));
	if (sys->key_line[COMP_KEY_KMEM] && kmem > sys->kmem)
		comp_error(sys, sys->key_line[COMP_KEY_KMEM],
		           "kernel memory over-committed: the components need %s, the system has %s",
		           comp_size_format(kmem, b1, sizeof(b1)),
		           comp_size_format(sys->kmem, b2, sizeof(b2)));
}

/* Depth-first search for routes that close a cycle; path[] holds the current chain. */
struct cycle_search {
	struct comp_system *sys;
	unsigned char state[COMP_MAX_COMPONENTS]; /* 0 new, 1 on the path, 2 done */
	unsigned path[COMP_MAX_COMPONENTS];
	unsigned depth;
};

static void report_cycle(struct cycle_search *cs, const struct comp_route *r)
{
	char msg[COMP_ERROR_MAX];
	size_t len = 0;
	unsigned start = 0;
	while (cs->path[start] != (unsigned)r->to)
		start++;
	for (unsigned i = start; i < cs->depth && len < sizeof(msg); i++)
		len += (size_t)snfmt(msg + len, sizeof(msg) - len, "%s -> ",
		                     cs->sys->component[cs->path[i]].name);
	if (len < sizeof(msg))
		snfmt(msg + len, sizeof(msg) - len, "%s", cs->sys->component[r->to].name);
	comp_error(cs->sys, r->line, "dependency cycle: %s", msg);
}

static void cycle_visit(struct cycle_search *cs, unsigned c)
{
	const struct comp_component *comp = &cs->sys->component[c];
	cs->state[c] = 1;
	cs->path[cs->depth++] = c;
	for (unsigned u = 0; u < comp->nuses; u++) {
		const struct comp_route *r = &comp->uses[u];
		if (r->to < 0)
			continue;
		if (cs->state[r->to] == 1)
			report_cycle(cs, r);
		else if (cs->state[r->to] == 0)
			cycle_visit(cs, (unsigned)r->to);
	}
	cs->depth--;
	cs->state[c] = 2;
}

static void check_cycles(struct comp_system *sys)
{
	struct cycle_search cs = { .sys = sys };
	for (unsigned i = 0; i < sys->ncomponents; i++)
		if (cs.state[i] == 0)
			cycle_visit(&cs, i);
}

int comp_check(struct comp_system *sys)
{
	check_system(sys);
	check_components(sys);
	check_routes(sys);
	check_devices(sys);
	check_memory(sys);
	check_cycles(sys);
	return (int)sys->nerrors;
}

/* ---- what only the machine tells ------------------------------------------------------- */

int comp_check_machine(struct comp_system *sys, const struct comp_machine *m)
{
	char b1[24], b2[24], b3[24];
	uint64_t mem, kmem;
	components_total(sys, &mem, &kmem);
	comp_size_format(m->ram, b2, sizeof(b2));
	comp_size_format(m->kmem_pool, b3, sizeof(b3));
	if (sys->key_line[COMP_KEY_MEMORY] && sys->memory > m->ram)
		comp_error(sys, sys->key_line[COMP_KEY_MEMORY],
		           "the system's 'memory' %s is more than the machine's %s of RAM",
		           comp_size_format(sys->memory, b1, sizeof(b1)), b2);
	if (sys->key_line[COMP_KEY_KMEM] && sys->kmem > m->kmem_pool)
		comp_error(sys, sys->key_line[COMP_KEY_KMEM],
		           "the system's 'kmem' %s is more than the kernel's object pool (at most %s with %s of RAM)",
		           comp_size_format(sys->kmem, b1, sizeof(b1)), b3, b2);
	else if (!sys->key_line[COMP_KEY_KMEM] && kmem > m->kmem_pool)
		comp_error(sys, sys->key_line[COMP_KEY_SYSTEM] ? sys->key_line[COMP_KEY_SYSTEM] : 1,
		           "the components' kernel memory %s is more than the kernel's object pool (at most %s with %s of RAM)",
		           comp_size_format(kmem, b1, sizeof(b1)), b3, b2);
	return (int)sys->nerrors;
}

int comp_check_modules(struct comp_system *sys, const char *(*look)(void *ctx, const char *name),
                       void *ctx)
{
	for (unsigned i = 0; i < sys->ncomponents; i++) {
		const struct comp_component *c = &sys->component[i];
		const char *why = c->binary[0] ? look(ctx, c->binary) : NULL;
		if (why)
			comp_error(sys, c->key_line[COMP_KEY_BINARY], "binary '%s' of '%s' %s", c->binary,
			           c->name, why);
		for (unsigned f = 0; f < c->nfiles; f++)
			if ((why = look(ctx, c->file[f].name)))
				comp_error(sys, c->file[f].line, "file '%s' of '%s' %s", c->file[f].name,
				           c->name, why);
	}
	return (int)sys->nerrors;
}

/* ---- start order ------------------------------------------------------------------------- */

/* Kahn's algorithm; the lowest ready index goes first, so the order follows the file. */
int comp_start_order(const struct comp_system *sys, unsigned order[COMP_MAX_COMPONENTS])
{
	unsigned waiting[COMP_MAX_COMPONENTS] = { 0 };
	bool started[COMP_MAX_COMPONENTS] = { false };
	unsigned n = sys->ncomponents;
	for (unsigned i = 0; i < n; i++)
		for (unsigned u = 0; u < sys->component[i].nuses; u++)
			if (sys->component[i].uses[u].to >= 0)
				waiting[i]++;
	for (unsigned k = 0; k < n; k++) {
		unsigned next = 0;
		while (next < n && (started[next] || waiting[next]))
			next++;
		if (next == n)
			return -1;
		order[k] = next;
		started[next] = true;
		for (unsigned i = 0; i < n; i++)
			for (unsigned u = 0; u < sys->component[i].nuses; u++)
				if (sys->component[i].uses[u].to == (int)next)
					waiting[i]--;
	}
	return 0;
}
