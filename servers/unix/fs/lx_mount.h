/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * lx_mount.h (unixd) - the Linux x86-64 ABI of mount(2), umount2(2) and
 * statfs(2): the MS_* mount flags, umount2's flags, the statfs ST_* flags,
 * struct statfs and the file system magic numbers (uapi/linux/mount.h,
 * asm-generic/statfs.h, uapi/linux/magic.h).  Includes only <stdint.h>.
 */
#ifndef UNIXD_LX_MOUNT_H
#define UNIXD_LX_MOUNT_H

#include <stdint.h>

/* ---- mount(2) flags ---- */
#define LX_MS_RDONLY		0x1u
#define LX_MS_NOSUID		0x2u
#define LX_MS_NODEV		0x4u
#define LX_MS_NOEXEC		0x8u
#define LX_MS_SYNCHRONOUS	0x10u
#define LX_MS_REMOUNT		0x20u
#define LX_MS_MANDLOCK		0x40u
#define LX_MS_DIRSYNC		0x80u
#define LX_MS_NOSYMFOLLOW	0x100u
#define LX_MS_NOATIME		0x400u
#define LX_MS_NODIRATIME	0x800u
#define LX_MS_BIND		0x1000u
#define LX_MS_MOVE		0x2000u
#define LX_MS_REC		0x4000u
#define LX_MS_SILENT		0x8000u
#define LX_MS_UNBINDABLE	0x20000u
#define LX_MS_PRIVATE		0x40000u
#define LX_MS_SLAVE		0x80000u
#define LX_MS_SHARED		0x100000u
#define LX_MS_RELATIME		0x200000u
#define LX_MS_STRICTATIME	0x1000000u
#define LX_MS_LAZYTIME		0x2000000u
#define LX_MS_NOUSER		0x80000000u	/* internal to Linux: refused from mount(2) */
#define LX_MS_MGC_VAL		0xc0ed0000u	/* old magic in the top half of flags */
#define LX_MS_MGC_MSK		0xffff0000u
/* the flags a mount keeps and /proc/mounts shows */
#define LX_MS_PER_MOUNT		(LX_MS_RDONLY | LX_MS_NOSUID | LX_MS_NODEV | LX_MS_NOEXEC | \
				 LX_MS_NOATIME | LX_MS_NODIRATIME | LX_MS_RELATIME | \
				 LX_MS_STRICTATIME | LX_MS_NOSYMFOLLOW)
#define LX_MS_PROPAGATION	(LX_MS_SHARED | LX_MS_PRIVATE | LX_MS_SLAVE | LX_MS_UNBINDABLE)

/* ---- umount2(2) flags ---- */
#define LX_MNT_FORCE		0x1u
#define LX_MNT_DETACH		0x2u
#define LX_MNT_EXPIRE		0x4u
#define LX_UMOUNT_NOFOLLOW	0x8u

/* ---- struct statfs f_flags (ST_*) ---- */
#define LX_ST_RDONLY		0x0001u
#define LX_ST_NOSUID		0x0002u
#define LX_ST_NODEV		0x0004u
#define LX_ST_NOEXEC		0x0008u
#define LX_ST_SYNCHRONOUS	0x0010u
#define LX_ST_VALID		0x0020u
#define LX_ST_NOATIME		0x0400u
#define LX_ST_NODIRATIME	0x0800u
#define LX_ST_RELATIME		0x1000u

/* ---- f_type ---- */
#define LX_TMPFS_MAGIC		0x01021994u
#define LX_RAMFS_MAGIC		0x858458f6u
#define LX_PROC_SUPER_MAGIC	0x9fa0u
#define LX_EXT2_SUPER_MAGIC	0xef53u

/* struct statfs of x86-64 (120 bytes) */
struct lx_statfs {
	int64_t f_type;
	int64_t f_bsize;
	uint64_t f_blocks;
	uint64_t f_bfree;
	uint64_t f_bavail;
	uint64_t f_files;
	uint64_t f_ffree;
	int32_t f_fsid[2];
	int64_t f_namelen;
	int64_t f_frsize;
	int64_t f_flags;
	int64_t f_spare[4];
};
_Static_assert(sizeof(struct lx_statfs) == 120, "struct statfs of x86-64");

#endif
