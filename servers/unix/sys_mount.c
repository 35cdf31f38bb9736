/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sys_mount.c - mount(2), umount2(2), statfs(2), fstatfs(2) and chroot(2):
 * the system calls over the mount table of fs/mount.c (vfs.h), with Linux's
 * checks in Linux's order (fs/namespace.c, fs/statfs.c, fs/open.c).
 *
 *   mount     a new file system of a registered type (ext2 on one of disk.c's
 *             block devices, tmpfs, ramfs, proc) on a directory, MS_RDONLY, MS_NOSUID,
 *             MS_NODEV, MS_NOEXEC, the atime flags; MS_REMOUNT changes a
 *             mount's flags; propagation flags are accepted (one namespace,
 *             nothing propagates); MS_MOVE moves a mount (the root of one, not
 *             the root of them all) onto another directory; MS_BIND is
 *             -EINVAL (not done: one sb is one mount here)
 *   umount2   -EBUSY while a process has a file open, its working directory
 *             or root there, a file mapped, or a mount below; MNT_DETACH takes
 *             it out of the tree at once and frees it when the last user has
 *             gone (checked at every mount and umount2); MNT_FORCE is a plain
 *             unmount (no file system here has umount_begin); MNT_EXPIRE
 *             marks first (-EAGAIN) and unmounts an unused marked mount
 *   statfs    the file system's figures (vfs_sb_ops.statfs) and its ST_* flags
 *
 * Only root mounts and unmounts (CAP_SYS_ADMIN: the effective uid 0).
 */
#include "unixd.h"
#include "fd.h"
#include "lx_mount.h"
#include "mm/mm.h"
#include "procfs/procfs.h"
#include "disk.h"
#include "ext2.h"

#define MOUNT_DATA_MAX   4096u          /* mount's options: one page, as Linux copies */
#define MOUNT_TYPE_MAX   64u
#define ANON_DEV_FIRST   32u            /* minors of unnamed devices (major 0) mount hands out */
#define MNT_EXPIRE_MARK  LX_MS_NOUSER   /* MNT_EXPIRE asked once: unixd's use of a bit no mount keeps */

static uint32_t anon_dev_next = ANON_DEV_FIRST;
static struct vfs_sb *detached;         /* MNT_DETACH'ed file systems still in use (mnt_next) */

static bool may_mount(const struct proc *p)
{
	return p->cred.euid == 0;
}

/* A string argument of at most max bytes: -EFAULT, -ENAMETOOLONG (too_long_ok: cut). */
static int str_in(struct proc *p, uint64_t u, size_t max, bool too_long_ok, char **out)
{
	char *buf = malloc(max);
	long n = buf ? copy_in_str(p, buf, u, max) : -LX_ENOMEM;

	if (n == -LX_ENAMETOOLONG && too_long_ok) {
		buf[max - 1] = 0;
		n = 0;
	}
	if (n < 0) {
		free(buf);
		return (int)n;
	}
	*out = buf;
	return 0;
}

/* ---- who uses a file system ------------------------------------------------------------- */

static bool mm_maps_sb(struct mm *mm, const struct vfs_sb *sb)
{
	for (const struct vma *v = vma_first_in(&mm->vmas, 0, UINT64_MAX); v; v = vma_next(v)) {
		const struct mobj *o = v->obj;
		if (o && o->kind == MOBJ_FILE && ((const struct fmap *)o)->ip->sb == sb)
			return true;
	}
	return false;
}

static bool proc_uses_sb(struct proc *p, const struct vfs_sb *sb)
{
	if (p->fs && (p->fs->cwd->sb == sb || p->fs->root->sb == sb))
		return true;
	for (unsigned i = 0; p->fds && i < p->fds->size; i++) {
		struct file *f = p->fds->ent[i].f;
		if (f && (f->inode->sb == sb || (f->dir && f->dir->sb == sb)))
			return true;
	}
	return p->mm && mm_maps_sb(p->mm, sb);
}

/* propagate_mount_busy: a file of it is open (in a descriptor or not: in flight
 * in a socket, waiting in open), a process works or is rooted there or maps one
 * of its files, or something is mounted in it */
static bool sb_busy(const struct vfs_sb *sb)
{
	if (sb->nfiles)
		return true;
	for (struct vfs_sb *m = vfs_mount_next(NULL); m; m = vfs_mount_next(m))
		if (vfs_mount_parent(m) == sb)
			return true;
	for (struct proc *p = proc_next(NULL); p; p = proc_next(p))
		if (proc_uses_sb(p, sb))
			return true;
	return false;
}

