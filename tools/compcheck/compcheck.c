/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * compcheck - check a Darbat composition description on the host.
 *
 *   compcheck [OPTIONS] FILE            print the errors on stderr, exit 1; or
 *                                       only warnings (what it could not check), exit 0
 *   compcheck [OPTIONS] --order FILE    the start order: one component per line
 *   compcheck [OPTIONS] --dot FILE      the component graph in Graphviz DOT
 *   compcheck [OPTIONS] --modules FILE  the boot-module files the system needs, one per
 *                                       line: binaries and `file` grants, in start order,
 *                                       once each
 * OPTIONS, the machine the file is for:
 *   --bin DIR    where the binaries and files are: each must be a regular file there
 *   --ram SIZE   the machine's RAM: the budgets must fit it and the kernel's pool
 *
 * Exit 2 on a usage or I/O error.  The parser and the checks are lib/comp,
 * the same code the composer runs; the format is documented in
 * docs/COMPOSITION.md.  The warnings (FILE:LINE: warning: ..., or
 * compcheck: warning: ...) name what the checker could not know: an
 * option that was not given, whether a PCI function is on the machine.
 * They are printed only when checking, and only for a valid file.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "comp/comp.h"

#define FILE_MAX (1u << 20)

/*
 * The most the kernel's object pool can be with ram bytes of RAM: an eighth
 * of the free memory, in 2 MiB steps, at least 4 MiB and at most 256 MiB
 * (kernel/main.c, memory_init; the free memory is less than the RAM).
 */
#define KERNEL_POOL_SHARE 8
#define KERNEL_POOL_STEP  (2ull << 20)
#define KERNEL_POOL_MIN   (4ull << 20)
#define KERNEL_POOL_MAX   (256ull << 20)

/* The command line. */
struct options {
	const char *mode;   /* "--order", "--dot", "--modules", or NULL: check */
	const char *path;   /* the composition */
	const char *bin;    /* --bin DIR, or NULL */
	uint64_t ram;       /* --ram SIZE in bytes, or 0 */
};

static struct comp_system sys;

static void usage(void)
{
	fprintf(stderr, "usage: compcheck [--bin DIR] [--ram SIZE] [--order | --dot | --modules] FILE\n");
	exit(2);
}

static uint64_t parse_ram(const char *s)
{
	uint64_t v;
	if (comp_size_parse(s, strlen(s), &v) != 0 || v == 0) {
		fprintf(stderr, "compcheck: --ram %s: a size with an optional K, M or G suffix, not zero\n",
		        s);
		exit(2);
	}
	return v;
}

static void check_dir(const char *dir)
{
	struct stat st;
	int err = stat(dir, &st) != 0 ? errno : S_ISDIR(st.st_mode) ? 0 : ENOTDIR;
	if (err) {
		fprintf(stderr, "compcheck: --bin %s: %s\n", dir, strerror(err));
		exit(2);
	}
}

static void parse_args(int argc, char **argv, struct options *o)
{
	const char *ram = NULL;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--bin") || !strcmp(a, "--ram")) {
			const char **value = a[2] == 'b' ? &o->bin : &ram;
			if (*value || i + 1 == argc)
				usage();
			*value = argv[++i];
		} else if (!strcmp(a, "--order") || !strcmp(a, "--dot") || !strcmp(a, "--modules")) {
			if (o->mode)
				usage();
			o->mode = a;
		} else if (a[0] == '-' || o->path) {
			usage();
		} else {
			o->path = a;
		}
	}
	if (!o->path)
		usage();
	if (ram)
		o->ram = parse_ram(ram);
	if (o->bin)
		check_dir(o->bin);
}

/* Read the whole file; exits 2 when it cannot. */
static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "compcheck: %s: %s\n", path, strerror(errno));
		exit(2);
	}
	char *buf = malloc(FILE_MAX + 1);
	if (!buf) {
		fprintf(stderr, "compcheck: out of memory\n");
		exit(2);
	}
	*len = fread(buf, 1, FILE_MAX + 1, f);
	if (ferror(f) || *len > FILE_MAX) {
		fprintf(stderr, "compcheck: %s: %s\n", path,
		        ferror(f) ? strerror(errno) : "larger than 1 MiB");
		exit(2);
	}
	fclose(f);
	return buf;
}

/* Print s inside a DOT double-quoted string. */
static void dot_escape(const char *s)
{
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			putchar('\\');
		putchar(*s);
	}
}

static void dot_node(const struct comp_component *c)
{
	char b1[24], b2[24], dev[48];
	printf("\t\"%s\" [label=\"%s\\n", c->name, c->name);
	dot_escape(c->binary);
	if (c->args[0]) {
		putchar(' ');
		dot_escape(c->args);
	}
	printf("\\npriority %u, memory %s, kmem %s", c->priority,
	       comp_size_format(c->memory, b1, sizeof(b1)), comp_size_format(c->kmem, b2, sizeof(b2)));
	printf("\\nrestart %s", comp_restart_name(c->restart));
	if (c->restart != COMP_RESTART_NEVER)
		printf(" (%ums..%ums, %u times)", c->backoff_initial_ms, c->backoff_max_ms,
		       c->restart_limit);
	if (c->console != COMP_CONSOLE_NONE)
		printf("\\nconsole %s", comp_console_name(c->console));
	if (c->nprovides) {
		printf("\\nprovides");
		for (unsigned s = 0; s < c->nprovides; s++)
			printf(" %s", c->provides[s].name);
	}
	for (unsigned d = 0; d < c->ndevices; d++)
		printf("\\n%s", comp_device_format(&c->device[d], dev, sizeof(dev)));
	if (c->nfiles) {
		printf("\\nfile");
		for (unsigned f = 0; f < c->nfiles; f++) {
			putchar(' ');
			dot_escape(c->file[f].name);
		}
	}
	printf("\"%s];\n", c->critical ? ", peripheries=2, style=bold" : "");
}

