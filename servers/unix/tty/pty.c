/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * pty.c (unixd) - Unix 98 pseudo-terminals: /dev/ptmx and the devpts file
 * system at /dev/pts, as drivers/tty/pty.c and fs/devpts.
 *
 * Opening /dev/ptmx (5:2) makes a pair: a master (this file's ptm_fops,
 * f->priv the struct pty) and a slave, /dev/pts/N (136:N), which is a
 * struct tty (tty.c) whose transport is the pair's buffer.  Bytes written
 * to the master are the slave's input (tty_receive: canonical mode, echo,
 * ^C to the slave's foreground group); the slave's output and echo wait in
 * pty.out until the master reads them.  Linux's rules:
 *   - the slave is locked until TIOCSPTLCK 0 (unlockpt): opening it is EIO;
 *   - TIOCGPTN gives N (ptsname), TIOCGPTPEER opens the slave by its file;
 *   - termios, window size (TIOCSWINSZ: SIGWINCH) and the job-control calls
 *     on the master act on the slave;
 *   - when the last slave file closes, the master reads what is left, then
 *     EIO, and polls POLLHUP; when the master closes, /dev/pts/N goes and
 *     the slave is hung up (tty_hangup: SIGHUP to its session's leader,
 *     reads 0, writes EIO);
 *   - packet mode (TIOCPKT): each master read starts with a status byte
 *     (TIOCPKT_DATA, or the status bits alone: FLUSHWRITE, STOP and START
 *     as the slave's output stops and starts, NOSTOP and DOSTOP as its
 *     ^S/^Q flow control goes off and on: Linux's pty_stop, pty_start and
 *     pty_set_termios).
 * devpts is a ramfs whose root refuses new names (EPERM, as devpts): only
 * this file makes and removes /dev/pts/N, owned by the opener of ptmx, group
 * tty (5), mode 0620 (Debian's gid=5,mode=620,ptmxmode=000).
 */
#include "tty.h"
#include "fd.h"
#include "fmt.h"
#include "lx_mount.h"
#include "mm/mm.h"

#define PTY_BUF_SIZE	8192		/* slave output the master has not read */
#define DEVPTS_DEV	vfs_mkdev(0, 20)
#define DEVPTS_GID	5		/* group tty */
#define DEVPTS_MODE	0620
#define PTMX_NODE_MODE	0000
#define DEVPTS_SUPER_MAGIC 0x1cd1

#define TIOCPKT_DATA	0
#define TIOCPKT_FLUSHWRITE 2
#define TIOCPKT_STOP	4
#define TIOCPKT_START	8
#define TIOCPKT_NOSTOP	16
#define TIOCPKT_DOSTOP	32

_Static_assert((PTY_BUF_SIZE & (PTY_BUF_SIZE - 1)) == 0, "ring size is a power of two");

struct pty {
	struct tty slave;
	uint8_t out[PTY_BUF_SIZE];	/* ring: [out_tail, out_head), indices only grow */
	size_t out_head, out_tail;
	unsigned index;			/* N */
	unsigned slave_opens;		/* open files of the slave (/dev/pts/N, /dev/tty) */
	bool master_open;
	bool other_closed;		/* the slave was opened and is closed again */
	bool locked;			/* TIOCSPTLCK */
	bool packet;			/* TIOCPKT */
	uint8_t pkt_status;		/* TIOCPKT_FLUSH* not yet read */
	struct inode *node;		/* /dev/pts/N while the master is open (a reference) */
};

static struct pty *ptys[PTY_MAX];
static struct vfs_sb *devpts;
static const struct inode_ops *devpts_base;	/* the ramfs ops devpts's root hides */
static struct inode_ops devpts_root_ops;
static const struct vfs_sb_ops *devpts_base_sops;
static struct vfs_sb_ops devpts_sops;

static size_t out_used(const struct pty *pty)
{
	return pty->out_head - pty->out_tail;
}

/* ---- the slave's transport ---- */

static void pts_write(struct tty *tty, const uint8_t *b, size_t n)
{
	struct pty *pty = tty->drv_data;
	size_t room = PTY_BUF_SIZE - out_used(pty);
	if (n > room)
		n = room;       /* echo with the master not reading: dropped, as a full flip buffer */
	for (size_t i = 0; i < n; i++)
		pty->out[(pty->out_head + i) & (PTY_BUF_SIZE - 1)] = b[i];
	pty->out_head += n;
	wake_all(&tty->waitq);
}

static size_t pts_write_room(struct tty *tty)
{
	struct pty *pty = tty->drv_data;
	return PTY_BUF_SIZE - out_used(pty);
}

static void pts_flush_output(struct tty *tty)
{
	struct pty *pty = tty->drv_data;
	pty->out_tail = pty->out_head;
	if (pty->packet)
		pty->pkt_status |= TIOCPKT_FLUSHWRITE;
	wake_all(&tty->waitq);
}

static void pts_unthrottle(struct tty *tty)
{
	wake_all(&tty->waitq);          /* a master write may find room */
}

/* In packet mode, a status for the master's next read: set replaces clear. */
static void pkt_note(struct tty *tty, uint8_t set, uint8_t clear)
{
	struct pty *pty = tty->drv_data;
	if (!pty->packet)
		return;
	pty->pkt_status = (uint8_t)((pty->pkt_status & ~clear) | set);
	wake_all(&tty->waitq);
}

static void pts_flow(struct tty *tty, bool stopped)
{
	if (stopped)
		pkt_note(tty, TIOCPKT_STOP, TIOCPKT_START);
	else
		pkt_note(tty, TIOCPKT_START, TIOCPKT_STOP);
}

/* ^S/^Q flow control as a master's program may take it over: IXON with the
 * standard VSTOP and VSTART */
static bool std_flow(const struct lx_termios *t)
{
	return (t->c_iflag & LX_IXON) && t->c_cc[LX_VSTOP] == 0x13 && t->c_cc[LX_VSTART] == 0x11;
}

static void pts_termios_changed(struct tty *tty, const struct lx_termios *old)
{
	bool was = std_flow(old), now = std_flow(&tty->ld.termios);
	if (was != now)
		pkt_note(tty, now ? TIOCPKT_DOSTOP : TIOCPKT_NOSTOP, TIOCPKT_DOSTOP | TIOCPKT_NOSTOP);
}

/* Nothing may stay parked on the pair's queue: a thread whose descriptor
 * another thread closed runs again and finds it gone. */
static void pty_free(struct pty *pty)
{
	wake_all(&pty->slave.waitq);
	ptys[pty->index] = NULL;
	tty_remove(&pty->slave);
	free(pty);
}

static int pts_open(struct tty *tty)
{
	struct pty *pty = tty->drv_data;
	if (!pty->master_open || pty->locked)
		return -LX_EIO;
	pty->slave_opens++;
	pty->other_closed = false;
	return 0;
}

static void pts_close(struct tty *tty)
{
	struct pty *pty = tty->drv_data;
	if (--pty->slave_opens)
		return;
	pty->other_closed = true;
	wake_all(&tty->waitq);
	if (!pty->master_open)
		pty_free(pty);
}

static const struct tty_driver pts_driver = {
	.write = pts_write, .write_room = pts_write_room, .flush_output = pts_flush_output,
	.unthrottle = pts_unthrottle, .open = pts_open, .close = pts_close,
	.flow = pts_flow, .termios_changed = pts_termios_changed,
};

/* ---- devpts ---- */

static size_t name_of(unsigned n, char *buf)
{
	char tmp[12];
	size_t len = 0, i = 0;
	do {
		tmp[len++] = (char)('0' + n % 10);
		n /= 10;
	} while (n);
	while (len)
		buf[i++] = tmp[--len];
	buf[i] = 0;
	return i;
}

/* /dev/pts/N for pty, owned by the opener of ptmx (its fsuid), group tty. */
static int devpts_add(struct pty *pty, uint32_t uid)
{
	char name[12];
	size_t len = name_of(pty->index, name);
	struct vfs_new nw = { .mode = LX_S_IFCHR | DEVPTS_MODE, .uid = uid, .gid = DEVPTS_GID,
	                      .rdev = vfs_mkdev(PTY_MAJOR_SLAVE, pty->index) };
	int err = devpts_base->mknod(devpts->root, name, len, &nw, &pty->node);
	if (!err)
		pty->node->fops = &tty_fops;
	return err;
}

static void devpts_remove(struct pty *pty)
{
	char name[12];
	size_t len = name_of(pty->index, name);
	devpts_base->unlink(devpts->root, name, len, pty->node);
	vfs_iput(pty->node);
	pty->node = NULL;
}

/* ---- the master ---- */

static int ptm_open(struct file *f)
{
	struct proc *p = unix_current ? unix_current->proc : NULL;
	unsigned i = 0;
	while (i < PTY_MAX && ptys[i])
		i++;
	if (i == PTY_MAX)
		return -LX_ENOSPC;
	struct pty *pty = calloc(1, sizeof(*pty));
	if (!pty)
		return -LX_ENOMEM;
	pty->index = i;
	int err = devpts_add(pty, p ? p->cred.fsuid : 0);
	if (err) {
		free(pty);
		return err;
	}
	tty_init(&pty->slave, &pts_driver, pty, vfs_mkdev(PTY_MAJOR_SLAVE, i));
	pty->slave.ld.termios.c_cflag &= ~LX_HUPCL;     /* pty_unix98's init_termios */
	pty->master_open = pty->locked = true;
	ptys[i] = pty;
	f->priv = pty;
	return 0;
}

/* The pair is held as if by one more slave file while the hangup's
 * signals run: one may end the last process with the slave open. */
static void ptm_release(struct file *f)
{
	struct pty *pty = f->priv;
	pty->master_open = false;
	devpts_remove(pty);
	pty->slave_opens++;
	tty_hangup(&pty->slave);
	pts_close(&pty->slave);
}

static size_t out_take(struct pty *pty, uint8_t *buf, size_t n)
{
	size_t got = 0;
	while (got < n && out_used(pty)) {
		buf[got++] = pty->out[pty->out_tail & (PTY_BUF_SIZE - 1)];
		pty->out_tail++;
	}
	return got;
}

static int64_t ptm_read(struct file *f, void *buf, size_t n, uint64_t *pos)
{
	struct pty *pty = f->priv;
	uint8_t *b = buf;
	(void)pos;
	if (!n)
		return 0;
	if (pty->packet && pty->pkt_status) {
		b[0] = pty->pkt_status;
		pty->pkt_status = 0;
		return 1;
	}
	if (!out_used(pty))
		return pty->other_closed ? -LX_EIO : -LX_EAGAIN;
	size_t got = pty->packet ? 1 + out_take(pty, b + 1, n - 1) : out_take(pty, b, n);
	if (pty->packet)
		b[0] = TIOCPKT_DATA;
	wake_all(&pty->slave.waitq);    /* a slave write may find room */
	return (int64_t)got;
}

static int64_t ptm_write(struct file *f, const void *buf, size_t n, uint64_t *pos)
{
	struct pty *pty = f->priv;
	(void)pos;
	size_t took = tty_receive(&pty->slave, buf, n);
	return took || !n ? (int64_t)took : -LX_EAGAIN;
}

static unsigned ptm_poll(struct file *f)
{
	struct pty *pty = f->priv;
	unsigned m = 0x004 | 0x100;                     /* POLLOUT | POLLWRNORM */
	if (out_used(pty) || (pty->packet && pty->pkt_status))
		m |= 0x001 | 0x040;                     /* POLLIN | POLLRDNORM */
	if (pty->other_closed)
		m |= 0x010;                             /* POLLHUP */
	return m;
}

static struct urt_list *ptm_wait_queue(struct file *f, bool write)
{
	struct pty *pty = f->priv;
	(void)write;
	return &pty->slave.waitq;
}

const struct file_ops ptm_fops = { .open = ptm_open, .read = ptm_read, .write = ptm_write,
                                   .poll = ptm_poll, .wait_queue = ptm_wait_queue,
                                   .release = ptm_release };

struct tty *pty_master_slave(struct file *f)
{
	return f->ops == &ptm_fops ? &((struct pty *)f->priv)->slave : NULL;
}

/* TIOCGPTPEER: the slave opened through the master, whatever the name space says. */
static long ptm_open_peer(struct uthread *t, struct pty *pty, uint64_t flags)
{
	struct file *f;
	int err = vfs_file_open_inode(pty->node, (uint32_t)flags & ~(uint32_t)LX_O_CLOEXEC, &f);
	if (err)
		return err;
	int fd = fd_install(t->proc, f, flags & LX_O_CLOEXEC, 0);
	if (fd < 0)
		vfs_close(f);
	else if (!(flags & LX_O_NOCTTY))
		tty_open_ctty(t->proc, f);
	return fd;
}

static long ptm_set(struct proc *p, uint64_t arg, bool *flag)
{
	int v;
	if (copy_in(p, &v, arg, sizeof(v)))
		return -LX_EFAULT;
	*flag = v != 0;
	return 0;
}

/* TCFLSH on the master: its input is the slave's output; its output goes
 * straight into the slave's line discipline, so there is none to drop. */
static long ptm_flush(struct pty *pty, uint64_t which)
{
	if (which > LX_TCIOFLUSH)
		return -LX_EINVAL;
	if (which != LX_TCOFLUSH)
		pty->out_tail = pty->out_head;
	wake_all(&pty->slave.waitq);
	return 0;
}

long pty_ioctl(struct uthread *t, struct file *f, unsigned cmd, uint64_t arg)
{
	struct pty *pty = f->priv;
	struct proc *p = t->proc;
	int v;
	switch (cmd) {
	case LX_TIOCGPTN:
		return copy_out(p, arg, &pty->index, sizeof(unsigned));
	case LX_TIOCSPTLCK:
		return ptm_set(p, arg, &pty->locked);
	case LX_TIOCGPTLCK:
		v = pty->locked;
		return copy_out(p, arg, &v, sizeof(v));
	case LX_TIOCPKT: {
		bool was = pty->packet;
		long r = ptm_set(p, arg, &pty->packet);
		if (!r && pty->packet && !was)
			pty->pkt_status = 0;    /* as Linux: only when it turns on */
		return r;
	}
	case LX_TIOCGPKT:
		v = pty->packet;
		return copy_out(p, arg, &v, sizeof(v));
	case LX_TIOCGPTPEER:
		return ptm_open_peer(t, pty, arg);
	case LX_FIONREAD:
		v = (int)out_used(pty);
		return copy_out(p, arg, &v, sizeof(v));
	case LX_TCFLSH:
		return ptm_flush(pty, arg);
	}
	return TTY_NOIOCTL;
}

/* ---- the file system ---- */

static int devpts_statfs(struct vfs_sb *sb, struct lx_statfs *out)
{
	int err = devpts_base_sops->statfs ? devpts_base_sops->statfs(sb, out) : 0;
	out->f_type = DEVPTS_SUPER_MAGIC;
	return err;
}

static unsigned octal3(unsigned mode)
{
	return ((mode >> 6) & 7) * 100 + ((mode >> 3) & 7) * 10 + (mode & 7);
}

/* /proc/mounts: the options it was made with (Debian's) */
static int devpts_show_options(struct vfs_sb *sb, char *buf, size_t n)
{
	(void)sb;
	return snfmt(buf, n, ",gid=%u,mode=%03u,ptmxmode=%03u", DEVPTS_GID, octal3(DEVPTS_MODE),
	             octal3(PTMX_NODE_MODE));
}

/* mount -t devpts: the one instance again, where it is not mounted (Linux
 * would make a new one); never freed, as the ptys use it. */
static int devpts_mount(const struct vfs_mount_args *args, struct vfs_sb **out)
{
	(void)args;
	if (devpts->covered)
		return -LX_EBUSY;
	*out = devpts;
	return 0;
}

static const struct vfs_fstype devpts_fstype = { .name = "devpts", .nodev = true,
                                                 .mount = devpts_mount };

/* devpts: a ramfs whose root makes no names but this file's, its own statfs
 * type and options, and no put_super (umount leaves it to the ptys). */
static int devpts_make(void)
{
	int err = ramfs_new(DEVPTS_DEV, 0755, 0, 0, &devpts);
	if (err)
		return err;
	devpts->fstype = "devpts";
	strlcpy(devpts->source, "devpts", sizeof(devpts->source));
	devpts->mnt_flags = LX_MS_RELATIME;
	devpts_base_sops = devpts->sops;
	devpts_sops = (struct vfs_sb_ops){ .statfs = devpts_statfs,
	                                   .show_options = devpts_show_options };
	devpts->sops = &devpts_sops;
	devpts_base = devpts->root->ops;
	devpts_root_ops = (struct inode_ops){ .lookup = devpts_base->lookup,
	                                      .getdents = devpts_base->getdents,
	                                      .setattr = devpts_base->setattr,
	                                      .evict = devpts_base->evict };
	struct inode *ptmx = NULL;
	struct vfs_new nw = { .mode = LX_S_IFCHR | PTMX_NODE_MODE,
	                      .rdev = vfs_mkdev(TTYAUX_MAJOR, TTY_MINOR_PTMX) };
	err = devpts_base->mknod(devpts->root, "ptmx", 4, &nw, &ptmx);
	vfs_iput(ptmx);
	devpts->root->ops = &devpts_root_ops;
	return err;
}

int pty_init(struct vfs_sb **out)
{
	int err = devpts_make();
	if (!err)
		err = vfs_chrdev_register(TTYAUX_MAJOR, TTY_MINOR_PTMX, &ptm_fops);
	if (!err)
		err = vfs_fstype_register(&devpts_fstype);
	*out = devpts;
	return err;
}