/* The detached file systems nobody uses any more go. */
static void detached_sweep(void)
{
	struct vfs_sb **at = &detached;

	while (*at) {
		struct vfs_sb *sb = *at;
		if (sb_busy(sb)) {
			at = &sb->mnt_next;
			continue;
		}
		*at = sb->mnt_next;
		vfs_sb_free(sb);
	}
}

/* umount_tree: sb and every mount below it out of the tree, freed or kept till unused */
static void detach_tree(struct vfs_sb *sb)
{
	struct vfs_sb *child;

	do {
		for (child = vfs_mount_next(NULL); child && vfs_mount_parent(child) != sb;)
			child = vfs_mount_next(child);
		if (child)
			detach_tree(child);
	} while (child);
	vfs_umount(sb);
	sb->mnt_next = detached;
	detached = sb;
}

/* ---- mount -------------------------------------------------------------------------------- */

/* the per-mount flags mount(2) asks for, relatime unless another atime rule is asked */
static unsigned mount_flags(unsigned flags, unsigned old)
{
	unsigned f = flags & LX_MS_PER_MOUNT;
	unsigned atime = LX_MS_NOATIME | LX_MS_RELATIME | LX_MS_STRICTATIME | LX_MS_NODIRATIME;

	if ((flags & LX_MS_REMOUNT) && !(flags & atime))
		f |= old & atime;
	else if (!(flags & (LX_MS_NOATIME | LX_MS_STRICTATIME)))
		f |= LX_MS_RELATIME;
	return f & ~LX_MS_STRICTATIME;
}

/* do_remount: only at the root of a mount */
static int do_remount(struct inode *ip, unsigned flags)
{
	struct vfs_sb *sb = ip->sb;

	if (ip != sb->root || !sb->mnt_id)
		return -LX_EINVAL;
	sb->mnt_flags = mount_flags(flags, sb->mnt_flags);
	return 0;
}

static int do_new_mount(struct proc *p, struct inode *dir, const char *type, const char *source,
			unsigned flags, const char *data)
{
	const struct vfs_fstype *ft = vfs_fstype_find(type);
	struct vfs_ctx ctx;
	struct vfs_sb *sb;

	if (!ft)
		return -LX_ENODEV;
	fs_ctx(p, &ctx);
	struct vfs_mount_args args = {
		.source = source, .flags = flags, .data = data, .dev = vfs_mkdev(0, anon_dev_next),
		.ctx = &ctx, .mem_pages = urt_env->heap_max / UNIX_PAGE,
	};
	int err = ft->mount(&args, &sb);
	if (err)
		return err;
	if (!ft->nodev || sb->dev == args.dev)
		anon_dev_next++;
	sb->mnt_flags = mount_flags(flags, 0) | (sb->mnt_flags & LX_MS_RDONLY);  /* the fs may insist */
	err = vfs_mount_inode(dir, sb);
	if (err)
		vfs_sb_free(sb);
	return err;
}

/* do_move_mount: the source is the root of a mount that has a parent, and of
 * the same kind (directory or not) as the target */
static int do_move_mount(struct proc *p, struct inode *dir, const char *source)
{
	struct vfs_ctx ctx;
	struct inode *ip;
	int err;

	fs_ctx(p, &ctx);
	err = source && *source ? vfs_lookup_inode(&ctx, source, VFS_LOOKUP_FOLLOW, &ip) : -LX_EINVAL;
	if (err)
		return err;
	if (ip != ip->sb->root || !ip->sb->covered || LX_S_ISDIR(ip->mode) != LX_S_ISDIR(dir->mode))
		err = -LX_EINVAL;
	else
		err = vfs_mount_move(ip->sb, dir);
	vfs_iput(ip);
	return err;
}

/* path_mount, once the arguments are in: what flags ask for */
static int mount_dispatch(struct proc *p, struct inode *dir, const char *type, const char *source,
			  unsigned flags, const char *data)
{
	if ((flags & LX_MS_MGC_MSK) == LX_MS_MGC_VAL)
		flags &= ~LX_MS_MGC_MSK;
	if (flags & LX_MS_NOUSER)
		return -LX_EINVAL;
	if (!may_mount(p))
		return -LX_EPERM;
	if (flags & LX_MS_REMOUNT)
		return do_remount(dir, flags);
	if (flags & LX_MS_BIND)
		return -LX_EINVAL;              /* not done: one sb is one mount here */
	if (flags & LX_MS_PROPAGATION)
		return 0;                       /* one namespace: nothing propagates */
	if (flags & LX_MS_MOVE)
		return do_move_mount(p, dir, source);
	if (!type)
		return -LX_EINVAL;
	if (!LX_S_ISDIR(dir->mode))
		return -LX_ENOTDIR;
	return do_new_mount(p, dir, type, source ? source : "none", flags, data);
}

