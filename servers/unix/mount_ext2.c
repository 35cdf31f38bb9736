/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * mount_ext2.c - the file system type "ext2" of mount(2): the source is a
 * block-device node (/dev/vda1) whose device number names one of unixd's
 * disks (disk.h), mounted by ext2_mount (fs/ext2.h); its put_super writes
 * everything back at umount.  Linux's checks in Linux's order (lookup_bdev,
 * then the device, then the super block): the path's errors, -ENOTBLK for
 * what is not a block device, -ENXIO for a node with no disk behind it,
 * -EBUSY for a disk already mounted, then
 * ext2_mount's -EINVAL for what is not ext2 (logged where the root's mount
 * set ext2's log: fsctx.c).  Unlike Linux, a second mount of a mounted disk
 * is -EBUSY whatever its flags: one sb is one mount here (Linux shares the
 * sb, and says -EBUSY only when the read-only flag differs).
 */
#include "unixd.h"
#include "disk.h"
#include "ext2.h"
#include "lx_mount.h"

/* lookup_bdev: the disk behind the node at source */
static int source_disk(const struct vfs_mount_args *args, struct blkdev **out)
{
	struct inode *ip = NULL;
	int err;

	if (!args->source[0])
		return -LX_EINVAL;              /* get_tree_bdev: "No source specified" */
	err = vfs_lookup_inode(args->ctx, args->source, VFS_LOOKUP_FOLLOW, &ip);
	if (err)
		return err;
	uint32_t mode = ip->mode, rdev = ip->rdev;
	vfs_iput(ip);
	if (!LX_S_ISBLK(mode))
		return -LX_ENOTBLK;
	*out = disk_by_rdev(rdev);
	return *out ? 0 : -LX_ENXIO;
}

/* The disk is mounted already (one ext2 sb a disk: they would overwrite each other). */
static bool disk_mounted(const struct blkdev *b)
{
	for (struct vfs_sb *m = vfs_mount_next(NULL); m; m = vfs_mount_next(m))
		if (m->fstype && !strcmp(m->fstype, "ext2") && m->dev == b->rdev)
			return true;
	return false;
}

static int mount_ext2(const struct vfs_mount_args *args, struct vfs_sb **out)
{
	struct blkdev *b = NULL;
	int err = source_disk(args, &b);

	if (err)
		return err;
	if (disk_mounted(b))
		return -LX_EBUSY;
	if (b->readonly && !(args->flags & LX_MS_RDONLY))
		return -LX_EACCES;              /* Linux: a read-only device mounts only ro */
	err = ext2_mount(b, args->flags & LX_MS_RDONLY, b->rdev, out);
	if (err)
		return err;
	snfmt((*out)->source, sizeof((*out)->source), "%s", args->source);
	return 0;
}

const struct vfs_fstype ext2_fstype = {
	.name = "ext2",
	.nodev = false,
	.mount = mount_ext2,
};
