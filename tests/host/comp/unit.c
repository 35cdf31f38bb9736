/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * unit.c (tests/comp) - host unit tests of lib/comp, built with ASan/UBSan:
 * what comp_parse stores, route resolution, start order, error limits,
 * buffers that are not NUL-terminated, and a mutation fuzzer that must
 * never crash the parser.  Prints `TEST comp/unit/<name> PASS|FAIL <why>`.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "comp/comp.h"
#include "util.h"

static struct comp_system sys;
static int failed;
static const char *fail_why;
static int fail_line;

#define CHECK(e)                                                \
	do {                                                    \
		if (!(e)) {                                     \
			fail_why = #e, fail_line = __LINE__;    \
			return;                                 \
		}                                               \
	} while (0)

static const char full[] =
	"system s\nmemory 64M\nkmem 2M\nconsole com2\n"
	"component log\n binary log.elf\n args a=1  b=2 \n memory 1M\n kmem 64K\n priority 150\n"
	" ioport 0x3e8+8\n irq 5\n provides log tty\n restart always\n backoff 50ms 2s\n"
	" restart-limit 9\n critical yes\n console com1\n"
	"component io\n binary io.elf\n memory 8M\n kmem 512K\n priority 120\n pci 00:1f.2\n"
	" pci 8086:100e\n mmio 0xfebc0000+128K\n provides block\n uses out = log.log\n"
	"component app\n binary app.elf\n memory 4K\n kmem 4K\n priority 1\n uses tty\n"
	" uses io.block\n";

static int load(const char *text)
{
	if (comp_parse(&sys, "t.comp", text, strlen(text)))
		return -1;
	return comp_check(&sys) ? -1 : 0;
}

static void test_fields(void)
{
	CHECK(load(full) == 0);
	CHECK(strcmp(sys.name, "s") == 0 && sys.memory == 64u << 20 && sys.kmem == 2u << 20);
	CHECK(sys.console == COMP_CONSOLE_COM2 && sys.ncomponents == 3);
	const struct comp_component *c = &sys.component[0];
	CHECK(strcmp(c->binary, "log.elf") == 0 && strcmp(c->args, "a=1  b=2") == 0);
	CHECK(c->memory == 1u << 20 && c->kmem == 64u << 10 && c->priority == 150);
	CHECK(c->restart == COMP_RESTART_ALWAYS && c->backoff_initial_ms == 50);
	CHECK(c->backoff_max_ms == 2000 && c->restart_limit == 9 && c->critical);
	CHECK(c->console == COMP_CONSOLE_COM1 && c->ndevices == 2 && c->nprovides == 2);
	CHECK(c->device[0].kind == COMP_DEV_IOPORT && c->device[0].base == 0x3e8);
	CHECK(c->device[0].last == 0x3ef && c->device[1].kind == COMP_DEV_IRQ);
	CHECK(c->device[1].base == 5 && c->device[1].line == 12);
	const struct comp_component *io = &sys.component[1];
	CHECK(io->device[0].kind == COMP_DEV_PCI_ADDR && COMP_PCI_BUS(io->device[0].base) == 0);
	CHECK(COMP_PCI_DEV(io->device[0].base) == 0x1f && COMP_PCI_FN(io->device[0].base) == 2);
	CHECK(io->device[1].kind == COMP_DEV_PCI_ID && COMP_PCI_VENDOR(io->device[1].base) == 0x8086);
	CHECK(COMP_PCI_DEVICE(io->device[1].base) == 0x100e);
	CHECK(io->device[2].base == 0xfebc0000 && io->device[2].last == 0xfebdffff);
}

static void test_defaults(void)
{
	CHECK(load("system d\nmemory 1M\ncomponent x\nbinary x\nmemory 4K\nkmem 1\npriority 0\n") == 0);
	const struct comp_component *c = &sys.component[0];
	CHECK(c->restart == COMP_RESTART_NEVER && !c->critical && c->console == COMP_CONSOLE_NONE);
	CHECK(c->backoff_initial_ms == COMP_DEFAULT_BACKOFF_INITIAL_MS);
	CHECK(c->backoff_max_ms == COMP_DEFAULT_BACKOFF_MAX_MS);
	CHECK(c->restart_limit == COMP_DEFAULT_RESTART_LIMIT && c->args[0] == 0);
	CHECK(sys.console == COMP_CONSOLE_COM1 && sys.kmem == 0);
}

