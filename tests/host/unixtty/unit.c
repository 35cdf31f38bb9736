/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tests/host/unixtty/unit.c - host tests of the terminal line discipline and
 * the termios ABI (servers/unix/tty).
 *
 *   unit          run every test: one "TEST unixtty/<name> PASS|FAIL <reason>"
 *                 line each, then "DONE unit"
 *   unit cases    print the scenarios as "name|mode|after|prompt|input|fill|chunk|reads"
 *                 lines for the Linux pty helper in run.sh
 *   unit replay   run the scenarios and print "name echo=.. ready=.. reads=..
 *                 sigs=.." lines, in the form the helper prints for a real pty
 *
 * A scenario is what a user and a program do to a fresh terminal: termios
 * changes, output written before the input (a prompt), bytes typed (one at a
 * time, or in one chunk), a second termios change, then non-blocking reads.
 * Its expectations are written by hand from Linux's n_tty behaviour; run.sh
 * also plays each one on a real Linux pty and compares the two.  The rest
 * are function tests for what a scenario cannot show: read policies, the
 * buffer limits, flow control, flushes, errors and the ABI numbers.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ldisc.h"

#if defined(__linux__) && defined(__x86_64__) && __has_include(<asm/termbits.h>) && \
	__has_include(<asm/ioctls.h>)
#include <asm/ioctls.h>
#include <asm/termbits.h>
#define HAVE_HOST_TERMBITS 1
#endif

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define MAX_READS	4
#define MAX_SIGS	8
#define ECHO_CAP	16384
#define INPUT_CAP	8192

/* ---- capture: what the line discipline hands the server --------------------------- */

struct capture {
	uint8_t out[ECHO_CAP];	/* echo and written output, in order */
	size_t out_n;
	unsigned out_calls;
	int sigs[MAX_SIGS];
	unsigned nsigs;
	unsigned output_flushes;
	char flows[8];		/* 'S' stopped, 'Q' started, in order */
	unsigned nflows;
};

static void cap_out(void *ctx, const uint8_t *bytes, size_t n)
{
	struct capture *c = ctx;
	if (n > ECHO_CAP - c->out_n)
		n = ECHO_CAP - c->out_n;
	memcpy(c->out + c->out_n, bytes, n);
	c->out_n += n;
	c->out_calls++;
}

static void cap_signal(void *ctx, int sig)
{
	struct capture *c = ctx;
	if (c->nsigs < MAX_SIGS)
		c->sigs[c->nsigs++] = sig;
}

static void cap_flush_output(void *ctx)
{
	struct capture *c = ctx;
	c->output_flushes++;
}

static void cap_flow(void *ctx, bool stopped)
{
	struct capture *c = ctx;
	if (c->nflows < sizeof(c->flows) - 1)
		c->flows[c->nflows++] = stopped ? 'S' : 'Q';
}

static struct ldisc ld;		/* big: one, reset by each test */
static struct capture cap;

static void fresh(void)
{
	struct ldisc_ops ops = { .echo_out = cap_out, .signal = cap_signal,
	                         .flush_output = cap_flush_output, .flow = cap_flow, .ctx = &cap };
	memset(&cap, 0, sizeof(cap));
	ldisc_init(&ld, &ops);
}

static size_t type(const char *s)
{
	return ldisc_receive(&ld, (const uint8_t *)s, strlen(s));
}

/* ---- escaped text: printable ASCII as is, the rest \xHH (shared with run.sh) ------ */

struct text {
	char *p;
	size_t n, cap;
};

static void text_add(struct text *t, const char *s, size_t n)
{
	if (t->n + n + 1 > t->cap) {
		t->cap = (t->n + n + 1) * 2;
		t->p = realloc(t->p, t->cap);
	}
	memcpy(t->p + t->n, s, n);
	t->n += n;
	t->p[t->n] = 0;
}

static void text_str(struct text *t, const char *s) { text_add(t, s, strlen(s)); }

static void text_esc(struct text *t, const uint8_t *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char hex[5];
		bool plain = b[i] > 0x20 && b[i] < 0x7f && b[i] != '\\' && b[i] != '|' && b[i] != '<';
		if (plain) {
			text_add(t, (const char *)&b[i], 1);
		} else {
			snprintf(hex, sizeof(hex), "\\x%02x", b[i]);
			text_add(t, hex, 4);
		}
	}
}

/* ---- scenarios ---------------------------------------------------------------------- */

struct tmode {			/* a termios change: flags set and cleared, c_cc entries */
	uint32_t iset, iclr, oset, oclr, lset, lclr;
	uint16_t cc[LX_NCCS];	/* CC_SET | value, or 0: unchanged */
};
#define CC_SET		0x100
#define CC(i, v)	[i] = CC_SET | (v)

enum ready { READY_ANY, READY_NO, READY_YES };
#define AGAIN		"<AGAIN>"	/* an expected read result: EAGAIN */

struct scenario {
	const char *name;
	struct tmode mode;	/* applied first */
	const char *prompt;	/* written by the program before the input */
	const char *input;	/* typed */
	unsigned fill;		/* that many 'a' typed before input */
	bool chunk;		/* all typed in one receive (one write to the pty) */
	struct tmode after;	/* applied after the input */
	unsigned reads[MAX_READS];	/* sizes of the non-blocking reads */
	/* expected; echo NULL and pty_only: only compared with Linux */
	const char *echo;	/* everything the device got */
	enum ready ready;	/* poll() before the reads */
	const char *got[MAX_READS];	/* each read's bytes, "" for 0, or AGAIN */
	const char *sigs;	/* signals sent, "2,20"; NULL: none */
	bool pty_only;
};

#define ICANON_OFF	.lclr = LX_ICANON
#define RAW_NOECHO	.lclr = LX_ICANON | LX_ECHO
#define R(...)		{ __VA_ARGS__ }

