/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sys_io.c - moving bytes between files inside the server (sendfile,
 * copy_file_range) and the calls that only advise or reserve (fallocate,
 * fadvise64, readahead, sync_file_range), with Linux's checks in Linux's
 * order.
 *
 * A copy goes through one bounce buffer, a chunk at a time, reading with
 * pread so that the source advances only by what the destination took: a
 * destination that fills (a pipe) ends the call short, or parks it on the
 * destination's wait queue when nothing has moved yet.
 *
 * fallocate mode 0 gives the file its new size at once; the file systems
 * here allocate on write, so nothing is reserved ahead (ramfs, as Linux's,
 * has nothing to reserve; ext2 on Linux refuses fallocate altogether).
 */
#include "unixd.h"
#include "fd.h"
#include "signal.h"
#include "mm/mm.h"

#define COPY_CHUNK	65536
#define MAX_RW_COUNT	0x7ffff000ll	/* Linux's: one call moves at most this much */

#define FALLOC_FL_SUPPORTED	0x7f	/* every flag Linux knows */
#define SYNC_FILE_RANGE_ALL	0x7
#define FADV_MAX		5	/* POSIX_FADV_NORMAL .. POSIX_FADV_NOREUSE */

static uint8_t bounce[COPY_CHUNK];

static bool is_readable(const struct file *f)
{
	return !(f->flags & LX_O_PATH) && (f->flags & LX_O_ACCMODE) != LX_O_WRONLY;
}

static bool is_writable(const struct file *f)
{
	return !(f->flags & LX_O_PATH) && (f->flags & LX_O_ACCMODE) != LX_O_RDONLY;
}

static uint32_t type_of(const struct file *f)
{
	return f->inode->mode & LX_S_IFMT;
}

/*
 * Moves up to n bytes from in at *pos to out (at *opos, or its own position
 * when opos is NULL); *moved is what went.  Stops at the end of in, at a short
 * write, or at an error, which it returns only when nothing moved.
 */
static long copy_loop(struct file *in, uint64_t *pos, struct file *out, uint64_t *opos,
                      uint64_t n, uint64_t *moved)
{
	*moved = 0;
	while (*moved < n) {
		size_t want = n - *moved > COPY_CHUNK ? COPY_CHUNK : (size_t)(n - *moved);
		int64_t got = vfs_pread(in, bounce, want, (int64_t)*pos);
		if (got <= 0)
			return *moved ? 0 : got;
		int64_t put = opos ? vfs_pwrite(out, bounce, (size_t)got, (int64_t)*opos)
		                   : vfs_write(out, bounce, (size_t)got);
		if (put <= 0)
			return *moved ? 0 : (put ? put : -LX_EAGAIN);
		*moved += (uint64_t)put;
		*pos += (uint64_t)put;
		if (opos)
			*opos += (uint64_t)put;
		if (put < got)
			break;
	}
	return 0;
}

long sys_sendfile(struct uthread *t, const uint64_t *a)
{
	struct proc *p = t->proc;
	struct file *out = fd_file(p, (int)a[0]), *in = fd_file(p, (int)a[1]);
	if (!in || !is_readable(in) || !out || !is_writable(out))
		return -LX_EBADF;
	int64_t off = (int64_t)in->pos;
	if (a[2] && copy_in(p, &off, a[2], sizeof(off)))
		return -LX_EFAULT;
	if (off < 0 || type_of(in) != LX_S_IFREG || (out->flags & LX_O_APPEND))
		return -LX_EINVAL;
	uint64_t n = a[3] > MAX_RW_COUNT ? MAX_RW_COUNT : a[3], pos = (uint64_t)off, moved;
	long err = copy_loop(in, &pos, out, NULL, n, &moved);
	if (err == -LX_EAGAIN && !(out->flags & LX_O_NONBLOCK) && out->ops->wait_queue) {
		struct urt_list *q = out->ops->wait_queue(out, true);
		if (q)
			return park(t, q, UINT64_MAX);
	}
	if (err == -LX_EPIPE)
		signal_send_thread(t, LX_SIGPIPE, NULL);
	if (err)
		return err;
	if (a[2]) {
		int64_t now = (int64_t)pos;
		if (copy_out(p, a[2], &now, sizeof(now)))
			return -LX_EFAULT;
	} else {
		in->pos = pos;
	}
	return (long)moved;
}

/* copy_file_range's offset argument: the file's own position if u is 0 */
static int range_off(struct proc *p, uint64_t u, const struct file *f, uint64_t *out)
{
	int64_t off = (int64_t)f->pos;
	if (u && copy_in(p, &off, u, sizeof(off)))
		return -LX_EFAULT;
	if (off < 0)
		return -LX_EINVAL;
	*out = (uint64_t)off;
	return 0;
}

