/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ldisc.c (unixd) - the terminal line discipline of ldisc.h: Linux's N_TTY
 * behaviour (drivers/tty/n_tty.c), rewritten for a server that does its own
 * waiting.
 *
 * Input: ldisc_receive takes each byte through ISTRIP/IUCLC, then, if the
 * byte is one termios makes special (ld->special), through flow control
 * (IXON), signals (ISIG), CR/NL mapping and canonical editing; every other
 * byte is stored as it is. Echo is queued as operations (ld->echo) and
 * written at the end of each receive, so that a signal that flushes (ISIG
 * without NOFLSH) also drops the echo of what it flushed, as Linux does,
 * and so that echo waits while output is stopped.
 *
 * Columns: ld->column is where the device cursor will be once everything
 * handed to a callback is shown; ld->canon_column is the column at which the
 * line being edited began. Both change only as echo operations and written
 * bytes are processed, in output order, so that erasing a tab backs up over
 * exactly the columns it took (like n_tty's ECHO_OP_ERASE_TAB).
 *
 * Buffer full: a canonical line still being edited keeps accepting bytes,
 * each replacing the last stored one, so that erase and newline still work
 * (a line holds at most LDISC_BUF_SIZE bytes, its newline included); with a
 * complete line pending, or in non-canonical mode (LDISC_BUF_SIZE - 1 bytes),
 * ldisc_receive stops taking bytes until a read makes room.
 *
 * Not done: parity and framing errors (the UART reports none), EXTPROC,
 * packet mode, VDISCARD/FLUSHO, IMAXBEL's bell, XCASE, the delay bits.
 * Callbacks must not call back into the line discipline.
 */
#include "ldisc.h"
#include "dstring.h"

#define BUF_MASK(i)	((i) & (LDISC_BUF_SIZE - 1))
#define ECHO_MASK(i)	((i) & (LDISC_ECHO_SIZE - 1))
#define CTRL_FLIP	0x40	/* ^X shows control byte X ^ 0x40 */
#define TAB_WIDTH	8
#define EOF_PUSH	0	/* the byte a VEOF leaves at a line end (never read) */

/* ---- termios and the kernel's character classes -------------------------------- */

static bool iflag(const struct ldisc *ld, uint32_t f) { return (ld->termios.c_iflag & f) != 0; }
static bool oflag(const struct ldisc *ld, uint32_t f) { return (ld->termios.c_oflag & f) != 0; }
static bool lflag(const struct ldisc *ld, uint32_t f) { return (ld->termios.c_lflag & f) != 0; }
static uint8_t cc(const struct ldisc *ld, int index) { return ld->termios.c_cc[index]; }

/* Linux's lib/ctype.c classes: ASCII plus Latin-1 letters; 128-159 have no class. */
static bool lx_iscntrl(uint8_t c) { return c < 0x20 || c == 0x7f; }
static bool lx_isupper(uint8_t c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 0xc0 && c <= 0xde && c != 0xd7);
}
static bool lx_islower(uint8_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= 0xdf && c != 0xf7);
}
static bool lx_isalnum(uint8_t c)
{
	return (c >= '0' && c <= '9') || lx_isupper(c) || lx_islower(c);
}
static uint8_t lx_tolower(uint8_t c) { return lx_isupper(c) ? (uint8_t)(c + 0x20) : c; }
static uint8_t lx_toupper(uint8_t c) { return lx_islower(c) ? (uint8_t)(c - 0x20) : c; }

/* A UTF-8 continuation byte, when the input is UTF-8 (IUTF8). */
static bool is_continuation(const struct ldisc *ld, uint8_t c)
{
	return iflag(ld, LX_IUTF8) && (c & 0xc0) == 0x80;
}

/* ---- the input ring ---------------------------------------------------------------- */

static uint8_t buf_at(const struct ldisc *ld, size_t i) { return ld->buf[BUF_MASK(i)]; }

static bool end_at(const struct ldisc *ld, size_t i)
{
	return (ld->line_end[BUF_MASK(i) / 8] >> (BUF_MASK(i) % 8)) & 1;
}

static void end_mark(struct ldisc *ld, size_t i, bool on)
{
	uint8_t bit = (uint8_t)(1u << (BUF_MASK(i) % 8));
	if (on)
		ld->line_end[BUF_MASK(i) / 8] |= bit;
	else
		ld->line_end[BUF_MASK(i) / 8] &= (uint8_t)~bit;
}

