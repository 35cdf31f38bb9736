/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sys_fs.c - the file system calls: descriptors, reading and writing, the
 * name space, attributes.  Each copies its arguments in (paths through
 * path_in: EFAULT, ENAMETOOLONG), calls the VFS (fs/vfs.h), copies results
 * out.  A read or write that would block (a pipe, the terminal) parks on the
 * file's wait queue unless the file is O_NONBLOCK.
 */
#include "unixd.h"
#include "fd.h"
#include "disk.h"
#include "pipe.h"
#include "console.h"
#include "tty.h"
#include "signal.h"
#include "mm/mm.h"
#include "event.h"
#include "usock.h"

#define LX_IOV_MAX 1024
#define SETFL_MASK (LX_O_APPEND | LX_O_NONBLOCK | LX_O_ASYNC | LX_O_DIRECT | LX_O_NOATIME)
#define IO_CHUNK 65536

/* A path from the process: a malloc'd copy in *out. */
static int path_in(struct proc *p, uint64_t u, char **out)
{
	char *buf = malloc(VFS_PATH_MAX);
	if (!buf)
		return -LX_ENOMEM;
	long n = copy_in_str(p, buf, u, VFS_PATH_MAX);
	if (n < 0) {
		free(buf);
		return (int)n;
	}
	*out = buf;
	return 0;
}

static struct urt_list *file_waitq(struct file *f, bool write)
{
	return f->ops && f->ops->wait_queue ? f->ops->wait_queue(f, write) : NULL;
}

/* ---- open and close ---- */

static long do_openat(struct uthread *t, int dirfd, uint64_t upath, uint32_t flags, uint32_t mode)
{
	struct proc *p = t->proc;
	char *path = NULL;
	if ((flags & (LX_O_CREAT | LX_O_DIRECTORY)) == (LX_O_CREAT | LX_O_DIRECTORY))
		return -LX_EINVAL;      /* as Linux since 6.4 (and 6.1's stable updates) */
	if (t->park.wake_reason != PARK_NONE)
		fifo_open_again(t);     /* a FIFO's other end came, or time to look again */
	int err = path_in(p, upath, &path);
	if (err)
		return err;
	struct vfs_ctx ctx;
	struct file *f = NULL;
	err = fs_ctx_at(p, dirfd, path, &ctx);
	if (!err)
		err = vfs_open(&ctx, path, flags, mode & ~p->fs->umask & 07777, &f);
	free(path);
	if (err == -LX_EAGAIN && fifo_open_queue)
		return fifo_open_wait(t);
	if (err)
		return err;
	int fd = fd_install(p, f, flags & LX_O_CLOEXEC, 0);
	if (fd < 0)
		vfs_close(f);
	else if (!(flags & LX_O_NOCTTY))
		tty_open_ctty(p, f);    /* a session leader's first terminal */
	return fd;
}

long sys_open(struct uthread *t, const uint64_t *a)
{
	return do_openat(t, LX_AT_FDCWD, a[0], (uint32_t)a[1], (uint32_t)a[2]);
}

long sys_openat(struct uthread *t, const uint64_t *a)
{
	return do_openat(t, (int)a[0], a[1], (uint32_t)a[2], (uint32_t)a[3]);
}

long sys_creat(struct uthread *t, const uint64_t *a)
{
	return do_openat(t, LX_AT_FDCWD, a[0], LX_O_CREAT | LX_O_WRONLY | LX_O_TRUNC, (uint32_t)a[1]);
}

long sys_close(struct uthread *t, const uint64_t *a)
{
	return fd_close(t->proc, (int)a[0]);
}

/* ---- read and write ---- */

/* When a read or write that waits runs again anyway: a terminal's VTIME
 * (from each wait), a socket's SO_RCVTIMEO or SO_SNDTIMEO (from the call's
 * first run, kept in park.data[1], as sys_net.c's park_sock); UINT64_MAX:
 * never; 0: that time has passed, the call gives up (EAGAIN or what moved). */
static uint64_t rw_deadline(struct uthread *t, struct file *f, bool write)
{
	struct usock *s = usock_of(f);
	if (s) {
		uint64_t ns = usock_timeout(s, write);
		if (!ns)
			return UINT64_MAX;
		if (t->park.wake_reason == PARK_TIMEOUT)
			return 0;
		if (t->park.wake_reason == PARK_NONE)
			t->park.data[1] = unix_now_ns() + ns;
		return t->park.data[1];
	}
	uint64_t ns = !write && f->ops->wait_timeout ? f->ops->wait_timeout(f) : 0;
	return ns ? unix_now_ns() + ns : UINT64_MAX;
}

/* EPIPE raises SIGPIPE for pipes and FIFOs and stream sockets; Linux's
 * datagram and seqpacket sends never do. */
static void rw_sigpipe(struct uthread *t, struct file *f, int64_t r)
{
	struct usock *s = r == -LX_EPIPE ? usock_of(f) : NULL;
	if (r == -LX_EPIPE && (!s || usock_type(s) == LX_SOCK_STREAM))
		signal_send_thread(t, LX_SIGPIPE, NULL);
}

/* One read or write of up to IO_CHUNK bytes through a bounce buffer;
 * EAGAIN from a blocking file parks. */
