/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * file.c (unixd) - open file descriptions (struct file, vfs.h): what read,
 * write, pread, pwrite, lseek, getdents64, ioctl and ftruncate do with one,
 * whatever it is, and the file_ops of the things an inode can be:
 *
 *   regular files    through the inode's file system (inode_ops read/write),
 *                    O_APPEND, holes, SEEK_DATA/SEEK_HOLE as one data extent
 *   directories      getdents64 records (struct lx_dirent64) from the fs's
 *                    getdents; read is -EISDIR
 *   block devices    the registry (vfs_blkdev_register) by rdev: unixd's disks
 *                    (diskdev.c)
 *   character devices  the registry (vfs_chrdev_register) by rdev; the memory
 *                    devices /dev/null (1:3), /dev/zero (1:5), /dev/full (1:7)
 *                    are here (vfs_init registers them)
 *   FIFOs            the ops the pipe code registers (vfs_fifo_register)
 *
 * Entry points: vfs_init, vfs_file_open_inode, vfs_file_alloc, vfs_file_attach,
 * vfs_file_get, vfs_close,
 * vfs_read, vfs_write, vfs_pread, vfs_pwrite, vfs_lseek, vfs_getdents64,
 * vfs_ioctl, vfs_ftruncate, vfs_chrdev_register/unregister/find, vfs_blkdev_register/find,
 * vfs_fifo_register, vfs_fifo_ops.
 */
#include "vfs.h"
#include "fsalloc.h"
#include "dstring.h"

/* Linux's MAX_RW_COUNT: one read or write moves at most this much. */
#define MAX_RW_COUNT	(0x7fffffffu & ~(FS_PAGE_SIZE - 1))
#define CHRDEV_MAX	32
#define BLKDEV_MAX	16
#define DIRENT_ALIGN	8

/* ---- regular files -------------------------------------------------------------------- */

static int64_t reg_read(struct file *f, void *buf, size_t n, uint64_t *pos)
{
	struct inode *ip = f->inode;
	int64_t got;

	if (*pos >= ip->size || n == 0)
		return 0;
	if (n > ip->size - *pos)
		n = (size_t)(ip->size - *pos);
	got = ip->ops->read ? ip->ops->read(ip, buf, n, *pos) : -LX_EINVAL;
	if (got > 0)
		*pos += (uint64_t)got;
	return got;
}

static int64_t reg_write(struct file *f, const void *buf, size_t n, uint64_t *pos)
{
	struct inode *ip = f->inode;
	uint64_t max = ip->sb->max_size;
	int64_t put;

	if (n == 0)
		return 0;
	if (f->flags & LX_O_APPEND)
		*pos = ip->size;
	if (*pos >= max)
		return -LX_EFBIG;
	if ((ip->seals & VFS_SEALS_NO_WRITE) ||
	    ((ip->seals & VFS_SEAL_GROW) && n > ip->size - (*pos < ip->size ? *pos : ip->size)))
		return -LX_EPERM;	/* a sealed memfd (shmem_write_begin's checks) */
	if (n > max - *pos)
		n = (size_t)(max - *pos);
	put = ip->ops->write ? ip->ops->write(ip, buf, n, *pos) : -LX_EINVAL;
	if (put > 0)
		*pos += (uint64_t)put;
	return put;
}

/* f->pos = base + off, if that is a valid offset */
static int64_t seek_to(struct file *f, int64_t base, int64_t off, uint64_t max)
{
	int64_t to;

	if (__builtin_add_overflow(base, off, &to) || to < 0 || (uint64_t)to > max)
		return -LX_EINVAL;
	f->pos = (uint64_t)to;
	return to;
}

/* SEEK_DATA (data true) or SEEK_HOLE from off < size, a page at a time where
 * the file system knows its holes: the offset, or -ENXIO for no data after off */
static int64_t seek_extent(struct file *f, uint64_t off, bool data)
{
	struct inode *ip = f->inode;
	uint64_t size = ip->size;

	if (!ip->ops->has_page)         /* one extent of data, the hole at the end */
		return data ? (int64_t)off : (int64_t)size;
	for (uint64_t at = off; at < size; at = (at / FS_PAGE_SIZE + 1) * FS_PAGE_SIZE)
		if (ip->ops->has_page(ip, at / FS_PAGE_SIZE) == data)
			return (int64_t)at;
	return data ? -LX_ENXIO : (int64_t)size;
}