static void test_routes(void)
{
	CHECK(load(full) == 0);
	const struct comp_route *r = &sys.component[1].uses[0];
	CHECK(strcmp(r->local, "out") == 0 && strcmp(r->provider, "log") == 0);
	CHECK(r->to == 0 && r->svc == 0);
	r = &sys.component[2].uses[0];
	CHECK(strcmp(r->local, "tty") == 0 && r->provider[0] == 0 && r->to == 0 && r->svc == 1);
	r = &sys.component[2].uses[1];
	CHECK(strcmp(r->local, "block") == 0 && r->to == 1 && r->svc == 0);
	CHECK(comp_find(&sys, "io") == 1 && comp_find(&sys, "nosuch") == -1);
}

static void test_order(void)
{
	unsigned order[COMP_MAX_COMPONENTS];
	CHECK(load("system o\nmemory 1M\n"
	           "component a\nbinary a\nmemory 4K\nkmem 1\npriority 1\nuses b.x\nuses c.y\n"
	           "component b\nbinary b\nmemory 4K\nkmem 1\npriority 1\nprovides x\nuses c.y\n"
	           "component c\nbinary c\nmemory 4K\nkmem 1\npriority 1\nprovides y\n") == 0);
	CHECK(comp_start_order(&sys, order) == 0);
	CHECK(order[0] == 2 && order[1] == 1 && order[2] == 0);
	/* a cycle: comp_check reports it and no order exists */
	CHECK(load("system o\nmemory 1M\n"
	           "component a\nbinary a\nmemory 4K\nkmem 1\npriority 1\nprovides x\nuses b.y\n"
	           "component b\nbinary b\nmemory 4K\nkmem 1\npriority 1\nprovides y\nuses a.x\n") != 0);
	CHECK(sys.nerrors == 1 && strstr(sys.error[0].text, "t.comp:16: dependency cycle: a -> b -> a"));
	CHECK(comp_start_order(&sys, order) == -1);
}

static void test_error_limit(void)
{
	char text[4096] = "system e\nmemory 1M\ncomponent a\n";
	for (int i = 0; i < 20; i++)
		strcat(text, "bogus\n");
	CHECK(comp_parse(&sys, "e.comp", text, strlen(text)) == COMP_MAX_ERRORS);
	CHECK(sys.nerrors == COMP_MAX_ERRORS && sys.dropped == 4);
	for (unsigned i = 0; i < sys.nerrors; i++)
		CHECK(sys.error[i].line == 4 + i);
	CHECK(strcmp(sys.error[0].text, "e.comp:4: unknown key 'bogus'") == 0);
}

/* The text is a buffer of exactly len bytes: ASan catches any read past it. */
static void test_unterminated(void)
{
	const char *src = "system u\nmemory 1M\ncomponent a\nbinary a\nmemory 4K\nkmem 1\npriority 7";
	size_t len = strlen(src);
	char *buf = malloc(len);
	CHECK(buf);
	memcpy(buf, src, len);
	int r = comp_parse(&sys, "u.comp", buf, len) || comp_check(&sys);
	unsigned prio = sys.component[0].priority;
	free(buf);
	CHECK(r == 0 && prio == 7);
}

static void test_reset(void)
{
	CHECK(load("system a\nbad key\n") != 0);
	CHECK(load(full) == 0 && sys.nerrors == 0 && sys.ncomponents == 3);
}

/* Errors must keep their form whatever the input: "file:N: message", sorted. */
static int errors_well_formed(unsigned lines)
{
	for (unsigned i = 0; i < sys.nerrors; i++) {
		char prefix[32];
		snprintf(prefix, sizeof(prefix), "f.comp:%u: ", sys.error[i].line);
		if (strncmp(sys.error[i].text, prefix, strlen(prefix)) != 0)
			return 0;
		if (sys.error[i].line < 1 || sys.error[i].line > lines + 1)
			return 0;
		if (i && sys.error[i].line < sys.error[i - 1].line)
			return 0;
		if (strlen(sys.error[i].text) <= strlen(prefix))
			return 0;
	}
	return 1;
}

