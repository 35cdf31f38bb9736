/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * mount.c (unixd) - the mount table and the file system types (vfs.h).
 *
 *   vfs_fstype_register vfs_fstype_find vfs_fstype_at   the types mount(2)
 *                          knows, {name, mount function}: ramfs as "ramfs"
 *                          and "tmpfs", procfs as "proc", ext2 as "ext2"
 *                          each add one line at start-up
 *   vfs_mount_root vfs_mount_inode vfs_mount   a file system on a directory
 *   vfs_umount vfs_sb_free                      and off it again
 *   vfs_mount_move                              off one directory onto another
 *   vfs_mount_next vfs_mount_parent             the table, for /proc/mounts
 *
 * A mounted file system is its struct vfs_sb: the directory it covers points
 * at it (inode.mounted), it points back (vfs_sb.covered), and the table links
 * every mounted sb in the order mounted (vfs_sb.mnt_next), which is the order
 * of /proc/mounts.  Mounting on a directory that has a mount already puts the
 * new one on top: it covers the root of the one below, so lookups (which
 * follow inode.mounted until it ends) see the newest, and unmounting it shows
 * the one below again, as Linux's stacked mounts.  What mount(2) and
 * umount2(2) check (permissions, busy file systems) is sys_mount.c's.
 */
#include "vfs.h"
#include "dstring.h"

#define FSTYPE_MAX	8

static const struct vfs_fstype *fstypes[FSTYPE_MAX];
static struct vfs_sb *mount_first;	/* the root's sb, then the others in mount order */
static int mount_next_id = 1;

/* ---- file system types ------------------------------------------------------------- */

const struct vfs_fstype *vfs_fstype_find(const char *name)
{
	for (unsigned i = 0; i < FSTYPE_MAX && fstypes[i]; i++)
		if (!strcmp(fstypes[i]->name, name))
			return fstypes[i];
	return NULL;
}

const struct vfs_fstype *vfs_fstype_at(unsigned i)
{
	return i < FSTYPE_MAX ? fstypes[i] : NULL;
}

int vfs_fstype_register(const struct vfs_fstype *t)
{
	unsigned i = 0;

	if (vfs_fstype_find(t->name))
		return -LX_EBUSY;
	while (i < FSTYPE_MAX && fstypes[i])
		i++;
	if (i == FSTYPE_MAX)
		return -LX_ENOSPC;
	fstypes[i] = t;
	return 0;
}

/* ---- the table ---------------------------------------------------------------------- */

static void table_add(struct vfs_sb *sb)
{
	struct vfs_sb **at = &mount_first;

	while (*at)
		at = &(*at)->mnt_next;
	sb->mnt_next = NULL;
	sb->mnt_id = mount_next_id++;
	*at = sb;
}

static void table_remove(struct vfs_sb *sb)
{
	struct vfs_sb **at = &mount_first;

	while (*at && *at != sb)
		at = &(*at)->mnt_next;
	if (*at)
		*at = sb->mnt_next;
	sb->mnt_next = NULL;
	sb->mnt_id = 0;
}

void vfs_mount_root(struct vfs_sb *sb)
{
	if (!sb->mnt_id)
		table_add(sb);
}

int vfs_mount_inode(struct inode *dir, struct vfs_sb *sb)
{
	if (sb->covered || sb->mnt_id)
		return -LX_EBUSY;
	if (!LX_S_ISDIR(dir->mode))
		return -LX_ENOTDIR;
	while (dir->mounted)			/* on top of a stack of mounts */
		dir = dir->mounted->root;
	dir->mounted = sb;
	sb->covered = vfs_iget(dir);
	table_add(sb);
	return 0;
}

int vfs_mount(const struct vfs_ctx *ctx, const char *path, struct vfs_sb *sb)
{
	struct inode *dir;
	int err = vfs_lookup_inode(ctx, path, VFS_LOOKUP_FOLLOW | VFS_LOOKUP_DIRECTORY, &dir);

	if (err)
		return err;
	err = vfs_mount_inode(dir, sb);
	vfs_iput(dir);
	return err;
}

void vfs_umount(struct vfs_sb *sb)
{
	struct inode *covered = sb->covered;

	if (covered) {
		covered->mounted = sb->root->mounted;	/* what was on top of it, if anything */
		if (covered->mounted) {
			vfs_iput(covered->mounted->covered);
			covered->mounted->covered = vfs_iget(covered);
			sb->root->mounted = NULL;
		}
		sb->covered = NULL;
		vfs_iput(covered);
	}
	table_remove(sb);
}

/* s is mounted somewhere in top's tree */
static bool below(const struct vfs_sb *s, const struct vfs_sb *top)
{
	for (s = vfs_mount_parent(s); s; s = vfs_mount_parent(s))
		if (s == top)
			return true;
	return false;
}

/* top, then the mounts of its tree in their order, to the end of the table
 * (where Linux's attach_recursive_mnt puts a moved tree). */
static void tree_to_end(struct vfs_sb *top)
{
	struct vfs_sb *rest = NULL, **rt = &rest, **mt = &top->mnt_next;

	for (struct vfs_sb *s = mount_first, *next; s; s = next) {
		next = s->mnt_next;
		if (s == top)
			continue;
		s->mnt_next = NULL;
		if (below(s, top)) {
			*mt = s;
			mt = &s->mnt_next;
		} else {
			*rt = s;
			rt = &s->mnt_next;
		}
	}
	*mt = NULL;
	*rt = top;
	mount_first = rest;
}

int vfs_mount_move(struct vfs_sb *sb, struct inode *dir)
{
	int id = sb->mnt_id;

	if (!sb->covered || !id)
		return -LX_EINVAL;
	for (struct vfs_sb *s = dir->sb; s; s = vfs_mount_parent(s))
		if (s == sb)
			return -LX_ELOOP;	/* into its own tree */
	dir = vfs_iget(dir);			/* the unmount may let go of it */
	vfs_umount(sb);
	int err = vfs_mount_inode(dir, sb);	/* (sb is free, dir a directory: no error) */
	sb->mnt_id = id;
	tree_to_end(sb);
	vfs_iput(dir);
	return err;
}

void vfs_sb_free(struct vfs_sb *sb)
{
	if (sb->sops && sb->sops->put_super)
		sb->sops->put_super(sb);
}

struct vfs_sb *vfs_mount_next(const struct vfs_sb *sb)
{
	return sb ? sb->mnt_next : mount_first;
}

struct vfs_sb *vfs_mount_parent(const struct vfs_sb *sb)
{
	return sb->covered ? sb->covered->sb : NULL;
}
