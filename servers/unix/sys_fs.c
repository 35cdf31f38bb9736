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
#include "pipe.h"
#include "console.h"
#include "signal.h"
#include "mm/mm.h"

#define LX_F_DUPFD 0
#define LX_F_GETFD 1
#define LX_F_SETFD 2
#define LX_F_GETFL 3
#define LX_F_SETFL 4
#define LX_F_GETLK 5
#define LX_F_SETLK 6
#define LX_F_SETLKW 7
#define LX_F_DUPFD_CLOEXEC 1030
#define LX_F_SETPIPE_SZ 1031
#define LX_F_GETPIPE_SZ 1032
#define LX_FD_CLOEXEC 1
#define LX_IOV_MAX 1024
#define SETFL_MASK (LX_O_APPEND | LX_O_NONBLOCK | LX_O_ASYNC | LX_O_DIRECT | LX_O_NOATIME)
#define IO_CHUNK 65536
#define LX_AT_NO_AUTOMOUNT 0x800
#define LX_AT_STATX_SYNC_TYPE 0x6000    /* FORCE_SYNC | DONT_SYNC: not both */
#define LX_STATX_BASIC_STATS 0x7ffu
#define LX_STATX__RESERVED 0x80000000u
#define LX_POSIX_FADV_NOREUSE 5         /* the highest advice */