static long rw_once(struct uthread *t, struct file *f, uint64_t ubuf, uint64_t n, bool write,
                    int64_t off)
{
	static uint8_t bounce[IO_CHUNK];
	if (n > IO_CHUNK)
		n = IO_CHUNK;
	int64_t r;
	if (n && n <= UNIX_PAGE - (ubuf & (UNIX_PAGE - 1))) {
		/* within one page (pipes, the terminal, small reads): straight from or
		 * into the process's frame, one lookup and one copy */
		void *u = mm_user_ptr(t->proc, ubuf, !write);
		if (!u)
			return -LX_EFAULT;
		if (write)
			r = off < 0 ? vfs_write(f, u, n) : vfs_pwrite(f, u, n, off);
		else
			r = off < 0 ? vfs_read(f, u, n) : vfs_pread(f, u, n, off);
		rw_sigpipe(t, f, r);
	} else if (write) {
		if (copy_in(t->proc, bounce, ubuf, n))
			return -LX_EFAULT;
		r = off < 0 ? vfs_write(f, bounce, n) : vfs_pwrite(f, bounce, n, off);
		rw_sigpipe(t, f, r);
	} else {
		/* a destination that cannot take the bytes fails before they are consumed */
		for (uint64_t va = PAGE_DOWN(ubuf); va < ubuf + n; va += UNIX_PAGE)
			if (!mm_user_ptr(t->proc, va < ubuf ? ubuf : va, true))
				return -LX_EFAULT;
		r = off < 0 ? vfs_read(f, bounce, n) : vfs_pread(f, bounce, n, off);
		if (r > 0 && copy_out(t->proc, ubuf, bounce, (uint64_t)r))
			return -LX_EFAULT;
	}
	if (r == -LX_EAGAIN && !(f->flags & LX_O_NONBLOCK)) {
		struct urt_list *q = file_waitq(f, write);
		uint64_t deadline = q ? rw_deadline(t, f, write) : 0;
		if (deadline)
			return park(t, q, deadline);
	}
	return r;
}

/* RLIMIT_FSIZE: how much of a write of n bytes at off (or the file
 * position) stays below the limit; beyond it, SIGXFSZ and EFBIG. */
#define RLIMIT_FSIZE 1
static uint64_t fsize_limit(struct uthread *t, struct file *f, uint64_t n, int64_t off)
{
	uint64_t lim = t->proc->rlim[RLIMIT_FSIZE].cur;
	if (lim == LX_RLIM_INFINITY || !n)
		return n;
	uint64_t pos = off >= 0 ? (uint64_t)off : (f->flags & LX_O_APPEND) ? f->inode->size : f->pos;
	if (pos >= lim) {
		signal_send_thread(t, LX_SIGXFSZ, NULL);
		return 0;
	}
	return n < lim - pos ? n : lim - pos;
}

/* read/write of a whole buffer: what one call moves (a pipe or terminal
 * returns what it has; a regular file goes on to the end). */
static long rw(struct uthread *t, int fd, uint64_t ubuf, uint64_t n, bool write, int64_t off)
{
	struct file *f = fd_file(t->proc, fd);
	if (!f)
		return -LX_EBADF;
	uint32_t acc = f->flags & LX_O_ACCMODE;
	if ((write && acc == LX_O_RDONLY) || (!write && acc == LX_O_WRONLY) || (f->flags & LX_O_PATH))
		return -LX_EBADF;
	if (off >= 0 && anon_file(f))
		return -LX_ESPIPE;
	if ((int64_t)n < 0)
		return -LX_EINVAL;
	if (ubuf + n < ubuf || ubuf + n > VMA_TASK_SIZE)
		return -LX_EFAULT;      /* access_ok: checked before anything moves */
	if (write && LX_S_ISREG(f->inode->mode) && n) {
		n = fsize_limit(t, f, n, off);
		if (!n)
			return -LX_EFBIG;
		vfs_kill_privs(&t->proc->cred, f->inode);
	}
	uint64_t done = t->park.wake_reason == PARK_NONE ? 0 : t->park.data[0];
	t->park.data[0] = 0;
	while (done < n || (n == 0 && done == 0)) {
		long r = rw_once(t, f, ubuf + done, n - done, write, off < 0 ? -1 : off + (int64_t)done);
		if (r == SYS_PARKED) {
			if (done && !write)
				{ unpark(t); return (long)done; }
			t->park.data[0] = done;     /* a write goes on from here when woken */
			t->park.intr_result = done ? (long)done : -LX_ERESTARTSYS;
			return r;
		}
		if (r <= 0)
			return done ? (long)done : r;
		done += (uint64_t)r;
		/* regular files and block devices read on to n; pipes, ttys stop at what came */
		bool whole = LX_S_ISREG(f->inode->mode) || LX_S_ISBLK(f->inode->mode);
		if (n == 0 || (!write && (uint64_t)r < IO_CHUNK) || (!whole && !write))
			break;
		if (eventfd_file(f))
			break;      /* one value a write, as Linux's eventfd_write: 8 of n bytes */
	}
	return (long)done;
}

long sys_read(struct uthread *t, const uint64_t *a)
{
	return rw(t, (int)a[0], a[1], a[2], false, -1);
}

long sys_write(struct uthread *t, const uint64_t *a)
{
	return rw(t, (int)a[0], a[1], a[2], true, -1);
}

