/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * console.c - the console terminal (/dev/console, /dev/ttyS0; /dev/tty when
 * it is the caller's controlling terminal) and the random devices.
 *
 * The console is a struct tty (tty/tty.c: the line discipline, termios and
 * job control) whose transport is a character stream:
 *   - with a `tty` route (cstream.idl, the driver framework's UART driver),
 *     output is written to the stream and a reader thread of unixd reads
 *     input from it and hands it to the receive loop as UNIX_LABEL_INPUT
 *     messages (so the loop never waits for the device);
 *   - without one, output goes to the kernel console (the component's
 *     `console com1`) and there is no input: reads wait for ever.
 *
 * /dev/random and /dev/urandom read unix_random (random.c: a ChaCha20
 * generator seeded from the `rng` route's entropy device, RDRAND and the
 * TSC); writes are taken and dropped, as Linux does for unprivileged
 * writers.
 */
#include "unixd.h"
#include "console.h"
#include "exec.h"
#include "tty.h"
#include "charstream_proto.h"
#include "cstream.h"

#define TTY_ROUTE      "tty"
#define TTY_STREAM_ARG "ttystream"      /* args: which stream to open (default com2) */
#define TTY_READ_TIMEOUT_US 1000000
#define CONSOLE_ROWS 24
#define CONSOLE_COLS 80

/* The console's transport. */
static struct {
	dbt_slot_t stream;              /* cstream service, 0: kernel console */
	dbt_word_t handle;
	uint8_t pending[CSTREAM_IO_MAX];        /* input the ldisc could not take yet */
	size_t npending;
} con;

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
		if (cstream_write(con.stream, con.handle, b, c, &written) || !written)
			return;
		b += written, n -= written;
	}
}

static void console_write(struct tty *tty, const uint8_t *b, size_t n)
{
	(void)tty;
	if (con.stream)
		out_stream(b, n);
	else
		out_kernel(b, n);
}

/* ---- input ---- */

/* Offer the held-back input to the line discipline again (after a read). */
static void console_feed(struct tty *tty)
{
	size_t took = tty_receive(tty, con.pending, con.npending);
	memmove(con.pending, con.pending + took, con.npending - took);
	con.npending -= took;
}

static void console_unthrottle(struct tty *tty)
{
	if (con.npending)
		console_feed(tty);
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
		if (cstream_read(con.stream, con.handle, 64, TTY_READ_TIMEOUT_US, buf, &n) || !n)
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
	if (n > sizeof(con.pending) - con.npending)
		n = sizeof(con.pending) - con.npending;
	memcpy(con.pending + con.npending, &mr[1], n);
	con.npending += n;
	console_feed(&console);
	return true;
}

static int stream_open(void)
{
	char name[CSTREAM_NAME_MAX];
	const char *s = urt_arg(TTY_STREAM_ARG, name, sizeof(name));
	dbt_word_t flags;
	con.stream = urt_service(TTY_ROUTE);
	if (!con.stream)
		return 0;
	if (cstream_open(con.stream, s ? s : "com2", strlen(s ? s : "com2"), &con.handle, &flags)) {
		uprintf("unixd: cannot open the terminal stream %s: console on com1\n", s ? s : "com2");
		con.stream = 0;
		return 0;
	}
	input_ep = urt_slot_alloc();
	urt_thread_t *th;
	if (!input_ep || dbt_cap_copy(unix_endpoint, input_ep, DBT_CAP_WRITE, UNIX_BADGE_INTERNAL) ||
	    urt_thread_create(&th, tty_reader, NULL, URT_PRIO_INHERIT))
		return -LX_ENOMEM;
	return 0;
}

/* With `bench=prompt` in unixd's args: the first read or poll of the
 * terminal - the login shell waiting at its first prompt - prints the time
 * stamp counter (under -icount, instructions and idle time since QEMU
 * started), the kernel's idle part of it and the kernel clock (ns since the
 * kernel started its timer) for BENCH unix_boot_to_prompt
 * (tests/bench/unix/unix.mk). */
static void console_reading(struct tty *tty)
{
	static bool asked;
	char v[8];
	(void)tty;
	if (asked)
		return;
	asked = true;
	uint64_t tsc = tsc_read();
	if (urt_arg("bench", v, sizeof(v)) && !strcmp(v, "prompt"))
		uprintf("unixd: terminal input first asked for at tsc=%lu idle=%lu clock_ns=%lu\n",
		        tsc, dbt_stat(DBT_STAT_IDLE_TSC), dbt_clock_ns());
}

/* A session leader's exit: its terminal's foreground group is hung up. */
void console_session_gone(int sid)
{
	tty_session_gone(sid);
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
	static const struct tty_driver console_driver = {
		.write = console_write, .unthrottle = console_unthrottle, .reading = console_reading,
	};
	tty_init(&console, &console_driver, NULL, TTY_DEV_CONSOLE);
	console.rdev_alias = vfs_mkdev(SERIAL_MAJOR, SERIAL_MINOR_TTYS0);
	console.ws = (struct lx_winsize){ .ws_row = CONSOLE_ROWS, .ws_col = CONSOLE_COLS };
	int err = vfs_chrdev_register(TTYAUX_MAJOR, TTY_MINOR_CTTY, &tty_fops);
	if (!err)
		err = vfs_chrdev_register(TTYAUX_MAJOR, TTY_MINOR_CONSOLE, &tty_fops);
	if (!err)
		err = vfs_chrdev_register(SERIAL_MAJOR, SERIAL_MINOR_TTYS0, &tty_fops);
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