static void test_fuzz(void)
{
	static const char alphabet[] = " \t\n#=.:-+0123456789xKMGabcsy\x01\xff";
	char buf[sizeof(full)];
	unsigned order[COMP_MAX_COMPONENTS];
	srand(12345);
	for (int iter = 0; iter < 20000; iter++) {
		size_t len = sizeof(full) - 1;
		memcpy(buf, full, len);
		for (int m = rand() % 8 + 1; m > 0; m--) {
			size_t at = (size_t)rand() % len;
			if (rand() % 4 == 0)
				len = at; /* truncate */
			else
				buf[at] = alphabet[rand() % (sizeof(alphabet) - 1)];
			if (len == 0)
				break;
		}
		unsigned lines = 1;
		for (size_t i = 0; i < len; i++)
			lines += buf[i] == '\n';
		if (comp_parse(&sys, "f.comp", buf, len) == 0 && comp_check(&sys) == 0)
			CHECK(comp_start_order(&sys, order) == 0);
		CHECK(errors_well_formed(lines));
	}
}

/* `file NAME...`: repeatable, several names a line, kept in file order. */
static void test_files(void)
{
	CHECK(load("system f\nmemory 1M\ncomponent x\nbinary x.elf\nmemory 4K\nkmem 1\npriority 0\n"
	           "file a.kmod b.kmod\nfile c.bin\n") == 0);
	const struct comp_component *c = &sys.component[0];
	CHECK(c->nfiles == 3 && strcmp(c->file[0].name, "a.kmod") == 0);
	CHECK(strcmp(c->file[1].name, "b.kmod") == 0 && c->file[1].line == 8);
	CHECK(strcmp(c->file[2].name, "c.bin") == 0 && c->file[2].line == 9);
	/* the longest name that fits an environment entry, and one more */
	char text[256];
	snprintf(text, sizeof(text), "system f\nmemory 1M\ncomponent x\nbinary x\nmemory 4K\n"
	         "kmem 1\npriority 0\nfile %.*s\n", COMP_FNAME_MAX - 1,
	         "abcdefghijklmnopqrstuvwxyz0123456789");
	CHECK(load(text) == 0 && strlen(sys.component[0].file[0].name) == COMP_FNAME_MAX - 1);
	snprintf(text, sizeof(text), "system f\nmemory 1M\ncomponent x\nbinary x\nmemory 4K\n"
	         "kmem 1\npriority 0\nfile %.*s\n", COMP_FNAME_MAX,
	         "abcdefghijklmnopqrstuvwxyz0123456789");
	CHECK(load(text) != 0 && sys.nerrors == 1 && sys.component[0].nfiles == 0);
}

/*
 * What the kernel and the composer keep, at its edges: one port, line or
 * page past a kept range is grantable; COM2 is kept only with the
 * composer's console on it.
 */
static const struct {
	const char *console, *grant, *keeper; /* keeper NULL: the grant is accepted */
} reserved_cases[] = {
	{ "com1", "ioport 0xcf7", NULL }, { "com1", "ioport 0xcf8", "the composer" },
	{ "com1", "ioport 0xcff", "the composer" }, { "com1", "ioport 0xd00", NULL },
	{ "com1", "ioport 0xcf0-0xcf8", "the composer" }, { "com1", "ioport 0x3f0+8", NULL },
	{ "com1", "ioport 0x3ff", "the kernel" }, { "com1", "ioport 0x400", NULL },
	{ "com1", "ioport 0x2f8-0x2ff", NULL }, { "none", "irq 3", NULL },
	{ "com2", "ioport 0x2ff", "the composer" }, { "com2", "irq 3", "the composer" },
	{ "com1", "ioport 0x1f-0x20", "the kernel" }, { "com1", "ioport 0x22-0x3f", NULL },
	{ "com1", "ioport 0x44-0x60", NULL }, { "com1", "ioport 0x62-0x9f", NULL },
	{ "com1", "ioport 0xf0-0xf3", NULL }, { "com1", "ioport 0xf8", NULL },
	{ "com1", "irq 1", NULL }, { "com1", "irq 0", "the kernel" }, { "com1", "irq 5", NULL },
	{ "com1", "mmio 0xfebff000+4K", NULL }, { "com1", "mmio 0xfec01000+4K", NULL },
	{ "com1", "mmio 0xfedff000+4K", NULL }, { "com1", "mmio 0xfee01000+4K", NULL },
	{ "com1", "mmio 0xfec00000+4K", "the kernel" }, { "com1", "pci 00:1f.0", NULL },
};

