/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tests/host/unixext2/main.c - the ext2 host test program (built with the
 * sanitizers, with the VFS and ext2 of servers/unix/fs), driven by run.sh:
 *
 *   ext2t work NAME IMAGE   run workload NAME (work.c) on IMAGE: "ok", or
 *                           "FAIL <reason>" and exit 1; the image is
 *                           unmounted at the end (e2fsck's turn)
 *   ext2t ls IMAGE          one line per file, as run.sh lists a host tree:
 *                           PATH TYPE PERM UID GID NLINK SIZE MTIME EXTRA
 *   ext2t cat IMAGE PATH    the file's bytes to stdout
 *   ext2t readbench IMAGE PATH   read PATH from a cold cache in 64 KiB reads:
 *                           bytes, device transfers and blocks, CPU time
 *   ext2t writebench IMAGE MIB   write /written (MIB MiB in 64 KiB writes),
 *                           fsync: the transfers the fsync made
 *   ext2t fuzz IMAGE TMP N [SEED]  N copies of IMAGE with random damage (in TMP), each
 *                           mounted, walked and changed: "fuzz N mounted M eio E"
 *   ext2t walk IMAGE [rw]   mount (read-only unless rw), read every directory
 *                           (and its ".."), file and symlink: prints "refused
 *                           ERR", or "eio"/"error"/"clean ERR" and "mkdir ERR",
 *                           "rename ERR", "unlink ERR" (changes tried: /probe
 *                           into /dir/a, /file removed), then "log N LAST" (the number of
 *                           log lines and the last), "leak N" if any (the
 *                           hostile images)
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "ext2t.h"

char why[256];

int put_data(const char *path, const void *data, size_t n, uint64_t off, uint32_t flags)
{
	struct file *f;
	int err = vfs_open(&t_ctx, path, LX_O_WRONLY | LX_O_CREAT | flags, 0644, &f);
	int64_t got;

	if (err)
		return err;
	got = vfs_pwrite(f, data, n, (int64_t)off);
	vfs_close(f);
	return got < 0 ? (int)got : got == (int64_t)n ? 0 : -LX_EIO;
}

int64_t get_data(const char *path, void *buf, size_t n, uint64_t off)
{
	struct file *f;
	int err = vfs_open(&t_ctx, path, LX_O_RDONLY, 0, &f);
	int64_t got;

	if (err)
		return err;
	got = vfs_pread(f, buf, n, (int64_t)off);
	vfs_close(f);
	return got;
}

/* ---- walking the tree -------------------------------------------------------------------- */

typedef int (*visit_fn)(const char *path, const struct vfs_stat *st);

/* Calls fn for every entry under dir (path "." first), depth first; the first error. */
static int walk(const char *path, visit_fn fn, int depth)
{
	static char buf[8192];
	struct vfs_stat st;
	struct file *f;
	int err = vfs_stat(&t_ctx, path, LX_AT_SYMLINK_NOFOLLOW, &st);
	int64_t n = 0;

	if (!err)
		err = fn(path, &st);
	if (err || !LX_S_ISDIR(st.mode))
		return err;
	if (depth > 200)
		return -LX_ELOOP;
	err = vfs_open(&t_ctx, path, LX_O_RDONLY | LX_O_DIRECTORY, 0, &f);
	while (!err && (n = vfs_getdents64(f, buf, sizeof(buf))) > 0) {
		char *names = malloc((size_t)n), *q = names;
		for (int64_t o = 0; o < n;) {
			struct lx_dirent64 *d = (struct lx_dirent64 *)(buf + o);
			if (strcmp(d->d_name, ".") && strcmp(d->d_name, "..")) {
				strcpy(q, d->d_name);
				q += strlen(q) + 1;
			}
			o += d->d_reclen;
		}
		for (char *p = names; p < q && !err; p += strlen(p) + 1) {
			char sub[4096];
			snprintf(sub, sizeof(sub), "%s/%s", path, p);
			err = walk(sub, fn, depth + 1);
		}
		free(names);
	}
	if (!err && n < 0)
		err = (int)n;
	if (f)
		vfs_close(f);
	return err;
}

static int ls_one(const char *path, const struct vfs_stat *st)
{
	char extra[4200] = "-", size[32], nlink[16];
	static const char types[16] = { [1] = 'p', [2] = 'c', [4] = 'd', [6] = 'b', [8] = 'f',
					[10] = 'l', [12] = 's' };
	char t = types[(st->mode >> 12) & 15];

	snprintf(size, sizeof(size), "%llu", (unsigned long long)st->size);
	snprintf(nlink, sizeof(nlink), "%u", st->nlink);
	if (t == 'l') {
		int n = vfs_readlink(&t_ctx, path, extra, sizeof(extra) - 1);
		if (n < 0)
			return n;
		extra[n] = 0;
	} else if (t == 'c' || t == 'b') {
		snprintf(extra, sizeof(extra), "%x,%x", vfs_major(st->rdev), vfs_minor(st->rdev));
	}
	if (t == 'd' || t == 'c' || t == 'b' || t == 'p' || t == 's')
		strcpy(size, "-");
	printf("%s %c %o %u %u %s %s %lld %s\n", path, t, st->mode & 07777, st->uid, st->gid,
	       nlink, size, (long long)(st->mtime / 1000000000), extra);
	return 0;
}

/* lists every file's extended attributes and reads each */
static int xattrs_one(const char *path, const struct vfs_stat *st)
{
	static char names[65536], value[65536];
	struct inode *ip;
	int n, err = vfs_lookup_inode(&t_ctx, path, 0, &ip);

	(void)st;
	if (err)
		return err;
	n = ip->ops->listxattr ? ip->ops->listxattr(ip, names, sizeof(names)) : 0;
	for (int i = 0; n > 0 && i < n && !err; i += (int)strlen(names + i) + 1) {
		int k = ip->ops->getxattr(ip, names + i, value, sizeof(value));
		err = k < 0 ? k : 0;
	}
	vfs_iput(ip);
	return n < 0 ? n : err;
}

/* reads every file (its first 16 MiB) and symlink */
static int read_one(const char *path, const struct vfs_stat *st)
{
	static char buf[65536];
	struct file *f;
	int64_t n = 0;
	int err;

	if (LX_S_ISLNK(st->mode))
		return vfs_readlink(&t_ctx, path, buf, sizeof(buf)) < 0 ? -LX_EIO : 0;
	if (LX_S_ISDIR(st->mode)) {	/* ".." too: where a damaged tree may loop */
		struct vfs_stat up;
		snprintf(buf, sizeof(buf), "%s/..", path);
		return vfs_stat(&t_ctx, buf, 0, &up);
	}
	if (!LX_S_ISREG(st->mode))
		return 0;
	err = vfs_open(&t_ctx, path, LX_O_RDONLY, 0, &f);
	if (err)
		return err;
	/* at most 16 MiB: a damaged size may make a file of terabytes of holes */
	for (int i = 0; i < 256 && (n = vfs_read(f, buf, sizeof(buf))) > 0; i++)
		;
	vfs_close(f);
	return (int)(n < 0 ? n : 0);
}

/* ---- commands -------------------------------------------------------------------------- */

static int cmd_ls(const char *img)
{
	int err = t_mount(img, LX_MS_RDONLY);

	if (err) {
		fprintf(stderr, "mount: %d\n", err);
		return 1;
	}
	err = walk(".", ls_one, 0);
	t_umount();
	if (err)
		fprintf(stderr, "ls: %d\n", err);
	return err ? 1 : 0;
}

static int cmd_cat(const char *img, const char *path)
{
	static char buf[65536];
	struct file *f;
	int64_t n = 0;
	int err = t_mount(img, LX_MS_RDONLY);

	if (!err)
		err = vfs_open(&t_ctx, path, LX_O_RDONLY, 0, &f);
	if (!err) {
		while ((n = vfs_read(f, buf, sizeof(buf))) > 0)
			fwrite(buf, 1, (size_t)n, stdout);
		vfs_close(f);
	}
	if (t_sb)
		t_umount();
	return err || n < 0 ? 1 : 0;
}

static int cmd_walk(const char *img, bool rw)
{
	int err = t_mount(img, rw ? 0 : LX_MS_RDONLY);

	if (err) {
		printf("refused %d\n", err);
	} else {
		err = walk(".", read_one, 0);
		if (!err)
			err = walk(".", ls_one, 0) ? -LX_EIO : 0;
		if (!err)
			err = walk(".", xattrs_one, 0);
		printf("%s %d\n", err == -LX_EIO ? "eio" : err ? "error" : "clean", err);
		printf("mkdir %d\n", vfs_mkdir(&t_ctx, "/probe", 0755));
		/* rename walks ".." up from the target's directory; unlink frees a tree */
		printf("rename %d\n", vfs_rename(&t_ctx, "/probe", "/dir/a/probe"));
		printf("unlink %d\n", vfs_unlink(&t_ctx, "/file"));
		t_umount();
	}
	printf("log %u %s\n", log_lines, log_last);
	if (t_live)
		printf("leak %ld\n", t_live);
	return 0;
}

static int cmd_readbench(const char *img, const char *path)
{
	static char buf[65536];
	struct file *f;
	int64_t n, total = 0;
	clock_t t0;
	int err = t_mount(img, LX_MS_RDONLY);

	if (!err)
		err = vfs_open(&t_ctx, path, LX_O_RDONLY, 0, &f);
	if (err)
		return 1;
	img_read_calls = img_reads = 0;
	t0 = clock();
	while ((n = vfs_read(f, buf, sizeof(buf))) > 0)
		total += n;
	printf("bytes %lld transfers %llu blocks %llu cpu_ms %.1f\n", (long long)total,
	       (unsigned long long)img_read_calls, (unsigned long long)img_reads,
	       (double)(clock() - t0) * 1000 / CLOCKS_PER_SEC);
	vfs_close(f);
	t_umount();
	return n < 0;
}

/* writes a file of mib MiB in 64 KiB writes and fsyncs it: the transfers */
static int cmd_writebench(const char *img, int mib)
{
	static char buf[65536];
	struct file *f;
	int err = t_mount(img, 0);

	if (!err)
		err = vfs_open(&t_ctx, "/written", LX_O_WRONLY | LX_O_CREAT | LX_O_TRUNC, 0644, &f);
	if (err)
		return 1;
	memset(buf, 'w', sizeof(buf));
	for (int i = 0; i < mib * 16 && !err; i++)
		err = vfs_write(f, buf, sizeof(buf)) == (int64_t)sizeof(buf) ? 0 : 1;
	img_write_calls = img_writes = 0;
	if (!err)
		err = t_sb->sops->fsync(f->inode, false);
	printf("fsync %d bytes %lld transfers %llu blocks %llu\n", err, (long long)mib << 20,
	       (unsigned long long)img_write_calls, (unsigned long long)img_writes);
	vfs_close(f);
	t_umount();
	return err != 0;
}

/* Where to damage an ext2 image (read from its good superblock): the superblock's
 * fields, the first group descriptor, the first 24 inodes (the root and the files
 * made first), the 64 KiB after the inode table (their directories and indirect
 * blocks). */
static size_t fuzz_offset(const unsigned char *img, size_t size)
{
	uint32_t itable, ipg, log, first;
	size_t bs, gdt, isz, itable_end, off;
	int r = rand() % 10;

	memcpy(&first, img + 1024 + 20, 4);
	memcpy(&log, img + 1024 + 24, 4);
	memcpy(&ipg, img + 1024 + 40, 4);
	bs = (size_t)1024 << (log & 3);
	gdt = (first + 1) * bs;
	memcpy(&itable, img + gdt + 8, 4);
	isz = img[1024 + 88] | img[1024 + 89] << 8;
	itable_end = (size_t)itable * bs + (size_t)ipg * isz;
	if (r < 2)
		off = 1024 + (size_t)rand() % 208;
	else if (r < 3)
		off = gdt + (size_t)rand() % 32;
	else if (r < 7)
		off = (size_t)itable * bs + (size_t)rand() % (24 * isz);
	else
		off = itable_end + (size_t)rand() % 65536;
	return off < size ? off : (size_t)rand() % size;
}

/* Random damage: n copies of the image at base, each with a few random bytes
 * changed where fuzz_offset says, mounted read-write, walked and changed; nothing
 * may crash, leak or hang.  Prints how many mounted and how many walks met an
 * error. */
static int cmd_fuzz(const char *base, const char *tmp, int n, unsigned seed)
{
	FILE *fp = fopen(base, "rb");
	static unsigned char img[4 << 20], copy[4 << 20];
	size_t size = fp ? fread(img, 1, sizeof(img), fp) : 0;
	int mounted = 0, eio = 0;

	if (fp)
		fclose(fp);
	srand(seed);
	for (int i = 0; i < n && size; i++) {
		memcpy(copy, img, size);
		for (int k = 0, nk = 1 + rand() % 4; k < nk; k++)
			copy[fuzz_offset(img, size)] = (unsigned char)rand();
		fp = fopen(tmp, "wb");
		fwrite(copy, 1, size, fp);
		fclose(fp);
		if (t_mount(tmp, 0))
			continue;
		mounted++;
		eio += walk(".", read_one, 0) != 0;
		vfs_mkdir(&t_ctx, "/probe", 0755);
		vfs_rename(&t_ctx, "/probe", "/dir/a/probe");
		vfs_unlink(&t_ctx, "/file");
		t_umount();
		if (t_live) {
			printf("leak %ld after image %d\n", t_live, i);
			return 1;
		}
	}
	printf("fuzz %d mounted %d eio %d\n", n, mounted, eio);
	return size ? 0 : 1;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (vfs_init())
		return 2;
	if (argc == 4 && !strcmp(argv[1], "work"))
		return work_run(argv[2], argv[3]);
	if (argc == 3 && !strcmp(argv[1], "ls"))
		return cmd_ls(argv[2]);
	if (argc == 4 && !strcmp(argv[1], "cat"))
		return cmd_cat(argv[2], argv[3]);
	if ((argc == 5 || argc == 6) && !strcmp(argv[1], "fuzz"))
		return cmd_fuzz(argv[2], argv[3], atoi(argv[4]),
				argc == 6 ? (unsigned)atoi(argv[5]) : 12345u);
	if (argc == 4 && !strcmp(argv[1], "writebench"))
		return cmd_writebench(argv[2], atoi(argv[3]));
	if (argc == 4 && !strcmp(argv[1], "readbench"))
		return cmd_readbench(argv[2], argv[3]);
	if ((argc == 3 || argc == 4) && !strcmp(argv[1], "walk"))
		return cmd_walk(argv[2], argc == 4);
	fprintf(stderr, "usage: ext2t work NAME IMAGE | ls IMAGE | cat IMAGE PATH | walk IMAGE [rw]\n");
	return 2;
}