long sys_mount(struct uthread *t, const uint64_t *a)
{
	struct proc *p = t->proc;
	char *target = NULL, *type = NULL, *source = NULL, *data = NULL;
	struct inode *dir = NULL;
	struct vfs_ctx ctx;
	int err = str_in(p, a[1], VFS_PATH_MAX, false, &target);

	if (!err && a[2])
		err = str_in(p, a[2], MOUNT_TYPE_MAX, true, &type);
	if (!err && a[0])
		err = str_in(p, a[0], VFS_PATH_MAX, true, &source);
	if (!err && a[4])
		err = str_in(p, a[4], MOUNT_DATA_MAX, true, &data);
	fs_ctx(p, &ctx);
	if (!err)
		err = vfs_lookup_inode(&ctx, target, VFS_LOOKUP_FOLLOW, &dir);
	if (!err) {
		detached_sweep();
		err = mount_dispatch(p, dir, type, source, (unsigned)a[3], data);
	}
	vfs_iput(dir);
	free(target), free(type), free(source), free(data);
	return err;
}

/* ---- umount2 ------------------------------------------------------------------------------ */

/* can_umount and do_umount */
static int do_umount(struct proc *p, struct inode *ip, unsigned flags)
{
	struct vfs_sb *sb = ip->sb;

	(void)p;
	if (ip != sb->root || !sb->mnt_id || !sb->covered)
		return -LX_EINVAL;              /* not a mount's root, or the root of them all */
	if ((flags & LX_MNT_EXPIRE) && (flags & (LX_MNT_FORCE | LX_MNT_DETACH)))
		return -LX_EINVAL;
	if (flags & LX_MNT_DETACH) {
		detach_tree(sb);
		return 0;
	}
	if (sb_busy(sb))
		return -LX_EBUSY;
	if ((flags & LX_MNT_EXPIRE) && !(sb->mnt_flags & MNT_EXPIRE_MARK)) {
		sb->mnt_flags |= MNT_EXPIRE_MARK;
		return -LX_EAGAIN;
	}
	vfs_umount(sb);
	vfs_sb_free(sb);
	return 0;
}

long sys_umount2(struct uthread *t, const uint64_t *a)
{
	unsigned flags = (unsigned)a[1];
	char *path = NULL;
	struct inode *ip = NULL;
	struct vfs_ctx ctx;
	int err;

	if (flags & ~(LX_MNT_FORCE | LX_MNT_DETACH | LX_MNT_EXPIRE | LX_UMOUNT_NOFOLLOW))
		return -LX_EINVAL;
	err = str_in(t->proc, a[0], VFS_PATH_MAX, false, &path);
	fs_ctx(t->proc, &ctx);
	if (!err)
		err = vfs_lookup_inode(&ctx, path, flags & LX_UMOUNT_NOFOLLOW ? 0 : VFS_LOOKUP_FOLLOW,
				       &ip);
	free(path);
	if (err)
		return err;
	struct vfs_sb *sb = ip->sb;
	bool root = ip == sb->root;
	vfs_iput(ip);                           /* before the sb may go */
	err = !may_mount(t->proc) ? -LX_EPERM : root ? do_umount(t->proc, sb->root, flags) : -LX_EINVAL;
	detached_sweep();
	return err;
}

/* ---- statfs -------------------------------------------------------------------------------- */

static unsigned st_flags(unsigned ms)
{
	static const struct { unsigned ms, st; } map[] = {
		{ LX_MS_RDONLY, LX_ST_RDONLY }, { LX_MS_NOSUID, LX_ST_NOSUID },
		{ LX_MS_NODEV, LX_ST_NODEV }, { LX_MS_NOEXEC, LX_ST_NOEXEC },
		{ LX_MS_SYNCHRONOUS, LX_ST_SYNCHRONOUS }, { LX_MS_NOATIME, LX_ST_NOATIME },
		{ LX_MS_NODIRATIME, LX_ST_NODIRATIME }, { LX_MS_RELATIME, LX_ST_RELATIME },
	};
	unsigned st = LX_ST_VALID;

	for (unsigned i = 0; i < ARRAY_SIZE(map); i++)
		if (ms & map[i].ms)
			st |= map[i].st;
	return st;
}

