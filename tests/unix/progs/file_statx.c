/* SPDX-License-Identifier: BSD-2-Clause */
/* file_statx: (birth times depend on the file system: not asked) statx agrees with stat, says what it filled, marks a mount's
 * root, follows or not, takes AT_EMPTY_PATH, and refuses bad flags. */
#include "t.h"
#include <stdint.h>
#include <sys/sysmacros.h>

/* musl 1.2.3 has no statx: the kernel's layout (uapi linux/stat.h) */
struct sx_ts { int64_t tv_sec; uint32_t tv_nsec; int32_t pad; };
struct statx {
	uint32_t stx_mask, stx_blksize;
	uint64_t stx_attributes;
	uint32_t stx_nlink, stx_uid, stx_gid;
	uint16_t stx_mode, pad0;
	uint64_t stx_ino, stx_size, stx_blocks, stx_attributes_mask;
	struct sx_ts stx_atime, stx_btime, stx_ctime, stx_mtime;
	uint32_t stx_rdev_major, stx_rdev_minor, stx_dev_major, stx_dev_minor;
	uint64_t spare[14];
};
#define STATX_TYPE 0x1u
#define STATX_MODE 0x2u
#define STATX_SIZE 0x200u
#define STATX_BASIC_STATS 0x7ffu
#define AT_STATX_FORCE_SYNC 0x2000
#define AT_STATX_DONT_SYNC 0x4000

static int sx(int dfd, const char *path, int flags, unsigned mask, struct statx *x)
{
	return (int)syscall(SYS_statx, dfd, path, flags, mask, x);
}

static void same(const char *what, const struct statx *x, const struct stat *s)
{
	printf("%s: mask=%#x ino=%s mode=%s nlink=%s uid=%s size=%s blocks=%s blksize=%s dev=%s rdev=%s "
	       "mtime=%s ctime=%s atime=%s btime-zero=%s\n", what, x->stx_mask,
	       x->stx_ino == s->st_ino ? "=" : "!", x->stx_mode == s->st_mode ? "=" : "!",
	       x->stx_nlink == s->st_nlink ? "=" : "!", x->stx_uid == s->st_uid ? "=" : "!",
	       (off_t)x->stx_size == s->st_size ? "=" : "!",
	       (blkcnt_t)x->stx_blocks == s->st_blocks ? "=" : "!",
	       (blksize_t)x->stx_blksize == s->st_blksize ? "=" : "!",
	       makedev(x->stx_dev_major, x->stx_dev_minor) == s->st_dev ? "=" : "!",
	       makedev(x->stx_rdev_major, x->stx_rdev_minor) == s->st_rdev ? "=" : "!",
	       x->stx_mtime.tv_sec == s->st_mtim.tv_sec && x->stx_mtime.tv_nsec == s->st_mtim.tv_nsec ? "=" : "!",
	       x->stx_ctime.tv_sec == s->st_ctim.tv_sec && x->stx_ctime.tv_nsec == s->st_ctim.tv_nsec ? "=" : "!",
	       x->stx_atime.tv_sec == s->st_atim.tv_sec && x->stx_atime.tv_nsec == s->st_atim.tv_nsec ? "=" : "!",
	       x->stx_btime.tv_sec == 0 && x->stx_btime.tv_nsec == 0 ? "yes" : "no");
}

int main(void)
{
	const char *dir = t_scratch("file_statx");
	char f[600], l[600];
	snprintf(f, sizeof f, "%s/f", dir);
	snprintf(l, sizeof l, "%s/l", dir);
	int fd = open(f, O_RDWR | O_CREAT, 0640);
	write(fd, "hello", 5);
	symlink("f", l);
	struct statx x;
	struct stat s;

	T_CHECK(sx(AT_FDCWD, f, 0, STATX_BASIC_STATS, &x));
	stat(f, &s);
	same("file", &x, &s);
	printf("file attributes=%#llx\n", (unsigned long long)x.stx_attributes);
	T_CHECK(sx(AT_FDCWD, l, AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, &x));
	lstat(l, &s);
	same("link", &x, &s);
	T_CHECK(sx(AT_FDCWD, l, 0, STATX_TYPE, &x));
	stat(l, &s);
	same("link followed", &x, &s);
	T_CHECK(sx(fd, "", AT_EMPTY_PATH, STATX_SIZE, &x));
	fstat(fd, &s);
	same("fd", &x, &s);
	T_CHECK(sx(AT_FDCWD, "/", 0, STATX_BASIC_STATS, &x));
	stat("/", &s);
	same("root", &x, &s);
	printf("root attributes mount-root=%s\n", x.stx_attributes & 0x2000 ? "yes" : "no");
	T_CHECK(sx(AT_FDCWD, "/dev/null", AT_STATX_FORCE_SYNC, 0, &x));
	stat("/dev/null", &s);
	same("null", &x, &s);
	int dfd = open(dir, O_RDONLY | O_DIRECTORY);
	T_CHECK(sx(dfd, "f", AT_STATX_DONT_SYNC, STATX_MODE, &x));
	printf("relative mode=%o\n", x.stx_mode & 07777);

	T_CHECK(sx(AT_FDCWD, f, AT_STATX_FORCE_SYNC | AT_STATX_DONT_SYNC, 0, &x));
	T_CHECK(sx(AT_FDCWD, f, 0, 0x80000000u, &x));
	T_CHECK(sx(AT_FDCWD, f, 0x4, 0, &x));
	T_CHECK(sx(AT_FDCWD, "", 0, 0, &x));
	T_CHECK(sx(AT_FDCWD, "/nonexistent", 0, 0, &x));
	T_CHECK(sx(AT_FDCWD, f, 0, 0, (struct statx *)8));
	T_CHECK(sx(AT_FDCWD, (const char *)8, 0, 0, &x));
	T_CHECK(sx(99, "f", 0, 0, &x));
	T_CHECK(sx(fd, "f", 0, 0, &x));
	t_rmtree(dir);
	return 0;
}
