/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * vfs.c (unixd) - the heart of the virtual file system (vfs.h): inode
 * references, credentials and permissions, path lookup, mounting and open.
 *
 *   vfs_iget vfs_iput      inode references; the last put lets the fs evict
 *   vfs_permission         Linux's generic_permission: owner, group or other
 *                          bits; fsuid 0 reads and writes anything and
 *                          executes what has an x bit (or is a directory)
 *   vfs_may_create vfs_may_delete vfs_new_attrs   shared by name.c and open
 *   vfs_lookup             walks a path: absolute or relative, "." and ".."
 *                          (never above the process root, across mounts),
 *                          repeated and trailing slashes, up to 40 symbolic
 *                          links (procfs's magic links jump to their inode),
 *                          search permission on every directory
 *   vfs_open               open(2): O_CREAT, O_EXCL, O_TRUNC, O_DIRECTORY,
 *                          O_NOFOLLOW, the access mode checked against the file
 *
 * Each call checks what Linux checks in the order Linux does (fs/namei.c), so
 * that it fails with the same error; the file system's op runs last.
 * The name-space operations are in name.c, the attributes in attr.c, open
 * files in file.c.
 */
#include "vfs.h"
#include "lx_mount.h"
#include "fsalloc.h"
#include "dstring.h"

/* ---- inodes and credentials ------------------------------------------------------ */

struct inode *vfs_iget(struct inode *ip)
{
	ip->refs++;
	return ip;
}

void vfs_iput(struct inode *ip)
{
	if (ip && --ip->refs == 0 && ip->ops->evict)
		ip->ops->evict(ip);
}

bool vfs_cred_root(const struct vfs_cred *c)
{
	return c->fsuid == 0;
}

/* Linux's inode_owner_or_capable (CAP_FOWNER) */
bool vfs_cred_owns(const struct vfs_cred *c, const struct inode *ip)
{
	return c->fsuid == ip->uid || vfs_cred_root(c);
}

bool vfs_in_group(const struct vfs_cred *c, uint32_t gid)
{
	if (c->fsgid == gid)
		return true;
	for (uint32_t i = 0; i < c->ngroups && i < VFS_NGROUPS_MAX; i++)
		if (c->groups[i] == gid)
			return true;
	return false;
}

int vfs_permission(const struct vfs_cred *c, const struct inode *ip, int mask)
{
	uint32_t m = ip->mode, bits = m;

	/* sb_permission: nothing on a read-only mount is written */
	if ((mask & VFS_MAY_WRITE) && vfs_sb_flag(ip, LX_MS_RDONLY) &&
	    (LX_S_ISREG(m) || LX_S_ISDIR(m) || LX_S_ISLNK(m)))
		return -LX_EROFS;
	if (c->fsuid == ip->uid)
		bits = m >> 6;
	else if (vfs_in_group(c, ip->gid))
		bits = m >> 3;
	if ((mask & ~bits & 7) == 0)
		return 0;
	/* CAP_DAC_OVERRIDE: all but executing what nobody may execute */
	if (vfs_cred_root(c) && (!(mask & VFS_MAY_EXEC) || (m & LX_S_IXUGO) || LX_S_ISDIR(m)))
		return 0;
	return -LX_EACCES;
}

/* may_create: in a directory still linked, with write and search permission */
int vfs_may_create(const struct vfs_cred *c, const struct inode *dir)
{
	if (dir->nlink == 0)
		return -LX_ENOENT;
	return vfs_permission(c, dir, VFS_MAY_WRITE | VFS_MAY_EXEC);
}

/* may_delete: victim (a directory when isdir) out of dir */
int vfs_may_delete(const struct vfs_cred *c, struct inode *dir, struct inode *victim, bool isdir)
{
	int err = vfs_permission(c, dir, VFS_MAY_WRITE | VFS_MAY_EXEC);

	if (err)
		return err;
	if ((dir->mode & LX_S_ISVTX) && c->fsuid != victim->uid && c->fsuid != dir->uid &&
	    !vfs_cred_root(c))
		return -LX_EPERM;
	if (isdir && !LX_S_ISDIR(victim->mode))
		return -LX_ENOTDIR;
	if (isdir && victim == victim->sb->root)
		return -LX_EBUSY;
	if (!isdir && LX_S_ISDIR(victim->mode))
		return -LX_EISDIR;
	return 0;
}

/* What a new inode in dir gets (Linux's inode_init_owner): a setgid directory's group. */
void vfs_new_attrs(const struct vfs_cred *c, const struct inode *dir, uint32_t mode,
		      struct vfs_new *nw)
{
	memset(nw, 0, sizeof(*nw));
	nw->uid = c->fsuid;
	nw->gid = c->fsgid;
	if (dir->mode & LX_S_ISGID) {
		nw->gid = dir->gid;
		if (LX_S_ISDIR(mode))
			mode |= LX_S_ISGID;
		else if ((mode & (LX_S_ISGID | LX_S_IXGRP)) == (LX_S_ISGID | LX_S_IXGRP) &&
			 !vfs_in_group(c, dir->gid) && !vfs_cred_root(c))
			mode &= ~LX_S_ISGID;
	}
	nw->mode = mode;
}

/* ---- path lookup -------------------------------------------------------------------- */

struct walk {
	const struct vfs_ctx *ctx;
	struct vfs_path *p;
	const char *s;			/* what is left of the path */
	unsigned flags;
	unsigned links;			/* symbolic links followed so far */
};

static bool is_dot(const char *name, size_t len)
{
	return len == 1 && name[0] == '.';
}

static bool is_dotdot(const char *name, size_t len)
{
	return len == 2 && name[0] == '.' && name[1] == '.';
}

/* From a mounted-on directory to the root of what is mounted there. */
static struct inode *walk_mounts(struct inode *ip)
{
	while (ip->mounted) {
		struct inode *root = vfs_iget(ip->mounted->root);
		vfs_iput(ip);
		ip = root;
	}
	return ip;
}

/* "..": stays at the process root, leaves a mounted file system through its mount point. */
static int walk_dotdot(const struct vfs_ctx *ctx, struct inode *cur, struct inode **out)
{
	for (;;) {
		if (cur == ctx->root) {
			*out = vfs_iget(cur);
			return 0;
		}
		if (cur != cur->sb->root || !cur->sb->covered)
			break;
		cur = cur->sb->covered;
	}
	int err = cur->ops->lookup(cur, "..", 2, out);
	if (err == 0)
		*out = walk_mounts(*out);
	return err;
}

static int walk_step(const struct vfs_ctx *ctx, struct inode *cur, const char *name, size_t len,
		     struct inode **out)
{
	if (is_dot(name, len)) {
		*out = vfs_iget(cur);
		return 0;
	}
	if (is_dotdot(name, len))
		return walk_dotdot(ctx, cur, out);
	int err = cur->ops->lookup(cur, name, len, out);
	if (err == 0)
		*out = walk_mounts(*out);
	return err;
}

/* Replaces the walked part of the path (up to w->s) with link's target. */
static int walk_splice(struct walk *w, struct inode *link)
{
	struct vfs_path *p = w->p;
	size_t rest = strlen(w->s), room = VFS_PATH_MAX - 1 - rest, len = link->size;

	if (++w->links > VFS_SYMLOOP_MAX)
		return -LX_ELOOP;
	if (len == 0 || !link->ops->readlink)
		return -LX_ENOENT;
	if (len > room)
		return -LX_ENAMETOOLONG;
	if (!p->buf && !(p->buf = fs_alloc(VFS_PATH_MAX)))
		return -LX_ENOMEM;
	memmove(p->buf + room, w->s, rest + 1);	/* the rest to the end, NUL included */
	int got = link->ops->readlink(link, p->buf, len);
	if (got <= 0)
		return got < 0 ? got : -LX_ENOENT;
	memmove(p->buf + got, p->buf + room, rest + 1);
	w->s = p->buf;
	return 0;
}

/* what one step of the walk leads to */
enum { WALK_ON, WALK_DONE, WALK_FOLLOW };

/* The path ended at a directory with no name after it: "/", or a link to "/". */
static int walk_root(struct walk *w, struct inode **cur)
{
	struct vfs_path *p = w->p;

	p->dir = *cur;
	p->ip = vfs_iget(*cur);
	*cur = NULL;
	p->last = "/";
	p->last_len = 1;
	p->last_type = VFS_LAST_ROOT;
	return WALK_DONE;
}

/* The last component, found (ip) or not: the result, or a link to follow. */
static int walk_last(struct walk *w, struct inode **cur, struct inode *ip)
{
	struct vfs_path *p = w->p;
	bool parent = w->flags & VFS_LOOKUP_PARENT;

	if (!ip && !parent)
		return -LX_ENOENT;
	if (ip && LX_S_ISLNK(ip->mode) &&
	    ((w->flags & VFS_LOOKUP_FOLLOW) || (p->slash && !parent)))
		return WALK_FOLLOW;
	if (ip && !parent && !LX_S_ISDIR(ip->mode) &&
	    (p->slash || (w->flags & VFS_LOOKUP_DIRECTORY)))
		return -LX_ENOTDIR;
	p->dir = *cur;
	p->ip = ip;
	*cur = NULL;
	p->last_type = is_dot(p->last, p->last_len) ? VFS_LAST_DOT :
		       is_dotdot(p->last, p->last_len) ? VFS_LAST_DOTDOT : VFS_LAST_NORM;
	return WALK_DONE;
}

/* A magic link: the walk goes on from (or, last, ends at) the inode it leads to. */
static int walk_jump(struct walk *w, struct inode **cur, struct inode *link, bool last)
{
	struct inode *to = NULL;
	int err = ++w->links > VFS_SYMLOOP_MAX ? -LX_ELOOP : link->ops->get_link(link, &to);

	vfs_iput(link);
	if (err)
		return err;
	if (last) {
		err = walk_last(w, cur, to);
		if (err != WALK_DONE)		/* a magic link to a symlink: not followed again */
			vfs_iput(to);
		w->p->magic = err == WALK_DONE;
		return err == WALK_FOLLOW ? -LX_ELOOP : err;
	}
	vfs_iput(*cur);
	*cur = to;
	return WALK_ON;
}

/* Goes on with link's target in place of the walked path (from the root if absolute). */
static int walk_follow(struct walk *w, struct inode **cur, struct inode *link, bool last)
{
	if (link->ops->get_link)
		return walk_jump(w, cur, link, last);
	int err = walk_splice(w, link);

	vfs_iput(link);
	if (!err && *w->s == '/') {
		vfs_iput(*cur);
		*cur = vfs_iget(w->ctx->root);
	}
	return err ? err : WALK_ON;
}

/* Cuts the next component off w->s into p->last; says whether it is the last one. */
static bool walk_component(struct walk *w)
{
	struct vfs_path *p = w->p;
	const char *s = w->s, *q;

	p->last = s;
	while (*s && *s != '/')
		s++;
	p->last_len = (size_t)(s - p->last);
	for (q = s; *q == '/'; q++)
		;
	w->s = s;
	p->slash = !*q && q != s;
	return !*q;
}

/* One component from *cur: WALK_ON (*cur moved on), WALK_DONE (*cur given to the result),
 * or an error. */
static int walk_next(struct walk *w, struct inode **cur)
{
	struct vfs_path *p = w->p;
	struct inode *next = NULL;
	bool last;
	int err;

	while (*w->s == '/')
		w->s++;
	if (!*w->s)
		return walk_root(w, cur);
	last = walk_component(w);
	if (p->last_len > VFS_NAME_MAX)
		return -LX_ENAMETOOLONG;
	if (!LX_S_ISDIR((*cur)->mode))
		return -LX_ENOTDIR;
	err = vfs_permission(w->ctx->cred, *cur, VFS_MAY_EXEC);
	if (!err)
		err = walk_step(w->ctx, *cur, p->last, p->last_len, &next);
	if (err)
		return err == -LX_ENOENT && last ? walk_last(w, cur, NULL) : err;
	err = last ? walk_last(w, cur, next) : LX_S_ISLNK(next->mode) ? WALK_FOLLOW : WALK_ON;
	if (err == WALK_FOLLOW)
		return walk_follow(w, cur, next, last);
	if (err == WALK_ON) {
		vfs_iput(*cur);
		*cur = next;
	} else if (err < 0) {
		vfs_iput(next);
	}
	return err;
}

static int walk_run(struct walk *w)
{
	struct inode *cur = vfs_iget(*w->s == '/' ? w->ctx->root : w->ctx->cwd);
	int r;

	while ((r = walk_next(w, &cur)) == WALK_ON)
		;
	vfs_iput(cur);			/* NULL once the result holds it */
	return r < 0 ? r : 0;
}

/* strlen, but stops looking at max */
size_t vfs_path_len(const char *s, size_t max)
{
	size_t n = 0;
	while (n < max && s[n])
		n++;
	return n;
}

int vfs_lookup(const struct vfs_ctx *ctx, const char *path, unsigned flags, struct vfs_path *out)
{
	size_t n = vfs_path_len(path, VFS_PATH_MAX);
	struct walk w = { ctx, out, path, flags, 0 };

	memset(out, 0, sizeof(*out));
	if (n == 0)
		return -LX_ENOENT;
	if (n >= VFS_PATH_MAX)
		return -LX_ENAMETOOLONG;
	int err = walk_run(&w);
	if (err)
		vfs_path_put(out);
	return err;
}

void vfs_path_put(struct vfs_path *p)
{
	vfs_iput(p->ip);
	vfs_iput(p->dir);
	fs_free(p->buf);
	memset(p, 0, sizeof(*p));
}

int vfs_lookup_inode(const struct vfs_ctx *ctx, const char *path, unsigned flags,
		     struct inode **out)
{
	struct vfs_path p;
	int err = vfs_lookup(ctx, path, flags & ~VFS_LOOKUP_PARENT, &p);

	*out = NULL;
	if (err)
		return err;
	*out = p.ip;
	p.ip = NULL;
	vfs_path_put(&p);
	return 0;
}

/* ---- open ----------------------------------------------------------------------------- */

/* O_CREAT: the existing file's checks, or the new file (*created). */
static int open_create(const struct vfs_ctx *ctx, struct vfs_path *p, uint32_t flags,
		       uint32_t mode, bool *created)
{
	struct vfs_new nw;
	int err;

	if (p->last_type == VFS_LAST_NORM && p->slash)
		return -LX_EISDIR;
	if (p->ip && (flags & LX_O_EXCL))
		return -LX_EEXIST;
	if (p->ip)
		return LX_S_ISDIR(p->ip->mode) ? -LX_EISDIR : 0;
	err = vfs_may_create(ctx->cred, p->dir);
	if (err)
		return err;
	if (!p->dir->ops->create)
		return -LX_EPERM;
	vfs_new_attrs(ctx->cred, p->dir, LX_S_IFREG | (mode & LX_S_IALLUGO), &nw);
	err = p->dir->ops->create(p->dir, p->last, p->last_len, &nw, &p->ip);
	*created = err == 0;
	return err;
}

/* may_open: what the file is and what the flags ask of it (a new file is not checked). */
static int open_check(const struct vfs_cred *c, const struct inode *ip, uint32_t flags,
		      bool created)
{
	static const int acc_mode[4] = {	/* O_ACCMODE 3: Linux asks for both */
		VFS_MAY_READ, VFS_MAY_WRITE, VFS_MAY_READ | VFS_MAY_WRITE,
		VFS_MAY_READ | VFS_MAY_WRITE
	};
	int acc = acc_mode[flags & LX_O_ACCMODE] | (flags & LX_O_TRUNC ? VFS_MAY_WRITE : 0);

	if ((flags & LX_O_DIRECTORY) && !LX_S_ISDIR(ip->mode))
		return -LX_ENOTDIR;
	if (LX_S_ISLNK(ip->mode))
		return -LX_ELOOP;
	if (created)
		return 0;
	if (LX_S_ISDIR(ip->mode) && (acc & VFS_MAY_WRITE))
		return -LX_EISDIR;
	if ((LX_S_ISCHR(ip->mode) || LX_S_ISBLK(ip->mode)) && vfs_sb_flag(ip, LX_MS_NODEV))
		return -LX_EACCES;
	return vfs_permission(c, ip, acc);
}

/* open(O_PATH): a descriptor that names the file (a symlink itself with
 * O_NOFOLLOW) without opening it: no permission on it, no device opened; of
 * the other flags only O_DIRECTORY and O_CLOEXEC count (Linux's O_PATH_FLAGS). */
static int open_path(const struct vfs_ctx *ctx, const char *path, uint32_t flags,
		     struct file **out)
{
	static const struct file_ops path_fops;	/* nothing: the calls say EBADF first */
	struct inode *ip;
	int err = vfs_lookup_inode(ctx, path, flags & LX_O_NOFOLLOW ? 0 : VFS_LOOKUP_FOLLOW, &ip);

	if (err)
		return err;
	struct file *f = NULL;
	if ((flags & LX_O_DIRECTORY) && !LX_S_ISDIR(ip->mode))
		err = -LX_ENOTDIR;
	else if (!(f = vfs_file_alloc()))
		err = -LX_ENOMEM;
	if (!err) {
		f->inode = ip;		/* our reference passes to it */
		f->ops = &path_fops;
		f->flags = flags & (LX_O_PATH | LX_O_DIRECTORY | LX_O_NOFOLLOW | LX_O_CLOEXEC);
		f->refs = 1;
		vfs_file_count(f);
		*out = f;
	} else {
		vfs_iput(ip);
	}
	return err;
}

/* The name a file is opened by, for /proc/PID/fd: taken before anything changes. */
static int open_name(const struct vfs_path *p, char **name)
{
	*name = NULL;
	if (p->last_type != VFS_LAST_NORM)
		return 0;
	*name = fs_alloc(p->last_len + 1);
	if (!*name)
		return -LX_ENOMEM;
	memcpy(*name, p->last, p->last_len);
	return 0;
}

/* f keeps its name and directory (name is f's now); a directory finds its own path. */
static void open_remember(struct file *f, const struct vfs_path *p, char *name)
{
	if (!name || LX_S_ISDIR(p->ip->mode)) {
		fs_free(name);
		return;
	}
	f->name = name;
	f->dir = vfs_iget(p->dir);
}

/* ".#tmpfile.N" in name (32 bytes); its length */
static size_t tmpfile_name(char *name, unsigned n)
{
	static const char prefix[] = ".#tmpfile.";
	char digits[12];
	size_t len = sizeof(prefix) - 1, k = 0;

	memcpy(name, prefix, len);
	do
		digits[k++] = (char)('0' + n % 10);
	while ((n /= 10) && k < sizeof(digits));
	while (k)
		name[len++] = digits[--k];
	name[len] = 0;
	return len;
}

/* A new file in dir under a name nobody can have asked for, unlinked at once
 * (unixd serves one call at a time: nobody sees the name in between). */
static int tmpfile_make(const struct vfs_cred *c, struct inode *dir, uint32_t mode,
			struct inode **out)
{
	static unsigned seq;
	struct vfs_new nw;
	char name[32];
	int err = -LX_EEXIST;

	vfs_new_attrs(c, dir, LX_S_IFREG | (mode & LX_S_IALLUGO), &nw);
	for (unsigned tries = 0; err == -LX_EEXIST && tries < 100; tries++) {
		struct inode *old = NULL;
		size_t n = tmpfile_name(name, ++seq);
		if (dir->ops->lookup(dir, name, n, &old) == 0) {
			vfs_iput(old);
			continue;
		}
		err = dir->ops->create(dir, name, n, &nw, out);
		if (!err && (err = dir->ops->unlink(dir, name, n, *out)) < 0)
			vfs_iput(*out);
	}
	return err;
}

/* open(O_TMPFILE): an unnamed regular file in the directory path names, open
 * for writing; linkat(AT_EMPTY_PATH) may name it later unless O_EXCL. */
static int open_tmpfile(const struct vfs_ctx *ctx, const char *path, uint32_t flags,
			uint32_t mode, struct file **out)
{
	struct inode *dir, *ip = NULL;
	struct file *f;
	int err;

	if ((flags & (LX_O_TMPFILE | LX_O_CREAT)) != LX_O_TMPFILE ||
	    (flags & LX_O_ACCMODE) == LX_O_RDONLY)
		return -LX_EINVAL;
	err = vfs_lookup_inode(ctx, path, VFS_LOOKUP_FOLLOW | VFS_LOOKUP_DIRECTORY, &dir);
	if (err)
		return err;
	err = vfs_may_create(ctx->cred, dir);
	if (!err && (!dir->ops->create || !dir->ops->unlink))
		err = -LX_EOPNOTSUPP;
	if (!err && vfs_sb_flag(dir, LX_MS_RDONLY))
		err = -LX_EROFS;
	if (!err && !(f = vfs_file_alloc()))
		err = -LX_ENOMEM;
	if (!err && (err = tmpfile_make(ctx->cred, dir, mode, &ip)) < 0)
		fs_free(f);
	if (!err) {
		ip->linkable = !(flags & LX_O_EXCL);
		err = vfs_file_attach(f, ip, (flags & ~(uint32_t)(LX_O_TMPFILE | LX_O_EXCL)) |
				      LX_O_LARGEFILE);
		vfs_iput(ip);
	}
	if (!err)
		*out = f;
	vfs_iput(dir);
	return err;
}

int vfs_open(const struct vfs_ctx *ctx, const char *path, uint32_t flags, uint32_t mode,
	     struct file **out)
{
	unsigned lf = flags & LX_O_NOFOLLOW ? 0 : VFS_LOOKUP_FOLLOW;
	struct file *f = NULL;
	bool created = false;
	struct vfs_path p;
	char *name = NULL;
	int err;

	*out = NULL;
	if (flags & LX_O_PATH)
		return open_path(ctx, path, flags, out);
	if (flags & LX_O_TMPFILE_BIT)
		return open_tmpfile(ctx, path, flags, mode, out);
	if (flags & LX_O_CREAT)
		lf = (flags & LX_O_EXCL ? 0 : lf) | VFS_LOOKUP_PARENT;
	err = vfs_lookup(ctx, path, lf, &p);
	if (!err && !(f = vfs_file_alloc()))	/* before anything is created */
		err = -LX_ENOMEM;
	if (!err)
		err = open_name(&p, &name);
	if (!err && (flags & LX_O_CREAT))
		err = open_create(ctx, &p, flags, mode, &created);
	if (!err)
		err = open_check(ctx->cred, p.ip, flags, created);
	if (err)
		fs_free(f);
	else
		err = vfs_file_attach(f, p.ip, flags | LX_O_LARGEFILE);	/* as x86-64 */
	if (!err && !created && (flags & LX_O_TRUNC) && LX_S_ISREG(p.ip->mode)) {
		err = vfs_inode_truncate(p.ip, 0);
		if (err)
			vfs_close(f);
	}
	if (!err) {
		open_remember(f, &p, name);
		*out = f;
	} else {
		fs_free(name);
	}
	vfs_path_put(&p);
	return err;
}
