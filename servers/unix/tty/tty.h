/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tty.h (unixd) - a terminal: the line discipline (ldisc.c) with Linux's
 * job control, as one object over a transport (struct tty_driver).  The
 * console (console.c: the UART stream) and each pseudo-terminal's slave
 * (pty.c: the master's buffer) are instances; what a terminal does for the
 * processes that use it - read, write, poll, the termios and job-control
 * ioctls, the controlling terminal of a session, SIGHUP on hangup - is
 * here, once.
 *
 *   tty_init / tty_remove   a terminal joins / leaves the list of terminals
 *   tty_receive             bytes from the transport (typed, or written to a
 *                           pty master) into the line discipline
 *   tty_hangup              the transport is gone (a pty master closed)
 *   tty_session_gone        a session leader exited: its terminal's
 *                           foreground group gets SIGHUP and SIGCONT
 *   tty_fops                the file operations of a terminal's files;
 *                           f->priv is the struct tty
 *   tty_file, tty_ioctl     ioctl(2) on a terminal or a pty master
 *
 * Concurrency: none; unixd's one loop calls everything.  A read or write
 * that must wait returns -EAGAIN and the caller parks on tty->waitq, which
 * every change of the terminal's state wakes (and pollers with it).
 */
#ifndef UNIXD_TTY_TTY_H
#define UNIXD_TTY_TTY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "unixd.h"
#include "ldisc.h"

struct tty;

/* Linux's numbers of the terminals unixd has */
#define TTYAUX_MAJOR		5
#define TTY_MINOR_CTTY		0	/* /dev/tty: the caller's controlling terminal */
#define TTY_MINOR_CONSOLE	1	/* /dev/console */
#define TTY_MINOR_PTMX		2	/* /dev/ptmx */
#define SERIAL_MAJOR		4
#define SERIAL_MINOR_TTYS0	64	/* /dev/ttyS0 */
#define TTY_DEV_CTTY		vfs_mkdev(TTYAUX_MAJOR, TTY_MINOR_CTTY)
#define TTY_DEV_CONSOLE		vfs_mkdev(TTYAUX_MAJOR, TTY_MINOR_CONSOLE)

/* The transport under a terminal. */
struct tty_driver {
	/* output bytes (written, echoed); takes all of them */
	void (*write)(struct tty *tty, const uint8_t *b, size_t n);
	/* bytes the output can take now; NULL: any number (never waits) */
	size_t (*write_room)(struct tty *tty);
	/* drop output not yet sent (TCOFLUSH, ISIG); may be NULL */
	void (*flush_output)(struct tty *tty);
	/* a read made room in the input: offer held-back input again; may be NULL */
	void (*unthrottle)(struct tty *tty);
	/* a process asks for input (read, poll); may be NULL */
	void (*reading)(struct tty *tty);
	/* a file opens (0 or -errno: refused) or closes the terminal; may be NULL */
	int (*open)(struct tty *tty);
	void (*close)(struct tty *tty);
	/* output stopped (VSTOP, TCOOFF) or started again; may be NULL */
	void (*flow)(struct tty *tty, bool stopped);
	/* the termios changed from old (TCSETS*); may be NULL */
	void (*termios_changed)(struct tty *tty, const struct lx_termios *old);
};

/* One terminal.  The fields are tty.c's except drv_data (the driver's). */
struct tty {
	struct ldisc ld;
	const struct tty_driver *drv;
	void *drv_data;
	uint32_t rdev, rdev_alias;	/* the device numbers that open it (alias 0: none) */
	int sid, pgrp;			/* session it controls and its foreground group; 0: none */
	struct lx_winsize ws;
	struct urt_list waitq;		/* parked reads and writes of it and its driver */
	bool hung_up;			/* reads 0, writes EIO (vhangup) */
	uint64_t read_timeout;		/* VTIME of the read that just asked to wait (ns) */
	struct tty *next;		/* tty_list */
};

extern const struct file_ops tty_fops;

/* A fresh terminal of drv with Linux's default termios, in the list. */
void tty_init(struct tty *tty, const struct tty_driver *drv, void *drv_data, uint32_t rdev);
void tty_remove(struct tty *tty);
/* Input from the transport; returns the bytes taken (fewer when the buffer is full). */
size_t tty_receive(struct tty *tty, const uint8_t *b, size_t n);
void tty_hangup(struct tty *tty);
void tty_session_gone(int sid);
/* The terminal whose session is sid, or NULL. */
struct tty *tty_of_session(int sid);
/* open(2) of f without O_NOCTTY by p (tty_open_proc_set_tty): a session
 * leader without a controlling terminal, reading, takes f's terminal if no
 * session has it; not through /dev/tty or /dev/console.  Any f may be given. */
void tty_open_ctty(struct proc *p, struct file *f);
/* A terminal (tty_fops) or a pty master: ioctl(2) goes to tty_ioctl. */
bool tty_file(struct file *f);
long tty_ioctl(struct uthread *t, struct file *f, unsigned cmd, uint64_t arg);

/* ---- pty.c: pseudo-terminals and devpts ---- */

#define PTY_MAJOR_SLAVE	136		/* /dev/pts/N is 136:N */
#define PTY_MAX		256		/* pairs at once (unixd's memory: about 14 KiB each) */

extern const struct file_ops ptm_fops;	/* a master (/dev/ptmx, /dev/pts/ptmx) */
/* The slave of a master file, or NULL if f is not one. */
struct tty *pty_master_slave(struct file *f);
/* ioctls of the master only (TIOCGPTN, TIOCSPTLCK, ...); TTY_NOIOCTL when not one */
long pty_ioctl(struct uthread *t, struct file *f, unsigned cmd, uint64_t arg);
/* The devpts file system (mount it at /dev/pts) and /dev/ptmx's driver. */
int pty_init(struct vfs_sb **devpts);

#define TTY_NOIOCTL	(-515L)		/* Linux's ENOIOCTLCMD: not this layer's command */

#endif