static const struct scenario scenarios[] = {
	/* canonical editing */
	{ "line_plain", .input = "hello\n", .reads = R(100, 100), .echo = "hello\r\n",
	  .ready = READY_YES, .got = R("hello\n", AGAIN) },
	{ "erase_echoe", .input = "abc\x7f\n", .reads = R(100), .echo = "abc\b \b\r\n",
	  .got = R("ab\n") },
	{ "erase_no_echoe", .mode = { .lclr = LX_ECHOE }, .input = "abc\x7f\n", .reads = R(100),
	  .echo = "abc^?\r\n", .got = R("ab\n") },
	{ "erase_at_line_start", .input = "\x7f\x7f" "a\n", .reads = R(100), .echo = "a\r\n",
	  .got = R("a\n") },
	{ "erase_ctl_char", .input = "a\x01\x7f\n", .reads = R(100),
	  .echo = "a^A\b \b\b \b\r\n", .got = R("a\n") },
	{ "erase_ctl_no_echoctl", .mode = { .lclr = LX_ECHOCTL }, .input = "a\x01\x7f\n",
	  .reads = R(100), .echo = "a\x01\r\n", .got = R("a\n") },
	{ "erase_tab", .input = "ab\tc\x7f\x7f\x7f\n", .reads = R(100),
	  .echo = "ab\tc\b \b\b\b\b\b\b\b\b \b\r\n", .got = R("a\n") },
	{ "erase_tab_prompt", .prompt = "$ ", .input = "\tx\x7f\x7f\n", .reads = R(100),
	  .echo = "$ \tx\b \b\b\b\b\b\b\b\r\n", .got = R("\n") },
	{ "erase_tab_long_prompt", .prompt = "abcdefghij", .input = "\t\x7f\n", .reads = R(100),
	  .echo = "abcdefghij\t\b\b\b\b\b\b\r\n", .got = R("\n") },
	{ "erase_tab_after_tab", .input = "\tab\t\x7f\x7f\n", .reads = R(100),
	  .echo = "\tab\t\b\b\b\b\b\b\b \b\r\n", .got = R("\ta\n") },
	{ "erase_tab_after_ctl", .input = "\x01\t\x7f\n", .reads = R(100),
	  .echo = "^A\t\b\b\b\b\b\b\r\n", .got = R("\x01\n") },
	{ "erase_stops_at_line", .input = "ab\x04\x7f\n", .reads = R(100, 100),
	  .echo = "ab\r\n", .got = R("ab", "\n") },
	{ "werase_word", .input = "foo bar\x17x\n", .reads = R(100),
	  .echo = "foo bar\b \b\b \b\b \bx\r\n", .got = R("foo x\n") },
	{ "werase_spaces", .input = "foo bar  \x17\x17\n", .reads = R(100),
	  .echo = "foo bar  \b \b\b \b\b \b\b \b\b \b\b \b\b \b\b \b\b \b\r\n", .got = R("\n") },
	{ "werase_punct", .input = "a.b\x17\n", .reads = R(100), .echo = "a.b\b \b\r\n",
	  .got = R("a.\n") },
	{ "werase_needs_iexten", .mode = { .lclr = LX_IEXTEN }, .input = "ab\x17\n",
	  .reads = R(100), .echo = "ab^W\r\n", .got = R("ab\x17\n") },
	{ "kill_echoke", .input = "abc\x15x\n", .reads = R(100),
	  .echo = "abc\b \b\b \b\b \bx\r\n", .got = R("x\n") },
	{ "kill_echok", .mode = { .lclr = LX_ECHOKE }, .input = "abc\x15x\n", .reads = R(100),
	  .echo = "abc^U\r\nx\r\n", .got = R("x\n") },
	{ "kill_no_echok", .mode = { .lclr = LX_ECHOK | LX_ECHOKE }, .input = "abc\x15x\n",
	  .reads = R(100), .echo = "abc^Ux\r\n", .got = R("x\n") },
	{ "kill_empty_line", .input = "\x15x\n", .reads = R(100), .echo = "x\r\n",
	  .got = R("x\n") },
	{ "echoprt", .mode = { .lset = LX_ECHOPRT }, .input = "abc\x7f\x7f" "d\n",
	  .reads = R(100), .echo = "abc\\cb/d\r\n", .got = R("ad\n") },
	{ "lnext_intr", .input = "a\x16\x03" "b\n", .reads = R(100), .echo = "a^\b^Cb\r\n",
	  .got = R("a\x03" "b\n") },
	{ "lnext_erase", .input = "a\x16\x7f\n", .reads = R(100), .echo = "a^\b^?\r\n",
	  .got = R("a\x7f\n") },
	{ "reprint", .input = "ab\x12" "c\n", .reads = R(100), .echo = "ab^R\r\nabc\r\n",
	  .got = R("abc\n") },
	{ "veol", .mode = { .cc = { CC(LX_VEOL, ';') } }, .input = "ab;cd\n", .reads = R(100, 100),
	  .echo = "ab;cd\r\n", .got = R("ab;", "cd\n") },
	{ "veol2", .mode = { .cc = { CC(LX_VEOL2, '#') } }, .input = "ab#c\n",
	  .reads = R(100, 100), .echo = "ab#c\r\n", .got = R("ab#", "c\n") },
	{ "utf8_erase", .mode = { .iset = LX_IUTF8 }, .input = "\xc3\xa9\x7f\n", .reads = R(100),
	  .echo = "\xc3\xa9\b \b\r\n", .got = R("\n") },
	{ "bytes_erase", .input = "\xc3\xa9\x7f\n", .reads = R(100),
	  .echo = "\xc3\xa9\b \b\r\n", .got = R("\xc3\n") },
	{ "utf8_tab_erase", .mode = { .iset = LX_IUTF8 }, .input = "\xc3\xa9\t\x7f\n",
	  .reads = R(100), .echo = "\xc3\xa9\t\b\b\b\b\b\b\b\r\n", .got = R("\xc3\xa9\n") },
	{ "latin1_c1_byte", .input = "a\x85\n", .reads = R(100), .echo = "a\x85\r\n",
	  .got = R("a\x85\n") },

	/* signals */
	{ "intr_flushes", .input = "abc\x03" "de\n", .reads = R(100, 100),
	  .echo = "abc^Cde\r\n", .got = R("de\n", AGAIN), .sigs = "2" },
	{ "intr_chunk_drops_echo", .input = "abc\x03" "de\n", .chunk = true, .reads = R(100),
	  .echo = "^Cde\r\n", .got = R("de\n"), .sigs = "2" },
	{ "intr_noflsh", .mode = { .lset = LX_NOFLSH }, .input = "abc\x03" "de\n",
	  .reads = R(100), .echo = "abc^Cde\r\n", .got = R("abcde\n"), .sigs = "2" },
	{ "intr_no_echoctl", .mode = { .lclr = LX_ECHOCTL }, .input = "a\x03", .reads = R(100),
	  .echo = "a\x03", .got = R(AGAIN), .sigs = "2" },
	{ "intr_no_echo", .mode = { .lclr = LX_ECHO }, .input = "ab\x03", .reads = R(100),
	  .echo = "", .ready = READY_NO, .got = R(AGAIN), .sigs = "2" },
	{ "quit", .input = "x\x1c\n", .reads = R(100), .echo = "x^\\\r\n", .got = R("\n"),
	  .sigs = "3" },
	{ "susp", .input = "x\x1a", .reads = R(100), .echo = "x^Z", .ready = READY_NO,
	  .got = R(AGAIN), .sigs = "20" },
	{ "three_signals", .input = "\x03\x1c\x1a", .reads = R(100), .echo = "^C^\\^Z",
	  .got = R(AGAIN), .sigs = "2,3,20" },
	{ "isig_off", .mode = { .lclr = LX_ISIG }, .input = "a\x03\n", .reads = R(100),
	  .echo = "a^C\r\n", .got = R("a\x03\n") },
	{ "intr_remapped", .mode = { .cc = { CC(LX_VINTR, 'q') } }, .input = "aq\x03\n",
	  .reads = R(100), .echo = "aq^C\r\n", .got = R("\x03\n"), .sigs = "2" },

	/* end of file and reads */
	{ "eof_at_start", .input = "\x04", .reads = R(100, 100), .echo = "", .ready = READY_YES,
	  .got = R("", AGAIN) },
	{ "eof_mid_line", .input = "abc\x04" "def\n", .reads = R(100, 100),
	  .echo = "abcdef\r\n", .got = R("abc", "def\n") },
	{ "eof_exact_fill", .input = "abc\x04", .reads = R(3, 10), .echo = "abc",
	  .got = R("abc", AGAIN) },
	{ "eof_short_read", .input = "abcd\x04", .reads = R(3, 10), .echo = "abcd",
	  .got = R("abc", "d") },
	{ "eof_twice", .input = "\x04\x04x\n", .reads = R(10, 10, 10, 10), .echo = "x\r\n",
	  .got = R("", "", "x\n", AGAIN) },
	{ "read_short", .input = "abcdef\n", .reads = R(4, 10, 10), .echo = "abcdef\r\n",
	  .got = R("abcd", "ef\n", AGAIN) },
	{ "two_lines", .input = "ab\ncd\n", .reads = R(10, 10, 10), .echo = "ab\r\ncd\r\n",
	  .got = R("ab\n", "cd\n", AGAIN) },
	{ "partial_line", .input = "abc", .reads = R(10), .echo = "abc", .ready = READY_NO,
	  .got = R(AGAIN) },

	/* input mapping and echo */
	{ "icrnl", .input = "ab\r", .reads = R(10), .echo = "ab\r\n", .got = R("ab\n") },
	{ "igncr", .mode = { .iset = LX_IGNCR }, .input = "a\rb\n", .reads = R(10),
	  .echo = "ab\r\n", .got = R("ab\n") },
	{ "inlcr", .mode = { .iset = LX_INLCR }, .input = "ab\n\r", .reads = R(10),
	  .echo = "ab^M\r\n", .got = R("ab\r\n") },
	{ "no_icrnl", .mode = { .iclr = LX_ICRNL }, .input = "ab\r\n", .reads = R(10),
	  .echo = "ab^M\r\n", .got = R("ab\r\n") },
	{ "istrip", .mode = { .iset = LX_ISTRIP }, .input = "\xe9\n", .reads = R(10),
	  .echo = "i\r\n", .got = R("i\n") },
	{ "iuclc", .mode = { .iset = LX_IUCLC }, .input = "AbC\n", .reads = R(10),
	  .echo = "abc\r\n", .got = R("abc\n") },
	{ "echoctl", .input = "\x01\x1b\t\n", .reads = R(10), .echo = "^A^[\t\r\n",
	  .got = R("\x01\x1b\t\n") },
	{ "no_echoctl", .mode = { .lclr = LX_ECHOCTL }, .input = "\x01x\n", .reads = R(10),
	  .echo = "\x01x\r\n", .got = R("\x01x\n") },
	{ "no_echo", .mode = { .lclr = LX_ECHO }, .input = "secret\n", .reads = R(10),
	  .echo = "", .got = R("secret\n") },
	{ "echonl", .mode = { .lclr = LX_ECHO, .lset = LX_ECHONL }, .input = "ab\n",
	  .reads = R(10), .echo = "\r\n", .got = R("ab\n") },

	/* non-canonical */
	{ "raw_min0_time0", .mode = { RAW_NOECHO, .cc = { CC(LX_VMIN, 0) } }, .input = "abc",
	  .reads = R(2, 10, 10), .echo = "", .ready = READY_YES, .got = R("ab", "c", "") },
	{ "raw_min1_empty", .mode = { RAW_NOECHO }, .input = "", .reads = R(10), .echo = "",
	  .ready = READY_NO, .got = R(AGAIN) },
	{ "raw_min3_partial", .mode = { RAW_NOECHO, .cc = { CC(LX_VMIN, 3) } }, .input = "ab",
	  .reads = R(10, 10), .echo = "", .ready = READY_NO, .got = R("ab", AGAIN) },
	{ "raw_min3_full", .mode = { RAW_NOECHO, .cc = { CC(LX_VMIN, 3) } }, .input = "abc",
	  .reads = R(10), .echo = "", .ready = READY_YES, .got = R("abc") },
	{ "raw_min3_time1", .mode = { RAW_NOECHO, .cc = { CC(LX_VMIN, 3), CC(LX_VTIME, 1) } },
	  .input = "ab", .reads = R(10), .echo = "", .ready = READY_YES, .got = R("ab") },
	{ "raw_min0_time1_empty", .mode = { RAW_NOECHO, .cc = { CC(LX_VMIN, 0), CC(LX_VTIME, 1) } },
	  .input = "", .reads = R(10), .echo = "", .ready = READY_NO, .got = R(AGAIN) },
	{ "raw_echo_cr_nl", .mode = { ICANON_OFF }, .input = "a\r\nb", .reads = R(10),
	  .echo = "a\r\n^Jb", .got = R("a\n\nb") },
	{ "raw_isig", .mode = { ICANON_OFF }, .input = "a\x03" "b", .reads = R(10),
	  .echo = "a^Cb", .got = R("b"), .sigs = "2" },
	{ "raw_keys_plain", .mode = { ICANON_OFF }, .input = "a\x7f\x15\x04", .reads = R(10),
	  .echo = "a^?^U^D", .got = R("a\x7f\x15\x04") },
	{ "makeraw", .mode = { .iclr = LX_ICRNL | LX_IXON, .oclr = LX_OPOST,
			       .lclr = LX_ICANON | LX_ECHO | LX_ISIG | LX_IEXTEN },
	  .input = "\x03\x04\x7f\r\x13", .reads = R(10), .echo = "", .got = R("\x03\x04\x7f\r\x13") },

	/* switching modes with input pending */
	{ "canon_to_raw", .input = "abc", .after = { ICANON_OFF }, .reads = R(10, 10),
	  .echo = "abc", .ready = READY_YES, .got = R("abc", AGAIN) },
	{ "canon_lines_to_raw", .input = "ab\ncd", .after = { ICANON_OFF }, .reads = R(10),
	  .echo = "ab\r\ncd", .got = R("ab\ncd") },
	{ "raw_to_canon", .mode = { RAW_NOECHO }, .input = "abc", .after = { .lset = LX_ICANON },
	  .reads = R(10, 10), .echo = "", .ready = READY_YES, .got = R("abc", AGAIN) },
	{ "raw_to_canon_short", .mode = { RAW_NOECHO }, .input = "abc",
	  .after = { .lset = LX_ICANON }, .reads = R(2, 10, 10), .echo = "",
	  .got = R("ab", "c", AGAIN) },
	{ "raw_to_canon_line", .mode = { RAW_NOECHO }, .input = "ab\ncd",
	  .after = { .lset = LX_ICANON }, .reads = R(10, 10), .echo = "",
	  .got = R("ab\ncd", AGAIN) },

	/* output processing */
	{ "onlcr", .prompt = "a\nb", .reads = R(10), .echo = "a\r\nb", .got = R(AGAIN) },
	{ "opost_off", .mode = { .oclr = LX_OPOST }, .prompt = "a\nb", .input = "x\n",
	  .reads = R(10), .echo = "a\nbx\n", .got = R("x\n") },
	{ "onlcr_off", .mode = { .oclr = LX_ONLCR }, .prompt = "a\n", .input = "x\n",
	  .reads = R(10), .echo = "a\nx\n", .got = R("x\n") },
	{ "ocrnl", .mode = { .oset = LX_OCRNL }, .prompt = "a\rb", .reads = R(10),
	  .echo = "a\nb", .got = R(AGAIN) },
	{ "onocr", .mode = { .oset = LX_ONOCR }, .prompt = "\rab\r\r", .reads = R(10),
	  .echo = "ab\r", .got = R(AGAIN) },
	{ "onlret", .mode = { .oset = LX_ONLRET | LX_ONOCR, .oclr = LX_ONLCR },
	  .prompt = "ab\n\rc", .reads = R(10), .echo = "ab\nc", .got = R(AGAIN) },
	{ "xtabs", .mode = { .oset = LX_XTABS }, .prompt = "ab\tc", .reads = R(10),
	  .echo = "ab      c", .got = R(AGAIN) },
	{ "xtabs_erase", .mode = { .oset = LX_XTABS }, .input = "a\t\x7f\n", .reads = R(10),
	  .echo = "a       \b\b\b\b\b\b\b\r\n", .got = R("a\n") },
	{ "olcuc", .mode = { .oset = LX_OLCUC }, .prompt = "abc\n", .reads = R(10),
	  .echo = "ABC\r\n", .got = R(AGAIN) },

	/* flow control */
	{ "ixon_stop_start", .input = "a\x13" "b\x11" "c\n", .reads = R(10), .echo = "abc\r\n",
	  .got = R("abc\n") },
	{ "ixon_off", .mode = { .iclr = LX_IXON }, .input = "a\x13\n", .reads = R(10),
	  .echo = "a^S\r\n", .got = R("a\x13\n") },
	{ "ixany", .mode = { .iset = LX_IXANY }, .input = "\x13" "ab\n", .reads = R(10),
	  .echo = "ab\r\n", .got = R("ab\n") },

	/* a full buffer (checked by hand in the function tests) */
	{ "overflow_canon", .fill = 5000, .input = "\n", .chunk = true, .reads = R(10000, 10),
	  .pty_only = true },
	{ "overflow_canon_erase", .fill = 5000, .input = "\x7f\x7f\n", .chunk = true,
	  .reads = R(10000, 10), .pty_only = true },
	{ "overflow_raw", .mode = { RAW_NOECHO }, .fill = 5000, .chunk = true,
	  .reads = R(10000, 10000, 10), .pty_only = true },
};

