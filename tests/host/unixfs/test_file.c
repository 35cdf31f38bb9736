/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tests/host/unixfs/test_file.c - open files: read, write, pread, pwrite,
 * lseek, holes, truncate, getdents64 (layout, small buffers, unlinking while
 * listing), unlinked open files, the memory devices, mknod and the device
 * registry.
 */
#include "unit.h"

static struct file *open_or_null(const char *path, uint32_t flags, uint32_t mode)
{
	struct file *f = NULL;
	vfs_open(&fx, path, flags, mode, &f);
	return f;
}

#define RW_CREAT	(LX_O_RDWR | LX_O_CREAT)
#define PAGE		4096

/* ---- read, write, seek ------------------------------------------------------------------- */

TEST(rw_basic)
{
	struct file *f;
	char buf[32];

	fx_setup();
	f = open_or_null("/f", RW_CREAT, 0644);
	CHECK(f);
	CHECK_ERR(vfs_write(f, "hello world", 11), 11);
	CHECK_ERR(vfs_lseek(f, 0, LX_SEEK_CUR), 11);
	CHECK_ERR(vfs_read(f, buf, sizeof(buf)), 0);
	CHECK_ERR(vfs_lseek(f, 6, LX_SEEK_SET), 6);
	CHECK_ERR(vfs_read(f, buf, sizeof(buf)), 5);
	CHECK(memcmp(buf, "world", 5) == 0);
	CHECK_ERR(vfs_pwrite(f, "W", 1, 6), 1);
	CHECK_ERR(vfs_pread(f, buf, 5, 6), 5);
	CHECK(memcmp(buf, "World", 5) == 0);
	CHECK_ERR(vfs_lseek(f, 0, LX_SEEK_CUR), 11);	/* pread and pwrite keep it */
	CHECK_ERR(vfs_write(f, "", 0), 0);
	CHECK_ERR(vfs_ioctl(f, 0x5401, 0), -LX_ENOTTY);
	CHECK_ERR(vfs_getdents64(f, buf, sizeof(buf)), -LX_ENOTDIR);
	vfs_close(f);
	END;
}

TEST(rw_append)
{
	struct file *f, *g;
	char buf[16];

	fx_setup();
	CHECK_ERR(put_file("/f", "abc", 0644), 0);
	f = open_or_null("/f", LX_O_WRONLY | LX_O_APPEND, 0);
	g = open_or_null("/f", LX_O_RDWR, 0);
	CHECK(f && g);
	CHECK_ERR(vfs_lseek(f, 0, LX_SEEK_SET), 0);
	CHECK_ERR(vfs_write(f, "de", 2), 2);
	CHECK_ERR(vfs_write(g, "X", 1), 1);		/* another description: offset 0 */
	CHECK_ERR(vfs_pwrite(f, "f", 1, 0), 1);	/* Linux appends even so */
	CHECK_ERR(vfs_read(g, buf, sizeof(buf)), 5);
	CHECK(memcmp(buf, "bcdef", 5) == 0);
	vfs_close(f);
	vfs_close(g);
	END;
}

TEST(lseek_whence)
{
	struct file *f;

	fx_setup();
	CHECK_ERR(put_file("/f", "0123456789", 0644), 0);
	f = open_or_null("/f", LX_O_RDONLY, 0);
	CHECK(f);
	CHECK_ERR(vfs_lseek(f, -3, LX_SEEK_END), 7);
	CHECK_ERR(vfs_lseek(f, 2, LX_SEEK_CUR), 9);
	CHECK_ERR(vfs_lseek(f, -10, LX_SEEK_CUR), -LX_EINVAL);
	CHECK_ERR(vfs_lseek(f, 0, LX_SEEK_CUR), 9);		/* a failed seek moves nothing */
	CHECK_ERR(vfs_lseek(f, 100, LX_SEEK_SET), 100);	/* beyond the end is fine */
	CHECK_ERR(vfs_lseek(f, 0, 5), -LX_EINVAL);
	CHECK_ERR(vfs_lseek(f, INT64_MAX, LX_SEEK_SET), INT64_MAX);
	CHECK_ERR(vfs_lseek(f, 1, LX_SEEK_CUR), -LX_EINVAL);	/* overflow */
	CHECK_ERR(vfs_lseek(f, 3, LX_SEEK_DATA), 3);
	CHECK_ERR(vfs_lseek(f, 3, LX_SEEK_HOLE), 10);
	CHECK_ERR(vfs_lseek(f, 10, LX_SEEK_DATA), -LX_ENXIO);
	CHECK_ERR(vfs_lseek(f, -1, LX_SEEK_HOLE), -LX_ENXIO);
	vfs_close(f);
	END;
}

