/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sys_statx.c - statx(2): the stat of a file in Linux's extensible layout.
 *
 * unixd's file systems keep what struct stat holds, so a statx answers
 * STATX_BASIC_STATS and the mount id whatever was asked (Linux, too, fills
 * what it has and says so in stx_mask); no birth time.  Like Linux it marks a
 * file system's root with STATX_ATTR_MOUNT_ROOT and says which attributes it
 * knows in stx_attributes_mask.
 */
#include "unixd.h"
#include "fd.h"
#include "mm/mm.h"

#define STATX_BASIC_STATS	0x7ffu
#define STATX_MNT_ID		0x1000u
#define STATX__RESERVED		0x80000000u
#define STATX_ATTR_AUTOMOUNT	0x1000u
#define STATX_ATTR_MOUNT_ROOT	0x2000u
#define STATX_ATTR_DAX		0x200000u
#define NSEC_PER_SEC		1000000000ll

struct lx_statx_timestamp {
	int64_t tv_sec;
	uint32_t tv_nsec;
	int32_t reserved;
};

struct lx_statx {
	uint32_t stx_mask, stx_blksize;
	uint64_t stx_attributes;
	uint32_t stx_nlink, stx_uid, stx_gid;
	uint16_t stx_mode, spare0;
	uint64_t stx_ino, stx_size, stx_blocks, stx_attributes_mask;
	struct lx_statx_timestamp stx_atime, stx_btime, stx_ctime, stx_mtime;
	uint32_t stx_rdev_major, stx_rdev_minor, stx_dev_major, stx_dev_minor;
	uint64_t stx_mnt_id;
	uint32_t stx_dio_mem_align, stx_dio_offset_align;
	uint64_t spare3[12];
};
_Static_assert(sizeof(struct lx_statx) == 256, "struct statx is 256 bytes");
_Static_assert(__builtin_offsetof(struct lx_statx, stx_atime) == 64, "stx_atime");
_Static_assert(__builtin_offsetof(struct lx_statx, stx_rdev_major) == 128, "stx_rdev_major");
_Static_assert(__builtin_offsetof(struct lx_statx, stx_mnt_id) == 144, "stx_mnt_id");

/* ns since the epoch, rounded down also before 1970 */
static struct lx_statx_timestamp stamp(int64_t ns)
{
	int64_t s = ns / NSEC_PER_SEC, r = ns % NSEC_PER_SEC;
	if (r < 0) {
		s--;
		r += NSEC_PER_SEC;
	}
	return (struct lx_statx_timestamp){ .tv_sec = s, .tv_nsec = (uint32_t)r };
}

static void statx_fill(const struct vfs_stat *st, bool mount_root, struct lx_statx *x)
{
	*x = (struct lx_statx){
		.stx_mask = STATX_BASIC_STATS | STATX_MNT_ID,
		.stx_blksize = (uint32_t)st->blksize,
		.stx_attributes = mount_root ? STATX_ATTR_MOUNT_ROOT : 0,
		.stx_nlink = st->nlink, .stx_uid = st->uid, .stx_gid = st->gid,
		.stx_mode = (uint16_t)st->mode,
		.stx_ino = st->ino, .stx_size = st->size, .stx_blocks = st->blocks,
		.stx_attributes_mask = STATX_ATTR_AUTOMOUNT | STATX_ATTR_MOUNT_ROOT | STATX_ATTR_DAX,
		.stx_atime = stamp(st->atime), .stx_ctime = stamp(st->ctime),
		.stx_mtime = stamp(st->mtime),
		.stx_rdev_major = vfs_major(st->rdev), .stx_rdev_minor = vfs_minor(st->rdev),
		.stx_dev_major = vfs_major(st->dev), .stx_dev_minor = vfs_minor(st->dev),
		.stx_mnt_id = st->dev,          /* one mount per file system here */
	};
}

long sys_statx(struct uthread *t, const uint64_t *a)
{
	unsigned flags = (unsigned)a[2];
	uint32_t mask = (uint32_t)a[3];
	if (flags & ~(unsigned)(LX_AT_SYMLINK_NOFOLLOW | LX_AT_EMPTY_PATH | LX_AT_NO_AUTOMOUNT |
	                        LX_AT_STATX_SYNC_TYPE))
		return -LX_EINVAL;
	if ((flags & LX_AT_STATX_SYNC_TYPE) == LX_AT_STATX_SYNC_TYPE || (mask & STATX__RESERVED))
		return -LX_EINVAL;
	struct vfs_stat st;
	bool root;
	int err = fstatat_get(t, (int)a[0], a[1], flags, &st, &root);
	if (err)
		return err;
	struct lx_statx x;
	statx_fill(&st, root, &x);
	return copy_out(t->proc, a[4], &x, sizeof(x));
}