/* Stores one byte; never overwrites unread input (only PARMRK's doubling of
 * 0377 into the last free byte could try). */
static void queue_put(struct ldisc *ld, uint8_t c)
{
	if (ld->head - ld->tail >= LDISC_BUF_SIZE)
		return;
	ld->buf[BUF_MASK(ld->head)] = c;
	end_mark(ld, ld->head, false);
	ld->head++;
}

/* A data byte: PARMRK marks errors with 0377, so a real 0377 is doubled. */
static void queue_char(struct ldisc *ld, uint8_t c)
{
	if (c == 0xff && iflag(ld, LX_PARMRK))
		queue_put(ld, c);
	queue_put(ld, c);
}

/* Ends the edited line with c (EOF_PUSH for VEOF): it becomes readable. */
static void queue_line_end(struct ldisc *ld, uint8_t c)
{
	size_t at = ld->head;
	queue_put(ld, c);
	if (ld->head != at)
		end_mark(ld, at, true);
	ld->canon_head = ld->head;
}

static void copy_out(const struct ldisc *ld, uint8_t *dst, size_t from, size_t n)
{
	size_t first = LDISC_BUF_SIZE - BUF_MASK(from);
	if (first > n)
		first = n;
	memcpy(dst, &ld->buf[BUF_MASK(from)], first);
	memcpy(dst + first, ld->buf, n - first);
}

/* What was read is wiped when it was typed without echo (a password). */
static void wipe_read(struct ldisc *ld, size_t from, size_t n)
{
	if (!lflag(ld, LX_ICANON) || lflag(ld, LX_ECHO))
		return;
	for (size_t i = 0; i < n; i++)
		ld->buf[BUF_MASK(from + i)] = 0;
}

static void input_reset(struct ldisc *ld)
{
	ld->head = ld->canon_head = ld->tail = 0;
	memset(ld->line_end, 0, sizeof(ld->line_end));
	ld->erasing = false;
}

/* ---- output processing and echo --------------------------------------------------- */

/* Bytes on their way to one callback, handed over LDISC_OUT_CHUNK at a time. */
struct out_stage {
	ldisc_out_fn fn;
	void *ctx;
	size_t n;
	uint8_t bytes[LDISC_OUT_CHUNK];
};

static void out_flush(struct out_stage *o)
{
	if (o->n && o->fn)
		o->fn(o->ctx, o->bytes, o->n);
	o->n = 0;
}

static void out_put(struct out_stage *o, uint8_t c)
{
	if (o->n == sizeof(o->bytes))
		out_flush(o);
	o->bytes[o->n++] = c;
}

static void opost_newline(struct ldisc *ld, struct out_stage *o)
{
	if (oflag(ld, LX_ONLRET))
		ld->column = 0;
	if (oflag(ld, LX_ONLCR)) {
		ld->canon_column = ld->column = 0;
		out_put(o, '\r');
	} else {
		ld->canon_column = ld->column;
	}
	out_put(o, '\n');
}

static void opost_return(struct ldisc *ld, struct out_stage *o)
{
	if (oflag(ld, LX_ONOCR) && ld->column == 0)
		return;
	if (oflag(ld, LX_OCRNL)) {
		if (oflag(ld, LX_ONLRET))
			ld->canon_column = ld->column = 0;
		out_put(o, '\n');
		return;
	}
	ld->canon_column = ld->column = 0;
	out_put(o, '\r');
}

/* One byte through OPOST processing, keeping the column (n_tty's do_output_char). */
static void opost_byte(struct ldisc *ld, struct out_stage *o, uint8_t c)
{
	unsigned spaces;

	switch (c) {
	case '\n':
		opost_newline(ld, o);
		return;
	case '\r':
		opost_return(ld, o);
		return;
	case '\t':
		spaces = TAB_WIDTH - (ld->column % TAB_WIDTH);
		ld->column += spaces;
		if ((ld->termios.c_oflag & LX_TABDLY) == LX_XTABS) {
			while (spaces--)
				out_put(o, ' ');
			return;
		}
		break;
	case '\b':
		if (ld->column > 0)
			ld->column--;
		break;
	default:
		if (!lx_iscntrl(c)) {
			if (oflag(ld, LX_OLCUC))
				c = lx_toupper(c);
			if (!is_continuation(ld, c))
				ld->column++;
		}
		break;
	}
	out_put(o, c);
}