static void test_reserved(void)
{
	static char why[128];
	for (size_t i = 0; i < ARRAY_SIZE(reserved_cases); i++) {
		char text[256];
		snprintf(text, sizeof(text), "system r\nmemory 1M\nconsole %s\ncomponent x\nbinary x\n"
		         "memory 4K\nkmem 1\npriority 0\n%s\n", reserved_cases[i].console,
		         reserved_cases[i].grant);
		const char *keeper = reserved_cases[i].keeper;
		bool ok = load(text) == 0;
		const struct comp_reserved *r = comp_reserved_find(&sys, &sys.component[0].device[0]);
		snprintf(why, sizeof(why), "'%s' with console %s", reserved_cases[i].grant,
		         reserved_cases[i].console);
		if (keeper ? ok || !r || strcmp(r->keeper, keeper) != 0 ||
		                 !strstr(sys.error[0].text, keeper) : !ok || r) {
			fail_why = why, fail_line = __LINE__;
			return;
		}
	}
}

/* The budgets against the machine: exactly full fits, one byte or page more does not. */
static void test_machine(void)
{
	const struct comp_machine m = { .ram = 64u << 20, .kmem_pool = 8u << 20 };
	static const char *const fit[] = {
		"system m\nmemory 64M\nkmem 8M\ncomponent x\nbinary x\nmemory 4K\nkmem 8M\npriority 0\n",
		"system m\nmemory 8K\ncomponent x\nbinary x\nmemory 4K\nkmem 4M\npriority 0\n"
		"component y\nbinary y\nmemory 4K\nkmem 4M\npriority 0\n",
	};
	for (size_t i = 0; i < ARRAY_SIZE(fit); i++)
		CHECK(load(fit[i]) == 0 && comp_check_machine(&sys, &m) == 0);
	CHECK(load("system m\nmemory 65540K\ncomponent x\nbinary x\nmemory 4K\nkmem 1\npriority 0\n") == 0);
	CHECK(comp_check_machine(&sys, &m) == 1 && sys.error[0].line == 2);
	CHECK(load("system m\nmemory 4K\nkmem 8193K\ncomponent x\nbinary x\nmemory 4K\nkmem 1\npriority 0\n") == 0);
	CHECK(comp_check_machine(&sys, &m) == 1 && sys.error[0].line == 3);
	CHECK(load("system m\nmemory 8K\ncomponent x\nbinary x\nmemory 4K\nkmem 4M\npriority 0\n"
	           "component y\nbinary y\nmemory 4K\nkmem 4097K\npriority 0\n") == 0);
	CHECK(comp_check_machine(&sys, &m) == 1 && sys.error[0].line == 1);
	CHECK(strcmp(sys.error[0].text, "t.comp:1: the components' kernel memory 8193K is more than "
	                                "the kernel's object pool (at most 8M with 64M of RAM)") == 0);
}

/* Every binary and file is looked up once, in file order; what is not there is an error. */
static char looked[256];

static const char *look_no_kmod(void *ctx, const char *name)
{
	size_t n = strlen(name);
	strcat(looked, name), strcat(looked, " ");
	return n > 5 && strcmp(name + n - 5, ".kmod") == 0 ? ctx : NULL;
}

static void test_modules(void)
{
	looked[0] = 0;
	CHECK(load("system m\nmemory 1M\ncomponent x\nbinary x.elf\nmemory 4K\nkmem 1\npriority 0\n"
	           "file a.bin b.kmod\ncomponent y\nbinary x.elf\nmemory 4K\nkmem 1\npriority 0\n") == 0);
	CHECK(comp_check_modules(&sys, look_no_kmod, "is gone") == 1);
	CHECK(strcmp(looked, "x.elf a.bin b.kmod x.elf ") == 0);
	CHECK(strcmp(sys.error[0].text, "t.comp:8: file 'b.kmod' of 'x' is gone") == 0);
}

static const struct {
	const char *name;
	void (*fn)(void);
} tests[] = {
	{ "machine", test_machine }, { "modules", test_modules },
	{ "reserved", test_reserved },
	{ "files", test_files },
	{ "fields", test_fields }, { "defaults", test_defaults }, { "routes", test_routes },
	{ "order", test_order }, { "error-limit", test_error_limit },
	{ "unterminated", test_unterminated }, { "reset", test_reset }, { "fuzz", test_fuzz },
};

int main(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(tests); i++) {
		fail_why = NULL;
		tests[i].fn();
		if (fail_why) {
			printf("TEST comp/unit/%s FAIL unit.c:%d: %s\n", tests[i].name, fail_line, fail_why);
			failed++;
		} else {
			printf("TEST comp/unit/%s PASS\n", tests[i].name);
		}
	}
	return failed ? 1 : 0;
}
