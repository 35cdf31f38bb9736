/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tests/host/unixfs/test_cpio.c - the cpio unpacker on archives built here
 * (every kind of entry, hard links, checksums, each malformation, 100,000
 * mutations), allocation-failure injection (every allocation of a sequence
 * of operations, and of an unpack, failing in turn), and the command-line
 * modes run.sh uses on archives the host's cpio made:
 *
 *   unit ls ARCHIVE        one line per file: "PATH TYPE PERM UID GID NLINK SIZE MTIME X"
 *                          (NLINK and SIZE "-" where they do not compare; X: a
 *                          link's target, a device's "major,minor" in hex, or "-")
 *   unit cat ARCHIVE PATH  the file's contents on stdout
 */
#define _GNU_SOURCE
#include "unit.h"

/* ---- archives ------------------------------------------------------------------------------ */

struct archive {
	uint8_t *buf;
	size_t len, cap;
	size_t hdr[64];			/* where each entry's header starts */
	int n;
};

static void ar_put(struct archive *a, const void *p, size_t n)
{
	if (a->len + n > a->cap) {
		a->cap = (a->len + n) * 2 + 256;
		a->buf = realloc(a->buf, a->cap);
	}
	if (n)
		memcpy(a->buf + a->len, p, n);
	a->len += n;
}

static void ar_pad(struct archive *a)
{
	while (a->len % 4)
		ar_put(a, "", 1);
}

struct ent {
	const char *name;
	uint32_t mode, uid, gid, nlink, mtime, ino;
	const char *data;		/* contents or target */
	uint32_t rmajor, rminor;
};

static uint32_t sum_of(const char *p, size_t n)
{
	uint32_t s = 0;
	while (n--)
		s += (uint8_t)*p++;
	return s;
}

static void ar_entry(struct archive *a, const struct ent *e, bool crc)
{
	size_t size = e->data ? strlen(e->data) : 0;
	char h[128];

	snprintf(h, sizeof(h), "07070%c%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
		 crc ? '2' : '1', e->ino, e->mode, e->uid, e->gid, e->nlink ? e->nlink : 1,
		 e->mtime, (unsigned)size, 8u, 1u, e->rmajor, e->rminor,
		 (unsigned)strlen(e->name) + 1, crc ? sum_of(e->data ? e->data : "", size) : 0);
	if (a->n < 64)
		a->hdr[a->n++] = a->len;
	ar_put(a, h, 110);
	ar_put(a, e->name, strlen(e->name) + 1);
	ar_pad(a);
	ar_put(a, e->data, size);
	ar_pad(a);
}

#define DIR_(m)		(LX_S_IFDIR | (m))
#define REG_(m)		(LX_S_IFREG | (m))

/* every kind of entry; "home/u/a" and "b" are hard links, the data with the last */
static const struct ent sample[] = {
	{ ".", DIR_(0755), 0, 0, 2, 1000, 1, NULL, 0, 0 },
	{ "etc", DIR_(0755), 0, 0, 2, 1001, 2, NULL, 0, 0 },
	{ "etc/passwd", REG_(0644), 0, 0, 1, 1002, 3, "root:x:0:0:root:/root:/bin/sh\n", 0, 0 },
	{ "bin", DIR_(0755), 0, 0, 2, 1003, 4, NULL, 0, 0 },
	{ "bin/prog", REG_(04755), 0, 0, 1, 1004, 5, "\177ELF pretend", 0, 0 },
	{ "bin/sh", LX_S_IFLNK | 0777, 0, 0, 1, 1005, 6, "prog", 0, 0 },
	{ "dev", DIR_(0755), 0, 0, 2, 1006, 7, NULL, 0, 0 },
	{ "dev/null", LX_S_IFCHR | 0666, 0, 0, 1, 1007, 8, NULL, 1, 3 },
	{ "dev/console", LX_S_IFCHR | 0600, 0, 5, 1, 1008, 9, NULL, 5, 1 },
	{ "home", DIR_(0755), 0, 0, 3, 1009, 10, NULL, 0, 0 },
	{ "home/u", DIR_(0700), 1000, 1000, 2, 1010, 11, NULL, 0, 0 },
	{ "home/u/a", REG_(0600), 1000, 1000, 2, 1011, 50, NULL, 0, 0 },
	{ "home/u/b", REG_(0600), 1000, 1000, 2, 1011, 50, "linked", 0, 0 },
	{ "tmp", DIR_(01777), 0, 0, 2, 1012, 12, NULL, 0, 0 },
	{ "./run", DIR_(0755), 0, 0, 2, 1013, 13, NULL, 0, 0 },
	{ "run/fifo", LX_S_IFIFO | 0620, 0, 0, 1, 1014, 14, NULL, 0, 0 },
	{ "/abs", REG_(0444), 0, 0, 1, 1015, 15, "", 0, 0 },
};