static void out_byte(struct ldisc *ld, struct out_stage *o, uint8_t c)
{
	if (oflag(ld, LX_OPOST))
		opost_byte(ld, o, c);
	else
		out_put(o, c);
}

enum echo_op {
	ECHO_BYTE,		/* arg: a byte, output-processed */
	ECHO_CTL,		/* arg: a control byte, shown as ^X */
	ECHO_MOVE_BACK,		/* the cursor went back a column (ECHOPRT) */
	ECHO_SET_CANON_COL,	/* the edited line begins at the cursor */
	ECHO_ERASE_TAB,		/* arg: columns since the line began or since the tab
				   before (ERASE_TAB_AFTER_TAB), modulo 8 */
};
#define ERASE_TAB_AFTER_TAB	0x80

/* Back over an erased tab: to the previous tab stop of the line as echoed. */
static void echo_erase_tab(struct ldisc *ld, struct out_stage *o, uint8_t arg)
{
	unsigned used = arg & (TAB_WIDTH - 1);
	if (!(arg & ERASE_TAB_AFTER_TAB))
		used += ld->canon_column;
	for (unsigned back = TAB_WIDTH - used % TAB_WIDTH; back > 0; back--) {
		out_put(o, '\b');
		if (ld->column > 0)
			ld->column--;
	}
}

static void echo_apply(struct ldisc *ld, struct out_stage *o, uint16_t entry)
{
	uint8_t arg = (uint8_t)entry;

	switch (entry >> 8) {
	case ECHO_BYTE:
		out_byte(ld, o, arg);
		break;
	case ECHO_CTL:
		out_put(o, '^');
		out_put(o, arg ^ CTRL_FLIP);
		ld->column += 2;
		break;
	case ECHO_MOVE_BACK:
		if (ld->column > 0)
			ld->column--;
		break;
	case ECHO_SET_CANON_COL:
		ld->canon_column = ld->column;
		break;
	case ECHO_ERASE_TAB:
		echo_erase_tab(ld, o, arg);
		break;
	}
}

/* Writes the pending echo to the device, unless output is stopped. */
static void echo_write(struct ldisc *ld)
{
	struct out_stage o = { .fn = ld->ops.echo_out, .ctx = ld->ops.ctx };

	if (ld->stopped)
		return;
	while (ld->echo_tail != ld->echo_head)
		echo_apply(ld, &o, ld->echo[ECHO_MASK(ld->echo_tail++)]);
	out_flush(&o);
}

static void echo_add(struct ldisc *ld, enum echo_op op, uint8_t arg)
{
	if (ld->echo_head - ld->echo_tail == LDISC_ECHO_SIZE)
		ld->echo_tail++;	/* full while stopped: the oldest goes */
	ld->echo[ECHO_MASK(ld->echo_head++)] = (uint16_t)(op << 8 | arg);
	if (ld->echo_head - ld->echo_tail >= LDISC_ECHO_COMMIT)
		echo_write(ld);
}

static void echo_raw(struct ldisc *ld, uint8_t c) { echo_add(ld, ECHO_BYTE, c); }

/* Echoes c, a control byte as ^X with ECHOCTL (but tab as itself). */
static void echo_char(struct ldisc *ld, uint8_t c)
{
	bool ctl = lflag(ld, LX_ECHOCTL) && lx_iscntrl(c) && c != '\t';
	echo_add(ld, ctl ? ECHO_CTL : ECHO_BYTE, c);
}

/* Echo of the first byte of a line records where the line began. */
static void echo_line_char(struct ldisc *ld, uint8_t c)
{
	if (ld->canon_head == ld->head)
		echo_add(ld, ECHO_SET_CANON_COL, 0);
	echo_char(ld, c);
}

/* Closes an ECHOPRT erase: \erased/ */
static void finish_erasing(struct ldisc *ld)
{
	if (ld->erasing) {
		echo_raw(ld, '/');
		ld->erasing = false;
	}
}

/* ---- flow control and signals ------------------------------------------------------ */

static void flow_changed(struct ldisc *ld)
{
	if (ld->ops.flow)
		ld->ops.flow(ld->ops.ctx, ld->stopped);
}