/* generic_file_llseek, and tmpfs's SEEK_DATA/SEEK_HOLE where the fs knows its holes */
static int64_t reg_lseek(struct file *f, int64_t off, int whence)
{
	int64_t at;
	uint64_t size = f->inode->size, max = f->inode->sb->max_size;

	switch (whence) {
	case LX_SEEK_SET:
		return seek_to(f, 0, off, max);
	case LX_SEEK_CUR:
		return seek_to(f, (int64_t)f->pos, off, max);
	case LX_SEEK_END:
		return seek_to(f, (int64_t)size, off, max);
	case LX_SEEK_DATA:
	case LX_SEEK_HOLE:
		if (off < 0 || (uint64_t)off >= size)
			return -LX_ENXIO;
		at = seek_extent(f, (uint64_t)off, whence == LX_SEEK_DATA);
		return at < 0 ? at : seek_to(f, at, 0, max);
	}
	return -LX_EINVAL;
}

static const struct file_ops reg_fops = {
	.read = reg_read,
	.write = reg_write,
	.lseek = reg_lseek,
};

/* ---- directories ---------------------------------------------------------------------- */

struct dirent_buf {
	uint8_t *buf;
	size_t size, used;
	int err;
};

/* One struct lx_dirent64 record (the caller's buffer may be unaligned). */
static bool dirent_fill(void *arg, const char *name, size_t len, uint64_t ino, unsigned dtype,
			uint64_t next_pos)
{
	struct dirent_buf *d = arg;
	size_t reclen = (LX_DIRENT64_NAME_OFFSET + len + 1 + DIRENT_ALIGN - 1) &
			~(size_t)(DIRENT_ALIGN - 1);
	struct lx_dirent64 h = { .d_ino = ino, .d_off = (int64_t)next_pos,
				 .d_reclen = (uint16_t)reclen, .d_type = (uint8_t)dtype };
	uint8_t *rec = d->buf + d->used;

	if (reclen > d->size - d->used) {
		if (d->used == 0)
			d->err = -LX_EINVAL;
		return false;
	}
	memcpy(rec, &h, LX_DIRENT64_NAME_OFFSET);
	memcpy(rec + LX_DIRENT64_NAME_OFFSET, name, len);
	memset(rec + LX_DIRENT64_NAME_OFFSET + len, 0, reclen - LX_DIRENT64_NAME_OFFSET - len);
	d->used += reclen;
	return true;
}

static int64_t dir_getdents(struct file *f, void *buf, size_t n)
{
	struct inode *ip = f->inode;
	struct dirent_buf d = { buf, n, 0, 0 };
	int err;

	if (ip->nlink == 0)
		return -LX_ENOENT;	/* removed (IS_DEADDIR) */
	if (!ip->ops->getdents)
		return -LX_ENOTDIR;
	err = ip->ops->getdents(ip, &f->pos, dirent_fill, &d);
	if (d.err)
		return d.err;
	return err ? err : (int64_t)d.used;
}

static int64_t dir_read(struct file *f, void *buf, size_t n, uint64_t *pos)
{
	(void)f, (void)buf, (void)n, (void)pos;
	return -LX_EISDIR;
}

/* positions are getdents cookies: SEEK_SET and SEEK_CUR only (dcache_dir_lseek) */
static int64_t dir_lseek(struct file *f, int64_t off, int whence)
{
	if (whence == LX_SEEK_SET)
		return seek_to(f, 0, off, INT64_MAX);
	if (whence == LX_SEEK_CUR)
		return seek_to(f, (int64_t)f->pos, off, INT64_MAX);
	return -LX_EINVAL;
}

static const struct file_ops dir_fops = {
	.read = dir_read,
	.write = NULL,
	.lseek = dir_lseek,
	.getdents = dir_getdents,
};

/* ---- /dev/null, /dev/zero, /dev/full (drivers/char/mem.c) ------------------------------- */

static int64_t mem_read_none(struct file *f, void *buf, size_t n, uint64_t *pos)
{
	(void)f, (void)buf, (void)n, (void)pos;
	return 0;
}

static int64_t mem_read_zeros(struct file *f, void *buf, size_t n, uint64_t *pos)
{
	(void)f, (void)pos;
	memset(buf, 0, n);
	return (int64_t)n;
}

static int64_t mem_write_all(struct file *f, const void *buf, size_t n, uint64_t *pos)
{
	(void)f, (void)buf, (void)pos;
	return (int64_t)n;
}

static int64_t mem_write_full(struct file *f, const void *buf, size_t n, uint64_t *pos)
{
	(void)f, (void)buf, (void)n, (void)pos;
	return -LX_ENOSPC;
}

/* null_lseek: every seek goes to 0 */
static int64_t mem_lseek(struct file *f, int64_t off, int whence)
{
	(void)off, (void)whence;
	f->pos = 0;
	return 0;
}