static void build(struct archive *a, const struct ent *ents, size_t n, bool crc)
{
	static const struct ent trailer = { "TRAILER!!!", 0, 0, 0, 1, 0, 0, NULL, 0, 0 };

	memset(a, 0, sizeof(*a));
	for (size_t i = 0; i < n; i++)
		ar_entry(a, &ents[i], crc);
	ar_entry(a, &trailer, false);
}

#define SAMPLE_N	(sizeof(sample) / sizeof(sample[0]))

/* writes 8 hex digits over header field f of entry i */
static void set_field(struct archive *a, int i, int f, uint32_t v)
{
	char d[9];
	snprintf(d, sizeof(d), "%08X", v);
	memcpy(a->buf + a->hdr[i] + 6 + 8 * f, d, 8);
}

enum { F_INO, F_MODE, F_UID, F_GID, F_NLINK, F_MTIME, F_SIZE, F_NAMESIZE = 11, F_CHECK };

/* ---- listing (ls mode, snapshots) -------------------------------------------------------- */

static char type_char(uint32_t mode)
{
	static const char types[16] = { [1] = 'p', [2] = 'c', [4] = 'd', [6] = 'b',
					[8] = 'f', [10] = 'l', [12] = 's' };
	return types[LX_DT_FROM_MODE(mode)];
}

static void ls_line(FILE *out, const char *vpath, const char *shown)
{
	struct vfs_stat st;
	char x[256] = "-", n[16] = "-", s[24] = "-";
	char t = 0;

	if (vfs_stat(&fx, vpath, LX_AT_SYMLINK_NOFOLLOW, &st)) {
		fprintf(out, "%s ?\n", shown);
		return;
	}
	t = type_char(st.mode);
	if (t == 'l') {
		int len = vfs_readlink(&fx, vpath, x, sizeof(x) - 1);
		x[len > 0 ? len : 0] = 0;
	}
	if (t == 'c' || t == 'b')
		snprintf(x, sizeof(x), "%x,%x", vfs_major(st.rdev), vfs_minor(st.rdev));
	if (t != 'd')
		snprintf(n, sizeof(n), "%u", st.nlink);
	if (t == 'f' || t == 'l')
		snprintf(s, sizeof(s), "%llu", (unsigned long long)st.size);
	fprintf(out, "%s %c %o %u %u %s %s %lld %s\n", shown, t, st.mode & 07777, st.uid, st.gid,
		n, s, (long long)(st.mtime / 1000000000), x);
}

/* lines ls_tree may still print: a getdents that never ends must not hang the tests */
static long ls_budget;

/* every file under vpath, depth first, in getdents order */
static void ls_tree(FILE *out, const char *vpath, const char *shown)
{
	struct file *f;
	uint8_t buf[4096];
	int64_t n;

	if (--ls_budget < 0)
		return;
	ls_line(out, vpath, shown);
	if (!LX_S_ISDIR(mode_of(vpath)) || vfs_open(&fx, vpath, LX_O_RDONLY, 0, &f))
		return;
	while (ls_budget > 0 && (n = vfs_getdents64(f, buf, sizeof(buf))) > 0) {
		for (int64_t off = 0; off < n;) {
			struct lx_dirent64 d;
			char vp[4096], sp[4096];
			const char *name = (const char *)buf + off + LX_DIRENT64_NAME_OFFSET;
			memcpy(&d, buf + off, sizeof(d));
			off += d.d_reclen;
			if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
				continue;
			snprintf(vp, sizeof(vp), "%s/%s", strcmp(vpath, "/") ? vpath : "", name);
			snprintf(sp, sizeof(sp), "%s/%s", shown, name);
			ls_tree(out, vp, sp);
		}
	}
	vfs_close(f);
}

/* the whole tree as text (allocation failures held off meanwhile); free() it */
static char *snapshot(void)
{
	long at = fx_fail_at, count = fx_allocs;
	char *text = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&text, &len);

	fx_fail_at = 0;
	ls_budget = 100000;
	ls_tree(m, "/", ".");
	fclose(m);
	fx_fail_at = at;
	fx_allocs = count;
	return text;
}

