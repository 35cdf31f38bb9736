/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tests/host/unixext2/seam.c - what ext2 runs on in the host tests: the fs
 * seam (fsalloc.h) over malloc, counting what is live; a struct blkdev over
 * an image file (512-byte device blocks, so that every ext2 block size
 * spans several); the log; mounting.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "ext2t.h"

#define DEV_BLOCK	512u

long t_live;
uint64_t t_clock = 1700000000ull * 1000000000ull;

void *fs_alloc(size_t size)
{
	void *p = calloc(1, size ? size : 1);

	if (p)
		t_live++;
	return p;
}

void fs_free(void *p)
{
	if (p)
		t_live--;
	free(p);
}

/* pages come dirty: the file system must zero what it shows */
void *fs_page_alloc(void)
{
	void *p = aligned_alloc(FS_PAGE_SIZE, FS_PAGE_SIZE);

	if (p) {
		memset(p, 0xA5, FS_PAGE_SIZE);
		t_live++;
	}
	return p;
}

void fs_page_free(void *p)
{
	if (p)
		t_live--;
	free(p);
}

/* No process maps anything here. */
void fs_pages_unmap(struct inode *ip, uint64_t from, uint64_t to,
                    void *(*page_of)(void *ctx, uint64_t index), void *ctx)
{
	(void)ip, (void)from, (void)to, (void)page_of, (void)ctx;
}

uint64_t fs_now_ns(void)
{
	return t_clock += 1000;
}

/* ---- the image ------------------------------------------------------------------------- */

uint64_t img_reads, img_writes, img_read_calls, img_write_calls;
int img_fail_after;

static bool transfer_fails(void)
{
	return img_fail_after > 0 && --img_fail_after == 0 ? (img_fail_after = 1, true) : false;
}

static int img_read(struct blkdev *d, uint64_t lba, uint32_t count, void *buf)
{
	int fd = (int)(intptr_t)d->priv;

	if (lba + count > d->nblocks || transfer_fails())
		return -LX_EIO;
	if (pread(fd, buf, (size_t)count * DEV_BLOCK, (off_t)(lba * DEV_BLOCK)) !=
	    (ssize_t)count * DEV_BLOCK)
		return -LX_EIO;
	img_reads += count;
	img_read_calls++;
	return 0;
}

static int img_write(struct blkdev *d, uint64_t lba, uint32_t count, const void *buf)
{
	int fd = (int)(intptr_t)d->priv;

	if (d->readonly)
		return -LX_EROFS;
	if (lba + count > d->nblocks || transfer_fails())
		return -LX_EIO;
	if (pwrite(fd, buf, (size_t)count * DEV_BLOCK, (off_t)(lba * DEV_BLOCK)) !=
	    (ssize_t)count * DEV_BLOCK)
		return -LX_EIO;
	img_writes += count;
	img_write_calls++;
	return 0;
}

static int img_flush(struct blkdev *d)
{
	return fdatasync((int)(intptr_t)d->priv) ? -LX_EIO : 0;
}

static void *img_buf_alloc(struct blkdev *d, size_t size)
{
	(void)d;
	void *p = aligned_alloc(DEV_BLOCK, size);
	if (p)
		t_live++;
	return p;
}

static void img_buf_free(struct blkdev *d, void *buf, size_t size)
{
	(void)d, (void)size;
	if (buf)
		t_live--;
	free(buf);
}

/* One transfer into pages, piece bytes each (readahead), as disk.c does it. */
static int img_read_pages(struct blkdev *d, uint64_t lba, uint32_t count, uint8_t *const *pages,
			  size_t piece)
{
	int fd = (int)(intptr_t)d->priv;
	size_t bytes = (size_t)count * DEV_BLOCK;

	if (!piece || piece % DEV_BLOCK || bytes % piece)
		return -LX_EINVAL;
	if (lba + count > d->nblocks || transfer_fails())
		return -LX_EIO;
	for (size_t at = 0; at < bytes; at += piece)
		if (pread(fd, pages[at / piece], piece, (off_t)(lba * DEV_BLOCK + at)) != (ssize_t)piece)
			return -LX_EIO;
	img_reads += count;
	img_read_calls++;
	return 0;
}

static const struct blkdev_ops img_ops = {
	img_read, img_write, img_flush, img_buf_alloc, img_buf_free, img_read_pages,
};

struct blkdev *img_open(const char *path, bool readonly)
{
	int fd = open(path, readonly ? O_RDONLY : O_RDWR);
	struct blkdev *d;
	struct stat st;

	if (fd < 0 || fstat(fd, &st)) {
		perror(path);
		return NULL;
	}
	d = calloc(1, sizeof(*d));
	d->ops = &img_ops;
	d->block_size = DEV_BLOCK;
	d->nblocks = (uint64_t)st.st_size / DEV_BLOCK;
	d->max_blocks = 256;
	d->readonly = readonly;
	snprintf(d->name, sizeof(d->name), "img");
	d->priv = (void *)(intptr_t)fd;
	return d;
}

void img_close(struct blkdev *d)
{
	if (!d)
		return;
	close((int)(intptr_t)d->priv);
	free(d);
}

/* ---- the log --------------------------------------------------------------------------- */

unsigned log_lines;
char log_last[256];

static void log_line(const char *line)
{
	log_lines++;
	snprintf(log_last, sizeof(log_last), "%s", line);
	fprintf(stderr, "LOG %s\n", line);
}

/* ---- mounting ------------------------------------------------------------------------- */

struct vfs_sb *t_sb;
struct vfs_ctx t_ctx;
struct blkdev *t_dev;
static struct vfs_cred root_cred;

int t_mount(const char *img, unsigned flags)
{
	int err;

	ext2_set_log(log_line);
	t_dev = img_open(img, false);
	if (!t_dev)
		return -LX_ENOENT;
	err = ext2_mount(t_dev, flags, vfs_mkdev(8, 1), &t_sb);
	if (err) {
		img_close(t_dev);
		t_dev = NULL;
		return err;
	}
	t_ctx.root = t_ctx.cwd = t_sb->root;
	t_ctx.cred = &root_cred;
	return 0;
}

void t_umount(void)
{
	if (t_sb)
		t_sb->sops->put_super(t_sb);
	img_close(t_dev);
	t_sb = NULL;
	t_dev = NULL;
}