static void stop_output(struct ldisc *ld)
{
	if (ld->stopped)
		return;
	ld->stopped = true;
	flow_changed(ld);
}

static void start_output(struct ldisc *ld)
{
	if (!ld->stopped || ld->tco_stopped)
		return;
	ld->stopped = false;
	flow_changed(ld);
	echo_write(ld);
}

/* IXANY: any byte restarts output a VSTOP stopped. */
static void restart_on_any(struct ldisc *ld)
{
	if (ld->stopped && !ld->tco_stopped && iflag(ld, LX_IXON) && iflag(ld, LX_IXANY))
		start_output(ld);
}

/* Signal the foreground group; unless NOFLSH, drop input, echo and output. */
static void signal_raise(struct ldisc *ld, int sig)
{
	if (ld->ops.signal)
		ld->ops.signal(ld->ops.ctx, sig);
	if (lflag(ld, LX_NOFLSH))
		return;
	ld->echo_head = ld->echo_tail = 0;
	if (ld->ops.flush_output)
		ld->ops.flush_output(ld->ops.ctx);
	input_reset(ld);
}

static bool receive_flow(struct ldisc *ld, uint8_t c)
{
	if (c == cc(ld, LX_VSTART))
		start_output(ld);
	else if (c == cc(ld, LX_VSTOP))
		stop_output(ld);
	else
		return false;
	return true;
}

static bool receive_signal(struct ldisc *ld, uint8_t c)
{
	int sig = 0;

	if (c == cc(ld, LX_VINTR))
		sig = LDISC_SIGINT;
	else if (c == cc(ld, LX_VQUIT))
		sig = LDISC_SIGQUIT;
	else if (c == cc(ld, LX_VSUSP))
		sig = LDISC_SIGTSTP;
	if (sig == 0)
		return false;
	signal_raise(ld, sig);
	if (iflag(ld, LX_IXON))
		start_output(ld);
	if (lflag(ld, LX_ECHO))
		echo_char(ld, c);
	return true;
}

/* ---- canonical editing --------------------------------------------------------------- */

enum erase_kind { ERASE_CHAR, ERASE_WORD, ERASE_LINE };

/* Where the last character of the edited line starts (UTF-8 aware). */
static size_t char_start(const struct ldisc *ld)
{
	size_t at = ld->head;
	do
		at--;
	while (is_continuation(ld, buf_at(ld, at)) && at != ld->canon_head);
	return at;
}

/* Echo "\b \b" once. */
static void rub_out(struct ldisc *ld)
{
	echo_raw(ld, '\b');
	echo_raw(ld, ' ');
	echo_raw(ld, '\b');
}

/* Erasing a tab at position at: count the columns between it and the line
 * start or the tab before, as they were echoed. */
static void erase_tab_echo(struct ldisc *ld, size_t at)
{
	unsigned cols = 0;
	uint8_t after_tab = 0;

	while (at != ld->canon_head) {
		uint8_t b = buf_at(ld, --at);
		if (b == '\t') {
			after_tab = ERASE_TAB_AFTER_TAB;
			break;
		}
		if (lx_iscntrl(b))
			cols += lflag(ld, LX_ECHOCTL) ? 2 : 0;
		else if (!is_continuation(ld, b))
			cols++;
	}
	echo_add(ld, ECHO_ERASE_TAB, (uint8_t)((cols % TAB_WIDTH) | after_tab));
}

/* Echo for erasing the cnt bytes at start, whose first byte is c. */
static void erase_echo(struct ldisc *ld, enum erase_kind kind, uint8_t c, size_t start, size_t cnt)
{
	if (lflag(ld, LX_ECHOPRT)) {
		if (!ld->erasing) {
			echo_raw(ld, '\\');
			ld->erasing = true;
		}
		echo_char(ld, c);
		for (size_t i = 1; i < cnt; i++) {
			echo_raw(ld, buf_at(ld, start + i));
			echo_add(ld, ECHO_MOVE_BACK, 0);
		}
	} else if (kind == ERASE_CHAR && !lflag(ld, LX_ECHOE)) {
		echo_char(ld, cc(ld, LX_VERASE));
	} else if (c == '\t') {
		erase_tab_echo(ld, start);
	} else if (!lx_iscntrl(c)) {
		rub_out(ld);
	} else if (lflag(ld, LX_ECHOCTL)) {
		rub_out(ld);	/* ^X took two columns */
		rub_out(ld);
	}
}