/* ---- the unpacker ---------------------------------------------------------------------------- */

TEST(cpio_sample)
{
	struct archive a;
	struct vfs_stat st;
	struct file *f = NULL;
	char buf[64];

	build(&a, sample, SAMPLE_N, false);
	fx_setup();
	CHECK_ERR(cpio_unpack(&fx, a.buf, a.len), 0);
	CHECK(mode_of("/") == DIR_(0755) && mode_of("/tmp") == DIR_(01777));
	CHECK(mode_of("/bin/prog") == REG_(04755) && mode_of("/abs") == REG_(0444));
	CHECK_ERR(get_file("/bin/sh", buf, sizeof(buf)), 12);
	CHECK(strcmp(buf, "\177ELF pretend") == 0 && LX_S_ISLNK(mode_of("/bin/sh")));
	CHECK_ERR(vfs_stat(&fx, "/dev/console", 0, &st), 0);
	CHECK(st.rdev == vfs_mkdev(5, 1) && st.gid == 5 && st.mode == (LX_S_IFCHR | 0600));
	CHECK_ERR(vfs_stat(&fx, "/home/u", 0, &st), 0);
	CHECK(st.uid == 1000 && st.gid == 1000 && st.mtime == 1010000000000ll);
	CHECK(ino_of("/home/u/a") == ino_of("/home/u/b") && nlink_of("/home/u/a") == 2);
	CHECK_ERR(get_file("/home/u/a", buf, sizeof(buf)), 6);
	CHECK(strcmp(buf, "linked") == 0);
	CHECK(mode_of("/run/fifo") == (LX_S_IFIFO | 0620));
	for (size_t i = 0; i < SAMPLE_N; i++) {		/* every mtime, directories too */
		snprintf(buf, sizeof(buf), "/%s", sample[i].name);
		CHECK_ERR(vfs_stat(&fx, buf, LX_AT_SYMLINK_NOFOLLOW, &st), 0);
		CHECK(st.mtime == sample[i].mtime * 1000000000ll);
	}
	CHECK_ERR(vfs_open(&fx, "/dev/null", LX_O_WRONLY, 0, &f), 0);
	CHECK_ERR(vfs_write(f, "gone", 4), 4);
	vfs_close(f);
	CHECK_ERR(cpio_unpack(&fx, a.buf, a.len), 0);	/* again: everything replaced */
	CHECK(nlink_of("/home/u/b") == 2 && nlink_of("/") == 8);
out:
	free(a.buf);
	return fx_finish();
}

TEST(cpio_checksum)
{
	struct archive a;

	build(&a, sample, SAMPLE_N, true);
	fx_setup();
	CHECK_ERR(cpio_unpack(&fx, a.buf, a.len), 0);
	CHECK(fx_finish());
	set_field(&a, 2, F_CHECK, 12345);		/* etc/passwd */
	fx_setup();
	CHECK_ERR(cpio_unpack(&fx, a.buf, a.len), -LX_EINVAL);
	CHECK(exists("/etc") && !exists("/etc/passwd"));
out:
	free(a.buf);
	return fx_finish();
}

TEST(cpio_replace_types)
{
	static const struct ent first[] = {
		{ "d", DIR_(0755), 0, 0, 2, 1, 1, NULL, 0, 0 },
		{ "l", LX_S_IFLNK | 0777, 0, 0, 1, 1, 2, "d", 0, 0 },
		{ "f", REG_(0644), 0, 0, 1, 1, 3, "old", 0, 0 },
	};
	static const struct ent second[] = {
		{ "d", REG_(0600), 0, 0, 1, 2, 1, "now a file", 0, 0 },
		{ "l", REG_(0600), 0, 0, 1, 2, 2, "not through the link", 0, 0 },
		{ "f", DIR_(0700), 0, 0, 2, 2, 3, NULL, 0, 0 },
	};
	struct archive a, b;
	char buf[64];

	build(&a, first, 3, false);
	build(&b, second, 3, false);
	fx_setup();
	CHECK_ERR(cpio_unpack(&fx, a.buf, a.len), 0);
	CHECK_ERR(cpio_unpack(&fx, b.buf, b.len), 0);
	CHECK(mode_of("/d") == REG_(0600) && mode_of("/l") == REG_(0600));
	CHECK(mode_of("/f") == DIR_(0700));
	CHECK_ERR(get_file("/l", buf, sizeof(buf)), 20);
	CHECK_ERR(put_file("/f/x", "", 0644), 0);	/* a full directory is not replaced */
	CHECK_ERR(cpio_unpack(&fx, a.buf, a.len), -LX_ENOTEMPTY);
out:
	free(a.buf);
	free(b.buf);
	return fx_finish();
}