long sys_pread64(struct uthread *t, const uint64_t *a)
{
	if ((int64_t)a[3] < 0)
		return -LX_EINVAL;
	return rw(t, (int)a[0], a[1], a[2], false, (int64_t)a[3]);
}

long sys_pwrite64(struct uthread *t, const uint64_t *a)
{
	if ((int64_t)a[3] < 0)
		return -LX_EINVAL;
	return rw(t, (int)a[0], a[1], a[2], true, (int64_t)a[3]);
}

struct lx_iovec { uint64_t base, len; };

/* readv/writev: segment by segment; a short transfer ends the call. */
static long rwv(struct uthread *t, const uint64_t *a, bool write, int64_t off)
{
	uint64_t cnt = a[2], total = 0;
	if (cnt > LX_IOV_MAX)
		return -LX_EINVAL;
	if (!fd_valid(t->proc, (int)a[0]))
		return -LX_EBADF;
	struct lx_iovec iov;
	for (uint64_t i = 0; i < cnt; i++) {
		if (copy_in(t->proc, &iov, a[1] + i * sizeof(iov), sizeof(iov)))
			return total ? (long)total : -LX_EFAULT;
		if ((int64_t)iov.len < 0)
			return -LX_EINVAL;
		if (!iov.len)
			continue;
		long r = rw(t, (int)a[0], iov.base, iov.len, write, off < 0 ? -1 : off + (int64_t)total);
		if (r == SYS_PARKED) {
			if (!total)
				return r;
			unpark(t);
			return (long)total;
		}
		if (r < 0)
			return total ? (long)total : r;
		total += (uint64_t)r;
		if ((uint64_t)r < iov.len)
			break;
	}
	return (long)total;
}

long sys_readv(struct uthread *t, const uint64_t *a) { return rwv(t, a, false, -1); }
long sys_writev(struct uthread *t, const uint64_t *a) { return rwv(t, a, true, -1); }
long sys_preadv(struct uthread *t, const uint64_t *a) { return rwv(t, a, false, (int64_t)a[3]); }
long sys_pwritev(struct uthread *t, const uint64_t *a) { return rwv(t, a, true, (int64_t)a[3]); }

long sys_lseek(struct uthread *t, const uint64_t *a)
{
	struct file *f = fd_file(t->proc, (int)a[0]);
	if (!f)
		return -LX_EBADF;
	if ((uint32_t)a[2] > LX_SEEK_HOLE)
		return -LX_EINVAL;      /* ksys_lseek: before the file's own llseek */
	return vfs_lseek(f, (int64_t)a[1], (int)a[2]);
}

long sys_getdents64(struct uthread *t, const uint64_t *a)
{
	struct file *f = fd_file(t->proc, (int)a[0]);
	if (!f)
		return -LX_EBADF;
	uint64_t n = a[2] > IO_CHUNK ? IO_CHUNK : a[2];
	uint8_t *buf = malloc(n ? n : 1);
	if (!buf)
		return -LX_ENOMEM;
	int64_t r = vfs_getdents64(f, buf, n);
	if (r > 0 && copy_out(t->proc, a[1], buf, (uint64_t)r))
		r = -LX_EFAULT;
	free(buf);
	return r;
}

/* ---- descriptors ---- */

long sys_dup(struct uthread *t, const uint64_t *a)
{
	struct file *f = fd_file_raw(t->proc, (int)a[0]);
	if (!f)
		return -LX_EBADF;
	int fd = fd_install(t->proc, vfs_file_get(f), false, 0);
	if (fd < 0)
		vfs_close(f);
	return fd;
}

static long do_dup3(struct uthread *t, int oldfd, int newfd, uint64_t flags)
{
	struct file *f = fd_file_raw(t->proc, oldfd);
	if (!f)
		return -LX_EBADF;
	if (flags & ~(uint64_t)LX_O_CLOEXEC)
		return -LX_EINVAL;
	int r = fd_install_at(t->proc, newfd, vfs_file_get(f), flags & LX_O_CLOEXEC);
	if (r < 0)
		vfs_close(f);
	return r;
}

long sys_dup2(struct uthread *t, const uint64_t *a)
{
	if (a[0] == a[1])
		return fd_valid(t->proc, (int)a[0]) ? (long)a[1] : -LX_EBADF;
	return do_dup3(t, (int)a[0], (int)a[1], 0);
}

long sys_dup3(struct uthread *t, const uint64_t *a)
{
	if (a[0] == a[1])
		return -LX_EINVAL;
	return do_dup3(t, (int)a[0], (int)a[1], a[2]);
}

/* close_range(first, last, flags): CLOSE_RANGE_CLOEXEC marks instead of
 * closing; CLOSE_RANGE_UNSHARE first gives the process its own copy of a
 * table it shares with CLONE_FILES processes (its threads keep sharing it). */