/* VKILL that does not rub out each character: the kill byte is echoed
 * (and a newline with ECHOK). */
static void kill_line(struct ldisc *ld)
{
	ld->head = ld->canon_head;
	if (!lflag(ld, LX_ECHO))
		return;
	finish_erasing(ld);
	echo_char(ld, cc(ld, LX_VKILL));
	if (lflag(ld, LX_ECHOK))
		echo_raw(ld, '\n');
}

static bool kill_rubs_out(const struct ldisc *ld)
{
	uint32_t all = LX_ECHO | LX_ECHOK | LX_ECHOKE | LX_ECHOE;
	return (ld->termios.c_lflag & all) == all;
}

/* VERASE, VWERASE (an ALTWERASE word: alphanumerics and _) and VKILL. */
static void erase(struct ldisc *ld, uint8_t c)
{
	enum erase_kind kind = ERASE_LINE;
	unsigned alnums = 0;

	if (ld->head == ld->canon_head)
		return;
	if (c == cc(ld, LX_VERASE))
		kind = ERASE_CHAR;
	else if (c == cc(ld, LX_VWERASE))
		kind = ERASE_WORD;
	if (kind == ERASE_LINE && !kill_rubs_out(ld)) {
		kill_line(ld);
		return;
	}
	while (ld->head != ld->canon_head) {
		size_t start = char_start(ld);
		uint8_t first = buf_at(ld, start);
		if (is_continuation(ld, first))
			break;	/* never half a character */
		if (kind == ERASE_WORD) {
			if (lx_isalnum(first) || first == '_')
				alnums++;
			else if (alnums)
				break;
		}
		size_t cnt = ld->head - start;
		ld->head = start;
		if (lflag(ld, LX_ECHO))
			erase_echo(ld, kind, first, start, cnt);
		if (kind == ERASE_CHAR)
			break;
	}
	if (ld->head == ld->canon_head && lflag(ld, LX_ECHO))
		finish_erasing(ld);
}

static void literal_next(struct ldisc *ld)
{
	ld->lnext = true;
	if (!lflag(ld, LX_ECHO))
		return;
	finish_erasing(ld);
	if (lflag(ld, LX_ECHOCTL)) {
		echo_raw(ld, '^');	/* a placeholder the next byte overwrites */
		echo_raw(ld, '\b');
	}
}

static void reprint(struct ldisc *ld, uint8_t c)
{
	finish_erasing(ld);
	echo_char(ld, c);
	echo_raw(ld, '\n');
	for (size_t i = ld->canon_head; i != ld->head; i++)
		echo_char(ld, buf_at(ld, i));
}

static void receive_eol(struct ldisc *ld, uint8_t c)
{
	if (lflag(ld, LX_ECHO))
		echo_line_char(ld, c);
	if (c == 0xff && iflag(ld, LX_PARMRK))
		queue_put(ld, c);
	queue_line_end(ld, c);
}

/* The canonical-mode keys; false: c is an ordinary byte. */
static bool receive_canon(struct ldisc *ld, uint8_t c)
{
	bool iexten = lflag(ld, LX_IEXTEN);

	if (c == cc(ld, LX_VERASE) || c == cc(ld, LX_VKILL) ||
	    (c == cc(ld, LX_VWERASE) && iexten)) {
		erase(ld, c);
	} else if (c == cc(ld, LX_VLNEXT) && iexten) {
		literal_next(ld);
	} else if (c == cc(ld, LX_VREPRINT) && iexten && lflag(ld, LX_ECHO)) {
		reprint(ld, c);
	} else if (c == '\n') {
		if (lflag(ld, LX_ECHO) || lflag(ld, LX_ECHONL))
			echo_raw(ld, '\n');
		queue_line_end(ld, c);
	} else if (c == cc(ld, LX_VEOF)) {
		queue_line_end(ld, EOF_PUSH);
	} else if (c == cc(ld, LX_VEOL) || (c == cc(ld, LX_VEOL2) && iexten)) {
		receive_eol(ld, c);
	} else {
		return false;
	}
	return true;
}

/* ---- receiving ------------------------------------------------------------------------ */

static bool is_special(const struct ldisc *ld, uint8_t c)
{
	return (ld->special[c / 8] >> (c % 8)) & 1;
}