/* statfs_by_dentry: the fs's figures, the block size as fragment size, the mount's flags */
static long statfs_out(struct proc *p, struct inode *ip, uint64_t ubuf)
{
	struct vfs_sb *sb = ip->sb;
	struct lx_statfs st;

	if (!sb || !sb->sops || !sb->sops->statfs)
		return -LX_ENOSYS;
	int err = sb->sops->statfs(sb, &st);
	if (err)
		return err;
	if (!st.f_frsize)
		st.f_frsize = st.f_bsize;
	st.f_flags = st_flags(sb->mnt_flags);
	return copy_out(p, ubuf, &st, sizeof(st));
}

long sys_statfs(struct uthread *t, const uint64_t *a)
{
	char *path = NULL;
	struct inode *ip = NULL;
	struct vfs_ctx ctx;
	int err = str_in(t->proc, a[0], VFS_PATH_MAX, false, &path);

	fs_ctx(t->proc, &ctx);
	if (!err)
		err = vfs_lookup_inode(&ctx, path, VFS_LOOKUP_FOLLOW, &ip);
	free(path);
	long r = err ? err : statfs_out(t->proc, ip, a[1]);
	vfs_iput(ip);
	return r;
}

long sys_fstatfs(struct uthread *t, const uint64_t *a)
{
	struct file *f = fd_file(t->proc, (int)a[0]);

	return f ? statfs_out(t->proc, f->inode, a[1]) : -LX_EBADF;
}

/* ---- chroot -------------------------------------------------------------------------------- */

long sys_chroot(struct uthread *t, const uint64_t *a)
{
	struct proc *p = t->proc;
	char *path = NULL;
	struct inode *ip = NULL;
	struct vfs_ctx ctx;
	int err = str_in(p, a[0], VFS_PATH_MAX, false, &path);

	fs_ctx(p, &ctx);
	if (!err)
		err = vfs_lookup_inode(&ctx, path, VFS_LOOKUP_FOLLOW | VFS_LOOKUP_DIRECTORY, &ip);
	if (!err)
		err = vfs_permission(&p->cred, ip, VFS_MAY_EXEC);
	if (!err && p->cred.euid != 0)
		err = -LX_EPERM;                /* CAP_SYS_CHROOT */
	if (!err) {
		vfs_iput(p->fs->root);
		p->fs->root = ip;
		ip = NULL;
	}
	vfs_iput(ip);
	free(path);
	return err;
}

/* ---- at start-up ----------------------------------------------------------------------------- */

/* mount -t ext2 /dev/vdaN DIR: the source must be a block device node of one of
 * disk.c's disks (ENOTBLK, ENXIO), not mounted already (EBUSY: an sb is one mount). */
static int ext2_mount_source(const struct vfs_mount_args *a, struct vfs_sb **out)
{
	struct inode *ip;
	int err = a->source && a->source[0] ?     /* "": get_tree_bdev's "No source specified" */
		  vfs_lookup_inode(a->ctx, a->source, VFS_LOOKUP_FOLLOW, &ip) : -LX_EINVAL;

	if (err)
		return err;
	bool blk = LX_S_ISBLK(ip->mode), nodev = vfs_sb_flag(ip, LX_MS_NODEV);
	uint32_t rdev = ip->rdev;
	vfs_iput(ip);
	if (!blk)
		return -LX_ENOTBLK;
	if (nodev)
		return -LX_EACCES;
	struct blkdev *b = disk_by_rdev(rdev);
	if (!b)
		return -LX_ENXIO;
	for (struct vfs_sb *m = vfs_mount_next(NULL); m; m = vfs_mount_next(m))
		if (m->dev == b->rdev && m->fstype && !strcmp(m->fstype, "ext2"))
			return -LX_EBUSY;
	err = ext2_mount(b, a->flags & LX_MS_RDONLY, b->rdev, out);
	if (!err) {
		strlcpy((*out)->source, a->source, sizeof((*out)->source));
		fs_tick_start();        /* its write-back */
	}
	return err;
}

static const struct vfs_fstype ext2_fstype = { "ext2", false, ext2_mount_source };

int mount_init(void)
{
	static const struct vfs_fstype *const types[] = {
		&ext2_fstype, &ramfs_fstype, &tmpfs_fstype, &procfs_fstype,
	};
	int err = 0;

	for (unsigned i = 0; i < ARRAY_SIZE(types) && !err; i++)
		err = vfs_fstype_register(types[i]);
	return err;
}