static void mode_apply(const struct tmode *m)
{
	struct lx_termios t = ld.termios;

	t.c_iflag = (t.c_iflag | m->iset) & ~m->iclr;
	t.c_oflag = (t.c_oflag | m->oset) & ~m->oclr;
	t.c_lflag = (t.c_lflag | m->lset) & ~m->lclr;
	for (int i = 0; i < LX_NCCS; i++)
		if (m->cc[i] & CC_SET)
			t.c_cc[i] = (uint8_t)m->cc[i];
	ldisc_set_termios(&ld, &t, LX_TCSANOW);
}

/* What one scenario produced. Input the line discipline refused waits in
 * pending and is offered again before each read, as a pty's buffer does. */
struct outcome {
	bool ready;
	size_t nreads;
	bool again[MAX_READS];
	size_t len[MAX_READS];
	uint8_t data[MAX_READS][LDISC_BUF_SIZE];
	uint8_t pending[INPUT_CAP];
	size_t npending;
};
static struct outcome oc;

static void offer(const uint8_t *b, size_t n)
{
	size_t took = 0;
	if (oc.npending == 0)
		took = ldisc_receive(&ld, b, n);
	memcpy(oc.pending + oc.npending, b + took, n - took);
	oc.npending += n - took;
}

static void offer_pending(void)
{
	size_t took = ldisc_receive(&ld, oc.pending, oc.npending);
	memmove(oc.pending, oc.pending + took, oc.npending - took);
	oc.npending -= took;
}