TEST(holes)
{
	static char buf[3 * PAGE];
	struct file *f;
	struct vfs_stat st;

	fx_setup();
	f = open_or_null("/f", RW_CREAT, 0644);
	CHECK(f);
	CHECK_ERR(vfs_pwrite(f, "end", 3, 1 << 20), 3);
	CHECK_ERR(vfs_stat(&fx, "/f", 0, &st), 0);
	CHECK(st.size == (1 << 20) + 3 && st.blocks == 8);	/* one page for three bytes */
	CHECK_ERR(vfs_pread(f, buf, sizeof(buf), (1 << 20) - 2 * PAGE), 2 * PAGE + 3);
	for (int i = 0; i < 2 * PAGE; i++)
		CHECK(buf[i] == 0);
	CHECK(memcmp(buf + 2 * PAGE, "end", 3) == 0);
	CHECK_ERR(vfs_pwrite(f, "mid", 3, 100), 3);	/* inside a hole of page 0 */
	CHECK_ERR(vfs_pread(f, buf, 200, 0), 200);
	CHECK(buf[99] == 0 && memcmp(buf + 100, "mid", 3) == 0 && buf[103] == 0);
	vfs_close(f);
	END;
}

TEST(sparse_far)
{
	struct file *f;
	struct vfs_stat st;
	char buf[8];
	int64_t far = 1ll << 45;

	fx_setup();
	f = open_or_null("/f", RW_CREAT, 0644);
	CHECK(f);
	CHECK_ERR(vfs_pwrite(f, "x", 1, far), 1);
	CHECK_ERR(vfs_pwrite(f, "y", 1, 0), 1);
	CHECK_ERR(vfs_stat(&fx, "/f", 0, &st), 0);
	CHECK(st.size == (uint64_t)far + 1 && st.blocks == 16);
	CHECK_ERR(vfs_pread(f, buf, 8, far - 4), 5);
	CHECK(buf[0] == 0 && buf[3] == 0 && buf[4] == 'x');
	CHECK_ERR(vfs_pwrite(f, "z", 1, INT64_MAX), -LX_EFBIG);
	CHECK_ERR(vfs_pwrite(f, "zz", 2, INT64_MAX - 1), 1);	/* up to the limit */
	CHECK_ERR(vfs_ftruncate(f, 1), 0);
	CHECK_ERR(vfs_stat(&fx, "/f", 0, &st), 0);
	CHECK(st.size == 1 && st.blocks == 8);
	vfs_close(f);
	END;
}

TEST(truncate_grow_shrink)
{
	static char buf[10000], back[10000];
	struct file *f;
	struct vfs_stat st;

	fx_setup();
	for (int i = 0; i < 10000; i++)
		buf[i] = (char)('a' + i % 26);
	f = open_or_null("/f", RW_CREAT, 0644);
	CHECK(f);
	CHECK_ERR(vfs_write(f, buf, sizeof(buf)), 10000);
	CHECK_ERR(vfs_truncate(&fx, "/f", 5000), 0);
	CHECK_ERR(vfs_stat(&fx, "/f", 0, &st), 0);
	CHECK(st.size == 5000 && st.blocks == 16);
	CHECK_ERR(vfs_truncate(&fx, "/f", 9000), 0);
	CHECK_ERR(vfs_pread(f, back, sizeof(back), 0), 9000);
	CHECK(memcmp(back, buf, 5000) == 0);
	for (int i = 5000; i < 9000; i++)
		CHECK(back[i] == 0);			/* the old bytes do not come back */
	CHECK_ERR(vfs_ftruncate(f, 0), 0);
	CHECK_ERR(vfs_stat(&fx, "/f", 0, &st), 0);
	CHECK(st.size == 0 && st.blocks == 0);
	CHECK_ERR(vfs_read(f, back, 10), 0);		/* the offset is past the end now */
	vfs_close(f);
	END;
}

