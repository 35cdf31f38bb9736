/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * console.c - the console terminal (/dev/console, /dev/tty, /dev/ttyS0) and
 * the random devices.
 *
 * The terminal is a line discipline (tty/ldisc.c) over a character stream:
 *   - with a `tty` route (cstream.idl, the driver framework's UART driver),
 *     output is written to the stream and a reader thread of unixd reads
 *     input from it and hands it to the receive loop as UNIX_LABEL_INPUT
 *     messages (so the loop never waits for the device);
 *   - without one, output goes to the kernel console (the component's
 *     `console com1`) and there is no input: reads wait for ever.
 * Job control: the terminal has a session and a foreground process group
 * (TIOCSCTTY, TIOCSPGRP); ^C ^Z ^\ signal the foreground group.
 *
 * /dev/random and /dev/urandom read unix_random (random.c: a ChaCha20
 * generator seeded from the `rng` route's entropy device, RDRAND and the
 * TSC); writes are taken and dropped, as Linux does for unprivileged
 * writers.
 */
#include "unixd.h"
#include "console.h"
#include "fd.h"
#include "exec.h"
#include "signal.h"
#include "ldisc.h"
#include "mm/mm.h"
#include "charstream_proto.h"
#include "cstream.h"

#define TTY_ROUTE      "tty"
#define TTY_STREAM_ARG "ttystream"      /* args: which stream to open (default com2) */
#define TTY_READ_TIMEOUT_US 1000000

struct tty {
	struct ldisc ld;
	int sid, pgrp;                  /* session and foreground group; 0: none */
	struct lx_winsize ws;
	struct urt_list readers;        /* parked reads (park.qlink) */
	dbt_slot_t stream;              /* cstream service, 0: kernel console */
	dbt_word_t handle;
	uint8_t pending[CSTREAM_IO_MAX];        /* input the ldisc could not take yet */
	size_t npending;
};

static struct tty console;
static dbt_slot_t input_ep;             /* the reader thread's badged endpoint */

/* ---- output ---- */

static void out_kernel(const uint8_t *b, size_t n)
{
	while (n) {
		size_t c = n < 512 ? n : 512;
		memcpy(dbt_mr(), b, c);
		dbt_debug_write_mrs(DBT_COMP_SLOT_CONSOLE, c);
		b += c, n -= c;
	}
}

static void out_stream(const uint8_t *b, size_t n)
{
	while (n) {
		size_t c = n < CSTREAM_IO_MAX ? n : CSTREAM_IO_MAX;
		dbt_word_t written;
		if (cstream_write(console.stream, console.handle, b, c, &written) || !written)
			return;
		b += written, n -= written;
	}
}

static void tty_out(void *ctx, const uint8_t *b, size_t n)
{
	(void)ctx;
	if (console.stream)
		out_stream(b, n);
	else
		out_kernel(b, n);
}

static void tty_signal(void *ctx, int sig)
{
	(void)ctx;
	if (console.pgrp > 0)
		signal_send_pgrp(console.pgrp, sig, NULL);
}

/* ---- input ---- */

static void tty_feed(void)
{
	size_t took = ldisc_receive(&console.ld, console.pending, console.npending);
	memmove(console.pending, console.pending + took, console.npending - took);
	console.npending -= took;
	wake_all(&console.readers);
}

/* The reader thread: bytes from the stream to the loop, 64 at a time. */
static void *tty_reader(void *arg)
{
	(void)arg;
	for (;;) {
		uint8_t buf[CSTREAM_IO_MAX];
		dbt_word_t n = 0;
		/* a short timeout: a read left behind by a killed unixd would take typed
		 * bytes until it times out (iokitd cannot tell the reader is gone) */
		if (cstream_read(console.stream, console.handle, 64, TTY_READ_TIMEOUT_US, buf, &n) || !n)
			continue;
		dbt_word_t tag = DBT_TAG(UNIX_LABEL_INPUT, 1 + (n + 7) / 8, 0);
		dbt_mr()[0] = n;
		memcpy(&dbt_mr()[1], buf, n);
		dbt_call(input_ep, &tag, DBT_TIMEOUT_NEVER, DBT_TIMEOUT_NEVER);
	}
	return NULL;
}

bool console_message(dbt_word_t label, const dbt_word_t *mr, dbt_word_t *reply_tag)
{
	*reply_tag = DBT_TAG(0, 0, 0);
	if (label == UNIX_LABEL_CONTROL) {
		char text[DBT_COMP_CONTROL_MAX];
		memcpy(text, mr, sizeof(text));
		text[sizeof(text) - 1] = 0;
		control_command(text);
		return true;
	}
	if (label != UNIX_LABEL_INPUT)
		return false;
	size_t n = mr[0];
	if (n > sizeof(console.pending) - console.npending)
		n = sizeof(console.pending) - console.npending;
	memcpy(console.pending + console.npending, &mr[1], n);
	console.npending += n;
	tty_feed();
	*reply_tag = DBT_TAG(0, 0, 0);
	return true;
}

static int stream_open(void)
{
	char name[CSTREAM_NAME_MAX];
	const char *s = urt_arg(TTY_STREAM_ARG, name, sizeof(name));
	dbt_word_t flags;
	console.stream = urt_service(TTY_ROUTE);
	if (!console.stream)
		return 0;
	if (cstream_open(console.stream, s ? s : "com2", strlen(s ? s : "com2"), &console.handle, &flags)) {
		uprintf("unixd: cannot open the terminal stream %s: console on com1\n", s ? s : "com2");
		console.stream = 0;
		return 0;
	}
	input_ep = urt_slot_alloc();
	urt_thread_t *th;
	if (!input_ep || dbt_cap_copy(unix_endpoint, input_ep, DBT_CAP_WRITE, UNIX_BADGE_INTERNAL) ||
	    urt_thread_create(&th, tty_reader, NULL, URT_PRIO_INHERIT))
		return -LX_ENOMEM;
	return 0;
}

/* ---- the terminal's file operations ---- */

/* With `bench=prompt` in unixd's args: the first read or poll of the
 * terminal - the login shell waiting at its first prompt - prints the time
 * stamp counter (under -icount, instructions and idle time since QEMU
 * started), the kernel's idle part of it and the kernel clock (ns since the
 * kernel started its timer) for BENCH unix_boot_to_prompt
 * (tests/bench/unix/unix.mk). */
static void tty_input_asked(void)
{
	static bool asked;
	char v[8];
	if (asked)
		return;
	asked = true;
	uint64_t tsc = tsc_read();
	if (urt_arg("bench", v, sizeof(v)) && !strcmp(v, "prompt"))
		uprintf("unixd: terminal input first asked for at tsc=%lu idle=%lu clock_ns=%lu\n",
		        tsc, dbt_stat(DBT_STAT_IDLE_TSC), dbt_clock_ns());
}

static int64_t tty_read(struct file *f, void *buf, size_t n, uint64_t *pos)
{
	(void)pos;
	tty_input_asked();
	uint64_t timeout;
	enum ldisc_read_wait w = ldisc_read_policy(&console.ld, n, f->flags & LX_O_NONBLOCK, &timeout);
	if (w == LDISC_READ_AGAIN || w == LDISC_READ_BLOCK)
		return -LX_EAGAIN;
	bool eof;
	size_t got = ldisc_read(&console.ld, buf, n, &eof);
	if (console.npending)
		tty_feed();
	return (int64_t)got;
}

static int64_t tty_write(struct file *f, const void *buf, size_t n, uint64_t *pos)
{
	(void)f, (void)pos;
	return (int64_t)ldisc_write(&console.ld, buf, n, tty_out, NULL);
}

/* /dev/tty is the caller's controlling terminal: ENXIO without one. */
static int tty_open(struct file *f)
{
	struct proc *p = unix_current ? unix_current->proc : NULL;
	if (f->inode->rdev == vfs_mkdev(5, 0) && p && (!console.sid || console.sid != p->sid))
		return -LX_ENXIO;
	return 0;
}

static struct urt_list *tty_wait_queue(struct file *f, bool write)
{
	(void)f, (void)write;
	return &console.readers;
}

static unsigned tty_poll(struct file *f)
{
	(void)f;
	tty_input_asked();
	return (ldisc_read_ready(&console.ld) ? 0x41 : 0) | 0x104;
}

static const struct file_ops tty_ops = { .open = tty_open, .read = tty_read, .write = tty_write,
                                         .poll = tty_poll, .wait_queue = tty_wait_queue };

bool console_is_tty(struct file *f)
{
	return f && f->ops == &tty_ops;
}

/* ioctl on the terminal, with p's memory for the argument. */
long console_ioctl(struct uthread *t, struct file *f, unsigned cmd, uint64_t arg)
{
	struct proc *p = t->proc;
	(void)f;
	switch (cmd) {
	case LX_TCGETS:
		return copy_out(p, arg, &console.ld.termios, sizeof(console.ld.termios));
	case LX_TCSETS: case LX_TCSETSW: case LX_TCSETSF: {
		struct lx_termios tio;
		int err = copy_in(p, &tio, arg, sizeof(tio));
		if (!err && ldisc_set_termios(&console.ld, &tio, (int)(cmd - LX_TCSETS)) < 0)
			err = -LX_EINVAL;
		return err;
	}
	case LX_TIOCGWINSZ:
		return copy_out(p, arg, &console.ws, sizeof(console.ws));
	case LX_TIOCSWINSZ:
		return copy_in(p, &console.ws, arg, sizeof(console.ws));
	case LX_TIOCGPGRP:
		return copy_out(p, arg, &console.pgrp, sizeof(int));
	case LX_TIOCSPGRP: {
		int pg;
		int err = copy_in(p, &pg, arg, sizeof(pg));
		if (err)
			return err;
		if (console.sid != p->sid)
			return -LX_ENOTTY;
		if (!pgrp_in_session(pg, p->sid))
			return pg < 0 ? -LX_EINVAL : -LX_EPERM;
		console.pgrp = pg;
		return 0;
	}
	case LX_TIOCGSID:
		return console.sid ? copy_out(p, arg, &console.sid, sizeof(int)) : -LX_ENOTTY;
	case LX_TIOCSCTTY:
		if (p->sid != p->pid || (console.sid && console.sid != p->sid && !arg))
			return -LX_EPERM;
		console.sid = p->sid;
		console.pgrp = p->pgid;
		return 0;
	case LX_TIOCNOTTY:
		if (console.sid != p->sid)
			return -LX_ENOTTY;
		if (p->sid == p->pid)
			console.sid = console.pgrp = 0;
		return 0;
	case LX_FIONREAD: {
		int n = (int)ldisc_bytes_available(&console.ld);
		return copy_out(p, arg, &n, sizeof(n));
	}
	case LX_TCFLSH:
		return ldisc_flush(&console.ld, (int)arg) < 0 ? -LX_EINVAL : 0;
	case LX_TCXONC:
		return ldisc_flow(&console.ld, (int)arg) < 0 ? -LX_EINVAL : 0;
	case LX_TCSBRK:
		return 0;
	}
	return -LX_ENOTTY;
}

/* A session leader's exit hangs the terminal up for its session. */
void console_session_gone(int sid)
{
	if (console.sid == sid) {
		if (console.pgrp > 0) {
			signal_send_pgrp(console.pgrp, LX_SIGHUP, NULL);
			signal_send_pgrp(console.pgrp, LX_SIGCONT, NULL);
		}
		console.sid = console.pgrp = 0;
	}
}

int console_fg_pgrp(void)
{
	return console.pgrp;
}

/* ---- random ---- */

static int64_t random_read(struct file *f, void *buf, size_t n, uint64_t *pos)
{
	(void)f, (void)pos;
	unix_random(buf, n);
	return (int64_t)n;
}

static int64_t random_write(struct file *f, const void *buf, size_t n, uint64_t *pos)
{
	(void)f, (void)buf, (void)pos;
	return (int64_t)n;
}

static const struct file_ops random_ops = { .read = random_read, .write = random_write };

int devices_init(void)
{
	static const struct ldisc_ops ops = { .echo_out = tty_out, .signal = tty_signal };
	ldisc_init(&console.ld, &ops);
	urt_list_init(&console.readers);
	console.ws = (struct lx_winsize){ .ws_row = 24, .ws_col = 80 };
	int err = vfs_chrdev_register(5, 0, &tty_ops);
	if (!err)
		err = vfs_chrdev_register(5, 1, &tty_ops);
	if (!err)
		err = vfs_chrdev_register(4, 64, &tty_ops);
	if (!err)
		err = vfs_chrdev_register(1, 8, &random_ops);
	if (!err)
		err = vfs_chrdev_register(1, 9, &random_ops);
	return err;
}

int console_init(void)
{
	return stream_open();
}
