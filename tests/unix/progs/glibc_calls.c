/* SPDX-License-Identifier: BSD-2-Clause */
/* The calls Debian's glibc programs make that static busybox does not:
 * statx (coreutils' ls and stat: fields agree with stat, AT_EMPTY_PATH,
 * AT_SYMLINK_NOFOLLOW, bad flags), the extended-attribute calls (ls asks for
 * ACLs and SELinux labels: none here), posix_fadvise (cat, sort), mincore
 * (grep's stack probe); each with its bad inputs; a pipe opened again through
 * /proc/self/fd (bash's process substitution). */
#include "t.h"
#include <sys/mman.h>
#include <sys/sysmacros.h>

struct lx_statx_ts {
	long long sec;
	unsigned nsec;
	int pad;
};

struct lx_statx {
	unsigned mask, blksize;
	unsigned long long attributes;
	unsigned nlink, uid, gid;
	unsigned short mode, pad0;
	unsigned long long ino, size, blocks, attributes_mask;
	struct lx_statx_ts atime, btime, ctime, mtime;
	unsigned rdev_major, rdev_minor, dev_major, dev_minor;
	unsigned long long spare[14];
};

#define STATX_BASIC 0x7ffu

static long sx(int dfd, const char *path, unsigned flags, unsigned mask, struct lx_statx *b)
{
	memset(b, 0xa5, sizeof(*b));
	return syscall(SYS_statx, dfd, path, flags, mask, b);
}

/* statx and stat agree on what both report */
static void statx_same(const char *what, const struct lx_statx *x, const struct stat *st)
{
	printf("%s: basic %s mode %s ino %s size %s nlink %s dev %s rdev %s times %s\n", what,
	       (x->mask & STATX_BASIC) == STATX_BASIC ? "yes" : "no",
	       x->mode == st->st_mode ? "same" : "differs",
	       x->ino == st->st_ino ? "same" : "differs",
	       x->size == (unsigned long long)st->st_size ? "same" : "differs",
	       x->nlink == st->st_nlink ? "same" : "differs",
	       makedev(x->dev_major, x->dev_minor) == st->st_dev ? "same" : "differs",
	       makedev(x->rdev_major, x->rdev_minor) == st->st_rdev ? "same" : "differs",
	       x->mtime.sec == st->st_mtim.tv_sec && x->mtime.nsec == st->st_mtim.tv_nsec &&
	       x->ctime.sec == st->st_ctim.tv_sec ? "same" : "differs");
}

static void statx_calls(void)
{
	struct lx_statx x;
	struct stat st;
	int fd = open("f", O_RDONLY);
	stat("f", &st);
	T_CHECK(sx(AT_FDCWD, "f", 0, STATX_BASIC, &x));
	statx_same("f", &x, &st);
	T_YES(x.uid == 0 && x.gid == 0 && x.blksize > 0 && x.pad0 == 0 && x.spare[13] == 0);
	T_CHECK(sx(fd, "", AT_EMPTY_PATH, STATX_BASIC, &x));
	statx_same("fd", &x, &st);
	T_CHECK(sx(AT_FDCWD, "l", AT_SYMLINK_NOFOLLOW, STATX_BASIC, &x));
	T_YES(S_ISLNK(x.mode) && x.size == 1);
	T_CHECK(sx(AT_FDCWD, "l", 0, 0, &x));
	T_YES(S_ISREG(x.mode) && (x.mask & STATX_BASIC) == STATX_BASIC);
	stat("/dev/null", &st);
	T_CHECK(sx(AT_FDCWD, "/dev/null", AT_STATX_DONT_SYNC, STATX_BASIC, &x));
	statx_same("/dev/null", &x, &st);
	T_CHECK(sx(AT_FDCWD, "missing", 0, STATX_BASIC, &x));
	T_CHECK(sx(AT_FDCWD, "", 0, STATX_BASIC, &x));
	T_CHECK(sx(AT_FDCWD, "f/x", 0, STATX_BASIC, &x));
	T_CHECK(sx(AT_FDCWD, "f", 0x10000, STATX_BASIC, &x));
	T_CHECK(sx(AT_FDCWD, "f", AT_STATX_FORCE_SYNC | AT_STATX_DONT_SYNC, STATX_BASIC, &x));
	T_CHECK(sx(AT_FDCWD, "f", 0, 0x80000000u, &x));
	T_CHECK(sx(99, "", AT_EMPTY_PATH, STATX_BASIC, &x));
	T_CHECK(sx(99, "f", 0, STATX_BASIC, &x));
	T_CHECK(syscall(SYS_statx, AT_FDCWD, "f", 0, STATX_BASIC, (void *)8));
	T_CHECK(syscall(SYS_statx, AT_FDCWD, (void *)8, 0, STATX_BASIC, &x));
	close(fd);
}

