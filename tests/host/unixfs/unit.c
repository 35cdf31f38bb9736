/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tests/host/unixfs/unit.c - host tests of unixd's file system layer
 * (servers/unix/fs: the VFS, ramfs, the cpio unpacker), built with the
 * sanitizers.
 *
 *   unit                      run every test: one "TEST unixfs/unit/<name> PASS"
 *                             or "... FAIL <reason>" line each, then "DONE unit"
 *   unit ls ARCHIVE           unpack a newc archive, print one line per file
 *   unit cat ARCHIVE PATH     unpack it, write PATH's contents to stdout
 *
 * This file is the harness: the fs seam (fsalloc.h) over malloc with
 * counting and failure injection, the fixture and helpers of unit.h, and
 * main.  The tests are in test_lookup.c, test_ops.c, test_file.c and
 * test_cpio.c.
 */
#include "unit.h"

char why[256];

/* ---- the seam: memory and clock --------------------------------------------------------- */

long fx_allocs, fx_fail_at;
static long live_allocs, live_pages;
uint64_t fx_clock = 1700000000ull * 1000000000ull;

static bool fail_now(void)
{
	return ++fx_allocs == fx_fail_at;
}

void fx_fail(long n)
{
	fx_allocs = 0;
	fx_fail_at = n;
}

long fx_live(void)
{
	return live_allocs + live_pages;
}

void *fs_alloc(size_t size)
{
	void *p;

	if (fail_now())
		return NULL;
	p = calloc(1, size ? size : 1);
	if (p)
		live_allocs++;
	return p;
}

void fs_free(void *p)
{
	if (p)
		live_allocs--;
	free(p);
}

/* pages come dirty: the file system must zero what it shows */
void *fs_page_alloc(void)
{
	void *p;

	if (fail_now())
		return NULL;
	p = aligned_alloc(FS_PAGE_SIZE, FS_PAGE_SIZE);
	if (p) {
		memset(p, 0xA5, FS_PAGE_SIZE);
		live_pages++;
	}
	return p;
}

void fs_page_free(void *p)
{
	if (p)
		live_pages--;
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
	return fx_clock += 1000;
}

/* ---- fixture -------------------------------------------------------------------------------- */

struct vfs_sb *fx_sb;
struct vfs_ctx fx;
struct vfs_cred fx_root, fx_user;

void fx_setup(void)
{
	fx_fail(0);
	if (ramfs_new(1, 0755, 0, 0, &fx_sb)) {
		fprintf(stderr, "ramfs_new failed\n");
		exit(2);
	}
	memset(&fx_root, 0, sizeof(fx_root));
	fx.root = fx.cwd = fx_sb->root;
	fx.cred = &fx_root;
}

int fx_finish(void)
{
	fx_fail(0);
	if (fx_sb) {
		if (!why[0] && ramfs_check(fx_sb))
			snprintf(why, sizeof(why), "ramfs_check found the tree inconsistent");
		ramfs_destroy(fx_sb);
		fx_sb = NULL;
	}
	if (!why[0] && fx_live())
		snprintf(why, sizeof(why), "leak: %ld allocations, %ld pages", live_allocs,
			 live_pages);
	live_allocs = live_pages = 0;
	return why[0] == 0;
}

void as_user(uint32_t uid, uint32_t gid)
{
	memset(&fx_user, 0, sizeof(fx_user));
	fx_user.uid = fx_user.euid = fx_user.fsuid = uid;
	fx_user.gid = fx_user.egid = fx_user.fsgid = gid;
	fx.cred = &fx_user;
}

void as_root(void)
{
	fx.cred = &fx_root;
}

/* ---- helpers -------------------------------------------------------------------------------- */

int put_file(const char *path, const char *data, uint32_t mode)
{
	struct file *f;
	int err = vfs_open(&fx, path, LX_O_WRONLY | LX_O_CREAT | LX_O_TRUNC, mode, &f);
	int64_t n;

	if (err)
		return err;
	n = vfs_write(f, data, strlen(data));
	vfs_close(f);
	return n < 0 ? (int)n : 0;
}

int64_t get_file(const char *path, char *buf, size_t size)
{
	struct file *f;
	int err = vfs_open(&fx, path, LX_O_RDONLY, 0, &f);
	int64_t n;

	if (err)
		return err;
	n = vfs_read(f, buf, size - 1);
	buf[n > 0 ? n : 0] = 0;
	vfs_close(f);
	return n;
}

uint32_t mode_of(const char *path)
{
	struct vfs_stat st;
	return vfs_stat(&fx, path, LX_AT_SYMLINK_NOFOLLOW, &st) ? 0 : st.mode;
}

uint32_t nlink_of(const char *path)
{
	struct vfs_stat st;
	return vfs_stat(&fx, path, LX_AT_SYMLINK_NOFOLLOW, &st) ? 0 : st.nlink;
}

uint64_t ino_of(const char *path)
{
	struct vfs_stat st;
	return vfs_stat(&fx, path, LX_AT_SYMLINK_NOFOLLOW, &st) ? 0 : st.ino;
}

bool exists(const char *path)
{
	return mode_of(path) != 0;
}

/* ---- main ------------------------------------------------------------------------------------ */

static int run_table(const struct unit_test *t, size_t n)
{
	int failed = 0;

	for (size_t i = 0; i < n; i++) {
		why[0] = 0;
		if (t[i].fn()) {
			printf("TEST unixfs/unit/%s PASS\n", t[i].name);
		} else {
			printf("TEST unixfs/unit/%s FAIL %s\n", t[i].name, why);
			failed++;
		}
	}
	return failed;
}

int main(int argc, char **argv)
{
	int failed;

	setvbuf(stdout, NULL, _IONBF, 0);
	if (vfs_init()) {
		fprintf(stderr, "vfs_init failed\n");
		return 2;
	}
	if (argc > 1)
		return cpio_main(argc, argv);
	failed = run_table(lookup_tests, lookup_ntests);
	failed += run_table(ops_tests, ops_ntests);
	failed += run_table(file_tests, file_ntests);
	failed += run_table(cpio_tests, cpio_ntests);
	printf("DONE unit\n");	/* run.sh: a crash before this is a failure */
	return failed ? 1 : 0;
}
