/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * main.c - idlc, the Darbat interface compiler (host tool).
 *
 *   idlc -h out.h -c out.c file.idl
 *
 * Reads one interface file and writes its header (client stubs, the ops
 * table a server fills in, the dispatch function) and its C source.
 * Errors in the interface file are printed as "file:line: message" and end
 * the run with exit status 1; nothing is written then.
 */
#include <stdlib.h>
#include <string.h>

#include "idlc.h"

static void usage(void)
{
	fprintf(stderr, "usage: idlc -h out.h -c out.c file.idl\n");
	exit(2);
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

static void write_out(const char *path, const struct idl_iface *ifc, const char *src,
                      const char *hdr, int header)
{
	FILE *f = fopen(path, "w");
	if (!f) {
		perror(path);
		exit(1);
	}
	if (header)
		gen_header(f, ifc, src);
	else
		gen_source(f, ifc, src, hdr);
	if (fclose(f) != 0) {
		perror(path);
		remove(path);
		exit(1);
	}
}

int main(int argc, char **argv)
{
	const char *hout = NULL, *cout = NULL, *in = NULL;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-h") == 0 && i + 1 < argc)
			hout = argv[++i];
		else if (strcmp(argv[i], "-c") == 0 && i + 1 < argc)
			cout = argv[++i];
		else if (argv[i][0] != '-' && !in)
			in = argv[i];
		else
			usage();
	}
	if (!in || (!hout && !cout))
		usage();
	static struct idl_iface ifc;
	parse_file(in, &ifc);
	const char *src = base_name(in);
	if (hout)
		write_out(hout, &ifc, src, NULL, 1);
	if (cout) {
		char hdr[256];
		snprintf(hdr, sizeof(hdr), "%s.h", ifc.name);
		if (hout)
			snprintf(hdr, sizeof(hdr), "%s", base_name(hout));
		write_out(cout, &ifc, src, hdr, 0);
	}
	return 0;
}