/* fallocate PUNCH_HOLE: zeros, whole pages freed (blocks), the size kept;
 * the partial pages at both ends zeroed in place; past the end nothing */
TEST(punch_hole)
{
	static char buf[6 * PAGE], back[6 * PAGE];
	const int ph = VFS_FALLOC_PUNCH_HOLE | VFS_FALLOC_KEEP_SIZE;
	struct file *f;
	struct vfs_stat st;

	fx_setup();
	memset(buf, 'p', sizeof(buf));
	f = open_or_null("/f", RW_CREAT, 0644);
	CHECK(f);
	CHECK_ERR(vfs_write(f, buf, sizeof(buf)), sizeof(buf));
	CHECK_ERR(vfs_fallocate(f->inode, VFS_FALLOC_PUNCH_HOLE, 0, PAGE), -LX_EOPNOTSUPP);
	CHECK_ERR(vfs_fallocate(f->inode, ph, 100, 4 * PAGE), 0);	/* pages 1-3 whole */
	CHECK_ERR(vfs_fallocate(f->inode, ph, 10 * PAGE, PAGE), 0);	/* past the end */
	CHECK_ERR(vfs_stat(&fx, "/f", 0, &st), 0);
	CHECK(st.size == sizeof(buf) && st.blocks == 3 * 8);
	CHECK_ERR(vfs_pread(f, back, sizeof(back), 0), sizeof(back));
	memset(buf + 100, 0, 4 * PAGE);
	CHECK(memcmp(back, buf, sizeof(buf)) == 0);
	CHECK_ERR(vfs_fallocate(f->inode, ph, 0, sizeof(buf)), 0);
	CHECK_ERR(vfs_stat(&fx, "/f", 0, &st), 0);
	CHECK(st.size == sizeof(buf) && st.blocks == 0);
	CHECK_ERR(vfs_pread(f, back, sizeof(back), 0), sizeof(back));
	memset(buf, 0, sizeof(buf));
	CHECK(memcmp(back, buf, sizeof(buf)) == 0);
	vfs_close(f);
	END;
}

/* tmpfs attributes: trusted. and security. kept, user. refused; flags, sizes,
 * the list; a failed allocation changes nothing; the size bounds them with
 * the data; all freed with the inode. */
