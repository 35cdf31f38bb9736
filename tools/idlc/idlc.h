/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * idlc.h - the Darbat interface compiler: data model shared by the parser
 * (parse.c) and the code generator (gen.c).
 *
 * An interface file declares one interface (name, numeric id) and its
 * methods (name, number, parameters).  parse_file() reads and checks it;
 * every error is fatal and reported as "file:line: message" (exit 1).
 * gen_header() and gen_source() write the client stubs and the server
 * dispatch code; docs/IDL.md describes the language and the output.
 */
#ifndef IDLC_H
#define IDLC_H

#include <stdio.h>

#define IDL_NAME_MAX     64
#define IDL_MAX_PARAMS   64
#define IDL_MAX_METHODS  256
#define IDL_MSG_WORDS    64             /* DBT_MSG_WORDS */
#define IDL_REG_WORDS    8              /* DBT_MSG_REG_WORDS */
#define IDL_BYTES_MAX    400            /* largest bytes[N] */
#define IDL_ID_MAX       0x7fffffffu    /* keeps labels clear of the kernel's */
#define IDL_METHOD_MAX   0xffffu

enum idl_dir { DIR_IN, DIR_OUT };
enum idl_type { T_WORD, T_CAP, T_BYTES, T_SHM };

struct idl_param {
	enum idl_dir dir;
	enum idl_type type;
	unsigned size;                  /* bytes[N]: N */
	char name[IDL_NAME_MAX];
	int line;
};

struct idl_method {
	char name[IDL_NAME_MAX];
	unsigned long number;
	int line;
	int nparams;
	struct idl_param param[IDL_MAX_PARAMS];
};

struct idl_iface {
	char name[IDL_NAME_MAX];
	unsigned long id;
	int line;
	int nmethods;
	struct idl_method method[IDL_MAX_METHODS];
};

/* Message shape of one direction of a method (request: the in parameters). */
struct idl_shape {
	unsigned fixed;                 /* words of word/shm parameters */
	unsigned nbytes;                /* bytes parameters */
	unsigned ncaps;                 /* capability items */
	unsigned worst;                 /* words in the largest message */
};

void idl_shape(const struct idl_method *m, enum idl_dir dir, struct idl_shape *s);
unsigned idl_words(unsigned bytes);

/* Parse and check path into *ifc; on any error print it and exit(1). */
void parse_file(const char *path, struct idl_iface *ifc);

/* Write the header / C source; base is the output header's file name. */
void gen_header(FILE *f, const struct idl_iface *ifc, const char *src);
void gen_source(FILE *f, const struct idl_iface *ifc, const char *src, const char *hdr);

/* Generator internals (gen.c, gen_client.c, gen_server.c). */
const char *upper(int which, const char *s);
unsigned cap_order(unsigned n);
void index_expr(char *buf, size_t n, int var, unsigned base, unsigned k);
void client_params(FILE *f, const struct idl_method *m);
void server_params(FILE *f, const struct idl_method *m);
int uses_shm(const struct idl_iface *ifc);
int regs_method(const struct idl_method *m);
void gen_client(FILE *f, const struct idl_iface *ifc, const struct idl_method *m);
void gen_handler(FILE *f, const struct idl_iface *ifc, const struct idl_method *m);
void gen_dispatch(FILE *f, const struct idl_iface *ifc);
void gen_serve(FILE *f, const struct idl_iface *ifc);

#endif
