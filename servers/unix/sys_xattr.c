/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sys_xattr.c - the extended-attribute calls ({,l,f}{get,set,list,remove}xattr).
 *
 * Each call finds its file as Linux does (a path, following the last
 * symbolic link or not, or a descriptor: O_PATH ones are EBADF), checks the
 * name (empty or longer than XATTR_NAME_MAX: ERANGE), the flags and the
 * size, then Linux's xattr_permission.  A file system that keeps attributes
 * (inode_ops.getxattr: ext2, and tmpfs for "trusted." and "security.")
 * takes the "user.", "trusted." and "security." names: get, set, list and
 * remove as Linux's ext4 driver serving ext2 and its tmpfs do (a read-only
 * mount: EROFS; "trusted." names are listed to root only).
 * Elsewhere, and for the POSIX ACLs' "system." names everywhere, what Linux's
 * tmpfs says of a file that has none (Debian's glibc programs ask: ls for
 * ACLs and SELinux labels, cp -a for everything):
 *   get     ENODATA for the namespaces tmpfs serves (security., trusted.,
 *           system.posix_acl_access/_default; the ACLs of a symbolic link:
 *           EOPNOTSUPP), EOPNOTSUPP for the others (user.: tmpfs of 6.1);
 *   list    0: no names;
 *   set     EOPNOTSUPP: nothing can be stored;
 *   remove  ENODATA as get does (an ACL that is not there: 0).
 */
#include "unixd.h"
#include "fd.h"
#include "mm/mm.h"
#include "lx_mount.h"

#define XATTR_NAME_MAX   255
#define XATTR_SIZE_MAX   65536
#define XATTR_LIST_MAX   65536
#define XATTR_CREATE     1
#define XATTR_REPLACE    2

enum xattr_how { XATTR_FOLLOW, XATTR_NOFOLLOW, XATTR_FD };

/* What a call acts on: the inode, and whether we hold a reference to it. */
struct xattr_target {
	struct inode *ip;
	bool ref;
};

