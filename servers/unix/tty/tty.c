/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tty.c (unixd) - the generic terminal (tty.h): a line discipline with
 * Linux's job control over a transport.  The console and every pty slave
 * are struct ttys; their files share tty_fops, with f->priv the terminal.
 *
 * The controlling terminal is the terminal's side of Linux's relation: a
 * terminal knows the session it controls (tty->sid) and that session's
 * foreground group; a process's controlling terminal is the terminal whose
 * sid is its session (tty_of_session).  Setting it (TIOCSCTTY), giving it
 * up (TIOCNOTTY), a session leader's exit and a hangup follow
 * drivers/tty/tty_jobctrl.c: the errors in its order, SIGHUP and SIGCONT
 * to the same processes.
 *
 * A process outside the foreground group that reads its controlling
 * terminal gets SIGTTIN, one that changes it (or writes with TOSTOP)
 * SIGTTOU (tty_check_change, as n_tty's job_control).
 *
 * A hung-up terminal (its pty master closed) reads 0 and fails writes and
 * ioctls with EIO, as Linux's hung_up_tty_fops.
 */
#include "tty.h"
#include "signal.h"
#include "mm/mm.h"

#define POLL_IN		0x001
#define POLL_OUT	0x004
#define POLL_ERR	0x008
#define POLL_HUP	0x010
#define POLL_RDNORM	0x040
#define POLL_WRNORM	0x100

/* Output bytes one written byte may become (a tab expanded by XTABS): a
 * write to a driver with little room takes only what surely fits. */
#define TTY_EXPANSION_MAX 8

static struct tty *tty_list;

/* ---- the line discipline's callbacks ---- */

static void tty_out(void *ctx, const uint8_t *b, size_t n)
{
	struct tty *tty = ctx;
	tty->drv->write(tty, b, n);
}

static void tty_signal(void *ctx, int sig)
{
	struct tty *tty = ctx;
	if (tty->pgrp > 0)
		signal_send_pgrp(tty->pgrp, sig, NULL);
}

static void tty_flush_output(void *ctx)
{
	struct tty *tty = ctx;
	if (tty->drv->flush_output)
		tty->drv->flush_output(tty);
}

static void tty_flow(void *ctx, bool stopped)
{
	struct tty *tty = ctx;
	if (tty->drv->flow)
		tty->drv->flow(tty, stopped);
}

/* ---- terminals ---- */

void tty_init(struct tty *tty, const struct tty_driver *drv, void *drv_data, uint32_t rdev)
{
	const struct ldisc_ops ops = { .echo_out = tty_out, .signal = tty_signal,
	                               .flush_output = tty_flush_output, .flow = tty_flow,
	                               .ctx = tty };
	memset(tty, 0, sizeof(*tty));
	ldisc_init(&tty->ld, &ops);
	tty->drv = drv;
	tty->drv_data = drv_data;
	tty->rdev = rdev;
	urt_list_init(&tty->waitq);
	tty->next = tty_list;
	tty_list = tty;
}

void tty_remove(struct tty *tty)
{
	for (struct tty **pp = &tty_list; *pp; pp = &(*pp)->next)
		if (*pp == tty) {
			*pp = tty->next;
			return;
		}
}

static struct tty *tty_by_rdev(uint32_t rdev)
{
	for (struct tty *tty = tty_list; tty; tty = tty->next)
		if (tty->rdev == rdev || (tty->rdev_alias && tty->rdev_alias == rdev))
			return tty;
	return NULL;
}

struct tty *tty_of_session(int sid)
{
	for (struct tty *tty = tty_list; sid > 0 && tty; tty = tty->next)
		if (tty->sid == sid)
			return tty;
	return NULL;
}

size_t tty_receive(struct tty *tty, const uint8_t *b, size_t n)
{
	size_t took = ldisc_receive(&tty->ld, b, n);
	wake_all(&tty->waitq);
	return took;
}

/* tty_signal_session_leader: the leader of the session it controlled gets
 * SIGHUP and SIGCONT; the terminal controls nothing any more.  The state
 * changes first: a signal may end a process at once, and its exit close
 * files of this terminal (the caller holds the terminal for that). */
void tty_hangup(struct tty *tty)
{
	int sid = tty->sid;
	tty->sid = tty->pgrp = 0;
	tty->hung_up = true;
	wake_all(&tty->waitq);
	struct proc *leader = sid > 0 ? proc_by_pid(sid) : NULL;
	if (leader && leader->state == PROC_ALIVE && leader->sid == sid) {
		signal_send_proc(leader, LX_SIGHUP, NULL);
		signal_send_proc(leader, LX_SIGCONT, NULL);
	}
}

/* disassociate_ctty: the foreground group of the session's terminal gets
 * SIGHUP and SIGCONT, and the terminal is free (before the signals, which
 * may end processes that hold it). */
static void tty_disassociate(struct tty *tty)
{
	int pgrp = tty->pgrp;
	tty->sid = tty->pgrp = 0;
	if (pgrp > 0) {
		signal_send_pgrp(pgrp, LX_SIGHUP, NULL);
		signal_send_pgrp(pgrp, LX_SIGCONT, NULL);
	}
}

void tty_session_gone(int sid)
{
	struct tty *tty = tty_of_session(sid);
	if (tty)
		tty_disassociate(tty);
}

/* ---- job control ---- */

/* __tty_check_change: may the calling process read (SIGTTIN) or change
 * (SIGTTOU) its controlling terminal?  A process outside the foreground
 * group: 0 when it ignores or blocks SIGTTOU; -EIO when it does so for
 * SIGTTIN or its group is orphaned; else its group gets sig and the call
 * restarts when it continues (-ERESTARTSYS). */
static long tty_check_change(struct tty *tty, int sig)
{
	struct uthread *t = unix_current;
	struct proc *p = t ? t->proc : NULL;
	if (!p || tty_of_session(p->sid) != tty || !tty->pgrp || p->pgid == tty->pgrp)
		return 0;
	if (signal_ignored_by(t, sig))
		return sig == LX_SIGTTIN ? -LX_EIO : 0;
	if (pgrp_orphaned(p->pgid))
		return -LX_EIO;
	signal_send_pgrp(p->pgid, sig, NULL);
	return -LX_ERESTARTSYS;
}

/* ---- the files of a terminal ---- */

/* /dev/tty (TTY_DEV_CTTY) is the caller's controlling terminal (ENXIO without one);
 * any other number is the terminal registered with it. */
static int tty_open(struct file *f)
{
	struct proc *p = unix_current ? unix_current->proc : NULL;
	struct tty *tty;
	if (f->inode->rdev == TTY_DEV_CTTY)
		tty = p ? tty_of_session(p->sid) : tty_by_rdev(TTY_DEV_CONSOLE);
	else
		tty = tty_by_rdev(f->inode->rdev);
	if (!tty)
		return -LX_ENXIO;
	int err = tty->drv->open ? tty->drv->open(tty) : 0;
	if (!err)
		f->priv = tty;
	return err;
}

void tty_open_ctty(struct proc *p, struct file *f)
{
	uint32_t acc = f->flags & LX_O_ACCMODE;
	if (f->ops != &tty_fops || f->inode->rdev == TTY_DEV_CTTY ||
	    f->inode->rdev == TTY_DEV_CONSOLE || acc == LX_O_WRONLY)
		return;
	struct tty *tty = f->priv;
	if (p->sid == p->pid && !tty_of_session(p->sid) && !tty->sid && !tty->hung_up) {
		tty->sid = p->sid;
		tty->pgrp = p->pgid;
	}
}

static void tty_release(struct file *f)
{
	struct tty *tty = f->priv;
	if (tty->drv->close)
		tty->drv->close(tty);
}

static int64_t tty_read(struct file *f, void *buf, size_t n, uint64_t *pos)
{
	struct tty *tty = f->priv;
	uint64_t timeout;
	bool eof;
	(void)pos;
	if (tty->drv->reading)
		tty->drv->reading(tty);
	if (tty->hung_up)       /* a read that waited fails, as n_tty_read's TTY_OTHER_CLOSED */
		return unix_current && unix_current->park.wake_reason != PARK_NONE ? -LX_EIO : 0;
	long bg = tty_check_change(tty, LX_SIGTTIN);
	if (bg)
		return bg;
	enum ldisc_read_wait w = ldisc_read_policy(&tty->ld, n, f->flags & LX_O_NONBLOCK, &timeout);
	bool timed_out = unix_current && unix_current->park.wake_reason == PARK_TIMEOUT;
	if (w == LDISC_READ_AGAIN || (w == LDISC_READ_BLOCK && !(timed_out && timeout))) {
		tty->read_timeout = w == LDISC_READ_BLOCK ? timeout : 0;
		return -LX_EAGAIN;      /* wait: for input, and VTIME at most (tty_wait_timeout) */
	}
	size_t got = ldisc_read(&tty->ld, buf, n, &eof);
	if (tty->drv->unthrottle)
		tty->drv->unthrottle(tty);
	return (int64_t)got;
}

static int64_t tty_write(struct file *f, const void *buf, size_t n, uint64_t *pos)
{
	struct tty *tty = f->priv;
	(void)pos;
	if (tty->hung_up)
		return -LX_EIO;
	if (tty->ld.termios.c_lflag & LX_TOSTOP) {
		long bg = tty_check_change(tty, LX_SIGTTOU);
		if (bg)
			return bg;
	}
	if (tty->drv->write_room) {
		size_t room = tty->drv->write_room(tty) / TTY_EXPANSION_MAX;
		if (n > room)
			n = room;
		if (!n)
			return -LX_EAGAIN;
	}
	size_t put = ldisc_write(&tty->ld, buf, n, tty_out, tty);
	return put || !n ? (int64_t)put : -LX_EAGAIN;   /* output stopped (^S): wait */
}

static unsigned tty_poll(struct file *f)
{
	struct tty *tty = f->priv;
	if (tty->drv->reading)
		tty->drv->reading(tty);
	if (tty->hung_up)
		return POLL_IN | POLL_OUT | POLL_ERR | POLL_HUP | POLL_RDNORM | POLL_WRNORM;
	unsigned m = ldisc_read_ready(&tty->ld) ? POLL_IN | POLL_RDNORM : 0;
	if (!tty->drv->write_room || tty->drv->write_room(tty) >= TTY_EXPANSION_MAX)
		m |= POLL_OUT | POLL_WRNORM;
	return m;
}

static struct urt_list *tty_wait_queue(struct file *f, bool write)
{
	struct tty *tty = f->priv;
	(void)write;
	return &tty->waitq;
}

static uint64_t tty_wait_timeout(struct file *f)
{
	struct tty *tty = f->priv;
	return tty->read_timeout;
}

const struct file_ops tty_fops = { .open = tty_open, .read = tty_read, .write = tty_write,
                                   .poll = tty_poll, .wait_queue = tty_wait_queue,
                                   .wait_timeout = tty_wait_timeout, .release = tty_release };

bool tty_file(struct file *f)
{
	return f && (f->ops == &tty_fops || pty_master_slave(f));
}

/* ---- ioctl ---- */

/* termios, window size, queues: the same on a terminal and its pty master */
/* the calls that change a terminal: a background caller gets SIGTTOU first */
static bool tty_changes(unsigned cmd)
{
	return cmd == LX_TCSETS || cmd == LX_TCSETSW || cmd == LX_TCSETSF || cmd == LX_TCFLSH ||
	       cmd == LX_TCXONC || cmd == LX_TCSBRK;
}

static long tty_mode_ioctl(struct proc *p, struct tty *tty, unsigned cmd, uint64_t arg)
{
	long bg = tty_changes(cmd) ? tty_check_change(tty, LX_SIGTTOU) : 0;
	if (bg)
		return bg;
	switch (cmd) {
	case LX_TCGETS:
		return copy_out(p, arg, &tty->ld.termios, sizeof(tty->ld.termios));
	case LX_TCSETS: case LX_TCSETSW: case LX_TCSETSF: {
		struct lx_termios tio, old = tty->ld.termios;
		int err = copy_in(p, &tio, arg, sizeof(tio));
		if (!err && ldisc_set_termios(&tty->ld, &tio, (int)(cmd - LX_TCSETS)) < 0)
			err = -LX_EINVAL;
		if (!err && tty->drv->termios_changed)
			tty->drv->termios_changed(tty, &old);
		wake_all(&tty->waitq);          /* a read may proceed under the new modes */
		return err;
	}
	case LX_TIOCGWINSZ:
		return copy_out(p, arg, &tty->ws, sizeof(tty->ws));
	case LX_TIOCSWINSZ: {
		struct lx_winsize ws;
		int err = copy_in(p, &ws, arg, sizeof(ws));
		if (!err && memcmp(&ws, &tty->ws, sizeof(ws))) {
			tty->ws = ws;
			if (tty->pgrp > 0)
				signal_send_pgrp(tty->pgrp, LX_SIGWINCH, NULL);
		}
		return err;
	}
	case LX_TCFLSH:
		return ldisc_flush(&tty->ld, (int)arg) < 0 ? -LX_EINVAL : 0;
	case LX_TCXONC: {
		int r = ldisc_flow(&tty->ld, (int)arg);
		wake_all(&tty->waitq);
		return r < 0 ? -LX_EINVAL : 0;
	}
	case LX_TCSBRK:
		return 0;
	case LX_TIOCGETD: {
		int ldisc_n_tty = 0;
		return copy_out(p, arg, &ldisc_n_tty, sizeof(int));
	}
	}
	return TTY_NOIOCTL;
}

static bool pgrp_exists(int pgrp)
{
	for (struct proc *q = proc_next(NULL); q; q = proc_next(q))
		if (q->pgid == pgrp)
			return true;
	return false;
}

/* tiocspgrp */
static long tty_set_pgrp(struct proc *p, struct tty *tty, uint64_t arg)
{
	int pg;
	long bg = tty_check_change(tty, LX_SIGTTOU);
	if (bg)
		return bg == -LX_EIO ? -LX_ENOTTY : bg;
	if (tty_of_session(p->sid) != tty)
		return -LX_ENOTTY;
	if (copy_in(p, &pg, arg, sizeof(pg)))
		return -LX_EFAULT;
	if (pg < 0)
		return -LX_EINVAL;
	if (!pgrp_exists(pg))
		return -LX_ESRCH;
	if (!pgrp_in_session(pg, p->sid))
		return -LX_EPERM;
	tty->pgrp = pg;
	return 0;
}

/* tiocsctty: arg 1 lets root take a terminal another session controls */
static long tty_set_ctty(struct proc *p, struct tty *tty, uint64_t arg)
{
	bool leader = p->sid == p->pid;
	if (leader && tty->sid == p->sid)
		return 0;
	if (!leader || tty_of_session(p->sid))
		return -LX_EPERM;
	if (tty->sid && !(arg == 1 && p->cred.euid == 0))
		return -LX_EPERM;
	tty->sid = p->sid;
	tty->pgrp = p->pgid;
	return 0;
}

/* the job-control calls; master: asked through a pty master (tty its slave) */
static long tty_job_ioctl(struct proc *p, struct tty *tty, bool master, unsigned cmd, uint64_t arg)
{
	bool ctty = tty_of_session(p->sid) == tty;
	switch (cmd) {
	case LX_TIOCGPGRP:
		if (!master && !ctty)
			return -LX_ENOTTY;
		return copy_out(p, arg, &tty->pgrp, sizeof(int));
	case LX_TIOCSPGRP:
		return tty_set_pgrp(p, tty, arg);
	case LX_TIOCGSID:
		if ((!master && !ctty) || !tty->sid)
			return -LX_ENOTTY;
		return copy_out(p, arg, &tty->sid, sizeof(int));
	case LX_TIOCSCTTY:
		return tty_set_ctty(p, tty, arg);
	case LX_TIOCNOTTY:
		if (master || !ctty)
			return -LX_ENOTTY;
		if (p->sid == p->pid)
			tty_disassociate(tty);
		return 0;
	case LX_FIONREAD: {
		int n = (int)ldisc_bytes_available(&tty->ld);
		return copy_out(p, arg, &n, sizeof(n));
	}
	}
	return TTY_NOIOCTL;
}

long tty_ioctl(struct uthread *t, struct file *f, unsigned cmd, uint64_t arg)
{
	struct tty *tty = pty_master_slave(f);
	bool master = tty != NULL;
	long r = TTY_NOIOCTL;
	if (master)
		r = pty_ioctl(t, f, cmd, arg);
	else if ((tty = f->priv)->hung_up)
		r = cmd == LX_TIOCSPGRP ? -LX_ENOTTY : -LX_EIO;
	else if (cmd == LX_TIOCGPTPEER)
		r = -LX_EIO;            /* ptm_open_peer: not a master */
	if (r == TTY_NOIOCTL)
		r = tty_mode_ioctl(t->proc, tty, cmd, arg);
	if (r == TTY_NOIOCTL)
		r = tty_job_ioctl(t->proc, tty, master, cmd, arg);
	return r == TTY_NOIOCTL ? -LX_ENOTTY : r;
}
