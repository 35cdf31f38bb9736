/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ext2.h (unixd) - the second extended file system, read-write, on a struct
 * blkdev: what the server and the mount code call.  The file system plugs
 * into the VFS through struct inode_ops and struct vfs_sb_ops (vfs.h); its
 * internals are in ext2_int.h.
 */
#ifndef UNIXD_EXT2_H
#define UNIXD_EXT2_H

#include <stdint.h>
#include "blkdev.h"
#include "vfs.h"

#ifndef LX_MS_RDONLY			/* mount(2)'s MS_RDONLY, as fs/lx_mount.h spells it */
#define LX_MS_RDONLY		0x1u
#endif

/*
 * Mounts the ext2 file system on dev: *out is its superblock (put_super
 * unmounts it).  flags: LX_MS_RDONLY.  A file system with read-only-compatible
 * features this code does not know is mounted read-only; one that is not
 * ext2, is damaged, or has incompatible features other than filetype is
 * refused with -LX_EINVAL (one log line says why; also when the device
 * fails to read), or -LX_ENOMEM.
 */
int ext2_mount(struct blkdev *dev, unsigned flags, uint32_t st_dev, struct vfs_sb **out);

/* The periodic write-back: what has been dirty for 5 s reaches the disk.  The
 * server calls it every second or so; now_ns is its clock, whichever: ages
 * are measured on fs_now_ns()'s, which stamped the data dirty. */
int ext2_tick(struct vfs_sb *sb, uint64_t now_ns);
/* The machine is going down: everything written back and the state the file
 * system was mounted with (clean) on the disk, as an unmount leaves it, the
 * file system still usable; undo: it is in use again (a power-off that did
 * not happen). */
int ext2_shutdown(struct vfs_sb *sb, bool undo);

/* The cache sizes of file systems mounted from now on: bufs blocks of metadata
 * in the buffer cache, pages of file data in the page cache; 0 keeps the
 * default (1024 blocks, 8192 pages). */
void ext2_set_cache_limits(uint32_t bufs, uint32_t pages);

/* Where ext2 says what it refused and why: one line, no newline.  NULL: nowhere. */
void ext2_set_log(void (*log)(const char *line));

/* statfs(2)'s figures, in blocks of bsize bytes and inodes. */
struct ext2_usage {
	uint32_t bsize;
	uint64_t blocks, bfree, bavail, files, ffree;
};
void ext2_usage(struct vfs_sb *sb, struct ext2_usage *u);

#endif