TEST(xattrs)
{
	static char big[5000];
	char buf[16];
	struct inode *ip;
	struct file *f;

	fx_setup();
	ramfs_as_tmpfs(fx_sb, 4);		/* a tmpfs of 2 pages */
	f = open_or_null("/x", RW_CREAT, 0644);
	CHECK(f);
	ip = f->inode;
	CHECK_ERR(ip->ops->setxattr(ip, "user.u", "u", 1, 0), -LX_EOPNOTSUPP);
	CHECK_ERR(ip->ops->setxattr(ip, "trusted.", "u", 1, 0), -LX_EINVAL);
	CHECK_ERR(ip->ops->setxattr(ip, "trusted.a", "one", 3, 0), 0);
	CHECK_ERR(ip->ops->setxattr(ip, "trusted.a", "one", 3, VFS_XATTR_CREATE), -LX_EEXIST);
	CHECK_ERR(ip->ops->setxattr(ip, "trusted.b", "b", 1, VFS_XATTR_REPLACE), -LX_ENODATA);
	CHECK_ERR(ip->ops->setxattr(ip, "security.s", "", 0, 0), 0);
	fx_fail(1);
	CHECK_ERR(ip->ops->setxattr(ip, "trusted.a", "twotwo", 6, 0), -LX_ENOMEM);
	fx_fail(0);
	CHECK_ERR(ip->ops->getxattr(ip, "trusted.a", buf, sizeof(buf)), 3);
	CHECK(memcmp(buf, "one", 3) == 0);
	CHECK_ERR(ip->ops->setxattr(ip, "trusted.a", "twotwo", 6, VFS_XATTR_REPLACE), 0);
	CHECK_ERR(ip->ops->getxattr(ip, "trusted.a", buf, 2), -LX_ERANGE);
	CHECK_ERR(ip->ops->getxattr(ip, "trusted.a", NULL, 0), 6);
	CHECK_ERR(ip->ops->getxattr(ip, "security.s", buf, sizeof(buf)), 0);
	CHECK_ERR(ip->ops->listxattr(ip, NULL, 0), 21);
	CHECK_ERR(ip->ops->listxattr(ip, buf, sizeof(buf)), -LX_ERANGE);
	CHECK_ERR(ip->ops->setxattr(ip, "security.s", NULL, 0, VFS_XATTR_REPLACE), 0);
	CHECK_ERR(ip->ops->getxattr(ip, "security.s", buf, sizeof(buf)), -LX_ENODATA);
	CHECK_ERR(ip->ops->listxattr(ip, buf, sizeof(buf)), 10);
	CHECK(memcmp(buf, "trusted.a", 10) == 0);
	CHECK_ERR(ip->ops->setxattr(ip, "trusted.big", big, sizeof(big), 0), 0);
	CHECK_ERR(ip->ops->setxattr(ip, "trusted.big2", big, sizeof(big), 0), -LX_ENOSPC);
	CHECK_ERR(vfs_write(f, big, sizeof(big)), -LX_ENOSPC);	/* no whole page is left */
	CHECK_ERR(ip->ops->setxattr(ip, "trusted.big", NULL, 0, VFS_XATTR_REPLACE), 0);
	CHECK_ERR(ip->ops->setxattr(ip, "trusted.big2", big, sizeof(big), 0), 0);
	vfs_close(f);
	CHECK_ERR(vfs_unlink(&fx, "/x"), 0);	/* its attributes go with it (the leak check) */
	END;
}

TEST(truncate_errors)
{
	struct file *f = NULL;

	fx_setup();
	CHECK_ERR(put_file("/f", "abc", 0644), 0);
	CHECK_ERR(vfs_mkdir(&fx, "/d", 0755), 0);
	CHECK_ERR(vfs_mknod(&fx, "/null", LX_S_IFCHR | 0666, vfs_mkdev(1, 3)), 0);
	CHECK_ERR(vfs_truncate(&fx, "/d", 0), -LX_EISDIR);
	CHECK_ERR(vfs_truncate(&fx, "/f", -1), -LX_EINVAL);
	CHECK_ERR(vfs_truncate(&fx, "/null", 0), -LX_EINVAL);
	CHECK_ERR(vfs_truncate(&fx, "/nope", 0), -LX_ENOENT);
	as_user(100, 100);
	CHECK_ERR(vfs_truncate(&fx, "/f", 0), -LX_EACCES);
	as_root();
	CHECK_ERR(vfs_open(&fx, "/f", LX_O_RDWR, 0, &f), 0);
	CHECK_ERR(vfs_ftruncate(f, -1), -LX_EINVAL);
	vfs_close(f);
	CHECK_ERR(vfs_open(&fx, "/null", LX_O_RDWR, 0, &f), 0);
	CHECK_ERR(vfs_ftruncate(f, 0), -LX_EINVAL);
	vfs_close(f);
	CHECK(mode_of("/f") && nlink_of("/f") == 1);
	END;
}

TEST(large_file)
{
	size_t n = 3 << 20;
	char *buf = malloc(n), *back = malloc(n);
	struct file *f;

	fx_setup();
	CHECK(buf && back);
	for (size_t i = 0; i < n; i++)
		buf[i] = (char)(i * 7 + (i >> 12));
	f = open_or_null("/f", RW_CREAT, 0755);
	CHECK(f);
	CHECK_ERR(vfs_write(f, buf, 12345), 12345);	/* unaligned pieces */
	CHECK_ERR(vfs_write(f, buf + 12345, n - 12345), (int64_t)(n - 12345));
	CHECK_ERR(vfs_pread(f, back, n, 0), (int64_t)n);
	CHECK(memcmp(buf, back, n) == 0);
	vfs_close(f);
out:
	free(buf);
	free(back);
	return fx_finish();
}