static void scenario_type(const struct scenario *s)
{
	static uint8_t in[INPUT_CAP];
	size_t n = s->fill;

	memset(in, 'a', s->fill);
	memcpy(in + n, s->input ? s->input : "", s->input ? strlen(s->input) : 0);
	n += s->input ? strlen(s->input) : 0;
	if (s->chunk) {
		offer(in, n);
		return;
	}
	for (size_t i = 0; i < n; i++)
		offer(&in[i], 1);
}

static void scenario_run(const struct scenario *s)
{
	fresh();
	memset(&oc, 0, sizeof(oc));
	mode_apply(&s->mode);
	if (s->prompt)
		ldisc_write(&ld, (const uint8_t *)s->prompt, strlen(s->prompt), cap_out, &cap);
	scenario_type(s);
	mode_apply(&s->after);
	oc.ready = ldisc_read_ready(&ld);
	for (size_t i = 0; i < MAX_READS && s->reads[i]; i++) {
		uint64_t timeout;
		bool eof;
		offer_pending();
		oc.nreads++;
		if (ldisc_read_policy(&ld, s->reads[i], true, &timeout) == LDISC_READ_AGAIN)
			oc.again[i] = true;
		else
			oc.len[i] = ldisc_read(&ld, oc.data[i], s->reads[i], &eof);
	}
}

/* "name echo=.. ready=N reads=R|R sigs=S,S" (run.sh's helper prints the same) */
static char *outcome_line(const char *name)
{
	struct text t = { 0 };
	char num[16];

	text_str(&t, name);
	text_str(&t, " echo=");
	text_esc(&t, cap.out, cap.out_n);
	text_str(&t, oc.ready ? " ready=1 reads=" : " ready=0 reads=");
	for (size_t i = 0; i < oc.nreads; i++) {
		if (i)
			text_str(&t, "|");
		if (oc.again[i])
			text_str(&t, AGAIN);
		else if (oc.len[i] == 0)
			text_str(&t, "<0>");
		else
			text_esc(&t, oc.data[i], oc.len[i]);
	}
	text_str(&t, " sigs=");
	for (unsigned i = 0; i < cap.nsigs; i++) {
		snprintf(num, sizeof(num), i ? ",%d" : "%d", cap.sigs[i]);
		text_str(&t, num);
	}
	return t.p;
}

/* ---- the test table -------------------------------------------------------------------- */

static char why[512];

#define CHECK(e)                                                                        \
	do {                                                                            \
		if (!(e)) {                                                             \
			snprintf(why, sizeof(why), "line %d: %s", __LINE__, #e);        \
			return false;                                                   \
		}                                                                       \
	} while (0)

static bool differs(const char *what, const uint8_t *got, size_t got_n, const char *want)
{
	struct text g = { 0 }, w = { 0 };

	if (got_n == strlen(want) && memcmp(got, want, got_n) == 0)
		return false;
	text_esc(&g, got, got_n);
	text_esc(&w, (const uint8_t *)want, strlen(want));
	snprintf(why, sizeof(why), "%s: got \"%s\", want \"%s\"", what, g.p ? g.p : "",
		 w.p ? w.p : "");
	free(g.p);
	free(w.p);
	return true;
}

static bool sigs_differ(const char *want)
{
	char got[64] = "";
	size_t n = 0;

	for (unsigned i = 0; i < cap.nsigs; i++)
		n += (size_t)snprintf(got + n, sizeof(got) - n, i ? ",%d" : "%d", cap.sigs[i]);
	if (strcmp(got, want ? want : "") == 0)
		return false;
	snprintf(why, sizeof(why), "signals: got \"%s\", want \"%s\"", got, want ? want : "");
	return true;
}

static bool read_differs(const struct scenario *s, size_t i)
{
	char what[32];
	bool want_again = s->got[i] && strcmp(s->got[i], AGAIN) == 0;

	snprintf(what, sizeof(what), "read %zu", i + 1);
	if (!s->got[i])
		snprintf(why, sizeof(why), "%s: no expectation", what);
	else if (want_again != oc.again[i])
		snprintf(why, sizeof(why), "%s: %s", what, oc.again[i] ? "EAGAIN" : "want EAGAIN");
	else
		return !want_again && differs(what, oc.data[i], oc.len[i], s->got[i]);
	return true;
}

static bool reads_differ(const struct scenario *s)
{
	for (size_t i = 0; i < oc.nreads; i++)
		if (read_differs(s, i))
			return true;
	if (oc.nreads < MAX_READS && s->got[oc.nreads]) {
		snprintf(why, sizeof(why), "more expectations than reads");
		return true;
	}
	return false;
}

static bool scenario_check(const struct scenario *s)
{
	scenario_run(s);
	if (s->echo && differs("echo", cap.out, cap.out_n, s->echo))
		return false;
	if (s->ready != READY_ANY && oc.ready != (s->ready == READY_YES)) {
		snprintf(why, sizeof(why), "ready: got %d", oc.ready);
		return false;
	}
	return !reads_differ(s) && !sigs_differ(s->sigs);
}

/* ---- function tests: the ABI ---------------------------------------------------------- */

static bool t_abi_layout(void)
{
	CHECK(sizeof(struct lx_termios) == 36);
	CHECK(offsetof(struct lx_termios, c_lflag) == 12);
	CHECK(offsetof(struct lx_termios, c_line) == 16);
	CHECK(offsetof(struct lx_termios, c_cc) == 17);
	CHECK(sizeof(struct lx_termios2) == 44);
	CHECK(offsetof(struct lx_termios2, c_ispeed) == 36);
	CHECK(sizeof(struct lx_winsize) == 8);
	CHECK(offsetof(struct lx_winsize, ws_col) == 2);
	return true;
}

struct number {
	const char *name;
	uint32_t ours, want;
};
#define NUM(n, v) { #n, LX_##n, v }

/* the numbers as the Linux x86-64 ABI has them, written out */
static const struct number ioctl_numbers[] = {
	NUM(TCGETS, 0x5401), NUM(TCSETS, 0x5402), NUM(TCSETSW, 0x5403), NUM(TCSETSF, 0x5404),
	NUM(TCSBRK, 0x5409), NUM(TCXONC, 0x540A), NUM(TCFLSH, 0x540B), NUM(TIOCSCTTY, 0x540E),
	NUM(TIOCGPGRP, 0x540F), NUM(TIOCSPGRP, 0x5410), NUM(TIOCOUTQ, 0x5411),
	NUM(TIOCSTI, 0x5412), NUM(TIOCGWINSZ, 0x5413), NUM(TIOCSWINSZ, 0x5414),
	NUM(FIONREAD, 0x541B), NUM(FIONBIO, 0x5421), NUM(TIOCNOTTY, 0x5422),
	NUM(TIOCGSID, 0x5429), NUM(TCGETS2, 0x802C542A), NUM(TCSETS2, 0x402C542B),
	NUM(TCSETSW2, 0x402C542C), NUM(TCSETSF2, 0x402C542D), NUM(TIOCGPTN, 0x80045430),
	NUM(TIOCSPTLCK, 0x40045431), NUM(TIOCGPTPEER, 0x5441), NUM(FIOCLEX, 0x5451),
	NUM(VINTR, 0), NUM(VEOF, 4), NUM(VTIME, 5), NUM(VMIN, 6), NUM(VSUSP, 10),
	NUM(VLNEXT, 15), NUM(VEOL2, 16), NUM(ICRNL, 0x100), NUM(IXON, 0x400),
	NUM(IUTF8, 0x4000), NUM(ONLCR, 4), NUM(CBAUD, 0x100f), NUM(HUPCL, 0x400),
	NUM(ICANON, 2), NUM(ECHOCTL, 0x200), NUM(ECHOKE, 0x800), NUM(IEXTEN, 0x8000),
};

static bool numbers_differ(const struct number *t, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (t[i].ours != t[i].want) {
			snprintf(why, sizeof(why), "LX_%s is %#x, want %#x", t[i].name, t[i].ours,
				 t[i].want);
			return true;
		}
	}
	return false;
}