static void special_add(struct ldisc *ld, uint8_t c)
{
	ld->special[c / 8] |= (uint8_t)(1u << (c % 8));
}

/* The bytes receive_special must see, from termios (n_tty's char_map). */
static void special_compute(struct ldisc *ld)
{
	memset(ld->special, 0, sizeof(ld->special));
	if (iflag(ld, LX_IGNCR) || iflag(ld, LX_ICRNL))
		special_add(ld, '\r');
	if (iflag(ld, LX_INLCR))
		special_add(ld, '\n');
	if (lflag(ld, LX_ICANON)) {
		static const int keys[] = { LX_VERASE, LX_VKILL, LX_VEOF, LX_VEOL };
		for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
			special_add(ld, cc(ld, keys[i]));
		special_add(ld, '\n');
		if (lflag(ld, LX_IEXTEN)) {
			special_add(ld, cc(ld, LX_VWERASE));
			special_add(ld, cc(ld, LX_VLNEXT));
			special_add(ld, cc(ld, LX_VEOL2));
			if (lflag(ld, LX_ECHO))
				special_add(ld, cc(ld, LX_VREPRINT));
		}
	}
	if (iflag(ld, LX_IXON)) {
		special_add(ld, cc(ld, LX_VSTART));
		special_add(ld, cc(ld, LX_VSTOP));
	}
	if (lflag(ld, LX_ISIG)) {
		special_add(ld, cc(ld, LX_VINTR));
		special_add(ld, cc(ld, LX_VQUIT));
		special_add(ld, cc(ld, LX_VSUSP));
	}
	ld->special[0] &= (uint8_t)~1u;	/* LX_VDISABLE matches nothing */
}

/* An ordinary byte: echoed and stored. */
static void receive_plain(struct ldisc *ld, uint8_t c)
{
	restart_on_any(ld);
	if (lflag(ld, LX_ECHO)) {
		finish_erasing(ld);
		echo_line_char(ld, c);
	}
	queue_char(ld, c);
}

static void receive_special(struct ldisc *ld, uint8_t c)
{
	if (iflag(ld, LX_IXON) && receive_flow(ld, c))
		return;
	if (lflag(ld, LX_ISIG) && receive_signal(ld, c))
		return;
	restart_on_any(ld);
	if (c == '\r') {
		if (iflag(ld, LX_IGNCR))
			return;
		if (iflag(ld, LX_ICRNL))
			c = '\n';
	} else if (c == '\n' && iflag(ld, LX_INLCR)) {
		c = '\r';
	}
	if (ld->icanon && receive_canon(ld, c))
		return;
	if (lflag(ld, LX_ECHO)) {
		finish_erasing(ld);
		if (c == '\n')
			echo_raw(ld, '\n');
		else
			echo_line_char(ld, c);
	}
	queue_char(ld, c);
}

static void receive_byte(struct ldisc *ld, uint8_t c)
{
	bool literal = ld->lnext;

	ld->lnext = false;
	if (iflag(ld, LX_ISTRIP))
		c &= 0x7f;
	if (iflag(ld, LX_IUCLC) && lflag(ld, LX_IEXTEN))
		c = lx_tolower(c);
	if (!literal && is_special(ld, c))
		receive_special(ld, c);
	else
		receive_plain(ld, c);
}

/* How many bytes receive may process now. With the buffer full and a
 * canonical line still being edited (no complete line to read), one at a
 * time, each first taking back the last stored byte. */
static size_t receive_room(struct ldisc *ld)
{
	long room = (long)(LDISC_BUF_SIZE - (ld->head - ld->tail));

	if (iflag(ld, LX_PARMRK))
		room = (room + 2) / 3;	/* a byte may be stored as three */
	room--;			/* room for a newline if ICANON comes on */
	if (room > 0)
		return (size_t)room;
	if (!ld->icanon || ld->canon_head != ld->tail)
		return 0;
	if (room < 0)
		ld->head--;
	return 1;
}

size_t ldisc_receive(struct ldisc *ld, const uint8_t *bytes, size_t n)
{
	size_t done = 0;

	while (done < n) {
		size_t room = receive_room(ld);
		if (room == 0)
			break;
		if (room > n - done)
			room = n - done;
		for (size_t i = 0; i < room; i++)
			receive_byte(ld, bytes[done + i]);
		done += room;
		echo_write(ld);
	}
	return done;
}