static int range_checks(const struct file *in, const struct file *out)
{
	if (!is_readable(in) || !is_writable(out) || (out->flags & LX_O_APPEND))
		return -LX_EBADF;
	if (type_of(in) == LX_S_IFDIR || type_of(out) == LX_S_IFDIR)
		return -LX_EISDIR;
	if (type_of(in) != LX_S_IFREG || type_of(out) != LX_S_IFREG)
		return -LX_EINVAL;
	return 0;
}

long sys_copy_file_range(struct uthread *t, const uint64_t *a)
{
	struct proc *p = t->proc;
	struct file *in = fd_file(p, (int)a[0]), *out = fd_file(p, (int)a[2]);
	if (a[5])
		return -LX_EINVAL;
	if (!in || !out)
		return -LX_EBADF;
	uint64_t ipos, opos, n = a[4], moved;
	int err = range_checks(in, out);
	if (!err)
		err = range_off(p, a[1], in, &ipos);
	if (!err)
		err = range_off(p, a[3], out, &opos);
	if (err)
		return err;
	if (n > MAX_RW_COUNT)
		n = MAX_RW_COUNT;
	if (in->inode == out->inode && ipos < opos + n && opos < ipos + n)
		return -LX_EINVAL;      /* overlapping ranges of one file */
	long r = copy_loop(in, &ipos, out, &opos, n, &moved);
	if (r)
		return r;
	if ((a[1] && copy_out(p, a[1], &ipos, sizeof(ipos))) ||
	    (a[3] && copy_out(p, a[3], &opos, sizeof(opos))))
		return -LX_EFAULT;
	if (!a[1])
		in->pos = ipos;
	if (!a[3])
		out->pos = opos;
	return (long)moved;
}

long sys_fallocate(struct uthread *t, const uint64_t *a)
{
	struct file *f = fd_file(t->proc, (int)a[0]);
	int mode = (int)a[1];
	int64_t off = (int64_t)a[2], len = (int64_t)a[3];
	if (!f)
		return -LX_EBADF;
	if (off < 0 || len <= 0)
		return -LX_EINVAL;
	if (mode & ~FALLOC_FL_SUPPORTED)
		return -LX_EOPNOTSUPP;
	if (!is_writable(f))
		return -LX_EBADF;
	uint32_t type = type_of(f);
	if (type == LX_S_IFIFO)
		return -LX_ESPIPE;
	if (type == LX_S_IFDIR)
		return -LX_EISDIR;
	if (type != LX_S_IFREG)
		return -LX_ENODEV;
	if (off > INT64_MAX - len || (uint64_t)(off + len) > f->inode->sb->max_size)
		return -LX_EFBIG;
	return vfs_fallocate(f->inode, mode, (uint64_t)off, (uint64_t)len);
}

long sys_fadvise64(struct uthread *t, const uint64_t *a)
{
	struct file *f = fd_file(t->proc, (int)a[0]);
	if (!f)
		return -LX_EBADF;
	if (type_of(f) == LX_S_IFIFO)
		return -LX_ESPIPE;
	/* len is a size_t in the call but a loff_t in ksys_fadvise64_64: one
	 * with the top bit set is negative there, EINVAL (generic_fadvise) */
	return (int64_t)a[2] < 0 || a[3] > FADV_MAX ? -LX_EINVAL : 0;
}

long sys_readahead(struct uthread *t, const uint64_t *a)
{
	struct file *f = fd_file(t->proc, (int)a[0]);
	if (!f || !is_readable(f))
		return -LX_EBADF;
	return type_of(f) == LX_S_IFREG ? 0 : -LX_EINVAL;
}

long sys_sync_file_range(struct uthread *t, const uint64_t *a)
{
	int64_t off = (int64_t)a[1], n = (int64_t)a[2];
	if (a[3] & ~(uint64_t)SYNC_FILE_RANGE_ALL)
		return -LX_EINVAL;
	if (off < 0 || n < 0 || off > INT64_MAX - n)
		return -LX_EINVAL;
	struct file *f = fd_file(t->proc, (int)a[0]);
	if (!f)
		return -LX_EBADF;
	uint32_t type = type_of(f);
	if (type != LX_S_IFREG && type != LX_S_IFBLK && type != LX_S_IFDIR && type != LX_S_IFLNK)
		return -LX_ESPIPE;
	struct inode *ip = f->inode;
	return ip->sb->sops && ip->sb->sops->fsync ? ip->sb->sops->fsync(ip, true) : 0;
}