/* ---- getdents64 ------------------------------------------------------------------------- */

struct listing {
	int count;
	char names[256][16];
	uint64_t inos[256];
	uint8_t types[256];
};

/* every record of one getdents64 buffer; 0 if the layout is wrong */
static int parse_dirents(const uint8_t *buf, int64_t n, struct listing *l)
{
	for (int64_t off = 0; off < n;) {
		struct lx_dirent64 d;
		memcpy(&d, buf + off, sizeof(d));
		if (d.d_reclen % 8 || d.d_reclen < 24 || off + d.d_reclen > n || l->count >= 256)
			return 0;
		snprintf(l->names[l->count], 16, "%s", (const char *)buf + off + 19);
		if (strlen((const char *)buf + off + 19) + 20 > d.d_reclen)
			return 0;
		l->inos[l->count] = d.d_ino;
		l->types[l->count++] = d.d_type;
		off += d.d_reclen;
	}
	return 1;
}

static int list_all(struct file *f, size_t bufsize, struct listing *l)
{
	uint8_t buf[4096];
	int64_t n;

	while ((n = vfs_getdents64(f, buf, bufsize)) > 0)
		if (!parse_dirents(buf, n, l) || l->count >= 256)
			return -1;		/* a wrong record, or no end */
	return (int)n;
}

TEST(getdents_basic)
{
	struct listing l = { 0 };
	struct file *f;

	fx_setup();
	CHECK_ERR(vfs_mkdir(&fx, "/d", 0755), 0);
	CHECK_ERR(put_file("/d/file", "", 0644), 0);
	CHECK_ERR(vfs_mkdir(&fx, "/d/sub", 0755), 0);
	CHECK_ERR(vfs_symlink(&fx, "x", "/d/link"), 0);
	CHECK_ERR(vfs_mknod(&fx, "/d/null", LX_S_IFCHR | 0666, vfs_mkdev(1, 3)), 0);
	CHECK_ERR(vfs_mknod(&fx, "/d/fifo", LX_S_IFIFO | 0666, 0), 0);
	f = open_or_null("/d", LX_O_RDONLY | LX_O_DIRECTORY, 0);
	CHECK(f);
	CHECK_ERR(list_all(f, 4096, &l), 0);
	CHECK(l.count == 7 && strcmp(l.names[0], ".") == 0 && strcmp(l.names[1], "..") == 0);
	CHECK(l.inos[0] == ino_of("/d") && l.inos[1] == ino_of("/") && l.types[1] == LX_DT_DIR);
	CHECK(strcmp(l.names[2], "file") == 0 && l.types[2] == LX_DT_REG);
	CHECK(l.inos[2] == ino_of("/d/file") && l.types[3] == LX_DT_DIR);
	CHECK(l.types[4] == LX_DT_LNK && l.types[5] == LX_DT_CHR && l.types[6] == LX_DT_FIFO);
	CHECK_ERR(vfs_read(f, l.names[0], 4), -LX_EISDIR);
	CHECK_ERR(vfs_lseek(f, 0, LX_SEEK_END), -LX_EINVAL);
	CHECK_ERR(vfs_lseek(f, 0, LX_SEEK_SET), 0);	/* rewinddir */
	l.count = 0;
	CHECK_ERR(list_all(f, 4096, &l), 0);
	CHECK(l.count == 7);
	vfs_close(f);
	END;
}