void ldisc_receive_break(struct ldisc *ld)
{
	if (iflag(ld, LX_IGNBRK))
		return;
	if (iflag(ld, LX_BRKINT)) {
		signal_raise(ld, LDISC_SIGINT);
		return;
	}
	if (iflag(ld, LX_PARMRK)) {
		queue_put(ld, 0xff);
		queue_put(ld, 0);
	}
	queue_put(ld, 0);
}

/* ---- reading ---------------------------------------------------------------------------- */

bool ldisc_read_ready(const struct ldisc *ld)
{
	size_t want = 1;

	if (ld->icanon)
		return ld->canon_head != ld->tail;
	if (cc(ld, LX_VTIME) == 0 && cc(ld, LX_VMIN) > 0)
		want = cc(ld, LX_VMIN);
	return ld->head - ld->tail >= want;
}

/* VMIN/VTIME: MIN=0 TIME=0 polls; MIN=0 TIME>0 waits TIME for a first byte;
 * MIN>0 TIME=0 waits for MIN bytes (or n); MIN>0 TIME>0 waits for a first
 * byte, then at most TIME between bytes. */
static enum ldisc_read_wait raw_policy(const struct ldisc *ld, size_t n, bool nonblock,
				       uint64_t *timeout_ns)
{
	size_t avail = ld->head - ld->tail;
	size_t min = cc(ld, LX_VMIN);
	uint64_t timer = (uint64_t)cc(ld, LX_VTIME) * LDISC_TIME_UNIT_NS;

	if (min == 0) {
		if (avail > 0 || timer == 0)
			return LDISC_READ_NOW;
		if (nonblock)
			return LDISC_READ_AGAIN;
		*timeout_ns = timer;
		return LDISC_READ_BLOCK;
	}
	if (avail >= (n < min ? n : min))
		return LDISC_READ_NOW;
	if (nonblock)
		return avail > 0 ? LDISC_READ_NOW : LDISC_READ_AGAIN;
	if (avail > 0)
		*timeout_ns = timer;
	return LDISC_READ_BLOCK;
}

enum ldisc_read_wait ldisc_read_policy(const struct ldisc *ld, size_t n, bool nonblock,
				       uint64_t *timeout_ns)
{
	*timeout_ns = 0;
	if (n == 0)
		return LDISC_READ_NOW;
	if (!ld->icanon)
		return raw_policy(ld, n, nonblock, timeout_ns);
	if (ld->canon_head != ld->tail)
		return LDISC_READ_NOW;
	return nonblock ? LDISC_READ_AGAIN : LDISC_READ_BLOCK;
}

/* One line at most: up to and with its end byte, an EOF push left out. */
static size_t canon_read(struct ldisc *ld, uint8_t *buf, size_t n, bool *eof)
{
	size_t span = ld->canon_head - ld->tail;
	size_t len = 0;

	if (span > n)
		span = n;
	while (len < span && !end_at(ld, ld->tail + len))
		len++;
	if (len < span) {
		size_t end = ld->tail + len;
		if (buf_at(ld, end) != EOF_PUSH)
			len++;
		copy_out(ld, buf, ld->tail, len);
		wipe_read(ld, ld->tail, end + 1 - ld->tail);
		end_mark(ld, end, false);
		ld->tail = end + 1;
		*eof = len == 0;
		return len;
	}
	copy_out(ld, buf, ld->tail, span);
	wipe_read(ld, ld->tail, span);
	ld->tail += span;
	/* the caller's buffer filled up just before an EOF push: it goes too */
	if (ld->tail != ld->canon_head && end_at(ld, ld->tail) && buf_at(ld, ld->tail) == EOF_PUSH) {
		end_mark(ld, ld->tail, false);
		ld->tail++;
	}
	return span;
}

size_t ldisc_read(struct ldisc *ld, uint8_t *buf, size_t n, bool *eof)
{
	size_t avail = ld->head - ld->tail;

	*eof = false;
	if (n == 0)
		return 0;
	if (ld->icanon)
		return canon_read(ld, buf, n, eof);
	if (n > avail)
		n = avail;
	copy_out(ld, buf, ld->tail, n);
	ld->tail += n;
	return n;
}