/* one malformation of the sample archive: what unpacking it must give */
struct bad_case {
	const char *what;
	int entry, field;		/* field < 0: see fix */
	uint32_t value;
	int fix;
};

enum { FIX_NONE, FIX_MAGIC, FIX_HEXDIGIT, FIX_TRUNCATE, FIX_NAME_NUL, FIX_NAME_DOTDOT,
       FIX_EMPTY, FIX_SYMLINK_EMPTY, FIX_ROOT_FILE };

static const struct bad_case bad_cases[] = {
	{ "magic", 3, -1, 0, FIX_MAGIC },
	{ "hex digit", 3, F_MODE, 0, FIX_HEXDIGIT },
	{ "namesize 0", 3, F_NAMESIZE, 0, FIX_NONE },
	{ "namesize huge", 3, F_NAMESIZE, 0xFFFFFFF0u, FIX_NONE },
	{ "filesize huge", 2, F_SIZE, 0x7FFFFFFFu, FIX_NONE },
	{ "type unknown", 3, F_MODE, 0170755, FIX_NONE },
	{ "no trailer", 0, -1, 0, FIX_TRUNCATE },
	{ "no NUL", 3, -1, 0, FIX_NAME_NUL },
	{ "dotdot", 3, -1, 0, FIX_NAME_DOTDOT },
	{ "empty", 0, -1, 0, FIX_EMPTY },
	{ "symlink empty", 5, F_SIZE, 0, FIX_NONE },
	{ "root a file", 0, F_MODE, REG_(0644), FIX_NONE },
};

static size_t apply_bad(struct archive *a, const struct bad_case *c)
{
	uint8_t *h = a->buf + a->hdr[c->entry];

	if (c->field >= 0)
		set_field(a, c->entry, c->field, c->value);
	switch (c->fix) {
	case FIX_MAGIC:
		h[5] = '7';				/* "070707": the old binary-ish format */
		break;
	case FIX_HEXDIGIT:
		h[6 + 8 * F_MODE + 3] = 'g';
		break;
	case FIX_TRUNCATE:
		return a->hdr[a->n - 1];		/* cut before TRAILER!!! */
	case FIX_NAME_NUL:
		h[110 + 3] = 'x';			/* "bin" and no NUL */
		break;
	case FIX_NAME_DOTDOT:
		memcpy(h + 110, "../", 3);		/* "bin" -> "../" */
		break;
	case FIX_EMPTY:
		return 0;
	}
	return a->len;
}

TEST(cpio_malformed)
{
	for (size_t i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		struct archive a;
		size_t len;
		int err;

		build(&a, sample, SAMPLE_N, false);
		len = apply_bad(&a, &bad_cases[i]);
		fx_setup();
		err = cpio_unpack(&fx, a.buf, len);
		free(a.buf);
		if (err != -LX_EINVAL)
			snprintf(why, sizeof(why), "%s: got %d, want -EINVAL", bad_cases[i].what,
				 err);
		else if (bad_cases[i].entry > 2 && !exists("/etc/passwd"))
			snprintf(why, sizeof(why), "%s: the entries before it are gone",
				 bad_cases[i].what);
		if (!fx_finish())
			return 0;
	}
	CHECK(1);
	END;
}

/* ---- fuzz ------------------------------------------------------------------------------ */

static uint64_t rng = 0x9E3779B97F4A7C15ull;

static uint32_t rnd(uint32_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 16) % n;
}

static const uint32_t interesting[] = { 0, 1, 2, 3, 4, 0xFF, 0x100, 0x7FFFFFFF, 0x80000000,
					0xFFFFFFFF, 0xFFFFFFFE, LX_S_IFLNK | 0777, DIR_(0755),
					LX_S_IFCHR | 0666, REG_(0644), 110, 4096 };