static bool t_abi_numbers(void)
{
	return !numbers_differ(ioctl_numbers, ARRAY_SIZE(ioctl_numbers));
}

#ifdef HAVE_HOST_TERMBITS
#define HOST(n) { #n, LX_##n, n }
/* every LX_ value against the host's own kernel headers */
static const struct number host_numbers[] = {
	HOST(VINTR), HOST(VQUIT), HOST(VERASE), HOST(VKILL), HOST(VEOF), HOST(VTIME),
	HOST(VMIN), HOST(VSWTC), HOST(VSTART), HOST(VSTOP), HOST(VSUSP), HOST(VEOL),
	HOST(VREPRINT), HOST(VDISCARD), HOST(VWERASE), HOST(VLNEXT), HOST(VEOL2),
	HOST(IGNBRK), HOST(BRKINT), HOST(IGNPAR), HOST(PARMRK), HOST(INPCK), HOST(ISTRIP),
	HOST(INLCR), HOST(IGNCR), HOST(ICRNL), HOST(IUCLC), HOST(IXON), HOST(IXANY),
	HOST(IXOFF), HOST(IMAXBEL), HOST(IUTF8), HOST(OPOST), HOST(OLCUC), HOST(ONLCR),
	HOST(OCRNL), HOST(ONOCR), HOST(ONLRET), HOST(OFILL), HOST(OFDEL), HOST(NLDLY),
	HOST(CRDLY), HOST(TABDLY), HOST(XTABS), HOST(BSDLY), HOST(VTDLY), HOST(FFDLY),
	HOST(CBAUD), HOST(B0), HOST(B9600), HOST(B38400), HOST(B115200), HOST(CSIZE),
	HOST(CS5), HOST(CS6), HOST(CS7), HOST(CS8), HOST(CSTOPB), HOST(CREAD), HOST(PARENB),
	HOST(PARODD), HOST(HUPCL), HOST(CLOCAL), HOST(CBAUDEX), HOST(BOTHER), HOST(CIBAUD),
	HOST(CMSPAR), HOST(CRTSCTS), HOST(ISIG), HOST(ICANON), HOST(XCASE), HOST(ECHO),
	HOST(ECHOE), HOST(ECHOK), HOST(ECHONL), HOST(NOFLSH), HOST(TOSTOP), HOST(ECHOCTL),
	HOST(ECHOPRT), HOST(ECHOKE), HOST(FLUSHO), HOST(PENDIN), HOST(IEXTEN), HOST(EXTPROC),
	HOST(TCSANOW), HOST(TCSADRAIN), HOST(TCSAFLUSH), HOST(TCOOFF), HOST(TCOON),
	HOST(TCIOFF), HOST(TCION), HOST(TCIFLUSH), HOST(TCOFLUSH), HOST(TCIOFLUSH),
	HOST(TCGETS), HOST(TCSETS), HOST(TCSETSW), HOST(TCSETSF), HOST(TCGETA), HOST(TCSETA),
	HOST(TCSETAW), HOST(TCSETAF), HOST(TCSBRK), HOST(TCXONC), HOST(TCFLSH),
	HOST(TIOCEXCL), HOST(TIOCNXCL), HOST(TIOCSCTTY), HOST(TIOCGPGRP), HOST(TIOCSPGRP),
	HOST(TIOCOUTQ), HOST(TIOCSTI), HOST(TIOCGWINSZ), HOST(TIOCSWINSZ), HOST(TIOCMGET),
	HOST(TIOCMBIS), HOST(TIOCMBIC), HOST(TIOCMSET), HOST(TIOCGSOFTCAR),
	HOST(TIOCSSOFTCAR), HOST(FIONREAD), HOST(TIOCINQ), HOST(TIOCLINUX), HOST(TIOCCONS),
	HOST(TIOCGSERIAL), HOST(TIOCSSERIAL), HOST(TIOCPKT), HOST(FIONBIO), HOST(TIOCNOTTY),
	HOST(TIOCSETD), HOST(TIOCGETD), HOST(TCSBRKP), HOST(TIOCSBRK), HOST(TIOCCBRK),
	HOST(TIOCGSID), HOST(TCGETS2), HOST(TCSETS2), HOST(TCSETSW2), HOST(TCSETSF2),
	HOST(TIOCGPTN), HOST(TIOCSPTLCK), HOST(TIOCGDEV), HOST(TIOCSIG), HOST(TIOCVHANGUP),
	HOST(TIOCGPKT), HOST(TIOCGPTLCK), HOST(TIOCGEXCL), HOST(TIOCGPTPEER), HOST(FIONCLEX),
	HOST(FIOCLEX), HOST(FIOASYNC), { "NCCS", LX_NCCS, NCCS },
	{ "sizeof(termios)", sizeof(struct lx_termios), sizeof(struct termios) },
	{ "sizeof(termios2)", sizeof(struct lx_termios2), sizeof(struct termios2) },
};

static bool t_abi_host_headers(void)
{
	return !numbers_differ(host_numbers, ARRAY_SIZE(host_numbers));
}
#else
static bool t_abi_host_headers(void)
{
	snprintf(why, sizeof(why), "no <asm/termbits.h> of Linux x86-64 here (linux-libc-dev)");
	return false;
}
#endif

static bool t_default_termios(void)
{
	static const uint8_t want_cc[LX_NCCS] = { 3, 0x1c, 0x7f, 0x15, 4, 0, 1, 0, 0x11, 0x13,
						  0x1a, 0, 0x12, 0x0f, 0x17, 0x16, 0, 0, 0 };
	fresh();
	CHECK(ld.termios.c_iflag == 0x500);	/* ICRNL | IXON */
	CHECK(ld.termios.c_oflag == 0x5);	/* OPOST | ONLCR */
	CHECK(ld.termios.c_cflag == 0x4bf);	/* B38400 | CS8 | CREAD | HUPCL */
	CHECK(ld.termios.c_lflag == 0x8a3b);	/* ISIG ICANON ECHO ECHOE ECHOK ECHOCTL ECHOKE IEXTEN */
	CHECK(ld.termios.c_line == 0);
	CHECK(memcmp(ld.termios.c_cc, want_cc, LX_NCCS) == 0);
	CHECK(!ldisc_read_ready(&ld) && ldisc_bytes_available(&ld) == 0);
	return true;
}

/* ---- function tests: read policies (VMIN/VTIME) -------------------------------------- */

struct policy_case {
	const char *name;
	bool canon;
	uint8_t min, time;	/* VMIN, VTIME when not canonical */
	const char *input;
	size_t n;		/* read size */
	bool nonblock;
	enum ldisc_read_wait want;
	uint64_t timeout_ns;
};

