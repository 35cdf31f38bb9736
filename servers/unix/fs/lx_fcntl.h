/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * lx_fcntl.h (unixd) - the Linux x86-64 ABI of the file system calls: open
 * flags, the *at() flags, lseek whences, access modes, file-mode bits,
 * getdents64 entry types, utimensat's special nanoseconds, and the layouts of
 * struct stat, struct timespec and struct linux_dirent64.  The values are
 * Linux's (asm-generic/fcntl.h, uapi/linux/stat.h, fcntl.h, fs.h); the unit
 * test checks them against the host's headers.  Includes only <stdint.h>.
 */
#ifndef UNIXD_LX_FCNTL_H
#define UNIXD_LX_FCNTL_H

#include <stdint.h>

/* ---- open(2) flags (octal, as Linux writes them) ---- */
#define LX_O_ACCMODE	00000003
#define LX_O_RDONLY	00000000
#define LX_O_WRONLY	00000001
#define LX_O_RDWR	00000002
#define LX_O_CREAT	00000100
#define LX_O_EXCL	00000200
#define LX_O_NOCTTY	00000400
#define LX_O_TRUNC	00001000
#define LX_O_APPEND	00002000
#define LX_O_NONBLOCK	00004000
#define LX_O_DSYNC	00010000
#define LX_O_ASYNC	00020000	/* FASYNC */
#define LX_O_DIRECT	00040000
#define LX_O_LARGEFILE	00100000
#define LX_O_DIRECTORY	00200000
#define LX_O_NOFOLLOW	00400000
#define LX_O_NOATIME	01000000
#define LX_O_CLOEXEC	02000000
#define LX_O_SYNC	04010000	/* __O_SYNC | O_DSYNC */
#define LX_O_PATH	010000000
#define LX_O_TMPFILE	020200000	/* __O_TMPFILE | O_DIRECTORY */
#define LX_O_TMPFILE_BIT 020000000	/* __O_TMPFILE */

/* ---- fcntl ---- */

#define LX_F_DUPFD		0
#define LX_F_GETFD		1
#define LX_F_SETFD		2
#define LX_F_GETFL		3
#define LX_F_SETFL		4
#define LX_F_GETLK		5
#define LX_F_SETLK		6
#define LX_F_SETLKW		7
#define LX_F_OFD_GETLK		36
#define LX_F_OFD_SETLK		37
#define LX_F_OFD_SETLKW		38
#define LX_F_DUPFD_CLOEXEC	1030
#define LX_F_SETPIPE_SZ		1031
#define LX_F_GETPIPE_SZ		1032
#define LX_FD_CLOEXEC		1

/* struct flock's l_type */
#define LX_F_RDLCK		0
#define LX_F_WRLCK		1
#define LX_F_UNLCK		2

/* flock(2) */
#define LX_LOCK_SH		1
#define LX_LOCK_EX		2
#define LX_LOCK_NB		4
#define LX_LOCK_UN		8
#define LX_LOCK_MAND		32	/* ignored since Linux 5.15 */

/* x86-64's struct flock */
struct lx_flock {
	int16_t l_type, l_whence;
	int64_t l_start, l_len;
	int32_t l_pid;
	int32_t pad;
};
_Static_assert(sizeof(struct lx_flock) == 32, "struct flock is 32 bytes on x86-64");

/* close_range */
#define LX_CLOSE_RANGE_UNSHARE	2
#define LX_CLOSE_RANGE_CLOEXEC	4

/* renameat2 */
#define LX_RENAME_NOREPLACE	1
#define LX_RENAME_EXCHANGE	2
#define LX_RENAME_WHITEOUT	4

/* ---- the *at() calls ---- */
#define LX_AT_FDCWD		(-100)
#define LX_AT_SYMLINK_NOFOLLOW	0x100
#define LX_AT_EACCESS		0x200	/* faccessat */
#define LX_AT_REMOVEDIR		0x200	/* unlinkat */
#define LX_AT_SYMLINK_FOLLOW	0x400	/* linkat */
#define LX_AT_NO_AUTOMOUNT	0x800
#define LX_AT_EMPTY_PATH	0x1000
#define LX_AT_STATX_SYNC_TYPE	0x6000

/* ---- lseek(2) ---- */
#define LX_SEEK_SET	0
#define LX_SEEK_CUR	1
#define LX_SEEK_END	2
#define LX_SEEK_DATA	3
#define LX_SEEK_HOLE	4

/* ---- access(2) ---- */
#define LX_F_OK	0
#define LX_X_OK	1
#define LX_W_OK	2
#define LX_R_OK	4