TEST(getdents_small_buffer)
{
	struct listing l = { 0 };
	uint8_t buf[64];
	struct file *f;

	fx_setup();
	CHECK_ERR(put_file("/a-rather-long-name-of-a-file", "", 0644), 0);
	CHECK_ERR(put_file("/b", "", 0644), 0);
	f = open_or_null("/", LX_O_RDONLY, 0);
	CHECK(f);
	CHECK_ERR(vfs_getdents64(f, buf, 23), -LX_EINVAL);	/* "." needs 24 */
	CHECK_ERR(vfs_getdents64(f, buf, 24), 24);
	CHECK_ERR(vfs_getdents64(f, buf, 40), 24);		/* ".." alone fits */
	CHECK_ERR(vfs_getdents64(f, buf, 40), -LX_EINVAL);	/* the long name does not */
	CHECK_ERR(list_all(f, 48, &l), 0);
	CHECK(l.count == 2 && strcmp(l.names[0], "a-rather-long-n") == 0);
	CHECK_ERR(vfs_getdents64(f, buf, 1), 0);		/* at the end: 0, not EINVAL */
	vfs_close(f);
	END;
}

TEST(getdents_unlink_while_listing)
{
	struct listing l = { 0 };
	char path[32];
	int seen[100] = { 0 }, n = 0;
	struct file *f;

	fx_setup();
	CHECK_ERR(vfs_mkdir(&fx, "/d", 0755), 0);
	for (int i = 0; i < 100; i++) {
		snprintf(path, sizeof(path), "/d/%d", i);
		CHECK_ERR(put_file(path, "", 0644), 0);
	}
	f = open_or_null("/d", LX_O_RDONLY, 0);
	CHECK(f);
	for (int calls = 0; calls < 200; calls++) {	/* rm -r: list a few, remove them */
		uint8_t buf[128];
		int64_t got = vfs_getdents64(f, buf, sizeof(buf));
		int first = l.count;
		CHECK(got >= 0);
		if (got == 0)
			break;
		CHECK(parse_dirents(buf, got, &l) && l.count < 256);
		for (int i = first; i < l.count; i++) {
			if (l.names[i][0] == '.')
				continue;
			seen[atoi(l.names[i])]++;
			snprintf(path, sizeof(path), "/d/%s", l.names[i]);
			CHECK_ERR(vfs_unlink(&fx, path), 0);
			n++;
			/* and one not yet listed, from the other end */
			snprintf(path, sizeof(path), "/d/%d", 99 - n / 4);
			if (n % 4 == 0 && exists(path))
				seen[99 - n / 4] += 10, vfs_unlink(&fx, path);
		}
	}
	for (int i = 0; i < 100; i++)
		CHECK(seen[i] == 1 || seen[i] == 10);	/* listed once, or removed unlisted */
	CHECK(nlink_of("/d") == 2 && vfs_rmdir(&fx, "/d") == 0);
	vfs_close(f);
	END;
}

/* ---- unlinked open files ---------------------------------------------------------------- */

TEST(unlinked_open_file)
{
	struct file *f = NULL, *g = NULL;
	struct vfs_stat st;
	long before;
	char buf[16];

	fx_setup();
	CHECK_ERR(put_file("/f", "data", 0644), 0);
	before = fx_live();
	f = open_or_null("/f", LX_O_RDWR, 0);
	CHECK(f);
	g = vfs_file_get(f);				/* dup */
	CHECK_ERR(vfs_unlink(&fx, "/f"), 0);
	CHECK(!exists("/f"));
	CHECK_ERR(vfs_pwrite(f, "more", 4, 4), 4);
	CHECK_ERR(vfs_pread(g, buf, sizeof(buf), 0), 8);
	CHECK(memcmp(buf, "datamore", 8) == 0);
	vfs_inode_stat(f->inode, &st);
	CHECK(st.nlink == 0 && st.size == 8);
	CHECK_ERR(vfs_link_inode(&fx, f->inode, "/back"), -LX_ENOENT);
	vfs_close(f);
	CHECK(fx_live() > before - 2);			/* g still holds it */
	vfs_close(g);
	CHECK(fx_live() < before - 2);			/* inode, entry and page freed */
	END;
}

TEST(unlinked_open_dir)
{
	struct file *f;
	struct vfs_stat st;

	fx_setup();
	CHECK_ERR(vfs_mkdir(&fx, "/a", 0755), 0);
	CHECK_ERR(vfs_mkdir(&fx, "/a/b", 0755), 0);
	f = open_or_null("/a/b", LX_O_RDONLY, 0);
	CHECK(f);
	CHECK_ERR(vfs_rmdir(&fx, "/a/b"), 0);
	CHECK_ERR(vfs_rmdir(&fx, "/a"), 0);		/* b holds /a's inode, not its name */
	vfs_inode_stat(f->inode, &st);
	CHECK(st.nlink == 0 && !exists("/a"));
	vfs_close(f);
	END;
}