static bool has_prefix(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* The file: a path (copied in and looked up) or a descriptor. */
static int xattr_find(struct proc *p, enum xattr_how how, uint64_t arg, struct xattr_target *tg)
{
	tg->ip = NULL, tg->ref = false;
	if (how == XATTR_FD) {
		struct file *f = fd_file(p, (int)arg);      /* refuses O_PATH, as fdget */
		if (!f)
			return -LX_EBADF;
		tg->ip = f->inode;
		return 0;
	}
	char *path = malloc(VFS_PATH_MAX);
	if (!path)
		return -LX_ENOMEM;
	long n = copy_in_str(p, path, arg, VFS_PATH_MAX);
	struct vfs_ctx ctx;
	int err = n < 0 ? (int)n : fs_ctx_at(p, LX_AT_FDCWD, path, &ctx);
	if (!err)
		err = vfs_lookup_inode(&ctx, path, how == XATTR_FOLLOW ? VFS_LOOKUP_FOLLOW : 0, &tg->ip);
	tg->ref = !err;
	free(path);
	return err;
}

static void xattr_release(struct xattr_target *tg)
{
	if (tg->ref)
		vfs_iput(tg->ip);
}

/* The attribute's name: 1..XATTR_NAME_MAX bytes, else ERANGE. */
static int xattr_name(struct proc *p, uint64_t u, char name[XATTR_NAME_MAX + 1])
{
	long n = copy_in_str(p, name, u, XATTR_NAME_MAX + 1);
	if (n == 0 || n == -LX_ENAMETOOLONG)
		return -LX_ERANGE;
	return n < 0 ? (int)n : 0;
}

/* Linux's xattr_permission: MAY_READ for get, MAY_WRITE for set and remove. */
static int xattr_permission(struct proc *p, const struct inode *ip, const char *name, int mask)
{
	bool write = mask & VFS_MAY_WRITE;
	uint32_t type = ip->mode & LX_S_IFMT;
	if (has_prefix(name, "security.") || has_prefix(name, "system."))
		return 0;
	if (has_prefix(name, "trusted."))
		return vfs_cred_root(&p->cred) ? 0 : write ? -LX_EPERM : -LX_ENODATA;
	if (has_prefix(name, "user.") && type != LX_S_IFREG && type != LX_S_IFDIR)
		return write ? -LX_EPERM : -LX_ENODATA;
	if (has_prefix(name, "user.") && write && (ip->mode & LX_S_ISVTX) &&
	    !vfs_cred_owns(&p->cred, ip))
		return -LX_EPERM;
	return vfs_permission(&p->cred, ip, mask);
}

static bool is_acl_name(const char *name)
{
	return !strcmp(name, "system.posix_acl_access") || !strcmp(name, "system.posix_acl_default");
}

/* What tmpfs answers for an attribute the file does not have. */
static int xattr_absent(const struct inode *ip, const char *name)
{
	if (is_acl_name(name))
		return LX_S_ISLNK(ip->mode) ? -LX_EOPNOTSUPP : -LX_ENODATA;
	if (has_prefix(name, "security.") || has_prefix(name, "trusted."))
		return -LX_ENODATA;
	return -LX_EOPNOTSUPP;
}

/* The file system keeps name's attributes (the namespaces it takes). */
static bool fs_keeps(const struct inode *ip, const char *name)
{
	return ip->ops->getxattr && (has_prefix(name, "user.") || has_prefix(name, "trusted.") ||
	                             has_prefix(name, "security."));
}

/* The value (or the list) of n bytes from the file system out to u, size
 * bytes there: as getxattr(2), its length when size is 0. */
static long value_out(struct proc *p, uint64_t u, uint64_t size, const void *buf, long n)
{
	if (n < 0 || !size)
		return n;
	return copy_out(p, u, buf, (uint64_t)n) < 0 ? -LX_EFAULT : n;
}

static long fs_get(struct proc *p, struct inode *ip, const char *name, uint64_t u, uint64_t size)
{
	size = size > XATTR_SIZE_MAX ? XATTR_SIZE_MAX : size;
	void *buf = size ? malloc(size) : NULL;
	if (size && !buf)
		return -LX_ENOMEM;
	long n = ip->ops->getxattr(ip, name, buf, size);
	n = value_out(p, u, size, buf, n);
	free(buf);
	return n;
}

static long do_getxattr(struct uthread *t, enum xattr_how how, const uint64_t *a)
{
	struct xattr_target tg;
	char name[XATTR_NAME_MAX + 1];
	long err = xattr_find(t->proc, how, a[0], &tg);
	if (!err)
		err = xattr_name(t->proc, a[1], name);
	if (!err)
		err = xattr_permission(t->proc, tg.ip, name, VFS_MAY_READ);
	if (!err)
		err = fs_keeps(tg.ip, name) ? fs_get(t->proc, tg.ip, name, a[2], a[3]) :
		                              xattr_absent(tg.ip, name);
	xattr_release(&tg);
	return err;
}

/* The value a set passes must be readable, every page of it (EFAULT), as
 * Linux copies it in before looking further. */
static int value_readable(struct proc *p, uint64_t u, uint64_t len)
{
	uint8_t byte;
	for (uint64_t off = 0; off < len; off = PAGE_DOWN(u + off) + UNIX_PAGE - u)
		if (copy_in(p, &byte, u + off, 1) < 0)
			return -LX_EFAULT;
	return 0;
}

static int fs_set(struct proc *p, struct inode *ip, const char *name, uint64_t u, uint64_t len,
                  int flags)
{
	static const char empty;
	void *value = len ? malloc(len) : (void *)&empty;
	if (!value)
		return -LX_ENOMEM;
	int err = len ? copy_in(p, value, u, len) : 0;
	if (!err)
		err = ip->ops->setxattr(ip, name, value, len, flags);
	if (len)
		free(value);
	return err < 0 ? err : 0;
}

/* The names of ip's attributes, those in "trusted." for root only (ext4's
 * list handler), out to u as listxattr(2). */
static long fs_list(struct proc *p, struct inode *ip, uint64_t u, uint64_t size)
{
	char *buf = malloc(XATTR_LIST_MAX);
	if (!buf)
		return -LX_ENOMEM;
	long n = ip->ops->listxattr(ip, buf, XATTR_LIST_MAX), kept = 0;
	for (long i = 0, k; i < n; i += k) {
		k = (long)strlen(buf + i) + 1;     /* before the name moves down */
		if (has_prefix(buf + i, "trusted.") && !vfs_cred_root(&p->cred))
			continue;
		memmove(buf + kept, buf + i, (size_t)k);
		kept += k;
	}
	if (n >= 0)
		n = size && (uint64_t)kept > size ? -LX_ERANGE : kept;
	n = value_out(p, u, size, buf, n);
	free(buf);
	return n;
}

static long do_setxattr(struct uthread *t, enum xattr_how how, const uint64_t *a)
{
	struct xattr_target tg;
	char name[XATTR_NAME_MAX + 1];
	int err = xattr_find(t->proc, how, a[0], &tg);
	if (!err && (a[4] & ~(uint64_t)(XATTR_CREATE | XATTR_REPLACE)))
		err = -LX_EINVAL;
	if (!err)
		err = xattr_name(t->proc, a[1], name);
	if (!err && a[3] > XATTR_SIZE_MAX)
		err = -LX_E2BIG;
	if (!err)
		err = value_readable(t->proc, a[2], a[3]);
	if (!err && fs_keeps(tg.ip, name) && vfs_sb_flag(tg.ip, LX_MS_RDONLY))
		err = -LX_EROFS;        /* mnt_want_write, before the permission */
	if (!err)
		err = xattr_permission(t->proc, tg.ip, name, VFS_MAY_WRITE);
	if (!err)
		err = fs_keeps(tg.ip, name) ? fs_set(t->proc, tg.ip, name, a[2], a[3], (int)a[4]) :
		                              -LX_EOPNOTSUPP;
	xattr_release(&tg);
	return err;
}

static long do_listxattr(struct uthread *t, enum xattr_how how, const uint64_t *a)
{
	struct xattr_target tg;
	long err = xattr_find(t->proc, how, a[0], &tg);
	if (!err && tg.ip->ops->listxattr)
		err = fs_list(t->proc, tg.ip, a[1], a[2]);
	xattr_release(&tg);
	return err;             /* elsewhere 0: no names */
}

static long do_removexattr(struct uthread *t, enum xattr_how how, const uint64_t *a)
{
	struct xattr_target tg;
	char name[XATTR_NAME_MAX + 1];
	int err = xattr_find(t->proc, how, a[0], &tg);
	if (!err)
		err = xattr_name(t->proc, a[1], name);
	if (!err && fs_keeps(tg.ip, name) && vfs_sb_flag(tg.ip, LX_MS_RDONLY))
		err = -LX_EROFS;
	if (!err)
		err = xattr_permission(t->proc, tg.ip, name, VFS_MAY_WRITE);
	if (!err && fs_keeps(tg.ip, name))
		err = tg.ip->ops->setxattr(tg.ip, name, NULL, 0, VFS_XATTR_REPLACE);
	else if (!err)
		err = is_acl_name(name) && !LX_S_ISLNK(tg.ip->mode) ? 0 : xattr_absent(tg.ip, name);
	xattr_release(&tg);
	return err;
}

long sys_getxattr(struct uthread *t, const uint64_t *a) { return do_getxattr(t, XATTR_FOLLOW, a); }
long sys_lgetxattr(struct uthread *t, const uint64_t *a) { return do_getxattr(t, XATTR_NOFOLLOW, a); }
long sys_fgetxattr(struct uthread *t, const uint64_t *a) { return do_getxattr(t, XATTR_FD, a); }
long sys_setxattr(struct uthread *t, const uint64_t *a) { return do_setxattr(t, XATTR_FOLLOW, a); }
long sys_lsetxattr(struct uthread *t, const uint64_t *a) { return do_setxattr(t, XATTR_NOFOLLOW, a); }
long sys_fsetxattr(struct uthread *t, const uint64_t *a) { return do_setxattr(t, XATTR_FD, a); }
long sys_listxattr(struct uthread *t, const uint64_t *a) { return do_listxattr(t, XATTR_FOLLOW, a); }
long sys_llistxattr(struct uthread *t, const uint64_t *a) { return do_listxattr(t, XATTR_NOFOLLOW, a); }
long sys_flistxattr(struct uthread *t, const uint64_t *a) { return do_listxattr(t, XATTR_FD, a); }
long sys_removexattr(struct uthread *t, const uint64_t *a)
{
	return do_removexattr(t, XATTR_FOLLOW, a);
}
long sys_lremovexattr(struct uthread *t, const uint64_t *a)
{
	return do_removexattr(t, XATTR_NOFOLLOW, a);
}
long sys_fremovexattr(struct uthread *t, const uint64_t *a)
{
	return do_removexattr(t, XATTR_FD, a);
}
