/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * name.c (unixd) - the name-space operations of the VFS (vfs.h): names made,
 * removed and moved, each with Linux's checks in Linux's order so that it
 * fails with the error Linux gives (do_mkdirat, do_unlinkat, do_rmdir,
 * do_renameat2, do_linkat, do_symlinkat, vfs_* in fs/namei.c):
 *
 *   vfs_mkdir vfs_mknod vfs_symlink vfs_link vfs_link_inode
 *   vfs_unlink vfs_rmdir vfs_rename vfs_readlink
 *
 * A name to create is looked up as a parent and a last component
 * (lookup_create); the file system's op runs only when every check passed.
 */
#include "vfs.h"
#include "dstring.h"

/* ---- creating names -------------------------------------------------------------------- */

/* The parent of a name to create (Linux's filename_create): -EEXIST if it is there. */
static int lookup_create(const struct vfs_ctx *ctx, const char *path, bool is_dir,
			 struct vfs_path *p)
{
	int err = vfs_lookup(ctx, path, VFS_LOOKUP_PARENT, p);

	if (err)
		return err;
	if (p->last_type != VFS_LAST_NORM || p->ip)
		err = -LX_EEXIST;
	else if (p->slash && !is_dir)
		err = -LX_ENOENT;
	if (err)
		vfs_path_put(p);
	return err;
}

typedef int (*make_op_t)(struct inode *, const char *, size_t, const struct vfs_new *,
			 struct inode **);

/* Creates the inode nw describes at the name p points to, with op. */
static int make_node(const struct vfs_ctx *ctx, struct vfs_path *p, make_op_t op,
		     struct vfs_new *nw)
{
	struct inode *ip = NULL;
	int err = vfs_may_create(ctx->cred, p->dir);

	if (err)
		return err;
	if (!op)
		return -LX_EPERM;
	err = op(p->dir, p->last, p->last_len, nw, &ip);
	vfs_iput(ip);
	return err;
}

int vfs_mkdir(const struct vfs_ctx *ctx, const char *path, uint32_t mode)
{
	struct vfs_path p;
	struct vfs_new nw;
	int err = lookup_create(ctx, path, true, &p);

	if (err)
		return err;
	vfs_new_attrs(ctx->cred, p.dir, LX_S_IFDIR | (mode & (LX_S_IRWXUGO | LX_S_ISVTX)), &nw);
	err = make_node(ctx, &p, p.dir->ops->mkdir, &nw);
	vfs_path_put(&p);
	return err;
}

int vfs_mknod(const struct vfs_ctx *ctx, const char *path, uint32_t mode, uint32_t dev)
{
	uint32_t type = mode & LX_S_IFMT;
	struct vfs_path p;
	struct vfs_new nw;
	int err;

	if (type == LX_S_IFDIR)
		return -LX_EPERM;
	if (type == 0)
		type = LX_S_IFREG;
	if (type != LX_S_IFREG && type != LX_S_IFCHR && type != LX_S_IFBLK &&
	    type != LX_S_IFIFO && type != LX_S_IFSOCK)
		return -LX_EINVAL;
	err = lookup_create(ctx, path, false, &p);
	if (err)
		return err;
	vfs_new_attrs(ctx->cred, p.dir, type | (mode & LX_S_IALLUGO), &nw);
	nw.rdev = (type == LX_S_IFCHR || type == LX_S_IFBLK) ? dev : 0;
	err = vfs_may_create(ctx->cred, p.dir);
	if (!err && (type == LX_S_IFCHR || type == LX_S_IFBLK) && !vfs_cred_root(ctx->cred))
		err = -LX_EPERM;
	if (!err)
		err = make_node(ctx, &p,
				type == LX_S_IFREG ? p.dir->ops->create : p.dir->ops->mknod, &nw);
	vfs_path_put(&p);
	return err;
}

int vfs_symlink(const struct vfs_ctx *ctx, const char *target, const char *linkpath)
{
	size_t n = vfs_path_len(target, VFS_PATH_MAX);
	struct vfs_path p;
	struct vfs_new nw;
	int err;

	if (n == 0)
		return -LX_ENOENT;
	if (n >= VFS_PATH_MAX)
		return -LX_ENAMETOOLONG;
	err = lookup_create(ctx, linkpath, false, &p);
	if (err)
		return err;
	vfs_new_attrs(ctx->cred, p.dir, LX_S_IFLNK | 0777, &nw);
	nw.target = target;
	nw.target_len = n;
	err = make_node(ctx, &p, p.dir->ops->symlink, &nw);
	vfs_path_put(&p);
	return err;
}

/* fs.protected_hardlinks: others' files only if regular, not set-id, readable and writable */
static int may_linkat(const struct vfs_cred *c, const struct inode *ip)
{
	uint32_t m = ip->mode;

	if (vfs_cred_owns(c, ip))
		return 0;
	if (!LX_S_ISREG(m) || (m & LX_S_ISUID) ||
	    (m & (LX_S_ISGID | LX_S_IXGRP)) == (LX_S_ISGID | LX_S_IXGRP) ||
	    vfs_permission(c, ip, VFS_MAY_READ | VFS_MAY_WRITE))
		return -LX_EPERM;
	return 0;
}

