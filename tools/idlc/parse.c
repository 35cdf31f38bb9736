/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * parse.c - lexer, parser and checks of an interface file (see idlc.h).
 *
 *   file      = interface { method }
 *   interface = "interface" NAME "=" NUMBER ";"
 *   method    = "method" NAME "=" NUMBER "(" [ param { "," param } ] ")" ";"
 *   param     = ( "in" | "out" ) type NAME
 *   type      = "word" | "cap" | "shm" | "bytes" "[" NUMBER "]"
 *
 * '#' starts a comment to the end of the line.  The first error ends the
 * run with "file:line: message" on stderr and exit status 1.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "idlc.h"

enum tok { TK_EOF, TK_NAME, TK_NUMBER, TK_PUNCT };

struct lexer {
	const char *path;
	const char *p;                  /* next character */
	int line;
	enum tok kind;                  /* the current token */
	char text[IDL_NAME_MAX + 2];
	unsigned long value;
	int tline;                      /* line of the current token */
};

static void fail(const char *path, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4), noreturn));

static void fail(const char *path, int line, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "%s:%d: ", path, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

/* ---- lexer ------------------------------------------------------------------ */

static void skip_space(struct lexer *lx)
{
	for (;;) {
		if (*lx->p == '\n') {
			lx->line++;
			lx->p++;
		} else if (*lx->p == ' ' || *lx->p == '\t' || *lx->p == '\r') {
			lx->p++;
		} else if (*lx->p == '#') {
			while (*lx->p && *lx->p != '\n')
				lx->p++;
		} else {
			return;
		}
	}
}

static void lex_number(struct lexer *lx)
{
	const char *s = lx->p;
	size_t n = 0;
	while (isalnum((unsigned char)lx->p[n]) || lx->p[n] == '_')
		n++;
	lx->p += n;
	if (n > IDL_NAME_MAX)
		n = IDL_NAME_MAX;
	memcpy(lx->text, s, n);
	lx->text[n] = 0;
	char *end;
	errno = 0;
	lx->value = strtoul(lx->text, &end, 0);
	if (*end || errno || lx->text[0] == '-')
		fail(lx->path, lx->tline, "bad number '%s'", lx->text);
	lx->kind = TK_NUMBER;
}

static void next(struct lexer *lx)
{
	skip_space(lx);
	lx->tline = lx->line;
	char c = *lx->p;
	if (!c) {
		lx->kind = TK_EOF;
		strcpy(lx->text, "end of file");
	} else if (isdigit((unsigned char)c)) {
		lex_number(lx);
	} else if (isalpha((unsigned char)c) || c == '_') {
		size_t n = 0;
		while (isalnum((unsigned char)lx->p[n]) || lx->p[n] == '_')
			n++;
		if (n >= IDL_NAME_MAX)
			fail(lx->path, lx->tline, "name longer than %d characters", IDL_NAME_MAX - 1);
		memcpy(lx->text, lx->p, n);
		lx->text[n] = 0;
		lx->p += n;
		lx->kind = TK_NAME;
	} else if (strchr("=;(),[]", c)) {
		lx->text[0] = c;
		lx->text[1] = 0;
		lx->p++;
		lx->kind = TK_PUNCT;
	} else if (isprint((unsigned char)c)) {
		fail(lx->path, lx->tline, "unexpected character '%c'", c);
	} else {
		fail(lx->path, lx->tline, "unexpected character 0x%02x", (unsigned char)c);
	}
}

/* How the current token reads in an error message. */
static const char *found(const struct lexer *lx)
{
	static char buf[IDL_NAME_MAX + 8];
	if (lx->kind == TK_EOF)
		return "end of file";
	snprintf(buf, sizeof(buf), "'%s'", lx->text);
	return buf;
}

static void expect_punct(struct lexer *lx, char c, const char *where)
{
	if (lx->kind != TK_PUNCT || lx->text[0] != c)
		fail(lx->path, lx->tline, "expected '%c' %s, found %s", c, where, found(lx));
	next(lx);
}

static int is_word(const struct lexer *lx, const char *w)
{
	return lx->kind == TK_NAME && strcmp(lx->text, w) == 0;
}

static const char *const c_keywords[] = {
	"auto", "break", "case", "char", "const", "continue", "default", "do", "double",
	"else", "enum", "extern", "float", "for", "goto", "if", "inline", "int", "long",
	"register", "restrict", "return", "short", "signed", "sizeof", "static", "struct",
	"switch", "typedef", "union", "unsigned", "void", "volatile", "while", "_Bool",
	"_Complex", "_Imaginary", "_Alignas", "_Alignof", "_Atomic", "_Generic",
	"_Noreturn", "_Static_assert", "_Thread_local", NULL
};

/* A name: lower case C identifier that is no C keyword. */
static void take_name(struct lexer *lx, char *dst, const char *what)
{
	if (lx->kind != TK_NAME)
		fail(lx->path, lx->tline, "expected %s name, found %s", what, found(lx));
	for (const char *s = lx->text; *s; s++)
		if (!(islower((unsigned char)*s) || isdigit((unsigned char)*s) || *s == '_'))
			fail(lx->path, lx->tline,
			     "%s name '%s' must be lower case (letters, digits, '_')", what, lx->text);
	for (int i = 0; c_keywords[i]; i++)
		if (strcmp(lx->text, c_keywords[i]) == 0)
			fail(lx->path, lx->tline, "%s name '%s' is a C keyword", what, lx->text);
	strcpy(dst, lx->text);
	next(lx);
}

static unsigned long take_number(struct lexer *lx, const char *what)
{
	if (lx->kind != TK_NUMBER)
		fail(lx->path, lx->tline, "expected %s, found %s", what, found(lx));
	unsigned long v = lx->value;
	next(lx);
	return v;
}

/* ---- grammar ------------------------------------------------------------------- */

static void parse_header(struct lexer *lx, struct idl_iface *ifc)
{
	if (lx->kind == TK_EOF)
		fail(lx->path, 1, "missing interface header 'interface <name> = <id>;'");
	if (is_word(lx, "method"))
		fail(lx->path, lx->tline, "method before the interface header "
		     "'interface <name> = <id>;'");
	if (!is_word(lx, "interface"))
		fail(lx->path, lx->tline, "expected 'interface', found %s", found(lx));
	ifc->line = lx->tline;
	next(lx);
	take_name(lx, ifc->name, "interface");
	expect_punct(lx, '=', "after the interface name");
	int line = lx->tline;
	ifc->id = take_number(lx, "interface id");
	if (ifc->id < 1 || ifc->id > IDL_ID_MAX)
		fail(lx->path, line, "interface id %lu out of range 1..%#x", ifc->id, IDL_ID_MAX);
	expect_punct(lx, ';', "after the interface header");
}

static void parse_type(struct lexer *lx, struct idl_param *p)
{
	if (lx->kind != TK_NAME)
		fail(lx->path, lx->tline, "expected a type, found %s", found(lx));
	p->size = 0;
	if (is_word(lx, "word")) {
		p->type = T_WORD;
	} else if (is_word(lx, "cap")) {
		p->type = T_CAP;
	} else if (is_word(lx, "shm")) {
		p->type = T_SHM;
	} else if (is_word(lx, "bytes")) {
		p->type = T_BYTES;
		next(lx);
		expect_punct(lx, '[', "after 'bytes'");
		int line = lx->tline;
		unsigned long n = take_number(lx, "the size of bytes[]");
		if (n < 1 || n > IDL_BYTES_MAX)
			fail(lx->path, line, "bytes[%lu]: size must be 1..%u", n, IDL_BYTES_MAX);
		p->size = (unsigned)n;
		if (lx->kind != TK_PUNCT || lx->text[0] != ']')
			fail(lx->path, lx->tline, "expected ']' after the size of bytes[], found %s",
			     found(lx));
	} else {
		fail(lx->path, lx->tline, "unknown type '%s' (word, cap, shm or bytes[N])", lx->text);
	}
	next(lx);
}

static void parse_param(struct lexer *lx, struct idl_method *m)
{
	if (m->nparams == IDL_MAX_PARAMS)
		fail(lx->path, lx->tline, "method '%s': more than %d parameters", m->name,
		     IDL_MAX_PARAMS);
	struct idl_param *p = &m->param[m->nparams++];
	p->line = lx->tline;
	if (is_word(lx, "in"))
		p->dir = DIR_IN;
	else if (is_word(lx, "out"))
		p->dir = DIR_OUT;
	else
		fail(lx->path, lx->tline, "expected 'in' or 'out', found %s", found(lx));
	next(lx);
	parse_type(lx, p);
	take_name(lx, p->name, "parameter");
}

static void parse_method(struct lexer *lx, struct idl_iface *ifc)
{
	if (is_word(lx, "interface"))
		fail(lx->path, lx->tline, "second interface declaration (one per file)");
	if (!is_word(lx, "method"))
		fail(lx->path, lx->tline, "expected 'method', found %s", found(lx));
	if (ifc->nmethods == IDL_MAX_METHODS)
		fail(lx->path, lx->tline, "more than %d methods", IDL_MAX_METHODS);
	struct idl_method *m = &ifc->method[ifc->nmethods++];
	m->line = lx->tline;
	next(lx);
	take_name(lx, m->name, "method");
	expect_punct(lx, '=', "after the method name");
	int line = lx->tline;
	m->number = take_number(lx, "method number");
	if (m->number > IDL_METHOD_MAX)
		fail(lx->path, line, "method number %lu out of range 0..%u", m->number,
		     IDL_METHOD_MAX);
	expect_punct(lx, '(', "before the parameters");
	if (lx->kind != TK_PUNCT || lx->text[0] != ')') {
		parse_param(lx, m);
		while (lx->kind == TK_PUNCT && lx->text[0] == ',') {
			next(lx);
			parse_param(lx, m);
		}
	}
	expect_punct(lx, ')', "after the parameters");
	expect_punct(lx, ';', "after the method");
}

/* ---- checks -------------------------------------------------------------------- */

unsigned idl_words(unsigned bytes)
{
	return (bytes + 7) / 8;
}

void idl_shape(const struct idl_method *m, enum idl_dir dir, struct idl_shape *s)
{
	s->fixed = s->nbytes = s->ncaps = s->worst = 0;
	unsigned var = 0;
	for (int i = 0; i < m->nparams; i++) {
		const struct idl_param *p = &m->param[i];
		if (p->type == T_SHM)
			s->fixed += dir == DIR_IN ? 2 : p->dir == DIR_OUT; /* off, len | len */
		if (p->dir != dir)
			continue;
		if (p->type == T_WORD)
			s->fixed++;
		else if (p->type == T_CAP)
			s->ncaps++;
		else if (p->type == T_BYTES) {
			s->nbytes++;
			var += 1 + idl_words(p->size);
		}
	}
	s->worst = s->fixed + var + 2 * s->ncaps;
}

/* The C names a parameter generates in stubs and ops, for the clash check. */
static int param_cnames(const struct idl_param *p, char names[4][IDL_NAME_MAX + 8])
{
	static const char *const suffix[] = { "_len", "_off", "_size" };
	int n = 0, nsuffix = p->type == T_BYTES ? 1 : p->type == T_SHM ? 3 : 0;
	snprintf(names[n++], sizeof(names[0]), "%s", p->name);
	for (int i = 0; i < nsuffix; i++)
		snprintf(names[n++], sizeof(names[0]), "%s%s", p->name, suffix[i]);
	return n;
}

static void check_params(const char *path, const struct idl_method *m)
{
	static const char *const reserved[] = { "ep", "ops", "ctx", "badge", NULL };
	for (int i = 0; i < m->nparams; i++) {
		const struct idl_param *p = &m->param[i];
		char mine[4][IDL_NAME_MAX + 8];
		int nm = param_cnames(p, mine);
		if (strncmp(p->name, "idl_", 4) == 0)
			fail(path, p->line, "parameter name '%s': the prefix 'idl_' is reserved",
			     p->name);
		for (int r = 0; reserved[r]; r++)
			if (strcmp(p->name, reserved[r]) == 0)
				fail(path, p->line, "parameter name '%s' is reserved", p->name);
		for (int j = 0; j < i; j++) {
			char theirs[4][IDL_NAME_MAX + 8];
			int nt = param_cnames(&m->param[j], theirs);
			if (strcmp(p->name, m->param[j].name) == 0)
				fail(path, p->line, "method '%s': duplicate parameter name '%s' "
				     "(line %d)", m->name, p->name, m->param[j].line);
			for (int a = 0; a < nm; a++)
				for (int b = 0; b < nt; b++)
					if (strcmp(mine[a], theirs[b]) == 0)
						fail(path, p->line, "method '%s': name '%s' of parameter "
						     "'%s' clashes with parameter '%s' (line %d)", m->name,
						     mine[a], p->name, m->param[j].name, m->param[j].line);
		}
	}
	struct idl_shape s;
	idl_shape(m, DIR_IN, &s);
	if (s.worst > IDL_MSG_WORDS)
		fail(path, m->line, "method '%s': request needs up to %u message words, "
		     "more than %d", m->name, s.worst, IDL_MSG_WORDS);
	idl_shape(m, DIR_OUT, &s);
	if (s.worst > IDL_MSG_WORDS)
		fail(path, m->line, "method '%s': reply needs up to %u message words, "
		     "more than %d", m->name, s.worst, IDL_MSG_WORDS);
}

static void check_methods(const char *path, const struct idl_iface *ifc)
{
	for (int i = 0; i < ifc->nmethods; i++) {
		const struct idl_method *m = &ifc->method[i];
		if (strncmp(m->name, "idl_", 4) == 0)
			fail(path, m->line, "method name '%s': the prefix 'idl_' is reserved", m->name);
		for (int j = 0; j < i; j++) {
			const struct idl_method *o = &ifc->method[j];
			if (strcmp(m->name, o->name) == 0)
				fail(path, m->line, "duplicate method name '%s' (first on line %d)",
				     m->name, o->line);
			if (m->number == o->number)
				fail(path, m->line, "duplicate method number %lu ('%s' on line %d)",
				     m->number, o->name, o->line);
		}
		check_params(path, m);
	}
}

static char *read_all(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "%s: cannot open: %s\n", path, strerror(errno));
		exit(1);
	}
	size_t cap = 4096, len = 0;
	char *buf = malloc(cap);
	size_t n;
	while (buf && (n = fread(buf + len, 1, cap - len - 1, f)) > 0) {
		len += n;
		if (len + 1 == cap)
			buf = realloc(buf, cap *= 2);
	}
	fclose(f);
	if (!buf) {
		fprintf(stderr, "%s: out of memory\n", path);
		exit(1);
	}
	buf[len] = 0;
	if (strlen(buf) != len) {
		int line = 1;
		for (const char *c = buf; *c; c++)
			line += *c == '\n';
		fail(path, line, "unexpected character 0x00");
	}
	return buf;
}

void parse_file(const char *path, struct idl_iface *ifc)
{
	char *text = read_all(path);
	struct lexer lx = { .path = path, .p = text, .line = 1 };
	memset(ifc, 0, sizeof(*ifc));
	next(&lx);
	parse_header(&lx, ifc);
	while (lx.kind != TK_EOF)
		parse_method(&lx, ifc);
	if (ifc->nmethods == 0)
		fail(path, ifc->line, "interface '%s' declares no methods", ifc->name);
	check_methods(path, ifc);
	free(text);
}