static void print_dot(void)
{
	char b1[24], b2[24];
	printf("digraph \"%s\" {\n", sys.name);
	printf("\tlabel=\"system %s: memory %s", sys.name, comp_size_format(sys.memory, b1, sizeof(b1)));
	if (sys.kmem)
		printf(", kmem %s", comp_size_format(sys.kmem, b2, sizeof(b2)));
	printf(", console %s\";\n", comp_console_name(sys.console));
	printf("\tnode [shape=box, fontname=\"monospace\"];\n");
	for (unsigned i = 0; i < sys.ncomponents; i++)
		dot_node(&sys.component[i]);
	for (unsigned i = 0; i < sys.ncomponents; i++) {
		const struct comp_component *c = &sys.component[i];
		for (unsigned u = 0; u < c->nuses; u++) {
			const struct comp_route *r = &c->uses[u];
			printf("\t\"%s\" -> \"%s\" [label=\"%s", c->name, sys.component[r->to].name,
			       r->service);
			if (strcmp(r->local, r->service) != 0)
				printf(" as %s", r->local);
			printf("\"];\n");
		}
	}
	printf("}\n");
}

/* Print name unless it was printed before; seen[] holds *nseen names so far. */
static void print_once(const char *name, const char **seen, unsigned *nseen)
{
	for (unsigned j = 0; j < *nseen; j++)
		if (strcmp(seen[j], name) == 0)
			return;
	seen[(*nseen)++] = name;
	printf("%s\n", name);
}

/* Binaries in start order, each followed by the files its component maps. */
static void print_modules(const unsigned *order)
{
	static const char *seen[COMP_MAX_COMPONENTS * (1 + COMP_MAX_FILES)];
	unsigned nseen = 0;
	for (unsigned k = 0; k < sys.ncomponents; k++) {
		const struct comp_component *c = &sys.component[order[k]];
		print_once(c->binary, seen, &nseen);
		for (unsigned f = 0; f < c->nfiles; f++)
			print_once(c->file[f].name, seen, &nseen);
	}
}

/* --bin DIR: NULL when DIR/name is a regular file, else why not. */
static const char *look_in_bin(void *ctx, const char *name)
{
	static char why[512];
	const char *dir = ctx;
	char path[4096];
	struct stat st;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (stat(path, &st) != 0)
		snprintf(why, sizeof(why), "is not in %s", dir);
	else if (!S_ISREG(st.st_mode))
		snprintf(why, sizeof(why), "is not a regular file in %s", dir);
	else
		return NULL;
	return why;
}

static uint64_t kernel_pool_max(uint64_t ram)
{
	uint64_t pool = ram / KERNEL_POOL_SHARE / KERNEL_POOL_STEP * KERNEL_POOL_STEP;
	return pool < KERNEL_POOL_MIN ? KERNEL_POOL_MIN : pool > KERNEL_POOL_MAX ? KERNEL_POOL_MAX : pool;
}

/* Parse and check the file with what the options tell; print the errors.  Returns their count. */
static unsigned check(const struct options *o)
{
	size_t len;
	char *text = read_file(o->path, &len);
	if (comp_parse(&sys, o->path, text, len) == 0) {
		comp_check(&sys);
		if (o->bin)
			comp_check_modules(&sys, look_in_bin, (void *)o->bin);
		if (o->ram) {
			struct comp_machine m = { .ram = o->ram, .kmem_pool = kernel_pool_max(o->ram) };
			comp_check_machine(&sys, &m);
		}
	}
	free(text);
	for (unsigned i = 0; i < sys.nerrors; i++)
		fprintf(stderr, "%s\n", sys.error[i].text);
	if (sys.dropped)
		fprintf(stderr, "%s: %u more errors not shown\n", o->path, sys.dropped);
	return sys.nerrors;
}

/* What a valid file was not checked for. */
static void warn_unchecked(const struct options *o)
{
	char dev[48];
	for (unsigned i = 0; i < sys.ncomponents; i++) {
		const struct comp_component *c = &sys.component[i];
		for (unsigned k = 0; k < c->ndevices; k++) {
			const struct comp_device *d = &c->device[k];
			if (d->kind == COMP_DEV_PCI_ADDR || d->kind == COMP_DEV_PCI_ID)
				fprintf(stderr, "%s:%u: warning: '%s' of '%s' is looked for at boot: "
				        "compcheck cannot know the machine's PCI functions\n", o->path, d->line,
				        comp_device_format(d, dev, sizeof(dev)), c->name);
		}
	}
	if (!o->bin)
		fprintf(stderr, "compcheck: warning: no --bin DIR: binaries and files not looked for\n");
	if (!o->ram)
		fprintf(stderr, "compcheck: warning: no --ram SIZE: memory budgets not compared with "
		        "the machine's RAM\n");
}

int main(int argc, char **argv)
{
	struct options o = { 0 };
	parse_args(argc, argv, &o);
	if (check(&o))
		return 1;
	unsigned order[COMP_MAX_COMPONENTS];
	if (comp_start_order(&sys, order) != 0) {
		fprintf(stderr, "%s: no start order (dependency cycle)\n", o.path);
		return 1;
	}
	if (!o.mode)
		warn_unchecked(&o);
	else if (strcmp(o.mode, "--order") == 0)
		for (unsigned k = 0; k < sys.ncomponents; k++)
			printf("%s\n", sys.component[order[k]].name);
	else if (strcmp(o.mode, "--dot") == 0)
		print_dot();
	else
		print_modules(order);
	return 0;
}