long sys_close_range(struct uthread *t, const uint64_t *a)
{
	unsigned first = (unsigned)a[0], last = (unsigned)a[1];
	if (a[2] & ~(uint64_t)(LX_CLOSE_RANGE_UNSHARE | LX_CLOSE_RANGE_CLOEXEC) || first > last)
		return -LX_EINVAL;
	struct fdtable *ft = t->proc->fds;
	if ((a[2] & LX_CLOSE_RANGE_UNSHARE) && ft->refs > 1) {
		struct fdtable *copy = fdtable_copy(ft);
		if (!copy)
			return -LX_ENOMEM;
		fdtable_put(ft);
		t->proc->fds = ft = copy;
	}
	for (unsigned fd = first; fd < ft->size && fd <= last; fd++) {
		if (!ft->ent[fd].f)
			continue;
		if (a[2] & LX_CLOSE_RANGE_CLOEXEC)
			ft->ent[fd].cloexec = true;
		else
			fd_close(t->proc, (int)fd);
	}
	return 0;
}

long sys_fcntl(struct uthread *t, const uint64_t *a)
{
	struct proc *p = t->proc;
	int fd = (int)a[0];
	struct file *f = fd_file_raw(p, fd);
	if (!f)
		return -LX_EBADF;
	if ((f->flags & LX_O_PATH) && a[1] != LX_F_DUPFD && a[1] != LX_F_DUPFD_CLOEXEC &&
	    a[1] != LX_F_GETFD && a[1] != LX_F_SETFD && a[1] != LX_F_GETFL)
		return -LX_EBADF;       /* Linux's check_fcntl_cmd */
	switch (a[1]) {
	case LX_F_DUPFD:
	case LX_F_DUPFD_CLOEXEC: {
		if (a[2] >= p->rlim[7].cur)
			return -LX_EINVAL;
		int r = fd_install(p, vfs_file_get(f), a[1] == LX_F_DUPFD_CLOEXEC, (int)a[2]);
		if (r < 0)
			vfs_close(f);
		return r;
	}
	case LX_F_GETFD:
		return fd_get_cloexec(p, fd) ? LX_FD_CLOEXEC : 0;
	case LX_F_SETFD:
		return fd_set_cloexec(p, fd, a[2] & LX_FD_CLOEXEC);
	case LX_F_GETFL:
		return f->flags & ~(uint32_t)LX_O_CLOEXEC;
	case LX_F_SETFL:
		f->flags = (f->flags & ~(uint32_t)SETFL_MASK) | ((uint32_t)a[2] & SETFL_MASK);
		return 0;
	case LX_F_GETPIPE_SZ:
		return pipe_size(f);
	case 1033: case 1034:   /* F_ADD_SEALS, F_GET_SEALS */
		return memfd_fcntl_seals(f, (unsigned)a[1], a[2]);
	case LX_F_SETPIPE_SZ:
		return pipe_set_size(f, a[2]);
	case LX_F_GETLK: case LX_F_SETLK: case LX_F_SETLKW:
	case LX_F_OFD_GETLK: case LX_F_OFD_SETLK: case LX_F_OFD_SETLKW:
		return fcntl_lock(t, f, (unsigned)a[1], a[2]);
	}
	return -LX_EINVAL;
}

long sys_ioctl(struct uthread *t, const uint64_t *a)
{
	struct file *f = fd_file(t->proc, (int)a[0]);
	if (!f)
		return -LX_EBADF;
	switch ((unsigned)a[1]) {
	case 0x5450:    /* FIONCLEX */
	case 0x5451:    /* FIOCLEX */
		return fd_set_cloexec(t->proc, (int)a[0], a[1] == 0x5451);
	case 0x5421: {  /* FIONBIO */
		int on;
		if (copy_in(t->proc, &on, a[2], sizeof(on)))
			return -LX_EFAULT;
		f->flags = on ? f->flags | LX_O_NONBLOCK : f->flags & ~(uint32_t)LX_O_NONBLOCK;
		return 0;
	}
	case 0x5452:    /* FIOASYNC: accepted, no SIGIO yet */
		return 0;
	}
	if (tty_file(f))
		return tty_ioctl(t, f, (unsigned)a[1], a[2]);
	if ((unsigned)a[1] == 0x541b /* FIONREAD */ && pipe_wait_queue(f, false)) {
		int n = pipe_bytes(f);
		return copy_out(t->proc, a[2], &n, sizeof(n));
	}
	return vfs_ioctl(f, (unsigned)a[1], a[2]);
}

/* ---- names ---- */

/* Run op(ctx, path) for a path argument relative to dirfd. */
typedef int path_op(struct vfs_ctx *ctx, const char *path, const uint64_t *a);

static long with_path(struct uthread *t, int dirfd, uint64_t upath, path_op *op, const uint64_t *a)
{
	char *path = NULL;
	int err = path_in(t->proc, upath, &path);
	if (err)
		return err;
	struct vfs_ctx ctx;
	err = fs_ctx_at(t->proc, dirfd, path, &ctx);
	if (!err)
		err = op(&ctx, path, a);
	free(path);
	return err;
}

static int op_mkdir(struct vfs_ctx *c, const char *path, const uint64_t *a)
{
	return vfs_mkdir(c, path, (uint32_t)a[0]);
}

long sys_mkdir(struct uthread *t, const uint64_t *a)
{
	uint64_t m[1] = { a[1] & 07777 & ~(uint64_t)t->proc->fs->umask };
	return with_path(t, LX_AT_FDCWD, a[0], op_mkdir, m);
}

