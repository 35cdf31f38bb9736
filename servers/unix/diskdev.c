/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * diskdev.c - the disks as block devices: /dev/vda, /dev/vda1, ... (S_IFBLK,
 * Linux's virtio-blk numbers, mode 0600 root:root as devtmpfs makes them
 * without udev) and what reading, writing, seeking and ioctl on one do, as
 * Linux's block-device files (block/fops.c, block/ioctl.c) do them:
 *
 *   read/write   at any byte offset and length: whole blocks straight through,
 *                partial ones read, changed and written back; a read at or
 *                past the end gives 0, a write there -ENOSPC, and a write
 *                running past the end is cut short there
 *   lseek        fixed size: past the end or before 0 is -EINVAL, and so
 *                are SEEK_DATA and SEEK_HOLE (fixed_size_llseek)
 *   ioctl        BLKGETSIZE64, BLKGETSIZE, BLKSSZGET, BLKPBSZGET, BLKROGET,
 *                BLKFLSBUF; the topology BLKIOMIN (the block size), BLKIOOPT,
 *                BLKALIGNOFF, BLKDISCARDZEROES, BLKGETZONESZ (all 0);
 *                anything else -ENOTTY
 *   fsync        flushes the device's cache (blkdev_fsync; sys_fs.c asks)
 *   release      the last close flushes it too (blkdev_put's sync)
 *
 * No cache here: each call goes to the device (disk.c), the transfer in
 * requests of at most DISKDEV_CHUNK bytes.
 */
#include "unixd.h"
#include "disk.h"
#include "mm/mm.h"
#include "devfs.h"

#define DISKDEV_CHUNK   (128u * 1024)

#define LX_BLKROGET     0x125eu
#define LX_BLKGETSIZE   0x1260u
#define LX_BLKFLSBUF    0x1261u
#define LX_BLKSSZGET    0x1268u
#define LX_BLKPBSZGET   0x127bu
#define LX_BLKGETSIZE64 0x80081272u
#define LX_BLKIOMIN     0x1278u
#define LX_BLKIOOPT     0x1279u
#define LX_BLKALIGNOFF  0x127au
#define LX_BLKDISCARDZEROES 0x127cu
#define LX_BLKGETZONESZ 0x80041284u

static struct blkdev *dev_of(struct file *f)
{
	return disk_by_rdev(f->inode->rdev);
}

static uint64_t dev_bytes(const struct blkdev *b)
{
	return b->nblocks * b->block_size;
}

/* A transfer buffer of the device's (buf_alloc) for bytes [pos, pos + n),
 * *len bytes: a whole number of blocks, at most DISKDEV_CHUNK or a request. */
static void *chunk_alloc(struct blkdev *b, uint64_t pos, size_t n, size_t *len)
{
	size_t most = DISKDEV_CHUNK < b->max_blocks * (size_t)b->block_size ?
	              DISKDEV_CHUNK : b->max_blocks * (size_t)b->block_size;
	uint64_t first = pos / b->block_size, last = (pos + n - 1) / b->block_size;
	uint64_t need = (last - first + 1) * b->block_size;
	*len = need < most ? (size_t)need : most;
	if (*len < b->block_size)
		*len = b->block_size;
	return b->ops->buf_alloc(b, *len);
}

/* Bytes [pos, pos + n) of the device, n > 0, inside it: read into buf, or
 * written from it (the blocks around a partial range read first). */
static int64_t dev_rw(struct blkdev *b, bool write, void *buf, size_t n, uint64_t pos)
{
	size_t clen, done = 0;
	uint8_t *chunk = chunk_alloc(b, pos, n, &clen);
	int err = chunk ? 0 : -LX_ENOMEM;
	while (!err && done < n) {
		uint64_t at = pos + done, lba = at / b->block_size;
		size_t skip = at % b->block_size, want = n - done;
		if (want > clen - skip)
			want = clen - skip;
		uint32_t count = (uint32_t)((skip + want + b->block_size - 1) / b->block_size);
		bool whole = !skip && want % b->block_size == 0;
		if (!write || !whole)
			err = b->ops->read(b, lba, count, chunk);
		if (!err && write) {
			memcpy(chunk + skip, (uint8_t *)buf + done, want);
			err = b->ops->write(b, lba, count, chunk);
		} else if (!err) {
			memcpy((uint8_t *)buf + done, chunk + skip, want);
		}
		if (!err)
			done += want;
	}
	if (chunk)
		b->ops->buf_free(b, chunk, clen);
	return done ? (int64_t)done : err;
}

static int diskdev_open(struct file *f)
{
	struct blkdev *b = dev_of(f);
	if (!b)
		return -LX_ENXIO;
	if ((f->flags & LX_O_ACCMODE) != LX_O_RDONLY && b->readonly)
		return -LX_EACCES;
	return 0;
}

static int64_t diskdev_read(struct file *f, void *buf, size_t n, uint64_t *pos)
{
	struct blkdev *b = dev_of(f);
	if (!b)
		return -LX_ENXIO;
	if (*pos >= dev_bytes(b) || !n)
		return 0;
	if (n > dev_bytes(b) - *pos)
		n = (size_t)(dev_bytes(b) - *pos);
	int64_t r = dev_rw(b, false, buf, n, *pos);
	if (r > 0)
		*pos += (uint64_t)r;
	return r;
}

static int64_t diskdev_write(struct file *f, const void *buf, size_t n, uint64_t *pos)
{
	struct blkdev *b = dev_of(f);
	if (!b)
		return -LX_ENXIO;
	if (!n)
		return 0;
	if (*pos >= dev_bytes(b))
		return -LX_ENOSPC;
	if (n > dev_bytes(b) - *pos)
		n = (size_t)(dev_bytes(b) - *pos);
	int64_t r = dev_rw(b, true, (void *)buf, n, *pos);
	if (r > 0)
		*pos += (uint64_t)r;
	return r;
}

static int64_t diskdev_lseek(struct file *f, int64_t off, int whence)
{
	struct blkdev *b = dev_of(f);
	if (!b)
		return -LX_ENXIO;
	int64_t size = (int64_t)dev_bytes(b), to;
	switch (whence) {
	case LX_SEEK_SET:
		to = off;
		break;
	case LX_SEEK_CUR:
		to = (int64_t)f->pos + off;
		break;
	case LX_SEEK_END:
		to = size + off;
		break;
	default:
		return -LX_EINVAL;
	}
	if (to < 0 || to > size)
		return -LX_EINVAL;
	f->pos = (uint64_t)to;
	return to;
}

/* The argument of a BLK* ioctl out to the caller's memory. */
static int put_arg(uintptr_t arg, const void *v, size_t n)
{
	if (!unix_current)
		return -LX_EFAULT;
	return copy_out(unix_current->proc, arg, v, n);
}

static int diskdev_ioctl(struct file *f, unsigned cmd, uintptr_t arg)
{
	struct blkdev *b = dev_of(f);
	if (!b)
		return -LX_ENXIO;
	uint64_t bytes = dev_bytes(b), sectors = bytes >> 9;
	int i = (int)b->block_size, ro = b->readonly;
	switch (cmd) {
	case LX_BLKGETSIZE64:
		return put_arg(arg, &bytes, sizeof(bytes));
	case LX_BLKGETSIZE:
		return put_arg(arg, &sectors, sizeof(sectors));
	case LX_BLKSSZGET:
	case LX_BLKPBSZGET:
		return put_arg(arg, &i, sizeof(i));
	case LX_BLKROGET:
		return put_arg(arg, &ro, sizeof(ro));
	case LX_BLKIOMIN:       /* the topology libblkid asks for (mke2fs): no */
	case LX_BLKIOOPT:       /* optimal size, no alignment offset, no zones, */
	case LX_BLKALIGNOFF:    /* discarded blocks not read back as zeros */
	case LX_BLKDISCARDZEROES:
	case LX_BLKGETZONESZ: {
		unsigned v = cmd == LX_BLKIOMIN ? (unsigned)b->block_size : 0;
		return put_arg(arg, &v, sizeof(v));
	}
	case LX_BLKFLSBUF:
		if (unix_current && unix_current->proc->cred.euid != 0)
			return -LX_EACCES;      /* CAP_SYS_ADMIN */
		return b->ops->flush(b);
	}
	return -LX_ENOTTY;
}

int diskdev_fsync(struct file *f)
{
	struct blkdev *b = dev_of(f);
	return b ? b->ops->flush(b) : -LX_ENXIO;
}

static void diskdev_release(struct file *f)
{
	struct blkdev *b = dev_of(f);
	if (b && (f->flags & LX_O_ACCMODE) != LX_O_RDONLY)
		b->ops->flush(b);
}

static const struct file_ops diskdev_fops = {
	.open = diskdev_open,
	.read = diskdev_read,
	.write = diskdev_write,
	.lseek = diskdev_lseek,
	.ioctl = diskdev_ioctl,
	.release = diskdev_release,
};

int diskdev_init(void)
{
	struct blkdev *b;
	for (int i = 0; (b = disk_get(i)); i++) {
		int err = vfs_blkdev_register(b->rdev, &diskdev_fops);
		if (!err || err == -LX_EBUSY)
			err = devfs_add_node(b->name, LX_S_IFBLK | 0600, b->rdev);
		if (err < 0 && err != -LX_EEXIST)
			return err;
	}
	return 0;
}
