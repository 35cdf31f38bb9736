/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * procfs/mounts.c - the mount table as Linux shows it (fs/proc_namespace.c):
 * /proc/PID/mounts ("source target type options 0 0"), /proc/PID/mountinfo
 * (ids, device, root, mount point, per-mount options, "-", type, source,
 * super-block options) and /proc/filesystems (the types mount(2) knows).
 * Paths are the reader's (from its root), mangled as Linux's: a space is
 * "\040".
 */
#include "procfs.h"
#include "fd.h"
#include "lx_mount.h"

void mounts_flags(struct ptext *t, unsigned f)
{
	static const struct { unsigned flag; const char *name; } opts[] = {
		{ LX_MS_NOSUID, ",nosuid" }, { LX_MS_NODEV, ",nodev" }, { LX_MS_NOEXEC, ",noexec" },
		{ LX_MS_NOATIME, ",noatime" }, { LX_MS_NODIRATIME, ",nodiratime" },
		{ LX_MS_RELATIME, ",relatime" }, { LX_MS_NOSYMFOLLOW, ",nosymfollow" },
	};

	pt_puts(t, f & LX_MS_RDONLY ? "ro" : "rw");
	for (unsigned i = 0; i < sizeof(opts) / sizeof(opts[0]); i++)
		if (f & opts[i].flag)
			pt_puts(t, opts[i].name);
}

static void fs_options(struct ptext *t, struct vfs_sb *sb)
{
	char opts[160];

	if (sb->sops && sb->sops->show_options &&
	    sb->sops->show_options(sb, opts, sizeof(opts)) > 0)
		pt_puts(t, opts);
}

/* Whether ip is at or below the reader's root (a mount outside a chroot is not shown). */
static bool under_root(struct proc *reader, struct inode *ip)
{
	struct inode *root = reader && reader->fs ? reader->fs->root : NULL, *cur = vfs_iget(ip);
	bool seen = false;

	for (int depth = 0; root && depth < VFS_PATH_MAX / 2 && !seen; depth++) {
		struct inode *up = NULL;
		seen = cur == root;
		if (seen)
			break;
		if (cur == cur->sb->root && cur->sb->covered)
			up = vfs_iget(cur->sb->covered);
		else if (!cur->ops->lookup || cur->ops->lookup(cur, "..", 2, &up) || up == cur)
			break;				/* the top of the tree */
		vfs_iput(cur);
		cur = up;
	}
	vfs_iput(cur);
	return seen || !root;
}

/* where sb is mounted, from the reader's root */
static void mount_point(struct ptext *t, struct proc *reader, struct vfs_sb *sb)
{
	char *buf = malloc(VFS_PATH_MAX);

	if (buf && reader && reader->fs && fs_inode_path(reader, sb->root, buf, VFS_PATH_MAX) >= 0)
		pt_mangled(t, buf);
	else
		pt_puts(t, "/");
	free(buf);
}

int mounts_show(struct pnode *n, struct proc *p, struct ptext *t)
{
	(void)n, (void)p;
	for (struct vfs_sb *sb = vfs_mount_next(NULL); sb; sb = vfs_mount_next(sb)) {
		if (!under_root(procfs_caller(), sb->root))
			continue;
		pt_mangled(t, sb->source[0] ? sb->source : "none");
		pt_puts(t, " ");
		mount_point(t, procfs_caller(), sb);
		pt_printf(t, " %s ", sb->fstype ? sb->fstype : "none");
		mounts_flags(t, sb->mnt_flags);
		fs_options(t, sb);
		pt_puts(t, " 0 0\n");
	}
	return 0;
}

int mountinfo_show(struct pnode *n, struct proc *p, struct ptext *t)
{
	(void)n, (void)p;
	for (struct vfs_sb *sb = vfs_mount_next(NULL); sb; sb = vfs_mount_next(sb)) {
		struct vfs_sb *parent = vfs_mount_parent(sb);
		if (!under_root(procfs_caller(), sb->root))
			continue;
		pt_printf(t, "%d %d %u:%u / ", sb->mnt_id, parent ? parent->mnt_id : sb->mnt_id,
			  vfs_major(sb->dev), vfs_minor(sb->dev));
		mount_point(t, procfs_caller(), sb);
		pt_puts(t, " ");
		mounts_flags(t, sb->mnt_flags);
		pt_printf(t, " - %s ", sb->fstype ? sb->fstype : "none");
		pt_mangled(t, sb->source[0] ? sb->source : "none");
		pt_puts(t, sb->mnt_flags & LX_MS_RDONLY ? " ro" : " rw");
		fs_options(t, sb);
		pt_puts(t, "\n");
	}
	return 0;
}

int filesystems_show(struct pnode *n, struct proc *p, struct ptext *t)
{
	const struct vfs_fstype *ft;

	(void)n, (void)p;
	for (unsigned i = 0; (ft = vfs_fstype_at(i)) != NULL; i++)
		pt_printf(t, "%s\t%s\n", ft->nodev ? "nodev" : "", ft->name);
	return 0;
}