long sys_mkdirat(struct uthread *t, const uint64_t *a)
{
	uint64_t m[1] = { a[2] & 07777 & ~(uint64_t)t->proc->fs->umask };
	return with_path(t, (int)a[0], a[1], op_mkdir, m);
}

static int op_mknod(struct vfs_ctx *c, const char *path, const uint64_t *a)
{
	uint32_t mode = (uint32_t)a[0], type = mode & LX_S_IFMT;
	if ((type == LX_S_IFCHR || type == LX_S_IFBLK) && c->cred->euid)
		return -LX_EPERM;
	return vfs_mknod(c, path, mode, (uint32_t)a[1]);
}

long sys_mknod(struct uthread *t, const uint64_t *a)
{
	uint64_t m[2] = { (a[1] & ~(uint64_t)07777) | (a[1] & 07777 & ~(uint64_t)t->proc->fs->umask), a[2] };
	return with_path(t, LX_AT_FDCWD, a[0], op_mknod, m);
}

long sys_mknodat(struct uthread *t, const uint64_t *a)
{
	uint64_t m[2] = { (a[2] & ~(uint64_t)07777) | (a[2] & 07777 & ~(uint64_t)t->proc->fs->umask), a[3] };
	return with_path(t, (int)a[0], a[1], op_mknod, m);
}

static int op_rmdir(struct vfs_ctx *c, const char *path, const uint64_t *a)
{
	(void)a;
	return vfs_rmdir(c, path);
}

static int op_unlink(struct vfs_ctx *c, const char *path, const uint64_t *a)
{
	(void)a;
	return vfs_unlink(c, path);
}

long sys_rmdir(struct uthread *t, const uint64_t *a)
{
	return with_path(t, LX_AT_FDCWD, a[0], op_rmdir, a);
}

long sys_unlink(struct uthread *t, const uint64_t *a)
{
	return with_path(t, LX_AT_FDCWD, a[0], op_unlink, a);
}

long sys_unlinkat(struct uthread *t, const uint64_t *a)
{
	if (a[2] & ~(uint64_t)LX_AT_REMOVEDIR)
		return -LX_EINVAL;
	return with_path(t, (int)a[0], a[1], a[2] ? op_rmdir : op_unlink, a);
}

/* Two-path calls: rename, link, symlink. */
/* rename (which 0), link (1) or symlink (2) of two paths, each from its own dirfd */
static long two_paths(struct uthread *t, int dfd1, uint64_t u1, int dfd2, uint64_t u2, int which,
                      unsigned flags)
{
	char *p1 = NULL, *p2 = NULL;
	int err = path_in(t->proc, u1, &p1);
	if (err)
		return err;
	if ((err = path_in(t->proc, u2, &p2))) {
		free(p1);
		return err;
	}
	struct vfs_ctx c1, c2;
	err = fs_ctx_at(t->proc, dfd2, p2, &c2);
	if (!err && which != 2)
		err = fs_ctx_at(t->proc, dfd1, p1, &c1);
	if (!err) {
		if (which == 2)
			err = vfs_symlink(&c2, p1, p2);
		else if (which == 0)
			err = vfs_rename2(&c1, p1, &c2, p2, flags);
		else
			err = vfs_link2(&c1, p1, &c2, p2, flags);
	}
	free(p1);
	free(p2);
	return err;
}

long sys_rename(struct uthread *t, const uint64_t *a)
{
	return two_paths(t, LX_AT_FDCWD, a[0], LX_AT_FDCWD, a[1], 0, 0);
}

long sys_renameat(struct uthread *t, const uint64_t *a)
{
	return two_paths(t, (int)a[0], a[1], (int)a[2], a[3], 0, 0);
}

long sys_renameat2(struct uthread *t, const uint64_t *a)
{
	return two_paths(t, (int)a[0], a[1], (int)a[2], a[3], 0, (unsigned)a[4]);
}

long sys_link(struct uthread *t, const uint64_t *a)
{
	return two_paths(t, LX_AT_FDCWD, a[0], LX_AT_FDCWD, a[1], 1, 0);
}

/* linkat(fd, "", ..., AT_EMPTY_PATH): a new name for the open file (or cwd) */
static long link_empty(struct uthread *t, int fd, char *newpath, int newdirfd)
{
	struct file *f = fd == LX_AT_FDCWD ? NULL : fd_file_raw(t->proc, fd);
	if (fd != LX_AT_FDCWD && !f)
		return -LX_EBADF;
	struct vfs_ctx c;
	int err = fs_ctx_at(t->proc, newdirfd, newpath, &c);
	return err ? err : vfs_link_inode(&c, f ? f->inode : t->proc->fs->cwd, newpath);
}

long sys_linkat(struct uthread *t, const uint64_t *a)
{
	unsigned flags = (unsigned)a[4];
	if (flags & ~(unsigned)(LX_AT_SYMLINK_FOLLOW | LX_AT_EMPTY_PATH))
		return -LX_EINVAL;
	if (!(flags & LX_AT_EMPTY_PATH))
		return two_paths(t, (int)a[0], a[1], (int)a[2], a[3], 1, flags);
	if (!vfs_cred_root(&t->proc->cred))
		return -LX_ENOENT;      /* Linux asks for CAP_DAC_READ_SEARCH */
	char *old = NULL, *newp = NULL;
	int err = path_in(t->proc, a[1], &old);
	if (!err && !old[0]) {
		if (!(err = path_in(t->proc, a[3], &newp)))
			err = (int)link_empty(t, (int)a[0], newp, (int)a[2]);
		free(newp);
		free(old);
		return err;
	}
	free(old);
	return err ? err : two_paths(t, (int)a[0], a[1], (int)a[2], a[3], 1,
	                             flags & ~(unsigned)LX_AT_EMPTY_PATH);
}