#define MS	1000000ull
static const struct policy_case policies[] = {
	{ "policy_canon_no_line", true, 0, 0, "abc", 10, false, LDISC_READ_BLOCK, 0 },
	{ "policy_canon_line", true, 0, 0, "abc\n", 10, false, LDISC_READ_NOW, 0 },
	{ "policy_canon_eof", true, 0, 0, "\x04", 10, false, LDISC_READ_NOW, 0 },
	{ "policy_canon_nonblock", true, 0, 0, "abc", 10, true, LDISC_READ_AGAIN, 0 },
	{ "policy_zero_bytes", true, 0, 0, "", 0, false, LDISC_READ_NOW, 0 },
	{ "policy_min0_time0", false, 0, 0, "", 10, false, LDISC_READ_NOW, 0 },
	{ "policy_min0_time0_nonblock", false, 0, 0, "", 10, true, LDISC_READ_NOW, 0 },
	{ "policy_min0_time5_empty", false, 0, 5, "", 10, false, LDISC_READ_BLOCK, 500 * MS },
	{ "policy_min0_time5_data", false, 0, 5, "a", 10, false, LDISC_READ_NOW, 0 },
	{ "policy_min0_time5_nonblock", false, 0, 5, "", 10, true, LDISC_READ_AGAIN, 0 },
	{ "policy_min3_time0_short", false, 3, 0, "ab", 10, false, LDISC_READ_BLOCK, 0 },
	{ "policy_min3_time0_enough", false, 3, 0, "abc", 10, false, LDISC_READ_NOW, 0 },
	{ "policy_min3_read2", false, 3, 0, "ab", 2, false, LDISC_READ_NOW, 0 },
	{ "policy_min3_time2_empty", false, 3, 2, "", 10, false, LDISC_READ_BLOCK, 0 },
	{ "policy_min3_time2_partial", false, 3, 2, "a", 10, false, LDISC_READ_BLOCK, 200 * MS },
	{ "policy_min3_nonblock_partial", false, 3, 0, "a", 10, true, LDISC_READ_NOW, 0 },
	{ "policy_min3_nonblock_empty", false, 3, 0, "", 10, true, LDISC_READ_AGAIN, 0 },
};

static void raw_mode(uint8_t min, uint8_t time)
{
	struct tmode m = { .lclr = LX_ICANON | LX_ECHO,
			   .cc = { CC(LX_VMIN, min), CC(LX_VTIME, time) } };
	mode_apply(&m);
}

static bool policy_check(const struct policy_case *p)
{
	uint64_t timeout = 12345;
	enum ldisc_read_wait got;

	fresh();
	if (!p->canon)
		raw_mode(p->min, p->time);
	type(p->input);
	got = ldisc_read_policy(&ld, p->n, p->nonblock, &timeout);
	if (got != p->want || timeout != p->timeout_ns) {
		snprintf(why, sizeof(why), "got policy %d timeout %llu, want %d timeout %llu", got,
			 (unsigned long long)timeout, p->want, (unsigned long long)p->timeout_ns);
		return false;
	}
	return true;
}

/* A server's blocking read with MIN=5 TIME=2: the timer starts at the
 * first byte and restarts with each; when it fires, the read takes what is there. */
static bool t_read_inter_byte_timer(void)
{
	uint64_t timeout;
	uint8_t buf[10];
	bool eof;

	fresh();
	raw_mode(5, 2);
	CHECK(ldisc_read_policy(&ld, 10, false, &timeout) == LDISC_READ_BLOCK && timeout == 0);
	type("a");
	CHECK(ldisc_read_policy(&ld, 10, false, &timeout) == LDISC_READ_BLOCK);
	CHECK(timeout == 200 * MS);
	type("b");
	CHECK(ldisc_read_policy(&ld, 10, false, &timeout) == LDISC_READ_BLOCK);
	CHECK(timeout == 200 * MS);
	CHECK(ldisc_read(&ld, buf, sizeof(buf), &eof) == 2 && memcmp(buf, "ab", 2) == 0);
	type("cdefg");
	CHECK(ldisc_read_policy(&ld, 10, false, &timeout) == LDISC_READ_NOW);
	CHECK(ldisc_read(&ld, buf, sizeof(buf), &eof) == 5 && !eof);
	return true;
}

/* MIN=0 TIME=1 with nothing typed: the timeout fires and the read returns 0, not EOF. */
static bool t_read_timeout_returns_zero(void)
{
	uint64_t timeout;
	uint8_t buf[4];
	bool eof = true;

	fresh();
	raw_mode(0, 1);
	CHECK(ldisc_read_policy(&ld, 4, false, &timeout) == LDISC_READ_BLOCK);
	CHECK(timeout == 100 * MS);
	CHECK(ldisc_read(&ld, buf, sizeof(buf), &eof) == 0 && !eof);
	return true;
}

static bool t_read_eof_flag(void)
{
	uint8_t buf[4];
	bool eof = false;

	fresh();
	type("\x04" "ab\n");
	CHECK(ldisc_read(&ld, buf, sizeof(buf), &eof) == 0 && eof);
	CHECK(ldisc_read(&ld, buf, sizeof(buf), &eof) == 3 && !eof);
	CHECK(ldisc_read(&ld, buf, 0, &eof) == 0 && !eof);
	return true;
}

static bool t_ready_min(void)
{
	fresh();
	raw_mode(2, 0);
	type("a");
	CHECK(!ldisc_read_ready(&ld));
	type("b");
	CHECK(ldisc_read_ready(&ld));
	return true;
}

/* ---- function tests: FIONREAD, flushes, errors ------------------------------------- */

static bool t_fionread_canon(void)
{
	fresh();
	type("ab\x04" "cd\n" "ef");
	CHECK(ldisc_bytes_available(&ld) == 5);	/* "ab" "cd\n": no EOF push, no "ef" */
	return true;
}

static bool t_fionread_raw(void)
{
	uint8_t buf[2];
	bool eof;

	fresh();
	raw_mode(1, 0);
	type("abc");
	CHECK(ldisc_bytes_available(&ld) == 3);
	CHECK(ldisc_read(&ld, buf, 2, &eof) == 2);
	CHECK(ldisc_bytes_available(&ld) == 1);
	return true;
}

static bool t_flush_input(void)
{
	uint8_t buf[8];
	bool eof;

	fresh();
	type("ab\ncd");
	CHECK(ldisc_flush(&ld, LX_TCIFLUSH) == LDISC_OK);
	CHECK(ldisc_bytes_available(&ld) == 0 && !ldisc_read_ready(&ld));
	CHECK(cap.output_flushes == 0);
	type("x\n");
	CHECK(ldisc_read(&ld, buf, sizeof(buf), &eof) == 2 && memcmp(buf, "x\n", 2) == 0);
	return true;
}

static bool t_flush_output(void)
{
	fresh();
	type("ab\n");
	CHECK(ldisc_flush(&ld, LX_TCOFLUSH) == LDISC_OK);
	CHECK(cap.output_flushes == 1 && ldisc_bytes_available(&ld) == 3);
	CHECK(ldisc_flush(&ld, LX_TCIOFLUSH) == LDISC_OK);
	CHECK(cap.output_flushes == 2 && ldisc_bytes_available(&ld) == 0);
	return true;
}

static bool t_flush_bad_arg(void)
{
	fresh();
	type("ab\n");
	CHECK(ldisc_flush(&ld, 3) == LDISC_EINVAL);
	CHECK(ldisc_flush(&ld, -1) == LDISC_EINVAL);
	CHECK(ldisc_bytes_available(&ld) == 3 && cap.output_flushes == 0);
	return true;
}

