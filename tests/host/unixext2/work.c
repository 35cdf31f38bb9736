/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tests/host/unixext2/work.c - the workloads run.sh runs on fresh images
 * (each followed by the host's `e2fsck -fn`): every one mounts the image,
 * works through the VFS calls unixd's system calls use, checks what it reads
 * back, and unmounts; some remount to see what reached the disk.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include "ext2t.h"
#include "ext2_int.h"

#define MiB	(1024ull * 1024)
#define GiB	(1024ull * MiB)

static const char *img;

static struct vfs_stat st_of(const char *path)
{
	struct vfs_stat st;

	memset(&st, 0, sizeof(st));
	vfs_stat(&t_ctx, path, LX_AT_SYMLINK_NOFOLLOW, &st);
	return st;
}

static bool exists(const char *path)
{
	return st_of(path).mode != 0;
}

static struct ext2_usage usage(void)
{
	struct ext2_usage u;

	ext2_usage(t_sb, &u);
	return u;
}

/* a recognisable byte at each offset */
static uint8_t pat(uint64_t off, unsigned seed)
{
	return (uint8_t)((off * 2654435761u >> 13) + seed);
}

static void fill(uint8_t *buf, size_t n, uint64_t off, unsigned seed)
{
	for (size_t i = 0; i < n; i++)
		buf[i] = pat(off + i, seed);
}

static bool check(const uint8_t *buf, size_t n, uint64_t off, unsigned seed)
{
	for (size_t i = 0; i < n; i++)
		if (buf[i] != pat(off + i, seed))
			return false;
	return true;
}

static bool zeros(const uint8_t *buf, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (buf[i])
			return false;
	return true;
}

/* writes n pattern bytes at off of path */
static int put_pat(const char *path, uint64_t off, size_t n, unsigned seed)
{
	uint8_t *buf = malloc(n);
	int err;

	fill(buf, n, off, seed);
	err = put_data(path, buf, n, off, 0);
	free(buf);
	return err;
}

static bool got_pat(const char *path, uint64_t off, size_t n, unsigned seed)
{
	uint8_t *buf = malloc(n);
	bool ok = get_data(path, buf, n, off) == (int64_t)n && check(buf, n, off, seed);

	free(buf);
	return ok;
}

static bool got_zeros(const char *path, uint64_t off, size_t n)
{
	uint8_t *buf = malloc(n);
	bool ok = get_data(path, buf, n, off) == (int64_t)n && zeros(buf, n);

	free(buf);
	return ok;
}

static int remount(void)
{
	t_umount();
	return t_mount(img, 0);
}

/* ---- workloads ------------------------------------------------------------------------------ */

/* files of many sizes, written, read back, after a remount too */
static int w_files(void)
{
	static const size_t sizes[] = { 0, 1, 511, 1024, 1025, 4095, 4096, 4097, 12288,
					70000, 300000, 1100000 };
	char path[64];

	for (unsigned i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		snprintf(path, sizeof(path), "/f%u", i);
		CHECK_ERR(put_pat(path, 0, sizes[i], i), 0);
		CHECK(st_of(path).size == sizes[i]);
	}
	CHECK_ERR(remount(), 0);
	for (unsigned i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		struct vfs_stat st;
		snprintf(path, sizeof(path), "/f%u", i);
		st = st_of(path);
		CHECK(st.size == sizes[i] && LX_S_ISREG(st.mode) && st.nlink == 1);
		CHECK(st.blocks * 512 >= sizes[i]);
		CHECK(got_pat(path, 0, sizes[i], i));
	}
	CHECK(got_pat("/f11", 5000, 3000, 11));
	/* times: to the nanosecond in large inodes (seconds in 128-byte ones), before 1970
	 * and after 2038 too */
	static const int64_t times[] = { 1700000000123456789ll, -86400ll * 365 * 1000000000 - 5,
					 4200000000ll * 1000000000 + 7 };
	bool ns = ext2_sb_of(t_sb)->inode_size > 128;
	for (unsigned i = 0; i < 3; i++) {
		struct lx_timespec ts[2] = { { 0, LX_UTIME_OMIT }, { 0, 0 } };
		int64_t t = times[i], s = t / 1000000000, r = t % 1000000000;
		if (r < 0)
			r += 1000000000, s--;
		ts[1].tv_sec = s;
		ts[1].tv_nsec = r;
		snprintf(path, sizeof(path), "/f%u", i);
		CHECK_ERR(vfs_utimens(&t_ctx, path, ts, 0), 0);
	}
	CHECK_ERR(remount(), 0);
	for (unsigned i = 0; i < 3; i++) {
		int64_t t = times[i], want = ns ? t : t - (((t % 1000000000) + 1000000000) % 1000000000);
		snprintf(path, sizeof(path), "/f%u", i);
		if (!ns && i == 2)
			continue;		/* beyond 2038 needs the extra bits */
		CHECK(st_of(path).mtime == want);
	}
	return 0;
out:
	return 1;
}

/* holes: no blocks, zeros; data in direct, single, double and triple indirect
 * blocks; a file over 4 GiB; then truncated down in steps and removed */
static int w_sparse(void)
{
	struct ext2_usage before = usage();
	const uint64_t offs[] = { 0, 20 * 1024, 300 * 1024, 70 * MiB, 5 * GiB + 12345 };
	struct vfs_stat st;

	CHECK_ERR(put_pat("/hole", 1 * MiB, 10, 1), 0);
	st = st_of("/hole");
	CHECK(st.size == 1 * MiB + 10 && st.blocks <= 16);
	CHECK(got_zeros("/hole", 0, 1 * MiB));
	for (unsigned i = 0; i < 5; i++)
		CHECK_ERR(put_pat("/big", offs[i], 5000, i), 0);
	st = st_of("/big");
	CHECK(st.size == 5 * GiB + 12345 + 5000);
	CHECK_ERR(remount(), 0);
	for (unsigned i = 0; i < 5; i++)
		CHECK(got_pat("/big", offs[i], 5000, i));
	CHECK(got_zeros("/big", 4 * GiB, 65536));
	CHECK(got_zeros("/big", 100 * MiB, 4096));
	struct file *f;
	CHECK_ERR(vfs_open(&t_ctx, "/big", LX_O_RDWR, 0, &f), 0);
	CHECK_ERR(vfs_ftruncate(f, 70 * MiB + 100), 0);
	CHECK_ERR(vfs_ftruncate(f, 6 * GiB), 0);	/* grown again: zeros after 70 MiB + 100 */
	vfs_close(f);
	CHECK(got_pat("/big", 70 * MiB, 100, 3));
	CHECK(got_zeros("/big", 70 * MiB + 100, 4900));
	CHECK(got_zeros("/big", 5 * GiB, 20000));
	CHECK_ERR(vfs_truncate(&t_ctx, "/big", 1000), 0);
	CHECK(got_pat("/big", 0, 1000, 0));
	CHECK_ERR(vfs_truncate(&t_ctx, "/big", 0), 0);
	CHECK(st_of("/big").blocks == 0);
	CHECK_ERR(vfs_unlink(&t_ctx, "/big"), 0);
	CHECK_ERR(vfs_unlink(&t_ctx, "/hole"), 0);
	CHECK(usage().bfree == before.bfree && usage().ffree == before.ffree);
	CHECK_ERR(put_pat("/keep", 5 * GiB, 100, 9), 0);	/* left for e2fsck */
	return 0;
out:
	return 1;
}

/* truncate up and down across block and page boundaries: zeros where grown */
static int w_truncate(void)
{
	static const uint64_t sizes[] = { 5000, 100, 9000, 4096, 1, 20000, 0, 3 };
	uint64_t cur = 0;

	CHECK_ERR(put_pat("/t", 0, 16384, 7), 0);
	cur = 16384;
	for (unsigned i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		uint64_t keep = cur < sizes[i] ? cur : sizes[i];
		CHECK_ERR(vfs_truncate(&t_ctx, "/t", (int64_t)sizes[i]), 0);
		CHECK(st_of("/t").size == sizes[i]);
		if (sizes[i] > keep)
			CHECK(got_zeros("/t", keep, sizes[i] - keep));
		cur = keep;
		if (i == 3)
			CHECK_ERR(remount(), 0);
	}
	CHECK_ERR(put_pat("/t", 0, 3, 7), 0);
	CHECK_ERR(vfs_truncate(&t_ctx, "/t", 5000), 0);
	CHECK_ERR(remount(), 0);
	CHECK(got_pat("/t", 0, 3, 7) && got_zeros("/t", 3, 4997));
	return 0;
out:
	return 1;
}

/* fallocate: modes 0 and KEEP_SIZE refused as Linux's ext2 does; a punched
 * hole reads as zeros, keeps the size, frees its whole blocks and survives a
 * remount; past the end nothing happens; punching it all frees every block */
static int w_punch(void)
{
	const int ph = VFS_FALLOC_PUNCH_HOLE | VFS_FALLOC_KEEP_SIZE;
	const uint64_t size = 300 * 1024, off = 1000, len = 200 * 1024;
	struct ext2_usage before = usage();
	struct file *f;
	uint64_t blocks;

	CHECK_ERR(put_pat("/p", 0, size, 5), 0);
	blocks = st_of("/p").blocks;
	CHECK_ERR(vfs_open(&t_ctx, "/p", LX_O_RDWR, 0, &f), 0);
	CHECK_ERR(vfs_fallocate(f->inode, 0, 0, 4096), -LX_EOPNOTSUPP);
	CHECK_ERR(vfs_fallocate(f->inode, VFS_FALLOC_KEEP_SIZE, 0, 4096), -LX_EOPNOTSUPP);
	CHECK_ERR(vfs_fallocate(f->inode, VFS_FALLOC_PUNCH_HOLE, 0, 4096), -LX_EOPNOTSUPP);
	CHECK_ERR(vfs_fallocate(f->inode, ph, off, len), 0);
	CHECK_ERR(vfs_fallocate(f->inode, ph, size + 4096, 8192), 0);
	vfs_close(f);
	CHECK(st_of("/p").size == size && st_of("/p").blocks < blocks);
	for (int pass = 0; pass < 2; pass++) {
		CHECK(got_pat("/p", 0, off, 5) && got_zeros("/p", off, len));
		CHECK(got_pat("/p", off + len, size - off - len, 5));
		if (!pass)
			CHECK_ERR(remount(), 0);
	}
	CHECK_ERR(vfs_open(&t_ctx, "/p", LX_O_RDWR, 0, &f), 0);
	CHECK_ERR(vfs_fallocate(f->inode, ph, 0, size), 0);
	vfs_close(f);
	CHECK(st_of("/p").size == size && st_of("/p").blocks == 0 && got_zeros("/p", 0, size));
	CHECK_ERR(vfs_unlink(&t_ctx, "/p"), 0);
	CHECK(usage().bfree == before.bfree);
	return 0;
out:
	return 1;
}

/* directory trees: deep, wide, removed again */
static int w_dirs(void)
{
	char path[4096] = "";
	struct ext2_usage before = usage();

	for (int i = 0; i < 60; i++) {
		strcat(path, "/d");
		CHECK_ERR(vfs_mkdir(&t_ctx, path, 0755), 0);
	}
	CHECK_ERR(put_pat("/d/d/d/file", 0, 100, 1), 0);
	CHECK_ERR(vfs_mkdir(&t_ctx, "/d/d", 0755), -LX_EEXIST);
	CHECK_ERR(vfs_rmdir(&t_ctx, "/d/d/d"), -LX_ENOTEMPTY);
	CHECK(st_of("/d").nlink == 3 && st_of("/").nlink >= 4);
	CHECK_ERR(remount(), 0);
	CHECK(got_pat("/d/d/d/file", 0, 100, 1));
	CHECK_ERR(vfs_unlink(&t_ctx, "/d/d/d/file"), 0);
	for (int i = 60; i > 0; i--) {
		CHECK_ERR(vfs_rmdir(&t_ctx, path), 0);
		path[strlen(path) - 2] = 0;
	}
	CHECK(usage().bfree == before.bfree && usage().ffree == before.ffree);
	CHECK_ERR(vfs_mkdir(&t_ctx, "/kept", 0700), 0);
	CHECK_ERR(vfs_mkdir(&t_ctx, "/kept/sub", 0700), 0);
	CHECK(st_of("/kept").nlink == 3);
	return 0;
out:
	return 1;
}

/* a directory of many entries: several blocks, removals merge, re-adds reuse */
static int w_manydir(void)
{
	char p[64];
	uint64_t size;

	CHECK_ERR(vfs_mkdir(&t_ctx, "/m", 0755), 0);
	for (int i = 0; i < 3000; i++) {
		snprintf(p, sizeof(p), "/m/entry-with-a-longish-name-%d", i);
		CHECK_ERR(put_data(p, "x", 1, 0, LX_O_EXCL), 0);
	}
	size = st_of("/m").size;
	CHECK(size > 20 * 1024);
	for (int i = 0; i < 3000; i += 2) {
		snprintf(p, sizeof(p), "/m/entry-with-a-longish-name-%d", i);
		CHECK_ERR(vfs_unlink(&t_ctx, p), 0);
	}
	for (int i = 0; i < 1500; i++) {
		snprintf(p, sizeof(p), "/m/n%d", i);
		CHECK_ERR(vfs_mkdir(&t_ctx, p, 0755), 0);
	}
	CHECK(st_of("/m").size == size);	/* the freed space was reused */
	CHECK(st_of("/m").nlink == 1502);
	CHECK_ERR(remount(), 0);
	for (int i = 0; i < 3000; i++) {
		snprintf(p, sizeof(p), "/m/entry-with-a-longish-name-%d", i);
		CHECK(exists(p) == (i % 2 == 1));
	}
	/* getdents sees every entry once */
	struct file *f;
	static char buf[4096];
	int64_t n;
	int count = 0;
	CHECK_ERR(vfs_open(&t_ctx, "/m", LX_O_RDONLY | LX_O_DIRECTORY, 0, &f), 0);
	while ((n = vfs_getdents64(f, buf, sizeof(buf))) > 0)
		for (int64_t o = 0; o < n; o += ((struct lx_dirent64 *)(buf + o))->d_reclen)
			count++;
	vfs_close(f);
	CHECK(n == 0 && count == 3002);
	return 0;
out:
	return 1;
}

/* rename: files, directories across parents, over files and empty directories */
static int w_rename(void)
{
	CHECK_ERR(vfs_mkdir(&t_ctx, "/a", 0755), 0);
	CHECK_ERR(vfs_mkdir(&t_ctx, "/b", 0755), 0);
	CHECK_ERR(vfs_mkdir(&t_ctx, "/a/sub", 0755), 0);
	CHECK_ERR(put_pat("/a/sub/f", 0, 3000, 1), 0);
	CHECK_ERR(put_pat("/a/g", 0, 10, 2), 0);
	CHECK_ERR(put_pat("/b/g", 0, 10, 3), 0);
	CHECK_ERR(vfs_rename(&t_ctx, "/a/g", "/b/g"), 0);		/* over a file */
	CHECK(!exists("/a/g") && got_pat("/b/g", 0, 10, 2));
	CHECK_ERR(vfs_rename(&t_ctx, "/a/sub", "/b/sub"), 0);		/* a directory moves */
	CHECK(st_of("/a").nlink == 2 && st_of("/b").nlink == 3);
	CHECK(got_pat("/b/sub/f", 0, 3000, 1));
	CHECK(st_of("/b/sub/..").ino == st_of("/b").ino);
	CHECK_ERR(vfs_mkdir(&t_ctx, "/a/empty", 0755), 0);
	CHECK_ERR(vfs_rename(&t_ctx, "/b/sub", "/a/empty"), 0);	/* over an empty directory */
	CHECK(st_of("/a").nlink == 3 && st_of("/b").nlink == 2);
	CHECK_ERR(vfs_mkdir(&t_ctx, "/b/full", 0755), 0);
	CHECK_ERR(put_pat("/b/full/x", 0, 1, 0), 0);
	CHECK_ERR(vfs_rename(&t_ctx, "/a/empty", "/b/full"), -LX_ENOTEMPTY);
	CHECK_ERR(vfs_rename(&t_ctx, "/a", "/a/empty/x"), -LX_EINVAL);
	CHECK_ERR(vfs_rename(&t_ctx, "/b/g", "/b/g2"), 0);		/* same directory */
	CHECK_ERR(vfs_link(&t_ctx, "/b/g2", "/b/g3", 0), 0);
	CHECK_ERR(vfs_rename(&t_ctx, "/b/g2", "/b/g3"), 0);		/* one file: nothing */
	CHECK(exists("/b/g2") && st_of("/b/g3").nlink == 2);
	CHECK_ERR(remount(), 0);
	CHECK(got_pat("/a/empty/f", 0, 3000, 1) && st_of("/a/empty/..").ino == st_of("/a").ino);
	return 0;
out:
	return 1;
}

/* hard links and an unlinked open file: freed at its last close */
static int w_links(void)
{
	struct ext2_usage before = usage();
	struct file *f;
	uint8_t buf[100];

	CHECK_ERR(put_pat("/one", 0, 50000, 4), 0);
	CHECK_ERR(vfs_link(&t_ctx, "/one", "/two", 0), 0);
	CHECK_ERR(vfs_mkdir(&t_ctx, "/dir", 0755), 0);
	CHECK_ERR(vfs_link(&t_ctx, "/one", "/dir/three", 0), 0);
	CHECK(st_of("/one").nlink == 3 && st_of("/two").ino == st_of("/dir/three").ino);
	CHECK_ERR(vfs_unlink(&t_ctx, "/one"), 0);
	CHECK(st_of("/two").nlink == 2);
	CHECK_ERR(vfs_open(&t_ctx, "/two", LX_O_RDWR, 0, &f), 0);
	CHECK_ERR(vfs_unlink(&t_ctx, "/two"), 0);
	CHECK_ERR(vfs_unlink(&t_ctx, "/dir/three"), 0);
	CHECK_ERR(vfs_pwrite(f, "hello", 5, 60000), 5);		/* unlinked, still usable */
	CHECK_ERR(vfs_pread(f, buf, 100, 0), 100);
	CHECK(check(buf, 100, 0, 4));
	CHECK(usage().ffree == before.ffree - 2);
	vfs_close(f);
	CHECK(usage().ffree == before.ffree - 1 && usage().bfree == before.bfree - 1);
	CHECK_ERR(vfs_rmdir(&t_ctx, "/dir"), 0);
	CHECK(usage().ffree == before.ffree && usage().bfree == before.bfree);
	CHECK_ERR(put_pat("/kept", 0, 10, 1), 0);
	CHECK_ERR(vfs_link(&t_ctx, "/kept", "/kept2", 0), 0);
	return 0;
out:
	return 1;
}

/* symlinks: fast (in the inode) and slow (a block), followed and read */
static int w_symlinks(void)
{
	char target[1100], buf[1200];

	memset(target, 'x', sizeof(target));
	memcpy(target, "/dir/", 5);
	target[sizeof(target) - 1] = 0;
	CHECK_ERR(vfs_mkdir(&t_ctx, "/dir", 0755), 0);
	CHECK_ERR(put_pat("/dir/file", 0, 10, 5), 0);
	CHECK_ERR(vfs_symlink(&t_ctx, "dir/file", "/fast"), 0);
	CHECK_ERR(vfs_symlink(&t_ctx, "/dir/../dir/./file-with-a-long-name-for-a-slow-link-beyond-60",
			      "/slow"), 0);
	/* a target must fit in one block (Linux: -ENAMETOOLONG) */
	bool fits = ext2_sb_of(t_sb)->bsize > sizeof(target);
	CHECK_ERR(vfs_symlink(&t_ctx, target, "/slower"), fits ? 0 : -LX_ENAMETOOLONG);
	CHECK_ERR(vfs_symlink(&t_ctx, "/dir/../dir/./file", "/exact59-not"), 0);
	CHECK(st_of("/fast").blocks == 0 && st_of("/slow").blocks > 0);
	CHECK_ERR(remount(), 0);
	CHECK(got_pat("/fast", 0, 10, 5));
	CHECK_ERR(vfs_readlink(&t_ctx, "/slow", buf, sizeof(buf)), 61);
	if (fits) {
		CHECK_ERR(vfs_readlink(&t_ctx, "/slower", buf, sizeof(buf)), 1099);
		CHECK(memcmp(buf, target, 1099) == 0);
		CHECK_ERR(vfs_unlink(&t_ctx, "/slower"), 0);
	}
	CHECK_ERR(vfs_readlink(&t_ctx, "/fast", buf, sizeof(buf)), 8);
	CHECK(memcmp(buf, "dir/file", 8) == 0);
	CHECK_ERR(vfs_mknod(&t_ctx, "/fifo", LX_S_IFIFO | 0644, 0), 0);
	CHECK_ERR(vfs_mknod(&t_ctx, "/null", LX_S_IFCHR | 0666, vfs_mkdev(1, 3)), 0);
	CHECK_ERR(vfs_mknod(&t_ctx, "/big", LX_S_IFBLK | 0600, vfs_mkdev(259, 70000)), 0);
	CHECK_ERR(remount(), 0);
	CHECK(st_of("/null").rdev == vfs_mkdev(1, 3) && st_of("/big").rdev == vfs_mkdev(259, 70000));
	CHECK(LX_S_ISFIFO(st_of("/fifo").mode));
	return 0;
out:
	return 1;
}

/* set (flags), get (the value's length; the value must be want), by path */
static int xa_set(const char *path, const char *name, const char *value, size_t len, int flags)
{
	struct inode *ip;
	int err = vfs_lookup_inode(&t_ctx, path, 0, &ip);

	if (!err) {
		err = ip->ops->setxattr(ip, name, value, len, flags);
		vfs_iput(ip);
	}
	return err;
}

static int xa_get(const char *path, const char *name, const char *want, size_t len)
{
	static char buf[4096];
	struct inode *ip;
	int err = vfs_lookup_inode(&t_ctx, path, 0, &ip);

	if (!err) {
		err = ip->ops->getxattr(ip, name, buf, sizeof(buf));
		vfs_iput(ip);
	}
	return err == (int)len && memcmp(buf, want, len) ? -LX_EBADMSG : err;
}

/* extended attributes in the inode and in a block, kept across a remount and
 * left for e2fsck (run.sh also reads them with debugfs); a value too big for a
 * block, a block freed when its last attribute goes, a shared count dropped */
static int w_xattr(void)
{
	static char big[800], huge[70000];	/* all of it fits a 1 KiB block */
	struct ext2_usage before;
	uint64_t blocks;

	memset(big, 'B', sizeof(big));
	CHECK_ERR(put_pat("/x", 0, 100, 3), 0);
	blocks = st_of("/x").blocks;
	CHECK_ERR(xa_set("/x", "user.small", "tiny", 4, 0), 0);
	CHECK(st_of("/x").blocks == blocks || ext2_sb_of(t_sb)->inode_size == 128);
	CHECK_ERR(xa_set("/x", "user.big", big, sizeof(big), VFS_XATTR_CREATE), 0);
	CHECK(st_of("/x").blocks == blocks + ext2_sb_of(t_sb)->bsize / 512);
	CHECK_ERR(xa_set("/x", "user.big", big, sizeof(big), VFS_XATTR_CREATE), -LX_EEXIST);
	CHECK_ERR(xa_set("/x", "trusted.t", "t", 1, 0), 0);
	CHECK_ERR(xa_set("/x", "security.selinux", "label", 5, 0), 0);
	CHECK_ERR(xa_set("/x", "user.huge", huge, sizeof(huge), 0), -LX_ENOSPC);
	CHECK_ERR(vfs_mkdir(&t_ctx, "/xd", 0755), 0);
	CHECK_ERR(xa_set("/xd", "user.d", "dir", 3, 0), 0);
	CHECK_ERR(vfs_symlink(&t_ctx, "x", "/xl"), 0);
	CHECK_ERR(xa_set("/xl", "trusted.l", "link", 4, 0), 0);
	CHECK_ERR(put_pat("/gone", 0, 10, 3), 0);
	before = usage();
	CHECK_ERR(xa_set("/gone", "user.big", big, sizeof(big), 0), 0);
	CHECK_ERR(remount(), 0);
	CHECK_ERR(xa_get("/x", "user.small", "tiny", 4), 4);
	CHECK_ERR(xa_get("/x", "user.big", big, sizeof(big)), (int)sizeof(big));
	CHECK_ERR(xa_get("/x", "trusted.t", "t", 1), 1);
	CHECK_ERR(xa_get("/x", "user.none", "", 0), -LX_ENODATA);
	CHECK_ERR(xa_get("/xd", "user.d", "dir", 3), 3);
	CHECK_ERR(xa_get("/xl", "trusted.l", "link", 4), 4);
	/* its only attribute removed, the block goes back */
	CHECK_ERR(xa_set("/gone", "user.big", NULL, 0, VFS_XATTR_REPLACE), 0);
	CHECK_ERR(xa_set("/gone", "user.big", NULL, 0, VFS_XATTR_REPLACE), -LX_ENODATA);
	CHECK(usage().bfree == before.bfree && st_of("/gone").blocks == blocks);
	CHECK_ERR(vfs_unlink(&t_ctx, "/gone"), 0);
	return 0;
out:
	return 1;
}

/* the disk filled up: -ENOSPC, then all given back exactly */
static int w_full(void)
{
	struct ext2_usage before = usage();
	static uint8_t buf[65536];
	struct file *f;
	int64_t n = 0;
	uint64_t total = 0;
	char p[32];
	int i, err = 0;

	memset(buf, 0x5a, sizeof(buf));
	CHECK_ERR(vfs_open(&t_ctx, "/fill", LX_O_WRONLY | LX_O_CREAT, 0644, &f), 0);
	while ((n = vfs_write(f, buf, sizeof(buf))) > 0)
		total += (uint64_t)n;
	vfs_close(f);
	CHECK_ERR(n, -LX_ENOSPC);
	CHECK(usage().bfree == 0 && total > 0);
	for (i = 0; i < 100000 && !(err = vfs_mkdir(&t_ctx, (snprintf(p, sizeof(p), "/e%d", i), p), 0755)); i++)
		;
	CHECK_ERR(err, -LX_ENOSPC);
	CHECK_ERR(remount(), 0);
	CHECK(st_of("/fill").size == total);
	CHECK_ERR(vfs_unlink(&t_ctx, "/fill"), 0);
	for (int j = 0; j < i; j++) {
		snprintf(p, sizeof(p), "/e%d", j);
		CHECK_ERR(vfs_rmdir(&t_ctx, p), 0);
	}
	CHECK(usage().bfree == before.bfree && usage().ffree == before.ffree);
	return 0;
out:
	return 1;
}

/* file pages as mappings see them: a page written through a "shared mapping" reaches
 * the disk on sync, over a hole too */
static int w_mapped(void)
{
	struct inode *ip;
	uint8_t *pg;

	CHECK_ERR(put_pat("/map", 0, 3 * 4096, 1), 0);
	CHECK_ERR(vfs_truncate(&t_ctx, "/map", 64 * 1024), 0);
	CHECK_ERR(vfs_lookup_inode(&t_ctx, "/map", 0, &ip), 0);
	pg = ip->ops->page(ip, 1);
	CHECK(pg && check(pg, 4096, 4096, 1));
	memset(pg + 100, 'M', 50);
	ip->ops->page_dirty(ip, 1);
	pg = ip->ops->page(ip, 10);			/* a hole */
	CHECK(pg && zeros(pg, 4096));
	ip->ops->page_dirty(ip, 10);
	memset(pg, 'H', 10);
	pg = ip->ops->page(ip, 12);			/* a hole left a hole */
	CHECK(pg && zeros(pg, 4096));
	ip->ops->page_dirty(ip, 12);
	CHECK_ERR(t_sb->sops->sync(t_sb, true), 0);
	memset(pg + 4000, 'L', 10);			/* written after the sync: unmount writes it */
	vfs_iput(ip);
	CHECK_ERR(remount(), 0);
	uint8_t buf[4096];
	CHECK_ERR(get_data("/map", buf, 4096, 4096), 4096);
	CHECK(buf[99] == pat(4195, 1) && buf[100] == 'M' && buf[149] == 'M' && buf[150] == pat(4246, 1));
	CHECK_ERR(get_data("/map", buf, 4096, 40960), 4096);
	CHECK(buf[0] == 'H' && buf[9] == 'H' && zeros(buf + 10, 4086));
	CHECK_ERR(get_data("/map", buf, 4096, 12 * 4096), 4096);
	CHECK(buf[4000] == 'L');
	return 0;
out:
	return 1;
}

/* what a second, read-only mount of the image finds in /ticked */
static bool seen_on_disk(void)
{
	struct blkdev *d2 = img_open(img, true);
	struct vfs_sb *sb2 = NULL;
	uint8_t buf[64];
	bool seen = false;

	if (d2 && ext2_mount(d2, LX_MS_RDONLY, 99, &sb2) == 0) {	/* sees the disk only */
		struct vfs_ctx c2 = { sb2->root, sb2->root, t_ctx.cred };
		struct file *f;
		if (vfs_open(&c2, "/ticked", LX_O_RDONLY, 0, &f) == 0) {
			seen = vfs_read(f, buf, 64) == 64 && check(buf, 64, 0, 3);
			vfs_close(f);
		}
		sb2->sops->put_super(sb2);
	}
	img_close(d2);
	log_lines = 0;		/* the second mount said the image is in use: it is */
	return seen;
}

/* the periodic write-back: dirty data reaches the disk 5 s later without a sync */
static int w_tick(void)
{
	CHECK_ERR(put_pat("/ticked", 0, 64, 3), 0);
	CHECK_ERR(ext2_tick(t_sb, 0), 0);			/* too young: not yet */
	CHECK(!seen_on_disk());
	t_clock += 6000000000ull;				/* 6 s later */
	CHECK_ERR(ext2_tick(t_sb, 0), 0);
	CHECK(seen_on_disk());
	return 0;
out:
	return 1;
}

/* read-only mounts change nothing and refuse every change with -EROFS */
static int w_readonly(void)
{
	struct file *f;

	CHECK_ERR(put_pat("/x", 0, 100, 1), 0);
	t_umount();
	CHECK_ERR(t_mount(img, LX_MS_RDONLY), 0);
	CHECK(t_sb->mnt_flags & LX_MS_RDONLY);
	CHECK_ERR(vfs_mkdir(&t_ctx, "/no", 0755), -LX_EROFS);
	CHECK_ERR(vfs_unlink(&t_ctx, "/x"), -LX_EROFS);
	/* the VFS refuses a writable open first, as Linux's may_open */
	CHECK_ERR(vfs_open(&t_ctx, "/x", LX_O_RDWR, 0, &f), -LX_EROFS);
	CHECK_ERR(vfs_open(&t_ctx, "/x", LX_O_RDONLY, 0, &f), 0);
	CHECK_ERR(vfs_ftruncate(f, 0), -LX_EINVAL);	/* not open for writing */
	vfs_close(f);
	CHECK_ERR(vfs_chmod(&t_ctx, "/x", 0600), -LX_EROFS);
	CHECK(got_pat("/x", 0, 100, 1));
	img_writes = 0;
	t_umount();
	CHECK(img_writes == 0);
	CHECK_ERR(t_mount(img, 0), 0);
	return 0;
out:
	return 1;
}

/* many files bigger than the caches together: eviction writes back, reads come back */
static int w_pressure(void)
{
	char p[32];

	for (int i = 0; i < 6; i++) {
		snprintf(p, sizeof(p), "/p%d", i);
		CHECK_ERR(put_pat(p, 0, 8 * MiB, (unsigned)i), 0);
	}
	for (int i = 0; i < 6; i++) {
		snprintf(p, sizeof(p), "/p%d", i);
		CHECK(got_pat(p, 0, 8 * MiB, (unsigned)i));
	}
	CHECK(ext2_sb_of(t_sb)->pc.npages <= EXT2_PCACHE_PAGES);
	CHECK(ext2_sb_of(t_sb)->bc->nbufs <= EXT2_BCACHE_BUFS);
	return 0;
out:
	return 1;
}

/* the frame allocator's reclaim hook: clean unmapped pages go (never a mapped
 * or a dirty one), what they held reads back from the disk, and a cache that
 * is gone (unmount) is out of reach */
static int w_reclaim(void)
{
	struct pcache *pc = &ext2_sb_of(t_sb)->pc;
	struct inode *ip;
	uint8_t *mapped;

	CHECK_ERR(put_pat("/r", 0, 2 * MiB, 4), 0);
	CHECK_ERR(t_sb->sops->sync(t_sb, true), 0);
	CHECK(got_pat("/r", 0, 2 * MiB, 4));
	CHECK_ERR(vfs_lookup_inode(&t_ctx, "/r", 0, &ip), 0);
	mapped = ip->ops->page(ip, 3);
	CHECK(mapped != NULL);
	CHECK_ERR(put_pat("/dirty", 0, 4096, 5), 0);
	uint32_t before = pc->npages;
	CHECK(pcache_reclaim(100) == 100 && pc->npages == before - 100);
	CHECK(pcache_reclaim(1000000) == before - 102);	/* all but the mapped and the dirty */
	CHECK(pc->npages == 2 && pcache_find(pc, ip, 3) && pcache_find(pc, ip, 3)->data == mapped);
	CHECK(got_pat("/r", 0, 2 * MiB, 4) && got_pat("/dirty", 0, 4096, 5));
	vfs_iput(ip);
	t_umount();
	CHECK(pcache_reclaim(10) == 0);
	CHECK_ERR(t_mount(img, 0), 0);
	return 0;
out:
	return 1;
}

/* what mke2fs -d wrote: changed in place (written over, appended, renamed) */
static int w_premade(void)
{
	CHECK(exists("/etc/passwd"));
	CHECK_ERR(put_data("/etc/passwd", "appended\n", 9, st_of("/etc/passwd").size, 0), 0);
	CHECK_ERR(vfs_rename(&t_ctx, "/bin", "/home/bin2"), 0);
	CHECK_ERR(vfs_unlink(&t_ctx, "/home/user/two"), 0);
	CHECK_ERR(vfs_mkdir(&t_ctx, "/home/user/new", 0755), 0);
	return 0;
out:
	return 1;
}

/* a bit of everything, its errors ignored (w_ioerr) */
static void mixed_ops(void)
{
	struct file *f;
	char buf[5000];

	vfs_mkdir(&t_ctx, "/io", 0755);
	vfs_mkdir(&t_ctx, "/io/sub", 0755);
	put_pat("/io/a", 0, 70000, 1);
	put_pat("/io/b", 3 * MiB, 5000, 2);
	vfs_rename(&t_ctx, "/io/a", "/io/sub/a");
	vfs_link(&t_ctx, "/io/b", "/io/c", 0);
	vfs_symlink(&t_ctx, "/io/very/long/target/for/a/slow/symlink/that/needs/its/own/block",
		    "/io/s");
	if (vfs_open(&t_ctx, "/io/sub/a", LX_O_RDWR, 0, &f) == 0) {
		vfs_unlink(&t_ctx, "/io/sub/a");
		vfs_pread(f, buf, sizeof(buf), 1000);
		vfs_close(f);
	}
	vfs_truncate(&t_ctx, "/io/b", 100);
	get_data("/etc/passwd", buf, sizeof(buf), 0);
	t_sb->sops->sync(t_sb, true);
	vfs_unlink(&t_ctx, "/io/c");
	vfs_rmdir(&t_ctx, "/io/sub");
}

/* the device fails after k transfers (and for good), for every k up to where the
 * work ends: errors come back, nothing crashes or leaks */
static int w_ioerr(void)
{
	FILE *fp = fopen(img, "rb");
	size_t size;
	char *saved;
	int k, last = 0;

	t_umount();
	CHECK(fp);
	fseek(fp, 0, SEEK_END);
	size = (size_t)ftell(fp);
	rewind(fp);
	saved = malloc(size);
	CHECK(fread(saved, 1, size, fp) == size);
	fclose(fp);
	for (k = 1; k < 400 && !last; k += 3) {
		img_fail_after = k;
		if (t_mount(img, 0) == 0) {
			mixed_ops();
			last = img_fail_after > 1;	/* the device never failed: done */
			t_umount();
		}
		img_fail_after = 0;
		CHECK(t_live == 0);
		fp = fopen(img, "r+b");
		fwrite(saved, 1, size, fp);
		fclose(fp);
	}
	free(saved);
	CHECK(last);
	log_lines = 0;
	CHECK_ERR(t_mount(img, 0), 0);
	mixed_ops();				/* and once without failures, for e2fsck */
	return 0;
out:
	return 1;
}

/* a write-back that fails is reported by sync and fsync, and the data stays dirty:
 * the next sync that works writes it */
static int w_syncerr(void)
{
	struct file *f;

	CHECK_ERR(put_pat("/a", 0, 100000, 1), 0);
	CHECK_ERR(vfs_mkdir(&t_ctx, "/d", 0755), 0);
	img_fail_after = 1;
	CHECK_ERR(t_sb->sops->sync(t_sb, true), -LX_EIO);
	CHECK_ERR(vfs_open(&t_ctx, "/a", LX_O_RDWR, 0, &f), 0);
	CHECK_ERR(t_sb->sops->fsync(f->inode, false), -LX_EIO);
	vfs_close(f);
	img_fail_after = 0;
	CHECK_ERR(t_sb->sops->sync(t_sb, true), 0);
	log_lines = 0;				/* the failures were logged */
	CHECK_ERR(remount(), 0);
	CHECK(got_pat("/a", 0, 100000, 1) && LX_S_ISDIR(st_of("/d").mode));
	return 0;
out:
	img_fail_after = 0;
	return 1;
}

/* a directory e2fsck -D gave a hash index (run.sh): read linearly, changed, and left a
 * valid linear directory (its index flag dropped) */
static int w_htree(void)
{
	char p[64];

	CHECK(ext2_node_of(t_ctx.root)->vfs.ino == 2);
	for (int i = 1; i <= 300; i++) {
		snprintf(p, sizeof(p), "/many/file-with-a-name-%d", i);
		CHECK(exists(p));
	}
	for (int i = 1; i <= 300; i += 3) {
		snprintf(p, sizeof(p), "/many/file-with-a-name-%d", i);
		CHECK_ERR(vfs_unlink(&t_ctx, p), 0);
	}
	for (int i = 0; i < 400; i++) {
		snprintf(p, sizeof(p), "/many/added-%d", i);
		CHECK_ERR(put_data(p, "y", 1, 0, LX_O_EXCL), 0);
	}
	CHECK_ERR(vfs_rename(&t_ctx, "/many/added-7", "/many/file-with-a-name-2"), 0);
	CHECK_ERR(remount(), 0);
	CHECK(!exists("/many/file-with-a-name-1") && exists("/many/file-with-a-name-3"));
	CHECK(exists("/many/added-399") && !exists("/many/added-7"));
	return 0;
out:
	return 1;
}

static const struct {
	const char *name;
	int (*fn)(void);
} works[] = {
	{ "htree", w_htree },
	{ "ioerr", w_ioerr }, { "syncerr", w_syncerr },
	{ "files", w_files }, { "sparse", w_sparse }, { "truncate", w_truncate }, { "punch", w_punch },
	{ "dirs", w_dirs }, { "manydir", w_manydir }, { "rename", w_rename },
	{ "links", w_links }, { "symlinks", w_symlinks }, { "full", w_full },
	{ "mapped", w_mapped }, { "tick", w_tick }, { "readonly", w_readonly },
	{ "pressure", w_pressure }, { "premade", w_premade }, { "reclaim", w_reclaim },
	{ "xattr", w_xattr },
};

int work_run(const char *name, const char *image)
{
	int err, failed = 1;

	img = image;
	if (!strncmp(name, "tiny-", 5)) {	/* the same with caches of a few entries */
		ext2_set_cache_limits(8, 16);
		name += 5;
	}
	for (unsigned i = 0; i < sizeof(works) / sizeof(works[0]); i++) {
		if (strcmp(works[i].name, name))
			continue;
		err = t_mount(img, 0);
		if (err) {
			printf("FAIL mount %d: %s\n", err, log_last);
			return 1;
		}
		why[0] = 0;
		failed = works[i].fn();
		if (t_sb)
			t_umount();
		if (!failed && t_live)
			snprintf(why, sizeof(why), "leak: %ld allocations", t_live), failed = 1;
		if (!failed && log_lines)
			snprintf(why, sizeof(why), "logged: %.200s", log_last), failed = 1;
		printf(failed ? "FAIL %s\n" : "ok\n", why);
		return failed;
	}
	printf("FAIL no workload %s\n", name);
	return 1;
}