long sys_symlink(struct uthread *t, const uint64_t *a)
{
	return two_paths(t, LX_AT_FDCWD, a[0], LX_AT_FDCWD, a[1], 2, 0);
}

long sys_symlinkat(struct uthread *t, const uint64_t *a)
{
	return two_paths(t, LX_AT_FDCWD, a[0], (int)a[1], a[2], 2, 0);
}

static long do_readlink(struct uthread *t, int dirfd, uint64_t upath, uint64_t ubuf, uint64_t n)
{
	char *path = NULL;
	if ((int64_t)n <= 0)
		return -LX_EINVAL;
	int err = path_in(t->proc, upath, &path);
	if (err)
		return err;
	struct vfs_ctx ctx;
	char *buf = malloc(VFS_PATH_MAX);
	err = buf ? fs_ctx_at(t->proc, dirfd, path, &ctx) : -LX_ENOMEM;
	if (!err && !path[0]) {
		/* readlinkat(fd, ""): the symlink fd names (an O_PATH|O_NOFOLLOW open) */
		struct file *f = dirfd == LX_AT_FDCWD ? NULL : fd_file_raw(t->proc, dirfd);
		struct inode *ip = f ? f->inode : NULL;
		err = dirfd != LX_AT_FDCWD && !f ? -LX_EBADF : -LX_ENOENT;
		if (ip && LX_S_ISLNK(ip->mode) && ip->ops->readlink)
			err = ip->ops->readlink(ip, buf, n < VFS_PATH_MAX ? n : VFS_PATH_MAX);
	} else if (!err) {
		err = vfs_readlink(&ctx, path, buf, n < VFS_PATH_MAX ? n : VFS_PATH_MAX);
	}
	if (err > 0 && (uint64_t)err > n)
		err = (int)n;
	if (err > 0 && copy_out(t->proc, ubuf, buf, (uint64_t)err))
		err = -LX_EFAULT;
	free(buf);
	free(path);
	return err;
}

long sys_readlink(struct uthread *t, const uint64_t *a)
{
	return do_readlink(t, LX_AT_FDCWD, a[0], a[1], a[2]);
}

long sys_readlinkat(struct uthread *t, const uint64_t *a)
{
	return do_readlink(t, (int)a[0], a[1], a[2], a[3]);
}

/* ---- attributes ---- */

static long stat_out(struct proc *p, uint64_t u, const struct vfs_stat *st)
{
	struct lx_stat ls;
	vfs_stat_to_linux(st, &ls);
	return copy_out(p, u, &ls, sizeof(ls));
}

/* the stat of ip; *mount_root (if asked): ip is its file system's root */
static void stat_inode(const struct inode *ip, struct vfs_stat *st, bool *mount_root)
{
	vfs_inode_stat(ip, st);
	if (mount_root)
		*mount_root = ip->sb->root == ip;
}

int fstatat_get(struct uthread *t, int dirfd, uint64_t upath, unsigned flags, struct vfs_stat *st,
                bool *mount_root)
{
	char *path = NULL;
	int err = path_in(t->proc, upath, &path);
	if (err)
		return err;
	if (!path[0] && (flags & LX_AT_EMPTY_PATH)) {
		/* the open file itself: no reference taken (pipes' inodes live in their pipe) */
		free(path);
		struct file *f = dirfd == LX_AT_FDCWD ? NULL : fd_file_raw(t->proc, dirfd);
		if (dirfd != LX_AT_FDCWD && !f)
			return -LX_EBADF;
		stat_inode(f ? f->inode : t->proc->fs->cwd, st, mount_root);
		return 0;
	}
	struct vfs_ctx ctx;
	struct inode *ip = NULL;
	err = fs_ctx_at(t->proc, dirfd, path, &ctx);
	if (!err)
		err = vfs_lookup_inode(&ctx, path, flags & LX_AT_SYMLINK_NOFOLLOW ? 0 : VFS_LOOKUP_FOLLOW,
		                       &ip);
	free(path);
	if (err)
		return err;
	stat_inode(ip, st, mount_root);
	vfs_iput(ip);
	return 0;
}

static long do_fstatat(struct uthread *t, int dirfd, uint64_t upath, uint64_t ubuf, unsigned flags)
{
	struct vfs_stat st;
	if (flags & ~(unsigned)(LX_AT_SYMLINK_NOFOLLOW | LX_AT_EMPTY_PATH | LX_AT_NO_AUTOMOUNT))
		return -LX_EINVAL;
	int err = fstatat_get(t, dirfd, upath, flags, &st, NULL);
	return err ? err : stat_out(t->proc, ubuf, &st);
}

long sys_stat(struct uthread *t, const uint64_t *a)
{
	return do_fstatat(t, LX_AT_FDCWD, a[0], a[1], 0);
}