static const struct file_ops null_fops = {
	.read = mem_read_none, .write = mem_write_all, .lseek = mem_lseek,
};
static const struct file_ops zero_fops = {
	.read = mem_read_zeros, .write = mem_write_all, .lseek = mem_lseek,
};
static const struct file_ops full_fops = {
	.read = mem_read_zeros, .write = mem_write_full, .lseek = mem_lseek,
};

/* ---- device registry ------------------------------------------------------------------- */

/* Owned by this file; registered at start-up by unixd's device code. */
static struct {
	uint32_t rdev;
	const struct file_ops *ops;	/* NULL: free slot */
} chrdevs[CHRDEV_MAX];

static struct {
	uint32_t rdev;
	const struct file_ops *ops;	/* NULL: free slot */
} blkdevs[BLKDEV_MAX];

static const struct file_ops *fifo_fops;

const struct file_ops *vfs_blkdev_find(uint32_t rdev)
{
	for (unsigned i = 0; i < BLKDEV_MAX; i++)
		if (blkdevs[i].ops && blkdevs[i].rdev == rdev)
			return blkdevs[i].ops;
	return NULL;
}

int vfs_blkdev_register(uint32_t rdev, const struct file_ops *ops)
{
	if (!ops)
		return -LX_EINVAL;
	if (vfs_blkdev_find(rdev))
		return -LX_EBUSY;
	for (unsigned i = 0; i < BLKDEV_MAX; i++) {
		if (!blkdevs[i].ops) {
			blkdevs[i].rdev = rdev;
			blkdevs[i].ops = ops;
			return 0;
		}
	}
	return -LX_ENOSPC;
}

const struct file_ops *vfs_chrdev_find(uint32_t rdev)
{
	for (unsigned i = 0; i < CHRDEV_MAX; i++)
		if (chrdevs[i].ops && chrdevs[i].rdev == rdev)
			return chrdevs[i].ops;
	return NULL;
}

int vfs_chrdev_register(uint32_t major, uint32_t minor, const struct file_ops *ops)
{
	uint32_t rdev = vfs_mkdev(major, minor);

	if (!ops)
		return -LX_EINVAL;
	if (vfs_chrdev_find(rdev))
		return -LX_EBUSY;
	for (unsigned i = 0; i < CHRDEV_MAX; i++) {
		if (!chrdevs[i].ops) {
			chrdevs[i].rdev = rdev;
			chrdevs[i].ops = ops;
			return 0;
		}
	}
	return -LX_ENOSPC;
}

void vfs_chrdev_unregister(uint32_t major, uint32_t minor)
{
	uint32_t rdev = vfs_mkdev(major, minor);

	for (unsigned i = 0; i < CHRDEV_MAX; i++)
		if (chrdevs[i].ops && chrdevs[i].rdev == rdev)
			chrdevs[i].ops = NULL;
}

void vfs_fifo_register(const struct file_ops *ops)
{
	fifo_fops = ops;
}

const struct file_ops *vfs_fifo_ops(void)
{
	return fifo_fops;
}

int vfs_init(void)
{
	static const struct { uint32_t minor; const struct file_ops *ops; } mem[] = {
		{ 3, &null_fops }, { 5, &zero_fops }, { 7, &full_fops },
	};
	int err = 0;

	for (unsigned i = 0; i < sizeof(mem) / sizeof(mem[0]) && !err; i++)
		if (vfs_chrdev_find(vfs_mkdev(1, mem[i].minor)) != mem[i].ops)
			err = vfs_chrdev_register(1, mem[i].minor, mem[i].ops);
	return err;
}

/* ---- open file descriptions --------------------------------------------------------- */

/* What opening ip reads and writes with: the fs's own ops, else by the inode's type. */
static int ops_for(const struct inode *ip, const struct file_ops **ops)
{
	*ops = ip->fops;
	if (*ops)
		return 0;
	switch (ip->mode & LX_S_IFMT) {
	case LX_S_IFREG:
		*ops = &reg_fops;
		break;
	case LX_S_IFDIR:
		*ops = &dir_fops;
		break;
	case LX_S_IFCHR:
		*ops = vfs_chrdev_find(ip->rdev);
		break;
	case LX_S_IFBLK:
		*ops = vfs_blkdev_find(ip->rdev);
		break;
	case LX_S_IFIFO:
		*ops = fifo_fops;
		break;
	case LX_S_IFLNK:
		return -LX_ELOOP;
	}
	return *ops ? 0 : -LX_ENXIO;
}

struct file *vfs_file_alloc(void)
{
	return fs_alloc(sizeof(struct file));
}