/* FIONREAD: canonical, the bytes of complete lines (EOF pushes not counted). */
size_t ldisc_bytes_available(const struct ldisc *ld)
{
	size_t n = 0;

	if (!ld->icanon)
		return ld->head - ld->tail;
	for (size_t i = ld->tail; i != ld->canon_head; i++)
		if (!end_at(ld, i) || buf_at(ld, i) != EOF_PUSH)
			n++;
	return n;
}

/* ---- writing and control ------------------------------------------------------------------ */

size_t ldisc_write(struct ldisc *ld, const uint8_t *buf, size_t n, ldisc_out_fn out,
		   void *out_ctx)
{
	struct out_stage o = { .fn = out, .ctx = out_ctx };

	if (ld->stopped)
		return 0;
	echo_write(ld);
	if (!oflag(ld, LX_OPOST)) {
		if (n && out)
			out(out_ctx, buf, n);
		return n;
	}
	for (size_t i = 0; i < n; i++)
		opost_byte(ld, &o, buf[i]);
	out_flush(&o);
	return n;
}

/* ICANON switched (n_tty_set_termios): going canonical, what is buffered
 * becomes one readable line, as if VEOF had been typed; going raw, the
 * edited line becomes readable too. */
static void relayout(struct ldisc *ld)
{
	memset(ld->line_end, 0, sizeof(ld->line_end));
	if (!lflag(ld, LX_ICANON) || ld->head == ld->tail) {
		ld->canon_head = ld->tail;
	} else {
		end_mark(ld, ld->head - 1, true);
		ld->canon_head = ld->head;
	}
	ld->erasing = false;
	ld->lnext = false;
}

int ldisc_set_termios(struct ldisc *ld, const struct lx_termios *t, int when)
{
	bool had_ixon = iflag(ld, LX_IXON);
	uint32_t changed = ld->termios.c_lflag ^ t->c_lflag;

	if (when != LX_TCSANOW && when != LX_TCSADRAIN && when != LX_TCSAFLUSH)
		return LDISC_EINVAL;
	if (when == LX_TCSAFLUSH)
		input_reset(ld);
	ld->termios = *t;
	if (changed & LX_ICANON)
		relayout(ld);
	ld->icanon = lflag(ld, LX_ICANON);
	special_compute(ld);
	if (had_ixon && !iflag(ld, LX_IXON))
		start_output(ld);	/* nothing could restart it any more */
	return LDISC_OK;
}

void ldisc_init(struct ldisc *ld, const struct ldisc_ops *ops)
{
	memset(ld, 0, sizeof(*ld));
	ld->ops = *ops;
	ld->termios.c_iflag = LX_TTY_STD_IFLAG;
	ld->termios.c_oflag = LX_TTY_STD_OFLAG;
	ld->termios.c_cflag = LX_TTY_STD_CFLAG;
	ld->termios.c_lflag = LX_TTY_STD_LFLAG;
	memcpy(ld->termios.c_cc, LX_INIT_C_CC, sizeof(LX_INIT_C_CC) - 1);
	ld->icanon = lflag(ld, LX_ICANON);
	special_compute(ld);
}

int ldisc_flush(struct ldisc *ld, int which)
{
	if (which != LX_TCIFLUSH && which != LX_TCOFLUSH && which != LX_TCIOFLUSH)
		return LDISC_EINVAL;
	if (which != LX_TCOFLUSH)
		input_reset(ld);
	if (which != LX_TCIFLUSH && ld->ops.flush_output)
		ld->ops.flush_output(ld->ops.ctx);
	return LDISC_OK;
}

static void send_control(struct ldisc *ld, uint8_t c)
{
	if (c != LX_VDISABLE && ld->ops.echo_out)
		ld->ops.echo_out(ld->ops.ctx, &c, 1);
}

int ldisc_flow(struct ldisc *ld, int action)
{
	switch (action) {
	case LX_TCOOFF:
		ld->tco_stopped = true;
		stop_output(ld);
		return LDISC_OK;
	case LX_TCOON:
		if (ld->tco_stopped) {
			ld->tco_stopped = false;
			start_output(ld);
		}
		return LDISC_OK;
	case LX_TCIOFF:
		send_control(ld, cc(ld, LX_VSTOP));
		return LDISC_OK;
	case LX_TCION:
		send_control(ld, cc(ld, LX_VSTART));
		return LDISC_OK;
	default:
		return LDISC_EINVAL;
	}
}

bool ldisc_output_stopped(const struct ldisc *ld)
{
	return ld->stopped;
}