static bool t_set_termios_bad_when(void)
{
	struct lx_termios t;

	fresh();
	t = ld.termios;
	t.c_lflag &= ~LX_ECHO;
	CHECK(ldisc_set_termios(&ld, &t, 3) == LDISC_EINVAL);
	CHECK(ldisc_set_termios(&ld, &t, -1) == LDISC_EINVAL);
	CHECK(ld.termios.c_lflag & LX_ECHO);
	return true;
}

static bool t_tcsaflush(void)
{
	struct lx_termios t;

	fresh();
	type("abc\nde");
	t = ld.termios;
	CHECK(ldisc_set_termios(&ld, &t, LX_TCSADRAIN) == LDISC_OK);
	CHECK(ldisc_bytes_available(&ld) == 4);
	CHECK(ldisc_set_termios(&ld, &t, LX_TCSAFLUSH) == LDISC_OK);
	CHECK(ldisc_bytes_available(&ld) == 0 && !ldisc_read_ready(&ld));
	return true;
}

/* ---- function tests: a full buffer ---------------------------------------------------- */

static uint8_t big[LDISC_BUF_SIZE * 2];

static size_t type_fill(uint8_t c, size_t n)
{
	memset(big, c, n);
	return ldisc_receive(&ld, big, n);
}

static bool all_are(const uint8_t *b, size_t n, uint8_t c)
{
	for (size_t i = 0; i < n; i++)
		if (b[i] != c)
			return false;
	return true;
}

/* Canonical, no line pending: everything is taken; the line keeps its first
 * 4095 bytes and its newline; every byte is echoed. */
static bool t_overflow_canon_line(void)
{
	bool eof;

	fresh();
	CHECK(type_fill('a', 5000) == 5000);
	CHECK(type("\n") == 1);
	CHECK(ldisc_bytes_available(&ld) == LDISC_BUF_SIZE);
	CHECK(ldisc_read(&ld, big, sizeof(big), &eof) == LDISC_BUF_SIZE);
	CHECK(all_are(big, LDISC_BUF_SIZE - 1, 'a') && big[LDISC_BUF_SIZE - 1] == '\n');
	CHECK(cap.out_n == 5002 && all_are(cap.out, 5000, 'a'));
	CHECK(memcmp(cap.out + 5000, "\r\n", 2) == 0);
	return true;
}

/* Erase still works in a full line (the first erase also takes back the
 * byte that was being replaced, as in Linux). */
static bool t_overflow_canon_erase(void)
{
	bool eof;

	fresh();
	CHECK(type_fill('a', 5000) == 5000);
	CHECK(type("\x7f\x7f\n") == 3);
	CHECK(ldisc_read(&ld, big, sizeof(big), &eof) == LDISC_BUF_SIZE - 2);
	CHECK(big[LDISC_BUF_SIZE - 3] == '\n');
	return true;
}

/* Canonical with a complete line pending: no more than fits is taken. */
static bool t_overflow_line_pending(void)
{
	uint8_t buf[4];
	bool eof;

	fresh();
	type("x\n");
	CHECK(type_fill('a', 5000) == LDISC_BUF_SIZE - 3);
	CHECK(ldisc_read(&ld, buf, sizeof(buf), &eof) == 2);
	CHECK(type_fill('a', 5000 - (LDISC_BUF_SIZE - 3)) == 5000 - (LDISC_BUF_SIZE - 3));
	return true;
}

static bool t_overflow_raw_backpressure(void)
{
	bool eof;

	fresh();
	raw_mode(1, 0);
	CHECK(type_fill('a', 5000) == LDISC_BUF_SIZE - 1);
	CHECK(type("b") == 0);
	CHECK(ldisc_read(&ld, big, sizeof(big), &eof) == LDISC_BUF_SIZE - 1);
	CHECK(type_fill('a', 5000 - (LDISC_BUF_SIZE - 1)) == 5000 - (LDISC_BUF_SIZE - 1));
	return true;
}

/* ---- function tests: flow control ------------------------------------------------------ */

static bool out_is(const char *want)
{
	return !differs("output", cap.out, cap.out_n, want);
}

static bool t_stop_holds_echo_and_writes(void)
{
	fresh();
	type("a");
	type("\x13");
	CHECK(ldisc_output_stopped(&ld) && out_is("a"));
	type("bc");
	CHECK(out_is("a"));
	CHECK(ldisc_write(&ld, (const uint8_t *)"xy", 2, cap_out, &cap) == 0);
	type("\x11");
	CHECK(!ldisc_output_stopped(&ld) && out_is("abc"));
	CHECK(ldisc_write(&ld, (const uint8_t *)"xy", 2, cap_out, &cap) == 2);
	CHECK(out_is("abcxy"));
	return true;
}

static bool t_tcooff_tcoon(void)
{
	fresh();
	CHECK(ldisc_flow(&ld, LX_TCOOFF) == LDISC_OK && ldisc_output_stopped(&ld));
	type("\x11" "a");	/* VSTART does not undo TCOOFF */
	CHECK(ldisc_output_stopped(&ld) && out_is(""));
	CHECK(ldisc_flow(&ld, LX_TCOON) == LDISC_OK && !ldisc_output_stopped(&ld));
	CHECK(out_is("a"));
	return true;
}

static bool t_tcioff_tcion(void)
{
	fresh();
	CHECK(ldisc_flow(&ld, LX_TCIOFF) == LDISC_OK && out_is("\x13"));
	CHECK(ldisc_flow(&ld, LX_TCION) == LDISC_OK && out_is("\x13\x11"));
	CHECK(ldisc_flow(&ld, 4) == LDISC_EINVAL && ldisc_flow(&ld, -1) == LDISC_EINVAL);
	CHECK(out_is("\x13\x11") && !ldisc_output_stopped(&ld));
	return true;
}

/* Clearing IXON while stopped restarts output: nothing else could. */
static bool t_ixon_cleared_restarts(void)
{
	struct tmode m = { .iclr = LX_IXON };

	fresh();
	type("\x13" "ab");
	CHECK(ldisc_output_stopped(&ld) && out_is(""));
	mode_apply(&m);
	CHECK(!ldisc_output_stopped(&ld) && out_is("ab"));
	return true;
}

/* The server hears of each change of the output's flow once (a pty's
 * packet mode reports them): ^S ^S ^Q ^Q, TCOOFF, ^Q (no start: TCOOFF
 * holds), TCOON. */
static bool t_flow_reported(void)
{
	fresh();
	type("\x13\x13\x11\x11");
	CHECK(ldisc_flow(&ld, LX_TCOOFF) == LDISC_OK);
	type("\x11");
	CHECK(ldisc_flow(&ld, LX_TCOON) == LDISC_OK);
	CHECK(strcmp(cap.flows, "SQSQ") == 0);
	return true;
}

/* Typing on while output is stopped: the oldest echo goes, input is kept. */
static bool t_echo_held_overflow(void)
{
	bool eof;

	fresh();
	type("\x13");
	CHECK(type_fill('b', 3000) == 3000);
	CHECK(cap.out_n == 0);
	type("\x11");
	CHECK(cap.out_n == LDISC_ECHO_SIZE && all_are(cap.out, cap.out_n, 'b'));
	type("\n");
	CHECK(ldisc_read(&ld, big, sizeof(big), &eof) == 3001);
	return true;
}

/* ---- function tests: signals, odd bytes, breaks, output --------------------------------- */

static bool t_isig_flush_callback(void)
{
	struct tmode m = { .lset = LX_NOFLSH };

	fresh();
	type("\x03");
	CHECK(cap.output_flushes == 1 && cap.nsigs == 1);
	fresh();
	mode_apply(&m);
	type("\x1a");
	CHECK(cap.output_flushes == 0 && cap.nsigs == 1 && cap.sigs[0] == LDISC_SIGTSTP);
	return true;
}

/* c_cc 0 is "disabled": NUL is never VEOL, and a VEOF of 0 leaves ^D plain. */
static bool t_nul_is_ordinary(void)
{
	uint8_t buf[8];
	bool eof;

	fresh();
	CHECK(ldisc_receive(&ld, (const uint8_t *)"a\0b\n", 4) == 4);
	CHECK(out_is("a^@b\r\n"));
	CHECK(ldisc_read(&ld, buf, sizeof(buf), &eof) == 4 && memcmp(buf, "a\0b\n", 4) == 0);
	return true;
}