int vfs_file_attach(struct file *f, struct inode *ip, uint32_t flags)
{
	const struct file_ops *ops;
	int err = ops_for(ip, &ops);

	if (err) {
		fs_free(f);
		return err;
	}
	f->inode = vfs_iget(ip);
	f->ops = ops;
	f->flags = flags & ~(LX_O_CREAT | LX_O_EXCL | LX_O_NOCTTY | LX_O_TRUNC);
	f->refs = 1;
	err = ops->open ? ops->open(f) : 0;
	if (err) {
		vfs_iput(ip);
		fs_free(f);
	} else {
		vfs_file_count(f);
	}
	return err;
}

int vfs_file_open_inode(struct inode *ip, uint32_t flags, struct file **out)
{
	struct file *f = vfs_file_alloc();
	int err;

	*out = NULL;
	if (!f)
		return -LX_ENOMEM;
	err = vfs_file_attach(f, ip, flags);
	if (!err)
		*out = f;
	return err;
}

void vfs_file_count(struct file *f)
{
	if (f->inode->sb && !f->in_sb) {
		f->inode->sb->nfiles++;
		f->in_sb = true;
	}
}

struct file *vfs_file_get(struct file *f)
{
	f->refs++;
	return f;
}

void (*vfs_unwatch_hook)(struct file *f);

void vfs_close(struct file *f)
{
	if (!f || --f->refs)
		return;
	if (f->watchers && vfs_unwatch_hook)
		vfs_unwatch_hook(f);
	if (f->inode && f->inode->locks)
		vfs_lock_release(f->inode, f);	/* its OFD record locks and flock */
	if (f->ops->release)
		f->ops->release(f);
	if (f->in_sb)
		f->inode->sb->nfiles--;
	vfs_iput(f->inode);
	vfs_iput(f->dir);
	fs_free(f->name);
	fs_free(f);
}

static bool readable(const struct file *f)
{
	uint32_t acc = f->flags & LX_O_ACCMODE;
	return acc == LX_O_RDONLY || acc == LX_O_RDWR;
}

static bool writable(const struct file *f)
{
	uint32_t acc = f->flags & LX_O_ACCMODE;
	return acc == LX_O_WRONLY || acc == LX_O_RDWR;
}

static int64_t do_read(struct file *f, void *buf, size_t n, uint64_t *pos)
{
	if (!readable(f))
		return -LX_EBADF;
	if (!f->ops->read)
		return -LX_EINVAL;
	return f->ops->read(f, buf, n > MAX_RW_COUNT ? MAX_RW_COUNT : n, pos);
}

static int64_t do_write(struct file *f, const void *buf, size_t n, uint64_t *pos)
{
	if (!writable(f))
		return -LX_EBADF;
	if (!f->ops->write)
		return -LX_EINVAL;
	return f->ops->write(f, buf, n > MAX_RW_COUNT ? MAX_RW_COUNT : n, pos);
}

int64_t vfs_read(struct file *f, void *buf, size_t n)
{
	return do_read(f, buf, n, &f->pos);
}

int64_t vfs_write(struct file *f, const void *buf, size_t n)
{
	return do_write(f, buf, n, &f->pos);
}

/* pread/pwrite: only on what can seek (-ESPIPE for pipes and ttys) */
int64_t vfs_pread(struct file *f, void *buf, size_t n, int64_t off)
{
	uint64_t pos = (uint64_t)off;

	if (off < 0)
		return -LX_EINVAL;
	if (!f->ops->lseek)
		return -LX_ESPIPE;
	return do_read(f, buf, n, &pos);
}

int64_t vfs_pwrite(struct file *f, const void *buf, size_t n, int64_t off)
{
	uint64_t pos = (uint64_t)off;

	if (off < 0)
		return -LX_EINVAL;
	if (!f->ops->lseek)
		return -LX_ESPIPE;
	return do_write(f, buf, n, &pos);
}

int64_t vfs_lseek(struct file *f, int64_t off, int whence)
{
	return f->ops->lseek ? f->ops->lseek(f, off, whence) : -LX_ESPIPE;
}

int64_t vfs_getdents64(struct file *f, void *buf, size_t n)
{
	return f->ops->getdents ? f->ops->getdents(f, buf, n) : -LX_ENOTDIR;
}

int vfs_ioctl(struct file *f, unsigned cmd, uintptr_t arg)
{
	return f->ops->ioctl ? f->ops->ioctl(f, cmd, arg) : -LX_ENOTTY;
}

/* do_sys_ftruncate: a regular file open for writing */
int vfs_ftruncate(struct file *f, int64_t length)
{
	if (length < 0 || !LX_S_ISREG(f->inode->mode) || !writable(f))
		return -LX_EINVAL;
	return vfs_inode_truncate(f->inode, (uint64_t)length);
}