/* one to four changes to a copy of the archive; returns its new length */
static size_t mutate(struct archive *a, const struct archive *orig)
{
	size_t len = orig->len;

	memcpy(a->buf, orig->buf, orig->len);
	for (uint32_t k = rnd(4) + 1; k; k--) {
		int e = (int)rnd((uint32_t)orig->n), f = (int)rnd(13);
		switch (rnd(5)) {
		case 0:
			if (len)
				a->buf[rnd((uint32_t)len)] = (uint8_t)rnd(256);
			break;
		case 1:
			a->buf[orig->hdr[e] + 6 + 8 * f + rnd(8)] = "0123456789abcdefG"[rnd(17)];
			break;
		case 2:
			set_field(a, e, f, rnd(3) ? interesting[rnd(sizeof(interesting) / 4)]
						  : rnd(~0u));
			break;
		case 3:
			len = rnd((uint32_t)len + 1);
			break;
		case 4:
			a->buf[orig->hdr[e] + 110 + rnd(4)] = "./\0x"[rnd(4)];
			break;
		}
	}
	return len;
}

TEST(cpio_fuzz)
{
	struct archive orig, a;
	long results[4] = { 0 };	/* ok, EINVAL, another error, impossible */

	build(&orig, sample, SAMPLE_N, false);
	a = orig;
	a.buf = malloc(orig.len);
	for (int i = 0; i < 100000; i++) {
		size_t len = mutate(&a, &orig);
		int err;

		fx_setup();
		err = cpio_unpack(&fx, a.buf, len);
		results[err == 0 ? 0 : err == -LX_EINVAL ? 1 : err < 0 && err > -134 ? 2 : 3]++;
		if (results[3])
			snprintf(why, sizeof(why), "mutation %d: returned %d", i, err);
		if (!fx_finish()) {
			fprintf(stderr, "cpio_fuzz: mutation %d: %s\n", i, why);
			break;
		}
	}
	fprintf(stderr, "cpio_fuzz: %ld unpacked, %ld -EINVAL, %ld other errors\n",
		results[0], results[1], results[2]);
	CHECK(!why[0] && results[0] > 100 && results[1] > 10000);
out:
	free(a.buf);
	free(orig.buf);
	return fx_finish();
}

/* ---- allocation failures ------------------------------------------------------------------ */

static int step_write(void)
{
	static char data[3 * 4096 + 100];
	struct file *f;
	int64_t n;
	int err = vfs_open(&fx, "/a/f", LX_O_RDWR, 0, &f);

	if (err)
		return err;
	n = vfs_pwrite(f, data, sizeof(data), 1ll << 30);
	vfs_close(f);
	return n < 0 ? (int)n : n == sizeof(data) ? 0 : 1;	/* 1: a short write */
}

static int step_create(void)
{
	struct file *f;
	int err = vfs_open(&fx, "/a/f", LX_O_RDWR | LX_O_CREAT, 0644, &f);

	if (!err)
		vfs_close(f);
	return err;
}

static int step_follow(void)
{
	struct inode *ip;
	int err = vfs_lookup_inode(&fx, "/l", VFS_LOOKUP_FOLLOW, &ip);

	vfs_iput(ip);
	return err;
}

static int step_mkdir(void) { return vfs_mkdir(&fx, "/a", 0755); }
static int step_symlink(void) { return vfs_symlink(&fx, "a/f", "/l"); }
static int step_link(void) { return vfs_link(&fx, "/a/f", "/a/g", 0); }
static int step_rename(void) { return vfs_rename(&fx, "/a/g", "/h-a-longer-name"); }
static int step_rename_dir(void) { return vfs_rename(&fx, "/a", "/b"); }
static int step_mknod(void) { return vfs_mknod(&fx, "/b/n", LX_S_IFCHR | 0666, vfs_mkdev(1, 3)); }
static int step_truncate(void) { return vfs_truncate(&fx, "/b/f", 5000); }
static int step_unlink(void) { return vfs_unlink(&fx, "/h-a-longer-name"); }

static int (*const steps[])(void) = {
	step_mkdir, step_create, step_write, step_symlink, step_follow, step_link,
	step_rename, step_rename_dir, step_mknod, step_truncate, step_unlink,
};

/* the steps in a fresh fs with allocation n failing: 1 if it failed, 0 if never reached */
static int run_steps(long n, int *failed_step)
{
	fx_setup();
	fx_fail(n);
	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		char *before = snapshot(), *after;
		int err = steps[i]();

		if (err == 0 || err == 1) {
			free(before);
			continue;
		}
		*failed_step = (int)i;
		after = snapshot();
		if (err != -LX_ENOMEM)
			snprintf(why, sizeof(why), "allocation %ld: step %zu gave %d", n, i, err);
		else if (strcmp(before, after) != 0)
			snprintf(why, sizeof(why), "allocation %ld: step %zu changed the tree",
				 n, i);
		free(before);
		free(after);
		return 1;
	}
	return fx_allocs >= n;
}