int vfs_link_inode(const struct vfs_ctx *ctx, struct inode *ip, const char *newpath)
{
	struct vfs_path p;
	int err = lookup_create(ctx, newpath, false, &p);

	if (err)
		return err;
	if (p.dir->sb != ip->sb)
		err = -LX_EXDEV;
	if (!err)
		err = may_linkat(ctx->cred, ip);
	if (!err)
		err = vfs_may_create(ctx->cred, p.dir);
	if (!err && (LX_S_ISDIR(ip->mode) || !p.dir->ops->link))
		err = -LX_EPERM;
	if (!err && ip->nlink == 0 && !ip->linkable)
		err = -LX_ENOENT;
	if (!err)
		err = p.dir->ops->link(ip, p.dir, p.last, p.last_len);
	if (!err)
		ip->linkable = false;	/* named now, as Linux's I_LINKABLE goes */
	vfs_path_put(&p);
	return err;
}

int vfs_link2(const struct vfs_ctx *octx, const char *oldpath, const struct vfs_ctx *nctx,
	      const char *newpath, unsigned flags)
{
	struct inode *ip;
	int err;

	if (flags & ~LX_AT_SYMLINK_FOLLOW)
		return -LX_EINVAL;
	err = vfs_lookup_inode(octx, oldpath, flags ? VFS_LOOKUP_FOLLOW : 0, &ip);
	if (err)
		return err;
	err = vfs_link_inode(nctx, ip, newpath);
	vfs_iput(ip);
	return err;
}

int vfs_link(const struct vfs_ctx *ctx, const char *oldpath, const char *newpath, unsigned flags)
{
	return vfs_link2(ctx, oldpath, ctx, newpath, flags);
}

/* ---- removing and moving names ------------------------------------------------------- */

int vfs_unlink(const struct vfs_ctx *ctx, const char *path)
{
	struct vfs_path p;
	int err = vfs_lookup(ctx, path, VFS_LOOKUP_PARENT, &p);

	if (err)
		return err;
	if (p.last_type != VFS_LAST_NORM)
		err = -LX_EISDIR;
	else if (!p.ip)
		err = -LX_ENOENT;
	else if (p.slash)
		err = LX_S_ISDIR(p.ip->mode) ? -LX_EISDIR : -LX_ENOTDIR;
	else
		err = vfs_may_delete(ctx->cred, p.dir, p.ip, false);
	if (!err && p.ip->mounted)
		err = -LX_EBUSY;
	if (!err)
		err = p.dir->ops->unlink ? p.dir->ops->unlink(p.dir, p.last, p.last_len, p.ip)
					 : -LX_EPERM;
	vfs_path_put(&p);
	return err;
}

int vfs_rmdir(const struct vfs_ctx *ctx, const char *path)
{
	static const int by_last[] = { [VFS_LAST_DOT] = -LX_EINVAL,
				       [VFS_LAST_DOTDOT] = -LX_ENOTEMPTY,
				       [VFS_LAST_ROOT] = -LX_EBUSY };
	struct vfs_path p;
	int err = vfs_lookup(ctx, path, VFS_LOOKUP_PARENT, &p);

	if (err)
		return err;
	if (p.last_type != VFS_LAST_NORM)
		err = by_last[p.last_type];
	else if (!p.ip)
		err = -LX_ENOENT;
	else
		err = vfs_may_delete(ctx->cred, p.dir, p.ip, true);
	if (!err && p.ip->mounted)
		err = -LX_EBUSY;
	if (!err)
		err = p.dir->ops->rmdir ? p.dir->ops->rmdir(p.dir, p.last, p.last_len, p.ip)
					: -LX_EPERM;
	vfs_path_put(&p);
	return err;
}

/* 1 if a is d or above d in d's file system, 0 if not, or an error. */
static int is_ancestor(struct inode *a, struct inode *d)
{
	struct inode *cur = vfs_iget(d), *up;
	int ret = 0;

	while (cur != a && cur != cur->sb->root) {
		ret = cur->ops->lookup(cur, "..", 2, &up);
		vfs_iput(cur);
		if (ret)
			return ret;
		cur = up;
	}
	ret = cur == a;
	vfs_iput(cur);
	return ret;
}

/* Linux's lock_rename traps: a directory into itself, or onto one of its ancestors. */
static int rename_traps(struct vfs_path *o, struct vfs_path *n)
{
	int r;

	if (o->dir == n->dir)
		return 0;
	r = is_ancestor(o->ip, n->dir);
	if (r)
		return r < 0 ? r : -LX_EINVAL;
	if (!n->ip)
		return 0;
	r = is_ancestor(n->ip, o->dir);
	return r == 0 ? 0 : r < 0 ? r : -LX_ENOTEMPTY;
}