long sys_lstat(struct uthread *t, const uint64_t *a)
{
	return do_fstatat(t, LX_AT_FDCWD, a[0], a[1], LX_AT_SYMLINK_NOFOLLOW);
}

long sys_newfstatat(struct uthread *t, const uint64_t *a)
{
	return do_fstatat(t, (int)a[0], a[1], a[2], (unsigned)a[3]);
}

long sys_fstat(struct uthread *t, const uint64_t *a)
{
	struct file *f = fd_file_raw(t->proc, (int)a[0]);
	if (!f)
		return -LX_EBADF;
	struct vfs_stat st;
	vfs_inode_stat(f->inode, &st);
	return stat_out(t->proc, a[1], &st);
}

static int op_access(struct vfs_ctx *c, const char *path, const uint64_t *a)
{
	return vfs_access(c, path, (int)a[0], (unsigned)a[1]);
}

long sys_access(struct uthread *t, const uint64_t *a)
{
	uint64_t m[2] = { a[1], 0 };
	if (a[1] & ~(uint64_t)7)
		return -LX_EINVAL;
	return with_path(t, LX_AT_FDCWD, a[0], op_access, m);
}

long sys_faccessat(struct uthread *t, const uint64_t *a)
{
	uint64_t m[2] = { a[2], 0 };
	if (a[2] & ~(uint64_t)7)
		return -LX_EINVAL;
	return with_path(t, (int)a[0], a[1], op_access, m);
}

/* faccessat2(fd, "", AT_EMPTY_PATH): the open file (or cwd) itself */
static long access_empty_path(struct uthread *t, int dirfd, int mode, unsigned flags)
{
	struct proc *p = t->proc;
	struct file *f = dirfd == LX_AT_FDCWD ? NULL : fd_file_raw(p, dirfd);
	if (dirfd != LX_AT_FDCWD && !f)
		return -LX_EBADF;
	struct vfs_ctx ctx;
	fs_ctx(p, &ctx);
	return vfs_inode_access(ctx.cred, f ? f->inode : p->fs->cwd, mode, flags);
}

long sys_faccessat2(struct uthread *t, const uint64_t *a)
{
	uint64_t m[2] = { a[2], a[3] & ~(uint64_t)LX_AT_EMPTY_PATH };
	if (a[2] & ~(uint64_t)7 ||
	    a[3] & ~(uint64_t)(LX_AT_EACCESS | LX_AT_SYMLINK_NOFOLLOW | LX_AT_EMPTY_PATH))
		return -LX_EINVAL;
	if (a[3] & LX_AT_EMPTY_PATH) {
		char *path = NULL;
		int err = path_in(t->proc, a[1], &path);
		bool empty = !err && !path[0];
		free(path);
		if (err)
			return err;
		if (empty)
			return access_empty_path(t, (int)a[0], (int)a[2], (unsigned)m[1]);
	}
	return with_path(t, (int)a[0], a[1], op_access, m);
}

static int op_chmod(struct vfs_ctx *c, const char *path, const uint64_t *a)
{
	return vfs_chmod(c, path, (uint32_t)a[0]);
}

long sys_chmod(struct uthread *t, const uint64_t *a)
{
	uint64_t m[1] = { a[1] };
	return with_path(t, LX_AT_FDCWD, a[0], op_chmod, m);
}

long sys_fchmodat(struct uthread *t, const uint64_t *a)
{
	uint64_t m[1] = { a[2] };
	return with_path(t, (int)a[0], a[1], op_chmod, m);
}

long sys_fchmod(struct uthread *t, const uint64_t *a)
{
	struct file *f = fd_file(t->proc, (int)a[0]);
	return f ? vfs_inode_chmod(&t->proc->cred, f->inode, (uint32_t)a[1]) : -LX_EBADF;
}

static int op_chown(struct vfs_ctx *c, const char *path, const uint64_t *a)
{
	return vfs_chown(c, path, (uint32_t)a[0], (uint32_t)a[1], (unsigned)a[2]);
}

long sys_chown(struct uthread *t, const uint64_t *a)
{
	uint64_t m[3] = { a[1], a[2], 0 };
	return with_path(t, LX_AT_FDCWD, a[0], op_chown, m);
}

long sys_lchown(struct uthread *t, const uint64_t *a)
{
	uint64_t m[3] = { a[1], a[2], LX_AT_SYMLINK_NOFOLLOW };
	return with_path(t, LX_AT_FDCWD, a[0], op_chown, m);
}

long sys_fchownat(struct uthread *t, const uint64_t *a)
{
	uint64_t m[3] = { a[2], a[3], a[4] & LX_AT_SYMLINK_NOFOLLOW };
	return with_path(t, (int)a[0], a[1], op_chown, m);
}

long sys_fchown(struct uthread *t, const uint64_t *a)
{
	struct file *f = fd_file(t->proc, (int)a[0]);
	return f ? vfs_inode_chown(&t->proc->cred, f->inode, (uint32_t)a[1], (uint32_t)a[2]) : -LX_EBADF;
}

static int op_truncate(struct vfs_ctx *c, const char *path, const uint64_t *a)
{
	return vfs_truncate(c, path, (int64_t)a[0]);
}

long sys_truncate(struct uthread *t, const uint64_t *a)
{
	uint64_t m[1] = { a[1] };
	return with_path(t, LX_AT_FDCWD, a[0], op_truncate, m);
}