TEST(ino_unique)
{
	char path[32];
	uint64_t inos[300];

	fx_setup();
	for (int i = 0; i < 300; i++) {
		snprintf(path, sizeof(path), "/%d", i);
		CHECK_ERR(i % 3 ? put_file(path, "", 0644) : vfs_mkdir(&fx, path, 0755), 0);
		inos[i] = ino_of(path);
		if (i % 5 == 0)
			CHECK_ERR(i % 3 ? vfs_unlink(&fx, path) : vfs_rmdir(&fx, path), 0);
	}
	for (int i = 0; i < 300; i++)
		for (int j = 0; j < i; j++)
			CHECK(inos[i] != inos[j] && inos[i] != fx.root->ino);
	END;
}

/* ---- devices ------------------------------------------------------------------------------ */

TEST(dev_null_zero_full)
{
	struct file *f;
	char buf[8] = "xxxxxxx";

	fx_setup();
	CHECK_ERR(vfs_mknod(&fx, "/null", LX_S_IFCHR | 0666, vfs_mkdev(1, 3)), 0);
	CHECK_ERR(vfs_mknod(&fx, "/zero", LX_S_IFCHR | 0666, vfs_mkdev(1, 5)), 0);
	CHECK_ERR(vfs_mknod(&fx, "/full", LX_S_IFCHR | 0666, vfs_mkdev(1, 7)), 0);
	CHECK(mode_of("/null") == (LX_S_IFCHR | 0666));
	f = open_or_null("/null", LX_O_RDWR, 0);
	CHECK(f);
	CHECK_ERR(vfs_read(f, buf, 8), 0);
	CHECK_ERR(vfs_write(f, buf, 8), 8);
	CHECK_ERR(vfs_lseek(f, 100, LX_SEEK_SET), 0);
	CHECK_ERR(vfs_pread(f, buf, 8, 5), 0);
	vfs_close(f);
	f = open_or_null("/zero", LX_O_RDWR, 0);
	CHECK(f);
	CHECK_ERR(vfs_read(f, buf, 8), 8);
	CHECK(memcmp(buf, "\0\0\0\0\0\0\0\0", 8) == 0);
	CHECK_ERR(vfs_write(f, buf, 3), 3);
	vfs_close(f);
	f = open_or_null("/full", LX_O_RDWR, 0);
	CHECK(f);
	CHECK_ERR(vfs_write(f, buf, 1), -LX_ENOSPC);
	CHECK_ERR(vfs_read(f, buf, 4), 4);
	vfs_close(f);
	END;
}

TEST(mknod_rules)
{
	struct vfs_stat st;
	struct file *f;

	fx_setup();
	CHECK_ERR(vfs_mknod(&fx, "/d", LX_S_IFDIR | 0755, 0), -LX_EPERM);
	CHECK_ERR(vfs_mknod(&fx, "/x", 0170000 | 0644, 0), -LX_EINVAL);
	CHECK_ERR(vfs_mknod(&fx, "/r", 0644, 0), 0);		/* type 0: a regular file */
	CHECK(mode_of("/r") == (LX_S_IFREG | 0644));
	CHECK_ERR(vfs_mknod(&fx, "/r", LX_S_IFIFO | 0644, 0), -LX_EEXIST);
	CHECK_ERR(vfs_mknod(&fx, "/b", LX_S_IFBLK | 0600, vfs_mkdev(8, 1)), 0);
	CHECK_ERR(vfs_stat(&fx, "/b", 0, &st), 0);
	CHECK(st.rdev == vfs_mkdev(8, 1) && st.size == 0);
	CHECK_ERR(vfs_mknod(&fx, "/p", LX_S_IFIFO | 0600, 0), 0);
	CHECK_ERR(vfs_mknod(&fx, "/s", LX_S_IFSOCK | 0600, 0), 0);
	CHECK_ERR(vfs_open(&fx, "/b", LX_O_RDONLY, 0, &f), -LX_ENXIO);
	CHECK_ERR(vfs_open(&fx, "/p", LX_O_RDONLY, 0, &f), -LX_ENXIO);	/* no pipes yet */
	CHECK_ERR(vfs_open(&fx, "/s", LX_O_RDONLY, 0, &f), -LX_ENXIO);
	CHECK_ERR(vfs_mkdir(&fx, "/u", 0777), 0);
	as_user(100, 100);
	CHECK_ERR(vfs_mknod(&fx, "/u/c", LX_S_IFCHR | 0600, vfs_mkdev(1, 3)), -LX_EPERM);
	CHECK_ERR(vfs_mknod(&fx, "/c", LX_S_IFCHR | 0600, vfs_mkdev(1, 3)), -LX_EACCES);
	CHECK_ERR(vfs_mknod(&fx, "/u/p", LX_S_IFIFO | 0600, 0), 0);
	CHECK_ERR(vfs_mknod(&fx, "/u/x/", LX_S_IFIFO | 0600, 0), -LX_ENOENT);
	END;
}