static void xattr_calls(void)
{
	char buf[64], long_name[300];
	int fd = open("f", O_RDONLY), opath = open("f", O_PATH);
	memset(long_name, 'u', sizeof(long_name));
	memcpy(long_name, "user.", 5);
	long_name[sizeof(long_name) - 1] = 0;
	T_CHECK(syscall(SYS_getxattr, "f", "system.posix_acl_access", buf, sizeof(buf)));
	T_CHECK(syscall(SYS_getxattr, "f", "security.selinux", buf, sizeof(buf)));
	T_CHECK(syscall(SYS_lgetxattr, "l", "security.selinux", buf, sizeof(buf)));
	T_CHECK(syscall(SYS_lgetxattr, "l", "system.posix_acl_access", buf, sizeof(buf)));
	T_CHECK(syscall(SYS_fgetxattr, fd, "system.posix_acl_default", buf, 0));
	T_CHECK(syscall(SYS_getxattr, "f", "nonamespace", buf, sizeof(buf)));
	T_CHECK(syscall(SYS_getxattr, "f", "", buf, sizeof(buf)));
	memset(buf, 'n', sizeof(buf));
	buf[sizeof(buf) - 1] = 0;
	T_CHECK(syscall(SYS_getxattr, "missing", "security.selinux", buf, sizeof(buf)));
	T_CHECK(syscall(SYS_fgetxattr, 99, "security.selinux", buf, sizeof(buf)));
	T_CHECK(syscall(SYS_getxattr, "f", (void *)8, buf, sizeof(buf)));
	T_CHECK(syscall(SYS_getxattr, "f", long_name, buf, sizeof(buf)));
	T_CHECK(syscall(SYS_getxattr, "f", "user.x", buf, sizeof(buf)));
	T_CHECK(syscall(SYS_getxattr, "f", "trusted.x", (void *)8, 1ul << 20));
	T_CHECK(syscall(SYS_fgetxattr, opath, "security.selinux", buf, sizeof(buf)));
	T_CHECK(syscall(SYS_setxattr, "f", "user.x", buf, 65537, 0));
	T_CHECK(syscall(SYS_setxattr, "f", "user.x", (void *)8, 1, 0));
	T_CHECK(syscall(SYS_setxattr, "f", long_name, "v", 1, 0));
	T_CHECK(syscall(SYS_lsetxattr, "l", "user.x", "v", 1, 0));
	T_CHECK(syscall(SYS_removexattr, "f", "security.selinux"));
	T_CHECK(syscall(SYS_removexattr, "f", "system.posix_acl_access"));
	T_CHECK(syscall(SYS_listxattr, "f", buf, sizeof(buf)));
	T_CHECK(syscall(SYS_llistxattr, "l", NULL, 0));
	T_CHECK(syscall(SYS_flistxattr, fd, buf, sizeof(buf)));
	T_CHECK(syscall(SYS_listxattr, "missing", buf, sizeof(buf)));
	T_CHECK(syscall(SYS_flistxattr, 99, buf, sizeof(buf)));
	T_CHECK(syscall(SYS_setxattr, "f", "user.x", "v", 1, 4));
	T_CHECK(syscall(SYS_setxattr, "missing", "user.x", "v", 1, 0));
	T_CHECK(syscall(SYS_fsetxattr, 99, "user.x", "v", 1, 0));
	T_CHECK(syscall(SYS_removexattr, "missing", "user.x"));
	T_CHECK(syscall(SYS_fremovexattr, 99, "user.x"));
	T_CHECK(syscall(SYS_flistxattr, opath, buf, sizeof(buf)));
	close(opath);
	close(fd);
}