/* ---- st_mode ---- */
#define LX_S_IFMT	0170000
#define LX_S_IFSOCK	0140000
#define LX_S_IFLNK	0120000
#define LX_S_IFREG	0100000
#define LX_S_IFBLK	0060000
#define LX_S_IFDIR	0040000
#define LX_S_IFCHR	0020000
#define LX_S_IFIFO	0010000
#define LX_S_ISUID	0004000
#define LX_S_ISGID	0002000
#define LX_S_ISVTX	0001000
#define LX_S_IRWXUGO	0000777
#define LX_S_IALLUGO	0007777	/* every permission and special bit */
#define LX_S_IXUGO	0000111
#define LX_S_IXGRP	0000010

#define LX_S_ISTYPE(m, t)	(((m) & LX_S_IFMT) == (t))
#define LX_S_ISREG(m)	LX_S_ISTYPE(m, LX_S_IFREG)
#define LX_S_ISDIR(m)	LX_S_ISTYPE(m, LX_S_IFDIR)
#define LX_S_ISLNK(m)	LX_S_ISTYPE(m, LX_S_IFLNK)
#define LX_S_ISCHR(m)	LX_S_ISTYPE(m, LX_S_IFCHR)
#define LX_S_ISBLK(m)	LX_S_ISTYPE(m, LX_S_IFBLK)
#define LX_S_ISFIFO(m)	LX_S_ISTYPE(m, LX_S_IFIFO)
#define LX_S_ISSOCK(m)	LX_S_ISTYPE(m, LX_S_IFSOCK)

/* ---- d_type of getdents64: the mode's type bits shifted down ---- */
#define LX_DT_UNKNOWN	0
#define LX_DT_FIFO	1
#define LX_DT_CHR	2
#define LX_DT_DIR	4
#define LX_DT_BLK	6
#define LX_DT_REG	8
#define LX_DT_LNK	10
#define LX_DT_SOCK	12
#define LX_DT_FROM_MODE(m)	(((m) & LX_S_IFMT) >> 12)

/* ---- utimensat(2): tv_nsec values that are not times ---- */
#define LX_UTIME_NOW	((1l << 30) - 1l)
#define LX_UTIME_OMIT	((1l << 30) - 2l)

/* ---- layouts ---- */
struct lx_timespec {
	int64_t tv_sec;
	int64_t tv_nsec;
};

/* struct stat of x86-64 (arch/x86/include/uapi/asm/stat.h): 144 bytes */
struct lx_stat {
	uint64_t st_dev;
	uint64_t st_ino;
	uint64_t st_nlink;
	uint32_t st_mode;
	uint32_t st_uid;
	uint32_t st_gid;
	uint32_t pad0;
	uint64_t st_rdev;
	int64_t st_size;
	int64_t st_blksize;
	int64_t st_blocks;	/* 512-byte units */
	uint64_t st_atime_sec;
	uint64_t st_atime_nsec;
	uint64_t st_mtime_sec;
	uint64_t st_mtime_nsec;
	uint64_t st_ctime_sec;
	uint64_t st_ctime_nsec;
	int64_t unused[3];
};
_Static_assert(sizeof(struct lx_stat) == 144, "x86-64 struct stat is 144 bytes");
_Static_assert(__builtin_offsetof(struct lx_stat, st_mode) == 24, "st_mode");
_Static_assert(__builtin_offsetof(struct lx_stat, st_rdev) == 40, "st_rdev");
_Static_assert(__builtin_offsetof(struct lx_stat, st_size) == 48, "st_size");
_Static_assert(__builtin_offsetof(struct lx_stat, st_blocks) == 64, "st_blocks");
_Static_assert(__builtin_offsetof(struct lx_stat, st_atime_sec) == 72, "st_atime");
_Static_assert(__builtin_offsetof(struct lx_stat, st_mtime_sec) == 88, "st_mtime");
_Static_assert(__builtin_offsetof(struct lx_stat, st_ctime_sec) == 104, "st_ctime");

/* struct linux_dirent64: a record is d_reclen bytes, 8-aligned, the name NUL-terminated */
struct lx_dirent64 {
	uint64_t d_ino;
	int64_t d_off;		/* where the next record starts (for lseek) */
	uint16_t d_reclen;
	uint8_t d_type;
	char d_name[];
};
#define LX_DIRENT64_NAME_OFFSET	19
_Static_assert(__builtin_offsetof(struct lx_dirent64, d_name) == LX_DIRENT64_NAME_OFFSET,
	       "linux_dirent64 name offset");

#endif