static int64_t seven_read(struct file *f, void *buf, size_t n, uint64_t *pos)
{
	(void)f, (void)pos;
	memset(buf, 7, n);
	return (int64_t)n;
}

static int seven_open_calls;
static int seven_open(struct file *f)
{
	seven_open_calls++;
	return f->flags & LX_O_NONBLOCK ? -LX_EAGAIN : 0;
}

static const struct file_ops seven_fops = { .open = seven_open, .read = seven_read };

TEST(chrdev_registry)
{
	struct file *f = NULL;
	char c = 0;

	fx_setup();
	CHECK_ERR(vfs_mknod(&fx, "/seven", LX_S_IFCHR | 0666, vfs_mkdev(240, 7)), 0);
	CHECK_ERR(vfs_open(&fx, "/seven", LX_O_RDONLY, 0, &f), -LX_ENXIO);
	CHECK_ERR(vfs_chrdev_register(240, 7, &seven_fops), 0);
	CHECK_ERR(vfs_chrdev_register(240, 7, &seven_fops), -LX_EBUSY);
	CHECK_ERR(vfs_chrdev_register(1, 3, &seven_fops), -LX_EBUSY);
	CHECK_ERR(vfs_open(&fx, "/seven", LX_O_RDONLY | LX_O_NONBLOCK, 0, &f), -LX_EAGAIN);
	CHECK_ERR(vfs_open(&fx, "/seven", LX_O_RDONLY, 0, &f), 0);
	CHECK(seven_open_calls == 2);
	CHECK_ERR(vfs_read(f, &c, 1), 1);
	CHECK(c == 7);
	CHECK_ERR(vfs_write(f, &c, 1), -LX_EBADF);
	CHECK_ERR(vfs_lseek(f, 0, LX_SEEK_SET), -LX_ESPIPE);
	CHECK_ERR(vfs_pread(f, &c, 1, 0), -LX_ESPIPE);
	vfs_close(f);
	f = open_or_null("/seven", LX_O_RDWR, 0);
	CHECK(f);
	CHECK_ERR(vfs_write(f, &c, 1), -LX_EINVAL);	/* no write op */
	vfs_close(f);
	vfs_chrdev_unregister(240, 7);
	CHECK_ERR(vfs_open(&fx, "/seven", LX_O_RDONLY, 0, &f), -LX_ENXIO);
	END;
}

const struct unit_test file_tests[] = {
	T(rw_basic), T(rw_append), T(lseek_whence), T(holes), T(sparse_far),
	T(truncate_grow_shrink), T(punch_hole), T(xattrs), T(truncate_errors), T(large_file), T(getdents_basic),
	T(getdents_small_buffer), T(getdents_unlink_while_listing), T(unlinked_open_file),
	T(unlinked_open_dir), T(ino_unique), T(dev_null_zero_full), T(mknod_rules),
	T(chrdev_registry),
};
TESTS(file);