static void fadvise_calls(void)
{
	int fd = open("f", O_RDONLY), p[2];
	T_YES(posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL) == 0);
	T_YES(posix_fadvise(fd, 0, 100, POSIX_FADV_DONTNEED) == 0);
	T_YES(posix_fadvise(fd, 0, 0, 99) == EINVAL);
	T_YES(posix_fadvise(fd, 0, -1, POSIX_FADV_NORMAL) == EINVAL);
	T_YES(posix_fadvise(99, 0, 0, POSIX_FADV_NORMAL) == EBADF);
	pipe(p);
	T_YES(posix_fadvise(p[0], 0, 0, POSIX_FADV_NORMAL) == ESPIPE);
	close(p[0]);
	close(p[1]);
	close(fd);
}

static void mincore_calls(void)
{
	long pg = sysconf(_SC_PAGESIZE);
	unsigned char v[4] = { 9, 9, 9, 9 };
	char *m = mmap(NULL, 4 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	m[0] = 1;
	m[2 * pg] = 1;
	T_CHECK(mincore(m, 4 * pg, v));
	printf("resident: %d %d %d %d\n", v[0] & 1, v[1] & 1, v[2] & 1, v[3] & 1);
	T_CHECK(mincore(m, 1, v));
	T_CHECK(mincore(m + 1, pg, v));
	munmap(m + 3 * pg, pg);
	T_CHECK(mincore(m, 4 * pg, v));
	T_CHECK(mincore(m, 0, v));
	T_CHECK(mincore(m, pg, (unsigned char *)8));
	T_CHECK(mincore((char *)(1ul << 47), pg, v));
	munmap(m, 3 * pg);
}

/* A pipe opened again through /proc/self/fd (bash's <(...) as /dev/fd/63):
 * the same pipe, at once, whichever end is named and whatever is open. */
static void pipe_reopen(void)
{
	int p[2], r, w;
	char path[64], buf[16] = { 0 };
	struct stat a, b;
	pipe(p);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", p[0]);
	T_CHECK(r = open(path, O_RDONLY));
	T_CHECK(w = open(path, O_WRONLY));
	fstat(r, &a);
	fstat(p[1], &b);
	T_YES(a.st_ino == b.st_ino && S_ISFIFO(a.st_mode));
	write(p[1], "ab", 2);
	write(w, "cd", 2);
	T_YES(read(r, buf, sizeof(buf)) == 4 && !strcmp(buf, "abcd"));
	close(p[1]);
	close(p[0]);
	write(w, "e", 1);
	close(w);
	T_YES(read(r, buf, sizeof(buf)) == 1 && read(r, buf, sizeof(buf)) == 0);
	close(r);
	pipe(p);
	close(p[1]);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", p[0]);
	T_CHECK(r = open(path, O_RDONLY));      /* no writer left: no wait either */
	T_YES(read(r, buf, sizeof(buf)) == 0);
	close(r);
	close(p[0]);
}

int main(void)
{
	t_scratch("glibc_calls");
	if (chdir("/tmp/glibc_calls") != 0)
		t_die("chdir");
	int fd = open("f", O_WRONLY | O_CREAT, 0644);
	if (write(fd, "eleven byte", 11) != 11)
		t_die("write");
	close(fd);
	symlink("f", "l");
	statx_calls();
	xattr_calls();
	fadvise_calls();
	mincore_calls();
	pipe_reopen();
	t_rmtree("/tmp/glibc_calls");
	return 0;
}