static bool t_veof_disabled(void)
{
	struct tmode m = { .cc = { CC(LX_VEOF, 0) } };
	uint8_t buf[8];
	bool eof;

	fresh();
	mode_apply(&m);
	type("\x04\n");
	CHECK(out_is("^D\r\n"));
	CHECK(ldisc_read(&ld, buf, sizeof(buf), &eof) == 2 && buf[0] == 4);
	return true;
}

static bool t_break(void)
{
	struct tmode parmrk = { .iset = LX_PARMRK }, ign = { .iset = LX_IGNBRK };
	struct tmode brk = { .iset = LX_BRKINT };
	uint8_t buf[8];
	bool eof;

	fresh();
	raw_mode(1, 0);
	ldisc_receive_break(&ld);
	CHECK(ldisc_read(&ld, buf, sizeof(buf), &eof) == 1 && buf[0] == 0);
	mode_apply(&parmrk);
	ldisc_receive_break(&ld);
	CHECK(ldisc_read(&ld, buf, sizeof(buf), &eof) == 3 && memcmp(buf, "\xff\0\0", 3) == 0);
	mode_apply(&ign);
	ldisc_receive_break(&ld);
	CHECK(ldisc_bytes_available(&ld) == 0 && cap.nsigs == 0);
	fresh();
	mode_apply(&brk);
	type("ab");
	ldisc_receive_break(&ld);
	CHECK(cap.nsigs == 1 && cap.sigs[0] == LDISC_SIGINT && ld.head == ld.tail);
	return true;
}

static bool t_parmrk_doubles_0377(void)
{
	struct tmode m = { .iset = LX_PARMRK };
	uint8_t buf[8];
	bool eof;

	fresh();
	raw_mode(1, 0);
	mode_apply(&m);
	type("\xff" "a");
	CHECK(ldisc_read(&ld, buf, sizeof(buf), &eof) == 3 && memcmp(buf, "\xff\xff" "a", 3) == 0);
	return true;
}

static bool t_write_raw_one_call(void)
{
	struct tmode m = { .oclr = LX_OPOST };

	fresh();
	mode_apply(&m);
	CHECK(ldisc_write(&ld, (const uint8_t *)"a\nb\tc", 5, cap_out, &cap) == 5);
	CHECK(cap.out_calls == 1 && out_is("a\nb\tc"));
	return true;
}

/* A write larger than the staging chunk arrives whole and in order. */
static bool t_write_long(void)
{
	fresh();
	memset(big, 'z', 1000);
	big[999] = '\n';
	CHECK(ldisc_write(&ld, big, 1000, cap_out, &cap) == 1000);
	CHECK(cap.out_n == 1001 && all_are(cap.out, 999, 'z'));
	CHECK(memcmp(cap.out + 999, "\r\n", 2) == 0 && cap.out_calls > 1);
	return true;
}

/* Canonical input read without echo (a password) does not stay in the buffer. */
static bool t_secret_wiped(void)
{
	struct tmode m = { .lclr = LX_ECHO };
	uint8_t buf[8];
	bool eof;

	fresh();
	mode_apply(&m);
	type("pw\n");
	CHECK(ldisc_read(&ld, buf, sizeof(buf), &eof) == 3);
	CHECK(all_are(ld.buf, 3, 0));
	return true;
}

static bool t_receive_nothing(void)
{
	fresh();
	CHECK(ldisc_receive(&ld, (const uint8_t *)"", 0) == 0);
	CHECK(cap.out_n == 0 && !ldisc_read_ready(&ld));
	return true;
}

/* ---- running ---------------------------------------------------------------------------- */

struct test {
	const char *name;
	bool (*fn)(void);
};

#define T(n) { #n, t_##n }
static const struct test tests[] = {
	T(abi_layout), T(abi_numbers), T(abi_host_headers), T(default_termios),
	T(read_inter_byte_timer), T(read_timeout_returns_zero), T(read_eof_flag), T(ready_min),
	T(fionread_canon), T(fionread_raw), T(flush_input), T(flush_output), T(flush_bad_arg),
	T(set_termios_bad_when), T(tcsaflush), T(overflow_canon_line), T(overflow_canon_erase),
	T(overflow_line_pending), T(overflow_raw_backpressure), T(stop_holds_echo_and_writes),
	T(tcooff_tcoon), T(tcioff_tcion), T(ixon_cleared_restarts), T(flow_reported),
	T(echo_held_overflow),
	T(isig_flush_callback), T(nul_is_ordinary), T(veof_disabled), T(break),
	T(parmrk_doubles_0377), T(write_raw_one_call), T(write_long), T(secret_wiped),
	T(receive_nothing),
};

static void report(const char *name, bool ok)
{
	if (ok)
		printf("TEST unixtty/%s PASS\n", name);
	else
		printf("TEST unixtty/%s FAIL %s\n", name, why);
}

static int run_tests(void)
{
	int failed = 0;

	for (size_t i = 0; i < ARRAY_SIZE(scenarios); i++) {
		bool ok;
		if (scenarios[i].pty_only)
			continue;
		why[0] = 0;
		ok = scenario_check(&scenarios[i]);
		report(scenarios[i].name, ok);
		failed += !ok;
	}
	for (size_t i = 0; i < ARRAY_SIZE(policies); i++) {
		why[0] = 0;
		bool ok = policy_check(&policies[i]);
		report(policies[i].name, ok);
		failed += !ok;
	}
	for (size_t i = 0; i < ARRAY_SIZE(tests); i++) {
		why[0] = 0;
		bool ok = tests[i].fn();
		report(tests[i].name, ok);
		failed += !ok;
	}
	printf("DONE unit\n");	/* run.sh: a crash before this is a failure */
	return failed ? 1 : 0;
}

/* ---- the scenarios for run.sh's Linux pty helper -------------------------------------- */

static void print_hex(const char *s, size_t n)
{
	if (n == 0)
		printf("-");
	for (size_t i = 0; i < n; i++)
		printf("%02x", (uint8_t)s[i]);
}

/* "iset,iclr,oset,oclr,lset,lclr,CC" with CC "index:value;..." or "-" */
static void print_mode(const struct tmode *m)
{
	bool any = false;

	printf("%x,%x,%x,%x,%x,%x,", m->iset, m->iclr, m->oset, m->oclr, m->lset, m->lclr);
	for (int i = 0; i < LX_NCCS; i++) {
		if (m->cc[i] & CC_SET) {
			printf("%s%d:%x", any ? ";" : "", i, m->cc[i] & 0xff);
			any = true;
		}
	}
	if (!any)
		printf("-");
}

static void print_cases(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(scenarios); i++) {
		const struct scenario *s = &scenarios[i];
		printf("%s|", s->name);
		print_mode(&s->mode);
		printf("|");
		print_mode(&s->after);
		printf("|");
		print_hex(s->prompt, s->prompt ? strlen(s->prompt) : 0);
		printf("|");
		print_hex(s->input, s->input ? strlen(s->input) : 0);
		printf("|%u|%d|", s->fill, s->chunk);
		for (size_t r = 0; r < MAX_READS && s->reads[r]; r++)
			printf("%s%u", r ? "," : "", s->reads[r]);
		printf("\n");
	}
}

static void replay(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(scenarios); i++) {
		char *line;
		scenario_run(&scenarios[i]);
		line = outcome_line(scenarios[i].name);
		printf("%s\n", line);
		free(line);
	}
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 1)
		return run_tests();
	if (argc == 2 && strcmp(argv[1], "cases") == 0) {
		print_cases();
		return 0;
	}
	if (argc == 2 && strcmp(argv[1], "replay") == 0) {
		replay();
		return 0;
	}
	fprintf(stderr, "usage: unit [cases | replay]\n");
	return 2;
}