/* struct statx (include/uapi/linux/stat.h): 256 bytes */
struct lx_statx_ts {
	int64_t sec;
	uint32_t nsec;
	int32_t reserved;
};
struct lx_statx {
	uint32_t mask, blksize;
	uint64_t attributes;
	uint32_t nlink, uid, gid;
	uint16_t mode, spare0;
	uint64_t ino, size, blocks, attributes_mask;
	struct lx_statx_ts atime, btime, ctime, mtime;
	uint32_t rdev_major, rdev_minor, dev_major, dev_minor;
	uint64_t mnt_id;
	uint32_t dio_mem_align, dio_offset_align;
	uint64_t spare3[12];
};
_Static_assert(sizeof(struct lx_statx) == 256, "struct statx is 256 bytes");
_Static_assert(__builtin_offsetof(struct lx_statx, atime) == 64, "stx_atime");
_Static_assert(__builtin_offsetof(struct lx_statx, rdev_major) == 128, "stx_rdev_major");

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
		if (r == -LX_EPIPE)
			signal_send_thread(t, LX_SIGPIPE, NULL);
	} else if (write) {
		if (copy_in(t->proc, bounce, ubuf, n))
			return -LX_EFAULT;
		r = off < 0 ? vfs_write(f, bounce, n) : vfs_pwrite(f, bounce, n, off);
		if (r == -LX_EPIPE)
			signal_send_thread(t, LX_SIGPIPE, NULL);
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
		if (q)
			return park(t, q, UINT64_MAX);
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
	if ((int64_t)n < 0)
		return -LX_EINVAL;
	if (ubuf + n < ubuf || ubuf + n > VMA_TASK_SIZE)
		return -LX_EFAULT;      /* access_ok: checked before anything moves */
	if (write && LX_S_ISREG(f->inode->mode) && n) {
		n = fsize_limit(t, f, n, off);
		if (!n)
			return -LX_EFBIG;
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
		if (n == 0 || (!write && (uint64_t)r < IO_CHUNK) || (!LX_S_ISREG(f->inode->mode) && !write))
			break;
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
	return f ? vfs_lseek(f, (int64_t)a[1], (int)a[2]) : -LX_EBADF;
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
	struct file *f = fd_file(t->proc, (int)a[0]);
	if (!f)
		return -LX_EBADF;
	int fd = fd_install(t->proc, vfs_file_get(f), false, 0);
	if (fd < 0)
		vfs_close(f);
	return fd;
}

static long do_dup3(struct uthread *t, int oldfd, int newfd, uint64_t flags)
{
	struct file *f = fd_file(t->proc, oldfd);
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

long sys_fcntl(struct uthread *t, const uint64_t *a)
{
	struct proc *p = t->proc;
	int fd = (int)a[0];
	struct file *f = fd_file(p, fd);
	if (!f)
		return -LX_EBADF;
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
	case LX_F_SETPIPE_SZ:
		return pipe_set_size(f, a[2]);
	case LX_F_GETLK: case LX_F_SETLK: case LX_F_SETLKW:
		return -LX_ENOLCK;      /* record locks come with ext2 */
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
	if (console_is_tty(f))
		return console_ioctl(t, f, (unsigned)a[1], a[2]);
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
	if (!err && which != 2 && c1.cwd != c2.cwd && p1[0] != '/' && p2[0] != '/')
		err = -LX_EXDEV;        /* different directories for each: not supported yet */
	if (!err) {
		struct vfs_ctx *c = p1[0] == '/' ? &c2 : &c1;
		if (which == 2)
			err = vfs_symlink(&c2, p1, p2);
		else if (which == 0)
			err = vfs_rename(p2[0] != '/' ? &c2 : c, p1, p2);
		else
			err = vfs_link(p2[0] != '/' ? &c2 : c, p1, p2, flags);
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
	if (a[4])
		return -LX_EINVAL;      /* RENAME_NOREPLACE and friends: with ext2 */
	return two_paths(t, (int)a[0], a[1], (int)a[2], a[3], 0, 0);
}

long sys_link(struct uthread *t, const uint64_t *a)
{
	return two_paths(t, LX_AT_FDCWD, a[0], LX_AT_FDCWD, a[1], 1, 0);
}

long sys_linkat(struct uthread *t, const uint64_t *a)
{
	if (a[4] & ~(uint64_t)(LX_AT_SYMLINK_FOLLOW | LX_AT_EMPTY_PATH))
		return -LX_EINVAL;
	return two_paths(t, (int)a[0], a[1], (int)a[2], a[3], 1, (unsigned)a[4]);
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
	if (!err && !strcmp(path, "/proc/self/exe")) {
		err = (int)strlen(t->proc->exe);
		memcpy(buf, t->proc->exe, (size_t)err);
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

/* The attributes of what dirfd and upath name (AT_EMPTY_PATH: dirfd itself),
 * for newfstatat and statx; flags already checked. */
static int stat_at(struct uthread *t, int dirfd, uint64_t upath, unsigned flags,
                   struct vfs_stat *st)
{
	char *path = NULL;
	int err = path_in(t->proc, upath, &path);
	if (err)
		return err;
	if (!path[0] && (flags & LX_AT_EMPTY_PATH)) {
		free(path);
		if (dirfd == LX_AT_FDCWD) {
			vfs_inode_stat(t->proc->fs->cwd, st);
			return 0;
		}
		struct file *f = fd_file(t->proc, dirfd);
		if (!f)
			return -LX_EBADF;
		vfs_inode_stat(f->inode, st);
		return 0;
	}
	struct vfs_ctx ctx;
	err = fs_ctx_at(t->proc, dirfd, path, &ctx);
	if (!err)
		err = vfs_stat(&ctx, path, flags & LX_AT_SYMLINK_NOFOLLOW, st);
	free(path);
	return err;
}

static long do_fstatat(struct uthread *t, int dirfd, uint64_t upath, uint64_t ubuf, unsigned flags)
{
	struct vfs_stat st;
	if (flags & ~(unsigned)(LX_AT_SYMLINK_NOFOLLOW | LX_AT_EMPTY_PATH | LX_AT_NO_AUTOMOUNT))
		return -LX_EINVAL;
	int err = stat_at(t, dirfd, upath, flags, &st);
	return err ? err : stat_out(t->proc, ubuf, &st);
}

static void statx_from_stat(const struct lx_stat *s, struct lx_statx *x)
{
	memset(x, 0, sizeof(*x));
	x->mask = LX_STATX_BASIC_STATS;
	x->blksize = (uint32_t)s->st_blksize;
	x->nlink = (uint32_t)s->st_nlink;
	x->uid = s->st_uid, x->gid = s->st_gid;
	x->mode = (uint16_t)s->st_mode;
	x->ino = s->st_ino, x->size = (uint64_t)s->st_size, x->blocks = (uint64_t)s->st_blocks;
	x->atime = (struct lx_statx_ts){ (int64_t)s->st_atime_sec, (uint32_t)s->st_atime_nsec, 0 };
	x->mtime = (struct lx_statx_ts){ (int64_t)s->st_mtime_sec, (uint32_t)s->st_mtime_nsec, 0 };
	x->ctime = (struct lx_statx_ts){ (int64_t)s->st_ctime_sec, (uint32_t)s->st_ctime_nsec, 0 };
	x->rdev_major = vfs_major((uint32_t)s->st_rdev), x->rdev_minor = vfs_minor((uint32_t)s->st_rdev);
	x->dev_major = vfs_major((uint32_t)s->st_dev), x->dev_minor = vfs_minor((uint32_t)s->st_dev);
}

/* statx: what stat knows, in struct statx (the basic fields; no birth
 * time, attributes or mount id: the VFS keeps none). */
long sys_statx(struct uthread *t, const uint64_t *a)
{
	unsigned flags = (unsigned)a[2];
	if ((a[2] >> 32) || (flags & ~(unsigned)(LX_AT_SYMLINK_NOFOLLOW | LX_AT_EMPTY_PATH |
	                                         LX_AT_NO_AUTOMOUNT | LX_AT_STATX_SYNC_TYPE)) ||
	    (flags & LX_AT_STATX_SYNC_TYPE) == LX_AT_STATX_SYNC_TYPE || (a[3] & LX_STATX__RESERVED))
		return -LX_EINVAL;
	struct vfs_stat st;
	int err = stat_at(t, (int)a[0], a[1], flags, &st);
	if (err)
		return err;
	struct lx_stat ls;
	struct lx_statx x;
	vfs_stat_to_linux(&st, &ls);
	statx_from_stat(&ls, &x);
	return copy_out(t->proc, a[4], &x, sizeof(x));
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
	struct file *f = fd_file(t->proc, (int)a[0]);
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

long sys_faccessat2(struct uthread *t, const uint64_t *a)
{
	uint64_t m[2] = { a[2], a[3] };
	if (a[2] & ~(uint64_t)7 || a[3] & ~(uint64_t)(LX_AT_EACCESS | LX_AT_SYMLINK_NOFOLLOW))
		return -LX_EINVAL;
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
	return f ? vfs_ftruncate(f, (int64_t)a[1]) : -LX_EBADF;
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

/* posix_fadvise: advice is checked and taken; the ramfs has nothing to
 * read ahead or drop. */
long sys_fadvise64(struct uthread *t, const uint64_t *a)
{
	struct file *f = fd_file(t->proc, (int)a[0]);
	if (!f || (f->flags & LX_O_PATH))
		return -LX_EBADF;
	if (LX_S_ISFIFO(f->inode->mode))
		return -LX_ESPIPE;
	if ((int64_t)a[2] < 0 || a[3] > LX_POSIX_FADV_NOREUSE)
		return -LX_EINVAL;
	return 0;
}

long sys_fsync(struct uthread *t, const uint64_t *a)
{
	struct file *f = fd_file(t->proc, (int)a[0]);
	if (!f)
		return -LX_EBADF;
	return pipe_wait_queue(f, false) || console_is_tty(f) ? -LX_EINVAL : 0;
}

long sys_fdatasync(struct uthread *t, const uint64_t *a)
{
	return sys_fsync(t, a);
}

long sys_syncfs(struct uthread *t, const uint64_t *a)
{
	return fd_valid(t->proc, (int)a[0]) ? 0 : -LX_EBADF;
}

long sys_sync(struct uthread *t, const uint64_t *a)
{
	(void)t, (void)a;
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
	struct file *f = fd_file(t->proc, (int)a[0]);
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