long sys_ftruncate(struct uthread *t, const uint64_t *a)
{
	struct file *f = fd_file(t->proc, (int)a[0]);
	if (!f)
		return -LX_EBADF;
	int64_t len = (int64_t)a[1];
	uint64_t lim = t->proc->rlim[RLIMIT_FSIZE].cur;
	bool writable = (f->flags & LX_O_ACCMODE) != LX_O_RDONLY;
	if (writable && len > 0 && lim != LX_RLIM_INFINITY && (uint64_t)len > lim &&
	    (uint64_t)len > f->inode->size) {
		signal_send_thread(t, LX_SIGXFSZ, NULL);        /* Linux's inode_newsize_ok */
		return -LX_EFBIG;
	}
	int err = vfs_ftruncate(f, len);
	if (!err)
		vfs_kill_privs(&t->proc->cred, f->inode);
	return err;
}

long sys_utimensat(struct uthread *t, const uint64_t *a)
{
	struct lx_timespec ts[2];
	if (a[2] && copy_in(t->proc, ts, a[2], sizeof(ts)))
		return -LX_EFAULT;
	if (!a[1]) {
		struct file *f = fd_file(t->proc, (int)a[0]);
		return f ? vfs_inode_utimens(&t->proc->cred, f->inode, a[2] ? ts : NULL) : -LX_EBADF;
	}
	char *path = NULL;
	int err = path_in(t->proc, a[1], &path);
	if (err)
		return err;
	struct vfs_ctx ctx;
	err = fs_ctx_at(t->proc, (int)a[0], path, &ctx);
	if (!err)
		err = vfs_utimens(&ctx, path, a[2] ? ts : NULL, (unsigned)a[3]);
	free(path);
	return err;
}

/* ---- sync: the ramfs is memory, so there is nothing to write ---- */

static bool fs_writes_back(const struct file *f)
{
	const struct vfs_sb *sb = f->inode->sb;
	return sb && sb->sops && sb->sops->fsync;
}

long sys_fsync(struct uthread *t, const uint64_t *a)
{
	struct file *f = fd_file(t->proc, (int)a[0]);
	if (!f)
		return -LX_EBADF;
	if (fs_writes_back(f))          /* ext2: the file's dirty data and inode */
		return f->inode->sb->sops->fsync(f->inode, false);
	if (LX_S_ISBLK(f->inode->mode)) /* a disk: its cache flushed, as blkdev_fsync */
		return diskdev_fsync(f);
	return pipe_wait_queue(f, false) || tty_file(f) ? -LX_EINVAL : 0;
}

long sys_fdatasync(struct uthread *t, const uint64_t *a)
{
	return sys_fsync(t, a);
}

/* The file system of fd written back, waiting for it, with its error (as
 * Linux since 5.8); nothing to do for one without write-back. */
long sys_syncfs(struct uthread *t, const uint64_t *a)
{
	struct file *f = fd_file(t->proc, (int)a[0]);
	if (!f)
		return -LX_EBADF;
	struct vfs_sb *sb = f->inode->sb;
	return sb && sb->sops && sb->sops->sync ? sb->sops->sync(sb, true) : 0;
}

long sys_sync(struct uthread *t, const uint64_t *a)
{
	(void)t, (void)a;
	fs_sync_all();                  /* every mounted file system; sync(2) reports nothing */
	return 0;
}

/* ---- working directory ---- */

static long chdir_to(struct proc *p, struct inode *ip, const char *path)
{
	if (!LX_S_ISDIR(ip->mode)) {
		vfs_iput(ip);
		return -LX_ENOTDIR;
	}
	int err = vfs_permission(&p->cred, ip, VFS_MAY_EXEC);
	if (err) {
		vfs_iput(ip);
		return err;
	}
	(void)path;
	vfs_iput(p->fs->cwd);
	p->fs->cwd = ip;
	return 0;
}

long sys_chdir(struct uthread *t, const uint64_t *a)
{
	char *path = NULL;
	int err = path_in(t->proc, a[0], &path);
	if (err)
		return err;
	struct vfs_ctx ctx;
	struct inode *ip;
	fs_ctx(t->proc, &ctx);
	err = vfs_lookup_inode(&ctx, path, VFS_LOOKUP_FOLLOW, &ip);
	if (!err)
		err = (int)chdir_to(t->proc, ip, path);
	free(path);
	return err;
}

long sys_fchdir(struct uthread *t, const uint64_t *a)
{
	struct file *f = fd_file_raw(t->proc, (int)a[0]);
	if (!f)
		return -LX_EBADF;
	return chdir_to(t->proc, vfs_iget(f->inode), NULL);
}

long sys_getcwd(struct uthread *t, const uint64_t *a)
{
	char *path = malloc(VFS_PATH_MAX);
	if (!path)
		return -LX_ENOMEM;
	long n = fs_inode_path(t->proc, t->proc->fs->cwd, path, VFS_PATH_MAX);
	if (n >= 0 && a[1] < (uint64_t)n + 1)
		n = -LX_ERANGE;
	if (n >= 0 && copy_out(t->proc, a[0], path, (uint64_t)n + 1))
		n = -LX_EFAULT;
	free(path);
	return n < 0 ? n : n + 1;
}