TEST(enomem_each_allocation)
{
	long n;
	int step = -1, reached;

	for (n = 1; n < 1000; n++) {
		reached = run_steps(n, &step);
		if (!fx_finish()) {
			fprintf(stderr, "enomem: allocation %ld (step %d): %s\n", n, step, why);
			return 0;
		}
		if (!reached)
			break;
	}
	CHECK(n > 10 && n < 1000);
	END;
}

TEST(enomem_cpio)
{
	struct archive a;
	long n;
	int err = 0;

	build(&a, sample, SAMPLE_N, false);
	for (n = 1; n < 5000; n++) {
		fx_setup();
		fx_fail(n);
		err = cpio_unpack(&fx, a.buf, a.len);
		if (fx_allocs < n)
			break;				/* finished before allocation n */
		if (err != -LX_ENOMEM)
			snprintf(why, sizeof(why), "allocation %ld: %d", n, err);
		if (!fx_finish())
			goto out;
	}
	CHECK_ERR(err, 0);
	CHECK(n > 30 && exists("/home/u/b"));
out:
	free(a.buf);
	return fx_finish();
}

TEST(enomem_short_write)
{
	static char data[3 * 4096];
	struct file *f = NULL;

	fx_setup();
	CHECK_ERR(vfs_open(&fx, "/f", LX_O_RDWR | LX_O_CREAT, 0644, &f), 0);
	fx_fail(2);					/* the second page */
	CHECK_ERR(vfs_write(f, data, sizeof(data)), 4096);
	CHECK(f->inode->size == 4096 && f->inode->blocks == 8);
	fx_fail(1);
	CHECK_ERR(vfs_write(f, data, sizeof(data)), -LX_ENOMEM);
	CHECK(f->inode->size == 4096 && f->pos == 4096);
	vfs_close(f);
	END;
}

const struct unit_test cpio_tests[] = {
	T(cpio_sample), T(cpio_checksum), T(cpio_replace_types), T(cpio_malformed),
	T(cpio_fuzz), T(enomem_each_allocation), T(enomem_cpio), T(enomem_short_write),
};
TESTS(cpio);

/* ---- command line ---------------------------------------------------------------------- */

static uint8_t *read_whole(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	uint8_t *buf;

	if (!fp)
		return NULL;
	fseek(fp, 0, SEEK_END);
	*len = (size_t)ftell(fp);
	fseek(fp, 0, SEEK_SET);
	buf = malloc(*len + 1);
	if (buf && fread(buf, 1, *len, fp) != *len) {
		free(buf);
		buf = NULL;
	}
	fclose(fp);
	return buf;
}

static int cat_file(const char *path)
{
	static char buf[65536];
	struct file *f;
	int64_t n;
	int err = vfs_open(&fx, path, LX_O_RDONLY, 0, &f);

	if (err)
		return err;
	while ((n = vfs_read(f, buf, sizeof(buf))) > 0)
		fwrite(buf, 1, (size_t)n, stdout);
	vfs_close(f);
	return (int)n;
}

int cpio_main(int argc, char **argv)
{
	size_t len = 0;
	uint8_t *ar = argc >= 3 ? read_whole(argv[2], &len) : NULL;
	int err;

	bool ls = argc == 3 && !strcmp(argv[1], "ls"), cat = argc == 4 && !strcmp(argv[1], "cat");

	if (!ar || !(ls || cat)) {
		fprintf(stderr, "usage: unit [ls ARCHIVE | cat ARCHIVE PATH]\n");
		return 2;
	}
	fx_setup();
	err = cpio_unpack(&fx, ar, len);
	ls_budget = 1000000;
	if (!err && ls)
		ls_tree(stdout, "/", ".");
	else if (!err)
		err = cat_file(argv[3]);
	if (!err && ramfs_check(fx_sb))
		err = -LX_EUCLEAN;
	if (err)
		fprintf(stderr, "unit %s: error %d\n", argv[1], err);
	free(ar);
	why[0] = 0;
	return fx_finish() && !err ? 0 : 1;
}
