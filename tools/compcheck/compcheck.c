/*
 * compcheck - check a Darbat composition description on the host.
 *
 *   compcheck FILE            print the errors on stderr, exit 1; or nothing, exit 0
 *   compcheck --order FILE    the start order: one component per line
 *   compcheck --dot FILE      the component graph in Graphviz DOT
 *   compcheck --modules FILE  the boot-module files the system needs, one per line:
 *                             binaries and `file` grants, in start order, once each
 *
 * Exit 2 on a usage or I/O error.  The parser is lib/comp, the same code
 * the composer runs; the format is documented in docs/COMPOSITION.md.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "comp/comp.h"

#define FILE_MAX (1u << 20)

static struct comp_system sys;

static void usage(void)
{
	fprintf(stderr, "usage: compcheck [--order | --dot | --modules] FILE\n");
	exit(2);
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

int main(int argc, char **argv)
{
	const char *mode = NULL, *path;
	if (argc == 3 && argv[1][0] == '-')
		mode = argv[1], path = argv[2];
	else if (argc == 2 && argv[1][0] != '-')
		path = argv[1];
	else
		usage();
	if (mode && strcmp(mode, "--order") && strcmp(mode, "--dot") && strcmp(mode, "--modules"))
		usage();

	size_t len;
	char *text = read_file(path, &len);
	if (comp_parse(&sys, path, text, len) == 0)
		comp_check(&sys);
	for (unsigned i = 0; i < sys.nerrors; i++)
		fprintf(stderr, "%s\n", sys.error[i].text);
	if (sys.dropped)
		fprintf(stderr, "%s: %u more errors not shown\n", path, sys.dropped);
	free(text);
	if (sys.nerrors)
		return 1;

	unsigned order[COMP_MAX_COMPONENTS];
	if (comp_start_order(&sys, order) != 0) {
		fprintf(stderr, "%s: no start order (dependency cycle)\n", path);
		return 1;
	}
	if (mode && strcmp(mode, "--order") == 0)
		for (unsigned k = 0; k < sys.ncomponents; k++)
			printf("%s\n", sys.component[order[k]].name);
	else if (mode && strcmp(mode, "--dot") == 0)
		print_dot();
	else if (mode)
		print_modules(order);
	return 0;
}
