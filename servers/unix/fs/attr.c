/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * attr.c (unixd) - the attribute operations of the VFS (vfs.h) with Linux's
 * rules: stat and the x86-64 struct stat, truncate, chmod (setgid dropped
 * for non-members), chown (only root gives files away; the owner may change
 * the group to one of his; set-id bits cleared as notify_change does),
 * access with the real or effective ids, utimensat's owner and writer rules.
 *
 *   vfs_stat vfs_inode_stat vfs_stat_to_linux vfs_truncate vfs_inode_truncate
 *   vfs_chmod vfs_inode_chmod vfs_chown vfs_inode_chown vfs_access
 *   vfs_utimens vfs_inode_utimens
 */
#include "vfs.h"
#include "lx_mount.h"
#include "fsalloc.h"
#include "dstring.h"

#define NO_ID		((uint32_t)-1)	/* chown: leave unchanged */
#define NSEC_PER_SEC	1000000000ll

/* ---- attributes ---------------------------------------------------------------------------- */

void vfs_inode_stat(const struct inode *ip, struct vfs_stat *st)
{
	st->dev = ip->sb->dev;
	st->ino = ip->ino;
	st->mode = ip->mode;
	st->nlink = ip->nlink;
	st->uid = ip->uid;
	st->gid = ip->gid;
	st->rdev = ip->rdev;
	st->size = ip->size;
	st->blksize = VFS_BLKSIZE;
	st->blocks = ip->blocks;
	st->atime = ip->atime;
	st->mtime = ip->mtime;
	st->ctime = ip->ctime;
}

int vfs_stat(const struct vfs_ctx *ctx, const char *path, unsigned flags, struct vfs_stat *st)
{
	struct inode *ip;
	int err;

	if (flags & ~LX_AT_SYMLINK_NOFOLLOW)
		return -LX_EINVAL;
	err = vfs_lookup_inode(ctx, path, flags ? 0 : VFS_LOOKUP_FOLLOW, &ip);
	if (err)
		return err;
	vfs_inode_stat(ip, st);
	vfs_iput(ip);
	return 0;
}

/* ns since the epoch as seconds and nanoseconds (rounding down, also before 1970) */
static void split_ns(int64_t ns, uint64_t *sec, uint64_t *nsec)
{
	int64_t s = ns / NSEC_PER_SEC, r = ns % NSEC_PER_SEC;

	if (r < 0) {
		r += NSEC_PER_SEC;
		s--;
	}
	*sec = (uint64_t)s;
	*nsec = (uint64_t)r;
}

void vfs_stat_to_linux(const struct vfs_stat *st, struct lx_stat *out)
{
	memset(out, 0, sizeof(*out));
	out->st_dev = st->dev;
	out->st_ino = st->ino;
	out->st_nlink = st->nlink;
	out->st_mode = st->mode;
	out->st_uid = st->uid;
	out->st_gid = st->gid;
	out->st_rdev = st->rdev;
	out->st_size = (int64_t)st->size;
	out->st_blksize = (int64_t)st->blksize;
	out->st_blocks = (int64_t)st->blocks;
	split_ns(st->atime, &out->st_atime_sec, &out->st_atime_nsec);
	split_ns(st->mtime, &out->st_mtime_sec, &out->st_mtime_nsec);
	split_ns(st->ctime, &out->st_ctime_sec, &out->st_ctime_nsec);
}

static int set_attr(struct inode *ip, struct vfs_attr *a)
{
	if (vfs_sb_flag(ip, LX_MS_RDONLY))
		return -LX_EROFS;
	a->valid |= VFS_ATTR_CTIME;
	a->ctime = (int64_t)fs_now_ns();
	return ip->ops->setattr ? ip->ops->setattr(ip, a) : -LX_EPERM;
}

void vfs_kill_privs(const struct vfs_cred *c, struct inode *ip)
{
	uint32_t kill = ip->mode & LX_S_ISUID;

	if ((ip->mode & (LX_S_ISGID | LX_S_IXGRP)) == (LX_S_ISGID | LX_S_IXGRP))
		kill |= LX_S_ISGID;
	if (!kill || !LX_S_ISREG(ip->mode) || vfs_cred_root(c))
		return;
	struct vfs_attr a = { .valid = VFS_ATTR_MODE, .mode = ip->mode & ~kill };
	set_attr(ip, &a);
}

int vfs_inode_truncate(struct inode *ip, uint64_t size)
{
	if (size > ip->sb->max_size)
		return -LX_EFBIG;
	if (ip->seals & (size < ip->size ? VFS_SEAL_SHRINK : size > ip->size ? VFS_SEAL_GROW : 0))
		return -LX_EPERM;	/* a sealed memfd */
	return ip->ops->truncate ? ip->ops->truncate(ip, size) : -LX_EINVAL;
}

