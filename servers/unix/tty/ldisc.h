/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ldisc.h (unixd) - the terminal line discipline: what Linux's N_TTY does
 * between a character device and the processes that read and write it.
 *
 * The server owns one struct ldisc per terminal and calls it from its
 * receive loop; the line discipline never blocks, never allocates and never
 * calls the server except through the callbacks in struct ldisc_ops.
 *
 *   ldisc_init              a fresh terminal: tty_std_termios, empty buffers
 *   ldisc_receive           bytes typed at the device: input mapping, signals,
 *                           line editing, echo (returns how many it took)
 *   ldisc_receive_break     a break condition on the line (IGNBRK, BRKINT)
 *   ldisc_read_ready        poll(): would a read find data
 *   ldisc_read_policy       how a read(2) of n bytes proceeds now: read,
 *                           wait (with or without a timeout), or EAGAIN
 *   ldisc_read              take input: one line at most when canonical
 *   ldisc_bytes_available   FIONREAD
 *   ldisc_write             output processing (OPOST and friends)
 *   ldisc_set_termios       TCSETS/TCSETSW/TCSETSF (the server drains output
 *                           first for the last two)
 *   ldisc_flush             TCFLSH
 *   ldisc_flow              TCXONC
 *   ldisc_output_stopped    output is suspended (IXON ^S or TCOOFF)
 *
 * Waiting is the server's: a read that must wait keeps its caller's reply
 * and asks ldisc_read_policy again after each ldisc_receive (and when its
 * timer fires). Behaviour follows drivers/tty/n_tty.c; tests/host/unixtty
 * compares it with a real Linux pty.
 */
#ifndef UNIXD_TTY_LDISC_H
#define UNIXD_TTY_LDISC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "lx_termios.h"

#define LDISC_BUF_SIZE		4096	/* input bytes, as N_TTY_BUF_SIZE */
#define LDISC_ECHO_SIZE		1024	/* echo operations held while output is stopped */
#define LDISC_ECHO_COMMIT	256	/* pending echo operations written out at once */
#define LDISC_OUT_CHUNK		64	/* bytes handed to an output callback at once */
#define LDISC_TIME_UNIT_NS	100000000ull	/* VTIME counts tenths of a second */

_Static_assert((LDISC_BUF_SIZE & (LDISC_BUF_SIZE - 1)) == 0, "ring size is a power of two");
_Static_assert((LDISC_ECHO_SIZE & (LDISC_ECHO_SIZE - 1)) == 0, "ring size is a power of two");

/* Linux x86-64 signal numbers the line discipline sends */
#define LDISC_SIGINT	2
#define LDISC_SIGQUIT	3
#define LDISC_SIGTSTP	20

enum ldisc_err {
	LDISC_OK = 0,
	LDISC_EINVAL = -1,	/* an argument out of range: the server answers EINVAL */
};

/* How a read proceeds, from ldisc_read_policy. */
enum ldisc_read_wait {
	LDISC_READ_NOW,		/* call ldisc_read now (it may return 0: EOF or no data) */
	LDISC_READ_BLOCK,	/* wait for input (and at most *timeout_ns if not 0), then
				   ask again; when the timeout fires, call ldisc_read */
	LDISC_READ_AGAIN,	/* non-blocking read with nothing to return: EAGAIN */
};

/* Writes bytes to the device; always takes them all. */
typedef void (*ldisc_out_fn)(void *ctx, const uint8_t *bytes, size_t n);

/* The server's side; called from inside ldisc_* calls, so a callback must
 * not call back into the same line discipline. */
struct ldisc_ops {
	ldisc_out_fn echo_out;			/* echo and flow-control bytes */
	void (*signal)(void *ctx, int sig);	/* to the foreground process group */
	void (*flush_output)(void *ctx);	/* drop output queued for the device
						   (ISIG without NOFLSH, TCOFLUSH); may be NULL */
	void (*flow)(void *ctx, bool stopped);	/* output stopped (VSTOP, TCOOFF) or
						   started again; may be NULL */
	void *ctx;
};

/*
 * One terminal's line discipline. The server reads termios (TCGETS) but
 * changes it only through ldisc_set_termios; everything else is private.
 *
 * Input ring: bytes [tail, head) are buffered; indices only grow and are
 * masked on use. In canonical mode [tail, canon_head) holds complete lines,
 * each ending at a byte whose line_end bit is set (an EOF push is a 0 byte
 * with the bit set, dropped by read); [canon_head, head) is the line being
 * edited. In non-canonical mode all of [tail, head) is readable.
 */
struct ldisc {
	struct lx_termios termios;
	struct ldisc_ops ops;

	uint8_t buf[LDISC_BUF_SIZE];
	uint8_t line_end[LDISC_BUF_SIZE / 8];	/* bit per buf byte */
	size_t head, canon_head, tail;
	uint8_t special[256 / 8];	/* bytes receive must look at (termios-derived) */
	bool icanon;			/* ICANON as the buffer was laid out */
	bool lnext;			/* the next byte is taken literally */
	bool erasing;			/* inside an ECHOPRT \...\ erase */

	/* echo operations not yet written: [echo_tail, echo_head) */
	uint16_t echo[LDISC_ECHO_SIZE];
	size_t echo_head, echo_tail;

	unsigned column;		/* device cursor column after all output so far */
	unsigned canon_column;		/* column where the edited line began */
	bool stopped;			/* output suspended */
	bool tco_stopped;		/* ... by TCOOFF (only TCOON resumes) */
};

void ldisc_init(struct ldisc *ld, const struct ldisc_ops *ops);

/* Processes up to n bytes typed at the device and returns how many it
 * took: fewer only when the input buffer is full (the server keeps the rest
 * and offers it again after a read). */
size_t ldisc_receive(struct ldisc *ld, const uint8_t *bytes, size_t n);
void ldisc_receive_break(struct ldisc *ld);

bool ldisc_read_ready(const struct ldisc *ld);
enum ldisc_read_wait ldisc_read_policy(const struct ldisc *ld, size_t n, bool nonblock,
				       uint64_t *timeout_ns);
/* Copies at most n bytes; *eof is set when a canonical read met an EOF
 * (VEOF at the start of a line): the result is 0 and read(2) returns 0. */
size_t ldisc_read(struct ldisc *ld, uint8_t *buf, size_t n, bool *eof);
size_t ldisc_bytes_available(const struct ldisc *ld);

/* Output-processes buf to out; returns the bytes taken: n, or 0 while
 * output is stopped (the server waits for ldisc_output_stopped to clear). */
size_t ldisc_write(struct ldisc *ld, const uint8_t *buf, size_t n, ldisc_out_fn out,
		   void *out_ctx);

int ldisc_set_termios(struct ldisc *ld, const struct lx_termios *t, int when);
int ldisc_flush(struct ldisc *ld, int which);
int ldisc_flow(struct ldisc *ld, int action);
bool ldisc_output_stopped(const struct ldisc *ld);

#endif