/* RENAME_EXCHANGE's checks (do_renameat2, vfs_rename with both names there). */
static int exchange_check(const struct vfs_cred *c, struct vfs_path *o, struct vfs_path *n)
{
	if (o->dir->sb != n->dir->sb)
		return -LX_EXDEV;
	if (o->last_type != VFS_LAST_NORM || n->last_type != VFS_LAST_NORM)
		return -LX_EBUSY;
	if (!o->ip || !n->ip)
		return -LX_ENOENT;
	bool odir = LX_S_ISDIR(o->ip->mode), ndir = LX_S_ISDIR(n->ip->mode);
	if ((o->slash && !odir) || (n->slash && !ndir))
		return -LX_ENOTDIR;
	int r = rename_traps(o, n);
	if (r)
		return r == -LX_ENOTEMPTY ? -LX_EINVAL : r;	/* either way round: EINVAL */
	if (o->ip == n->ip)
		return 0;
	int err = vfs_may_delete(c, o->dir, o->ip, odir);
	if (!err)
		err = vfs_may_delete(c, n->dir, n->ip, ndir);
	if (!err && o->dir != n->dir && odir)
		err = vfs_permission(c, o->ip, VFS_MAY_WRITE);
	if (!err && o->dir != n->dir && ndir)
		err = vfs_permission(c, n->ip, VFS_MAY_WRITE);
	if (!err && (o->ip->mounted || n->ip->mounted))
		err = -LX_EBUSY;
	if (!err && !n->dir->ops->exchange)
		err = -LX_EINVAL;	/* a file system without it (procfs, devpts) */
	return err;
}

/* vfs_rename's checks once both names are looked up (do_renameat2, vfs_rename). */
static int rename_check(const struct vfs_cred *c, struct vfs_path *o, struct vfs_path *n,
			unsigned flags)
{
	bool is_dir;
	int err;

	if (o->dir->sb != n->dir->sb)
		return -LX_EXDEV;
	if (o->last_type != VFS_LAST_NORM || n->last_type != VFS_LAST_NORM)
		return -LX_EBUSY;
	if (!o->ip)
		return -LX_ENOENT;
	if ((flags & LX_RENAME_NOREPLACE) && n->ip)
		return -LX_EEXIST;
	is_dir = LX_S_ISDIR(o->ip->mode);
	if (!is_dir && (o->slash || n->slash))
		return -LX_ENOTDIR;
	err = rename_traps(o, n);
	if (err || o->ip == n->ip)
		return err;
	err = vfs_may_delete(c, o->dir, o->ip, is_dir);
	if (!err)
		err = n->ip ? vfs_may_delete(c, n->dir, n->ip, is_dir) : vfs_may_create(c, n->dir);
	if (!err && is_dir && o->dir != n->dir)
		err = vfs_permission(c, o->ip, VFS_MAY_WRITE);
	if (!err && (o->ip->mounted || (n->ip && n->ip->mounted)))
		err = -LX_EBUSY;
	if (!err && !n->dir->ops->rename)
		err = -LX_EPERM;
	return err;
}

int vfs_rename2(const struct vfs_ctx *octx, const char *oldpath, const struct vfs_ctx *nctx,
		const char *newpath, unsigned flags)
{
	struct vfs_path o, n;
	int err;

	if (flags & ~(unsigned)(LX_RENAME_NOREPLACE | LX_RENAME_EXCHANGE | LX_RENAME_WHITEOUT))
		return -LX_EINVAL;
	if ((flags & (LX_RENAME_NOREPLACE | LX_RENAME_WHITEOUT)) && (flags & LX_RENAME_EXCHANGE))
		return -LX_EINVAL;
	err = vfs_lookup(octx, oldpath, VFS_LOOKUP_PARENT, &o);
	if (err)
		return err;
	err = vfs_lookup(nctx, newpath, VFS_LOOKUP_PARENT, &n);
	if (err) {
		vfs_path_put(&o);
		return err;
	}
	if (flags & LX_RENAME_EXCHANGE) {
		err = exchange_check(nctx->cred, &o, &n);
		if (!err && o.ip != n.ip)
			err = n.dir->ops->exchange(o.dir, o.last, o.last_len, n.dir, n.last, n.last_len);
	} else {
		err = rename_check(nctx->cred, &o, &n, flags);
		if (!err && (flags & LX_RENAME_WHITEOUT))
			err = -LX_EINVAL;	/* no file system here has whiteouts */
		if (!err && o.ip != n.ip)
			err = n.dir->ops->rename(o.dir, o.last, o.last_len, n.dir, n.last, n.last_len);
	}
	vfs_path_put(&n);
	vfs_path_put(&o);
	return err;
}

int vfs_rename(const struct vfs_ctx *ctx, const char *oldpath, const char *newpath)
{
	return vfs_rename2(ctx, oldpath, ctx, newpath, 0);
}

int vfs_readlink(const struct vfs_ctx *ctx, const char *path, char *buf, size_t n)
{
	struct inode *ip;
	int err;

	if (n == 0)
		return -LX_EINVAL;
	err = vfs_lookup_inode(ctx, path, 0, &ip);
	if (err)
		return err;
	if (!LX_S_ISLNK(ip->mode) || !ip->ops->readlink)
		err = -LX_EINVAL;
	else
		err = ip->ops->readlink(ip, buf, n);
	vfs_iput(ip);
	return err;
}