int vfs_fallocate(struct inode *ip, int mode, uint64_t off, uint64_t len)
{
	bool punch = mode & VFS_FALLOC_PUNCH_HOLE;

	if (mode & ~(VFS_FALLOC_KEEP_SIZE | VFS_FALLOC_PUNCH_HOLE) ||
	    (punch && !(mode & VFS_FALLOC_KEEP_SIZE)))
		return -LX_EOPNOTSUPP;	/* zeroing, collapsing, inserting: not yet */
	if ((punch && (ip->seals & VFS_SEALS_NO_WRITE)) ||
	    (!punch && (ip->seals & VFS_SEAL_GROW) && off + len > ip->size))
		return -LX_EPERM;	/* a sealed memfd (shmem_fallocate's checks) */
	if (ip->ops->fallocate)
		return ip->ops->fallocate(ip, mode, off, len);
	return punch ? -LX_EOPNOTSUPP : vfs_fallocate_grow(ip, mode, off, len);
}

bool vfs_punch_split(uint64_t size, uint64_t off, uint64_t len, struct vfs_punch *p)
{
	const uint64_t pmask = FS_PAGE_SIZE - 1;

	p->off = off;
	p->end = off + len < size ? off + len : size;
	if (off >= p->end)
		return false;
	p->head = (off + pmask) & ~pmask;
	if (p->head > p->end)
		p->head = p->end;
	p->tail = p->end & ~pmask;
	if (p->tail < p->head)
		p->tail = p->head;
	return true;
}

int vfs_fallocate_grow(struct inode *ip, int mode, uint64_t off, uint64_t len)
{
	if (mode || off + len <= ip->size)
		return 0;
	return vfs_inode_truncate(ip, off + len);
}

int vfs_truncate(const struct vfs_ctx *ctx, const char *path, int64_t length)
{
	struct inode *ip;
	int err;

	if (length < 0)
		return -LX_EINVAL;
	err = vfs_lookup_inode(ctx, path, VFS_LOOKUP_FOLLOW, &ip);
	if (err)
		return err;
	if (LX_S_ISDIR(ip->mode))
		err = -LX_EISDIR;
	else if (!LX_S_ISREG(ip->mode))
		err = -LX_EINVAL;
	else
		err = vfs_permission(ctx->cred, ip, VFS_MAY_WRITE);
	if (!err)
		err = vfs_inode_truncate(ip, (uint64_t)length);
	if (!err)
		vfs_kill_privs(ctx->cred, ip);
	vfs_iput(ip);
	return err;
}

int vfs_inode_chmod(const struct vfs_cred *c, struct inode *ip, uint32_t mode)
{
	struct vfs_attr a = { .valid = VFS_ATTR_MODE };

	if (!vfs_cred_owns(c, ip))
		return -LX_EPERM;
	mode &= LX_S_IALLUGO;
	if (!vfs_in_group(c, ip->gid) && !vfs_cred_root(c))
		mode &= ~LX_S_ISGID;
	a.mode = (ip->mode & LX_S_IFMT) | mode;
	return set_attr(ip, &a);
}

int vfs_chmod(const struct vfs_ctx *ctx, const char *path, uint32_t mode)
{
	struct inode *ip;
	int err = vfs_lookup_inode(ctx, path, VFS_LOOKUP_FOLLOW, &ip);

	if (err)
		return err;
	err = vfs_inode_chmod(ctx->cred, ip, mode);
	vfs_iput(ip);
	return err;
}

/* chown_ok / chgrp_ok, then the set-id bits go as Linux's notify_change drops them. */
int vfs_inode_chown(const struct vfs_cred *c, struct inode *ip, uint32_t uid, uint32_t gid)
{
	bool owner = c->fsuid == ip->uid;
	struct vfs_attr a = { .valid = VFS_ATTR_MODE, .mode = ip->mode, .uid = uid, .gid = gid };

	if (uid != NO_ID && !vfs_cred_root(c) && !(owner && uid == ip->uid))
		return -LX_EPERM;
	if (gid != NO_ID && !vfs_cred_root(c) &&
	    !(owner && (vfs_in_group(c, gid) || gid == ip->gid)))
		return -LX_EPERM;
	a.valid |= (uid != NO_ID ? VFS_ATTR_UID : 0) | (gid != NO_ID ? VFS_ATTR_GID : 0);
	if (!LX_S_ISDIR(ip->mode)) {
		a.mode &= ~LX_S_ISUID;
		if ((a.mode & (LX_S_ISGID | LX_S_IXGRP)) == (LX_S_ISGID | LX_S_IXGRP))
			a.mode &= ~LX_S_ISGID;
	}
	return set_attr(ip, &a);
}

int vfs_chown(const struct vfs_ctx *ctx, const char *path, uint32_t uid, uint32_t gid,
	      unsigned flags)
{
	struct inode *ip;
	int err;

	if (flags & ~LX_AT_SYMLINK_NOFOLLOW)
		return -LX_EINVAL;
	err = vfs_lookup_inode(ctx, path, flags ? 0 : VFS_LOOKUP_FOLLOW, &ip);
	if (err)
		return err;
	err = vfs_inode_chown(ctx->cred, ip, uid, gid);
	vfs_iput(ip);
	return err;
}

/* faccessat2(fd, "", AT_EMPTY_PATH): ip itself, with the ids as vfs_access */
int vfs_inode_access(const struct vfs_cred *cred, struct inode *ip, int mode, unsigned flags)
{
	struct vfs_cred c = *cred;

	if (mode & ~(LX_R_OK | LX_W_OK | LX_X_OK))
		return -LX_EINVAL;
	if (!(flags & LX_AT_EACCESS)) {
		c.fsuid = c.uid;
		c.fsgid = c.gid;
	}
	return mode ? vfs_permission(&c, ip, mode) : 0;
}

/* faccessat: with the real ids unless AT_EACCESS (Linux's access_override_creds) */
int vfs_access(const struct vfs_ctx *ctx, const char *path, int mode, unsigned flags)
{
	struct vfs_cred c = *ctx->cred;
	struct vfs_ctx x = { ctx->root, ctx->cwd, &c };
	struct inode *ip;
	int err;

	if (mode & ~(LX_R_OK | LX_W_OK | LX_X_OK))
		return -LX_EINVAL;
	if (flags & ~(LX_AT_EACCESS | LX_AT_SYMLINK_NOFOLLOW))
		return -LX_EINVAL;
	if (!(flags & LX_AT_EACCESS)) {
		c.fsuid = c.uid;
		c.fsgid = c.gid;
	}
	err = vfs_lookup_inode(&x, path, flags & LX_AT_SYMLINK_NOFOLLOW ? 0 : VFS_LOOKUP_FOLLOW,
			       &ip);
	if (err)
		return err;
	err = mode ? vfs_permission(&c, ip, mode) : 0;
	vfs_iput(ip);
	return err;
}

static bool nsec_valid(int64_t nsec)
{
	return (nsec >= 0 && nsec < NSEC_PER_SEC) || nsec == LX_UTIME_NOW || nsec == LX_UTIME_OMIT;
}

/* one time of utimensat: *valid gets bit if it is to be set */
static int64_t utime_pick(const struct lx_timespec *t, int64_t now, unsigned bit, unsigned *valid)
{
	if (t && t->tv_nsec == LX_UTIME_OMIT)
		return 0;
	*valid |= bit;
	if (!t || t->tv_nsec == LX_UTIME_NOW)
		return now;
	return t->tv_sec * NSEC_PER_SEC + t->tv_nsec;
}

/* explicit times: the owner only (EPERM); "now": the owner or a writer (EACCES) */
int vfs_inode_utimens(const struct vfs_cred *c, struct inode *ip, const struct lx_timespec *ts)
{
	int64_t now = (int64_t)fs_now_ns();
	struct vfs_attr a = { 0 };
	bool explicit = ts && ((ts[0].tv_nsec != LX_UTIME_NOW && ts[0].tv_nsec != LX_UTIME_OMIT) ||
			       (ts[1].tv_nsec != LX_UTIME_NOW && ts[1].tv_nsec != LX_UTIME_OMIT));

	if (ts && (!nsec_valid(ts[0].tv_nsec) || !nsec_valid(ts[1].tv_nsec)))
		return -LX_EINVAL;
	if (ts && ts[0].tv_nsec == LX_UTIME_OMIT && ts[1].tv_nsec == LX_UTIME_OMIT)
		return 0;
	if (explicit && !vfs_cred_owns(c, ip))
		return -LX_EPERM;
	if (!explicit && !vfs_cred_owns(c, ip) && vfs_permission(c, ip, VFS_MAY_WRITE))
		return -LX_EACCES;
	a.atime = utime_pick(ts, now, VFS_ATTR_ATIME, &a.valid);
	a.mtime = utime_pick(ts ? ts + 1 : NULL, now, VFS_ATTR_MTIME, &a.valid);
	return set_attr(ip, &a);
}

int vfs_utimens(const struct vfs_ctx *ctx, const char *path, const struct lx_timespec *ts,
		unsigned flags)
{
	struct inode *ip;
	int err;

	if (ts && (!nsec_valid(ts[0].tv_nsec) || !nsec_valid(ts[1].tv_nsec)))
		return -LX_EINVAL;
	if (flags & ~LX_AT_SYMLINK_NOFOLLOW)
		return -LX_EINVAL;
	err = vfs_lookup_inode(ctx, path, flags ? 0 : VFS_LOOKUP_FOLLOW, &ip);
	if (err)
		return err;
	err = vfs_inode_utimens(ctx->cred, ip, ts);
	vfs_iput(ip);
	return err;
}
