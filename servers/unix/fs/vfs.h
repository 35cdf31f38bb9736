/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * vfs.h (unixd) - the virtual file system: inodes, open file descriptions,
 * path lookup and the file operations of the Linux system calls, with Linux's
 * semantics and error numbers (-LX_E*).  File systems plug in below through
 * struct inode_ops (ramfs today; ext2, devfs and procfs later), devices,
 * pipes and ttys through struct file_ops.
 *
 * The system-call layer calls it with a struct vfs_ctx (the process's root
 * and working directory and its credentials; for the *at() calls, the working
 * directory is the dirfd's inode), plain pointers to memory it has already
 * checked and copied (paths are NUL-terminated C strings), and gets back 0 or
 * a count, or a negative Linux error.
 *
 * Concurrency: none.  unixd serves one call at a time; nothing here blocks
 * and nothing is locked.
 *
 * Ownership: a struct inode * handed out (by vfs_lookup, vfs_path_get, the
 * lookup op) is a reference, returned with vfs_iput; a struct file * is a
 * reference, returned with vfs_close.  An inode lives while it has references
 * or links (nlink): an unlinked file stays usable until its last close.
 *
 *   vfs.c    inodes, credentials and permissions, path lookup, open
 *   mount.c  the mount table and the file system types mount(2) knows
 *   name.c   mkdir, mknod, symlink, link, unlink, rmdir, rename, readlink
 *   attr.c   stat, truncate, chmod, chown, access, utimens
 *   file.c   open file descriptions: read, write, lseek, getdents64, the
 *            character-device registry, /dev/null, /dev/zero, /dev/full
 *   ramfs.c  the in-memory file system
 */
#ifndef UNIXD_VFS_H
#define UNIXD_VFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "lx_errno.h"
#include "lx_fcntl.h"

#define VFS_NAME_MAX	255		/* bytes in one path component */
#define VFS_PATH_MAX	4096		/* bytes in a path, with its NUL */
#define VFS_SYMLOOP_MAX	40		/* symbolic links one lookup follows */
#define VFS_NGROUPS_MAX	32		/* supplementary groups a credential holds */
#define VFS_BLKSIZE	4096		/* st_blksize */
#define VFS_RELATIME_NS	(86400ll * 1000000000ll)	/* relatime: an atime older than this moves */

/* inode_permission masks */
#define VFS_MAY_EXEC	1
#define VFS_MAY_WRITE	2
#define VFS_MAY_READ	4

struct inode;
struct file;
struct vfs_sb;
struct urt_list;
struct lx_statfs;
struct vfs_lock;

/* Who asks.  Files are checked with fsuid/fsgid; fsuid 0 holds every file capability. */
struct vfs_cred {
	uint32_t uid, gid;		/* real */
	uint32_t euid, egid;		/* effective */
	uint32_t fsuid, fsgid;		/* file system (follow euid/egid unless setfsuid) */
	uint32_t ngroups;
	uint32_t groups[VFS_NGROUPS_MAX];
};

/* Where a path starts: borrowed for the call, never kept. */
struct vfs_ctx {
	struct inode *root;		/* "/" and the limit of ".." (chroot) */
	struct inode *cwd;		/* relative paths (the dirfd for *at() calls) */
	const struct vfs_cred *cred;
};

/* Device numbers as Linux's dev_t: major 12 bits, minor 20 bits. */
static inline uint32_t vfs_mkdev(uint32_t major, uint32_t minor)
{
	return (minor & 0xff) | ((major & 0xfff) << 8) | ((minor & ~0xffu) << 12);
}
static inline uint32_t vfs_major(uint32_t dev) { return (dev >> 8) & 0xfff; }
static inline uint32_t vfs_minor(uint32_t dev) { return (dev & 0xff) | ((dev >> 12) & 0xfff00); }

/* ---- the file system interface ---------------------------------------------------- */

/* What a new inode gets; the VFS fills it (ownership, setgid inheritance). */
struct vfs_new {
	uint32_t mode;			/* type and permission bits */
	uint32_t uid, gid;
	uint32_t rdev;			/* devices */
	const char *target;		/* symlinks: the target (target_len bytes, no NUL) */
	size_t target_len;
};

/* setattr: which fields of struct vfs_attr to store */
#define VFS_ATTR_MODE	0x01
#define VFS_ATTR_UID	0x02
#define VFS_ATTR_GID	0x04
#define VFS_ATTR_ATIME	0x08
#define VFS_ATTR_MTIME	0x10
#define VFS_ATTR_CTIME	0x20

struct vfs_attr {
	unsigned valid;
	uint32_t mode, uid, gid;
	int64_t atime, mtime, ctime;	/* ns since the epoch */
};

/*
 * getdents callback: one entry, and the position just after it.  Returns true
 * to go on, false when the caller's buffer is full (the entry is not taken).
 */
typedef bool (*vfs_filldir_t)(void *arg, const char *name, size_t len, uint64_t ino,
			      unsigned dtype, uint64_t next_pos);

/*
 * A file system's operations on its inodes.  The VFS has checked everything
 * Linux checks at its level (permissions, types, existence, emptiness is the
 * fs's) before calling: the ops only do the change.  Names are (name, len),
 * never "." or "..", at most VFS_NAME_MAX bytes.  Ops a file system lacks are
 * NULL (-EPERM for name-space ops, -EINVAL for data ops).
 */
struct inode_ops {
	/* *out: a reference; -ENOENT if absent.  ".." is asked for too. */
	int (*lookup)(struct inode *dir, const char *name, size_t len, struct inode **out);
	/* the four creators: a new inode from nw under name (absent), *out a reference */
	int (*create)(struct inode *dir, const char *name, size_t len, const struct vfs_new *nw,
		      struct inode **out);
	int (*mknod)(struct inode *dir, const char *name, size_t len, const struct vfs_new *nw,
		     struct inode **out);
	int (*mkdir)(struct inode *dir, const char *name, size_t len, const struct vfs_new *nw,
		     struct inode **out);
	int (*symlink)(struct inode *dir, const char *name, size_t len, const struct vfs_new *nw,
		       struct inode **out);
	/* remove name (which is victim); rmdir: -ENOTEMPTY unless empty */
	int (*unlink)(struct inode *dir, const char *name, size_t len, struct inode *victim);
	int (*rmdir)(struct inode *dir, const char *name, size_t len, struct inode *victim);
	/* move; a target of the new name is replaced (rename: -ENOTEMPTY for a full directory) */
	int (*rename)(struct inode *odir, const char *oname, size_t olen,
		      struct inode *ndir, const char *nname, size_t nlen);
	/* renameat2 RENAME_EXCHANGE: the two names (both there) swap what they name;
	   NULL: the file system cannot (-EINVAL) */
	int (*exchange)(struct inode *odir, const char *oname, size_t olen,
			struct inode *ndir, const char *nname, size_t nlen);
	int (*link)(struct inode *ip, struct inode *dir, const char *name, size_t len);
	/* copies at most n bytes of the target, returns how many */
	int (*readlink)(struct inode *ip, char *buf, size_t n);
	/* regular files: bytes moved or -errno; off + n never exceeds the sb's max_size */
	int64_t (*read)(struct inode *ip, void *buf, size_t n, uint64_t off);
	int64_t (*write)(struct inode *ip, const void *buf, size_t n, uint64_t off);
	int (*truncate)(struct inode *ip, uint64_t size);
	/* fallocate(2) of [off, off + len) with VFS_FALLOC_* mode (checked by
	   vfs_fallocate: PUNCH_HOLE comes with KEEP_SIZE, the range within the
	   sb's max_size); NULL: the generic one (vfs_fallocate_grow; PUNCH_HOLE
	   is -EOPNOTSUPP) */
	int (*fallocate)(struct inode *ip, int mode, uint64_t off, uint64_t len);
	/* directories: entries from *pos on (".", ".." first), *pos left at the first not taken */
	int (*getdents)(struct inode *dir, uint64_t *pos, vfs_filldir_t fill, void *arg);
	int (*setattr)(struct inode *ip, const struct vfs_attr *attr);
	/* the last reference went: free the inode if it has no links left */
	void (*evict)(struct inode *ip);
	/* regular files: the FS_PAGE_SIZE page holding bytes [index * FS_PAGE_SIZE, +FS_PAGE_SIZE),
	   made (zeroed) where the file has a hole; NULL when out of memory.  File
	   mappings map it (a page of fs_page_alloc: the server may share it). */
	void *(*page)(struct inode *ip, uint64_t index);
	/* "magic" links (procfs: /proc/PID/exe, cwd, root, fd/N): following one
	   leads straight to *out (a reference) instead of through its text, which
	   readlink still gives; NULL for ordinary symlinks */
	int (*get_link)(struct inode *ip, struct inode **out);
	/* a shared writable mapping may write the page `page` gave: the fs writes it
	   back on sync, fsync, msync and unmount from now on; NULL: nothing to do */
	void (*page_dirty)(struct inode *ip, uint64_t index);
	/* regular files: whether page index holds data, for SEEK_DATA and SEEK_HOLE
	   (tmpfs's page granularity); NULL: the whole file is data */
	bool (*has_page)(struct inode *ip, uint64_t index);
	/* extended attributes by full name ("user.k"; the namespaces "user.",
	   "trusted." and "security." only, permission checked by the caller).
	   get: the value's length, the value copied into buf when size is not 0
	   (-ERANGE when it is too small; -ENODATA: none).  set: value NULL
	   removes; VFS_XATTR_CREATE / _REPLACE as setxattr(2)'s flags (-EEXIST,
	   -ENODATA; -ENOSPC: no room).  list: every name, NUL-ended, into buf
	   when size is not 0 (-ERANGE when short), and their length.  NULL: the
	   file system keeps none */
	int (*getxattr)(struct inode *ip, const char *name, void *buf, size_t size);
	int (*setxattr)(struct inode *ip, const char *name, const void *value, size_t len,
			int flags);
	int (*listxattr)(struct inode *ip, char *buf, size_t size);
};
#define VFS_XATTR_CREATE	1
#define VFS_XATTR_REPLACE	2

/* What every file system offers at its level (any op may be NULL). */
struct vfs_sb_ops {
	/* statfs(2) figures: f_type, blocks, files, name length... */
	int (*statfs)(struct vfs_sb *sb, struct lx_statfs *out);
	/* write back what is dirty; wait: until it is on the device (sync, syncfs, fsync of the sb) */
	int (*sync)(struct vfs_sb *sb, bool wait);
	/* the periodic write-back, every second while mounted: what has been dirty
	   long enough goes out; NULL: nothing to do */
	int (*tick)(struct vfs_sb *sb, uint64_t now_ns);
	/* per-inode write-back (fsync, fdatasync); NULL: nothing to do */
	int (*fsync)(struct inode *ip, bool datasync);
	/* unmount: write everything back, mark the fs clean, free the sb (no inode is held) */
	void (*put_super)(struct vfs_sb *sb);
	/* the file system's own options after the mount flags in /proc/mounts
	   (",size=1024k,mode=700"): characters it would write (as snfmt) */
	int (*show_options)(struct vfs_sb *sb, char *buf, size_t n);
};

/* One mounted file system. */
struct vfs_sb {
	const struct vfs_sb_ops *sops;	/* NULL: none of them */
	const char *fstype;		/* "ext2", "ramfs", "proc" (/proc/mounts, /proc/filesystems) */
	char source[64];		/* what was mounted ("/dev/vda1", "none") */
	unsigned mnt_flags;		/* LX_MS_RDONLY, LX_MS_NOSUID, ... as mounted */
	struct inode *root;		/* held by the sb */
	struct inode *covered;		/* the directory it is mounted on (held), or NULL */
	uint32_t dev;			/* st_dev */
	uint64_t next_ino;
	uint64_t max_size;		/* largest file size (Linux's s_maxbytes) */
	/* the mount table (fs/mount.c) */
	struct vfs_sb *mnt_next;	/* in the order mounted */
	int mnt_id;			/* /proc/PID/mountinfo; 0: not mounted */
	uint32_t nfiles;		/* open files of its inodes (umount2: EBUSY) */
};

/* A file, directory, symlink or device of some file system. */
struct inode {
	const struct inode_ops *ops;
	const struct file_ops *fops;	/* how it reads and writes; NULL: by its type */
	struct vfs_sb *sb;
	uint64_t ino;
	uint32_t mode, uid, gid;
	uint32_t nlink;			/* 0: unlinked (a directory: removed) */
	uint32_t rdev;
	uint64_t size;
	uint64_t blocks;		/* 512-byte units in use */
	int64_t atime, mtime, ctime;	/* ns since the epoch */
	uint32_t refs;
	struct vfs_sb *mounted;		/* a file system mounted here, or NULL */
	struct vfs_lock *locks;		/* advisory locks on it (lock.c), or NULL */
	bool linkable;			/* an O_TMPFILE file linkat may name (nlink 0) */
	uint32_t seals;			/* a memfd's VFS_SEAL_* (memfd.c); 0 for any other */
};

/* memfd seals (Linux's F_SEAL_*): what no one may do to the file any more.
 * Writes and truncation check them here (file.c, attr.c), mmap in
 * mm/sys_mem.c. */
#define VFS_SEAL_SEAL		0x01	/* no more seals */
#define VFS_SEAL_SHRINK		0x02
#define VFS_SEAL_GROW		0x04
#define VFS_SEAL_WRITE		0x08	/* and no shared writable mapping */
#define VFS_SEAL_FUTURE_WRITE	0x10	/* writes and new shared writable mappings */
#define VFS_SEAL_ALL		0x1f
#define VFS_SEALS_NO_WRITE	(VFS_SEAL_WRITE | VFS_SEAL_FUTURE_WRITE)

/* ---- open file descriptions ---------------------------------------------------------- */

/*
 * How an open file reads and writes.  pos is the offset to use and advance
 * (the description's, or pread's own).  NULL ops: read/write -EINVAL, lseek
 * and pread/pwrite -ESPIPE (pipes, ttys), ioctl -ENOTTY, getdents -ENOTDIR.
 */
struct file_ops {
	int (*open)(struct file *f);	/* optional: set up f->priv or refuse */
	int64_t (*read)(struct file *f, void *buf, size_t n, uint64_t *pos);
	int64_t (*write)(struct file *f, const void *buf, size_t n, uint64_t *pos);
	int64_t (*lseek)(struct file *f, int64_t off, int whence);
	int (*ioctl)(struct file *f, unsigned cmd, uintptr_t arg);
	int64_t (*getdents)(struct file *f, void *buf, size_t n);
	void (*release)(struct file *f);	/* the last vfs_close */
	/* LX_POLL* bits of what a read or write would do now; NULL: always ready
	   (POLLIN|POLLOUT|POLLRDNORM|POLLWRNORM, as regular files) */
	unsigned (*poll)(struct file *f);
	/* where a read (write true: a write) that returned -EAGAIN waits until
	   the file's state changes (its owner calls wake_all on it); NULL: such
	   a file never waits, -EAGAIN goes to the caller */
	struct urt_list *(*wait_queue)(struct file *f, bool write);
	/* how long (ns) a read that just returned -EAGAIN waits at most before it
	   runs again (park.wake_reason PARK_TIMEOUT): a terminal's VTIME; NULL
	   or 0: until woken */
	uint64_t (*wait_timeout)(struct file *f);
};

struct file {
	struct inode *inode;		/* a reference */
	const struct file_ops *ops;
	uint64_t pos;			/* offset; for directories a getdents position */
	uint32_t flags;			/* LX_O_* of open (F_SETFL changes status flags) */
	uint32_t refs;			/* descriptors sharing it (dup, fork) */
	void *priv;			/* the ops' */
	/* where it was opened, for /proc/PID/fd (vfs_open; NULL when unknown) */
	struct inode *dir;		/* the directory holding it (a reference) */
	char *name;			/* its name there (owned, NUL-terminated) */
	bool in_sb;			/* counted in inode->sb->nfiles (vfs_file_count) */
	void *watchers;			/* epoll items watching it (epoll.c's), or NULL */
};

/* Called by the last vfs_close of a file with watchers, before its release
 * op (epoll.c sets it: an epoll item goes with the file it watches). */
extern void (*vfs_unwatch_hook)(struct file *f);

/* ---- stat ---------------------------------------------------------------------------- */

struct vfs_stat {
	uint32_t dev, rdev;
	uint64_t ino;
	uint32_t mode, nlink, uid, gid;
	uint64_t size, blksize, blocks;
	int64_t atime, mtime, ctime;	/* ns since the epoch */
};

/* ---- path lookup ---------------------------------------------------------------------- */

/* vfs_lookup flags */
#define VFS_LOOKUP_FOLLOW	0x1	/* follow a symlink in the last component */
#define VFS_LOOKUP_PARENT	0x2	/* the last component may be absent: dir + name */
#define VFS_LOOKUP_DIRECTORY	0x4	/* the result must be a directory (-ENOTDIR) */

/* kinds of last component */
enum vfs_last { VFS_LAST_NORM, VFS_LAST_DOT, VFS_LAST_DOTDOT, VFS_LAST_ROOT };

/* What vfs_lookup found; give it back with vfs_path_put. */
struct vfs_path {
	struct inode *dir;		/* the directory the last component is in (a reference) */
	struct inode *ip;		/* what the path names (a reference), NULL if absent */
	const char *last;		/* the last component, last_len bytes (no NUL) */
	size_t last_len;
	enum vfs_last last_type;	/* "/" gives ROOT, dir == ip == the root */
	bool slash;			/* the path ends with '/' */
	bool magic;			/* the last component was a magic link, followed */
	char *buf;			/* symbolic-link expansion, owned */
};

/* ---- entry points (vfs.c, name.c, attr.c) ------------------------------------------------ */

struct inode *vfs_iget(struct inode *ip);	/* one more reference; returns ip */
void vfs_iput(struct inode *ip);		/* NULL is allowed */

/* 0 if cred may do mask (VFS_MAY_*) to ip, else -EACCES (Linux generic_permission). */
int vfs_permission(const struct vfs_cred *cred, const struct inode *ip, int mask);
bool vfs_in_group(const struct vfs_cred *cred, uint32_t gid);
/* holds the file capabilities (fsuid 0) */
bool vfs_cred_root(const struct vfs_cred *cred);
/* the owner, or root (Linux's inode_owner_or_capable) */
bool vfs_cred_owns(const struct vfs_cred *cred, const struct inode *ip);
/* a new name in dir: -ENOENT if dir was removed, -EACCES without write and search */
int vfs_may_create(const struct vfs_cred *cred, const struct inode *dir);
/* victim's name out of dir: permissions, sticky bit (-EPERM), -ENOTDIR / -EISDIR, -EBUSY */
int vfs_may_delete(const struct vfs_cred *cred, struct inode *dir, struct inode *victim,
		   bool isdir);
/* ownership and mode of a new inode in dir (setgid directories pass on their group) */
void vfs_new_attrs(const struct vfs_cred *cred, const struct inode *dir, uint32_t mode,
		   struct vfs_new *nw);
/* strlen, looking at max bytes at most */
size_t vfs_path_len(const char *s, size_t max);

int vfs_lookup(const struct vfs_ctx *ctx, const char *path, unsigned flags, struct vfs_path *out);
void vfs_path_put(struct vfs_path *p);
/* The inode path names (a reference in *out); flags VFS_LOOKUP_FOLLOW, _DIRECTORY. */
int vfs_lookup_inode(const struct vfs_ctx *ctx, const char *path, unsigned flags,
		     struct inode **out);

/* ---- the mount table (mount.c) ----------------------------------------------------------- */

/* What mount(2) asks of a file system type. */
struct vfs_mount_args {
	const char *source;		/* mount's first argument ("none", "/dev/vda1") */
	unsigned flags;			/* LX_MS_RDONLY, LX_MS_NOSUID, ... (lx_mount.h) */
	const char *data;		/* the options string, or NULL */
	uint32_t dev;			/* st_dev for a file system without a device */
	const struct vfs_ctx *ctx;	/* the caller's, to look source up */
	uint64_t mem_pages;		/* the machine's memory, for default limits (tmpfs) */
};

/* A file system type mount(2) knows: name as in /proc/filesystems. */
struct vfs_fstype {
	const char *name;
	bool nodev;			/* needs no block device ("nodev" in /proc/filesystems) */
	/* a new sb from args (source, flags, options): 0, or -EINVAL for bad
	   options, -ENOTBLK / -ENXIO for a bad source, -ENOMEM */
	int (*mount)(const struct vfs_mount_args *args, struct vfs_sb **out);
};

/* Adds t to the types mount(2) knows (-EBUSY: the name is taken, -ENOSPC: full). */
int vfs_fstype_register(const struct vfs_fstype *t);
/* The type called name, or NULL; vfs_fstype_at(i) the i-th registered (NULL past the end). */
const struct vfs_fstype *vfs_fstype_find(const char *name);
const struct vfs_fstype *vfs_fstype_at(unsigned i);

/* The root file system: the first entry of the table (it covers nothing). */
void vfs_mount_root(struct vfs_sb *sb);
/* Mounts sb on the directory dir (on top of what is mounted there already:
 * the topmost mount is the one lookups see).  Lookups cross it both ways; a
 * process whose root or cwd is dir keeps seeing what was there.  Takes a
 * reference on dir; -EBUSY if sb is mounted already. */
int vfs_mount_inode(struct inode *dir, struct vfs_sb *sb);
int vfs_mount(const struct vfs_ctx *ctx, const char *path, struct vfs_sb *sb);
/* Takes sb out of the tree and the table (the caller checked it is not in use
 * and has nothing mounted on it); then vfs_sb_free. */
void vfs_umount(struct vfs_sb *sb);
/* MS_MOVE: mounted sb (not the root of them all) taken off its directory and
 * put on dir, on top of what is mounted there; its mounts move with it; it
 * keeps its mount id and is listed last.  -ELOOP when dir is in sb's tree. */
int vfs_mount_move(struct vfs_sb *sb, struct inode *dir);
/* Frees an unmounted sb: its put_super (which frees it), else nothing. */
void vfs_sb_free(struct vfs_sb *sb);
/* The table in mount order: vfs_mount_next(NULL) is the root's sb. */
struct vfs_sb *vfs_mount_next(const struct vfs_sb *sb);
/* The sb mounted on the sb's covered directory's file system (its parent in the
 * tree), or NULL for the root. */
struct vfs_sb *vfs_mount_parent(const struct vfs_sb *sb);
/* Whether a mount flag (LX_MS_*) holds for the file system ip is in. */
static inline bool vfs_sb_flag(const struct inode *ip, unsigned flag)
{
	return ip->sb && (ip->sb->mnt_flags & flag);
}

/* open(2): mode is the creation mode with the umask applied by the caller. */
int vfs_open(const struct vfs_ctx *ctx, const char *path, uint32_t flags, uint32_t mode,
	     struct file **out);
int vfs_mkdir(const struct vfs_ctx *ctx, const char *path, uint32_t mode);
/* mknod(2): S_IFREG (or 0), S_IFCHR, S_IFBLK, S_IFIFO, S_IFSOCK; dev as Linux encodes it */
int vfs_mknod(const struct vfs_ctx *ctx, const char *path, uint32_t mode, uint32_t dev);
int vfs_rmdir(const struct vfs_ctx *ctx, const char *path);
int vfs_unlink(const struct vfs_ctx *ctx, const char *path);
int vfs_rename(const struct vfs_ctx *ctx, const char *oldpath, const char *newpath);
/* renameat2: each path from its own start; flags LX_RENAME_NOREPLACE, LX_RENAME_EXCHANGE
   (where the file system has the op), WHITEOUT -EINVAL */
int vfs_rename2(const struct vfs_ctx *octx, const char *oldpath, const struct vfs_ctx *nctx,
		const char *newpath, unsigned flags);
/* link(2); flags LX_AT_SYMLINK_FOLLOW follows oldpath's last symlink */
int vfs_link(const struct vfs_ctx *ctx, const char *oldpath, const char *newpath, unsigned flags);
/* linkat: each path from its own start */
int vfs_link2(const struct vfs_ctx *octx, const char *oldpath, const struct vfs_ctx *nctx,
	      const char *newpath, unsigned flags);
/* linkat(fd, "", ..., AT_EMPTY_PATH): a new name for ip */
int vfs_link_inode(const struct vfs_ctx *ctx, struct inode *ip, const char *newpath);
int vfs_symlink(const struct vfs_ctx *ctx, const char *target, const char *linkpath);
/* bytes copied (no NUL), at most n */
int vfs_readlink(const struct vfs_ctx *ctx, const char *path, char *buf, size_t n);

/* stat; flags LX_AT_SYMLINK_NOFOLLOW */
int vfs_stat(const struct vfs_ctx *ctx, const char *path, unsigned flags, struct vfs_stat *st);
void vfs_inode_stat(const struct inode *ip, struct vfs_stat *st);
void vfs_stat_to_linux(const struct vfs_stat *st, struct lx_stat *out);
int vfs_truncate(const struct vfs_ctx *ctx, const char *path, int64_t length);
/* after a write or truncate by c: set-user-ID goes, and set-group-ID with group
   execute, unless c is root (Linux's file_remove_privs) */
void vfs_kill_privs(const struct vfs_cred *c, struct inode *ip);
/* size without permission checks (-EFBIG beyond the sb's max_size) */
int vfs_inode_truncate(struct inode *ip, uint64_t size);
/* fallocate(2)'s mode bits that unixd knows (Linux's FALLOC_FL_*) */
#define VFS_FALLOC_KEEP_SIZE	0x01
#define VFS_FALLOC_PUNCH_HOLE	0x02
/* fallocate(2) on a regular file's inode (the caller checked the file:
 * open for writing, regular, off + len within max_size): the mode's rules,
 * a memfd's seals, then the file system's inode_ops.fallocate. */
int vfs_fallocate(struct inode *ip, int mode, uint64_t off, uint64_t len);
/* The generic modes 0 (the file grows to off + len) and KEEP_SIZE (nothing:
 * no space is reserved ahead), for a file system's inode_ops.fallocate. */
int vfs_fallocate_grow(struct inode *ip, int mode, uint64_t off, uint64_t len);
/* A hole to punch in [off, off + len) of a file of size bytes, split by
 * FS_PAGE_SIZE pages for a file system's fallocate: [off, head) and [tail,
 * end) are parts of pages to zero (empty when off == head, tail == end),
 * [head, tail) whole pages to free.  False: nothing to punch (the range
 * starts at or past the end of the file, which it never passes). */
struct vfs_punch {
	uint64_t off, head, tail, end;
};
bool vfs_punch_split(uint64_t size, uint64_t off, uint64_t len, struct vfs_punch *p);
int vfs_chmod(const struct vfs_ctx *ctx, const char *path, uint32_t mode);
/* fchmod, fchown, futimens: the same on an open file's inode */
int vfs_inode_chmod(const struct vfs_cred *cred, struct inode *ip, uint32_t mode);
/* uid or gid (uint32_t)-1: unchanged; flags LX_AT_SYMLINK_NOFOLLOW */
int vfs_chown(const struct vfs_ctx *ctx, const char *path, uint32_t uid, uint32_t gid,
	      unsigned flags);
int vfs_inode_chown(const struct vfs_cred *cred, struct inode *ip, uint32_t uid, uint32_t gid);
/* faccessat: mode LX_R_OK|W_OK|X_OK or F_OK; flags LX_AT_EACCESS, LX_AT_SYMLINK_NOFOLLOW */
int vfs_access(const struct vfs_ctx *ctx, const char *path, int mode, unsigned flags);
/* the same check on an inode already in hand (faccessat2's AT_EMPTY_PATH) */
int vfs_inode_access(const struct vfs_cred *cred, struct inode *ip, int mode, unsigned flags);
/* utimensat: ts NULL means both now; LX_UTIME_NOW/OMIT in tv_nsec; flags AT_SYMLINK_NOFOLLOW */
int vfs_utimens(const struct vfs_ctx *ctx, const char *path, const struct lx_timespec *ts,
		unsigned flags);
int vfs_inode_utimens(const struct vfs_cred *cred, struct inode *ip, const struct lx_timespec *ts);

/* ---- entry points (file.c) ---------------------------------------------------------- */

/* Registers the character devices of file.c (mem: 1:3 null, 1:5 zero, 1:7 full). */
int vfs_init(void);

/* Opens ip without permission checks (open checked them, or the server asks). */
int vfs_file_open_inode(struct inode *ip, uint32_t flags, struct file **out);
/* the same in two steps, so that a caller can fail for memory before it changes anything */
struct file *vfs_file_alloc(void);
/* opens f (from vfs_file_alloc) on ip; on an error f is freed */
int vfs_file_attach(struct file *f, struct inode *ip, uint32_t flags);
struct file *vfs_file_get(struct file *f);	/* one more reference (dup, fork) */
/* f (on an inode of a file system) counts as its sb's until its last close */
void vfs_file_count(struct file *f);
void vfs_close(struct file *f);			/* the last one releases it */

int64_t vfs_read(struct file *f, void *buf, size_t n);
int64_t vfs_write(struct file *f, const void *buf, size_t n);
int64_t vfs_pread(struct file *f, void *buf, size_t n, int64_t off);
int64_t vfs_pwrite(struct file *f, const void *buf, size_t n, int64_t off);
int64_t vfs_lseek(struct file *f, int64_t off, int whence);
/* struct lx_dirent64 records into buf; 0 at the end; -EINVAL if one does not fit */
int64_t vfs_getdents64(struct file *f, void *buf, size_t n);
int vfs_ioctl(struct file *f, unsigned cmd, uintptr_t arg);
int vfs_ftruncate(struct file *f, int64_t length);

/* Character devices: opening an S_IFCHR inode with this rdev uses ops (-ENXIO if none). */
int vfs_chrdev_register(uint32_t major, uint32_t minor, const struct file_ops *ops);
void vfs_chrdev_unregister(uint32_t major, uint32_t minor);
const struct file_ops *vfs_chrdev_find(uint32_t rdev);
/* Block devices by device number (file.c; unixd's disks register theirs). */
int vfs_blkdev_register(uint32_t rdev, const struct file_ops *ops);
const struct file_ops *vfs_blkdev_find(uint32_t rdev);
/* FIFOs open with these (the pipe code registers them; -ENXIO until then). */
void vfs_fifo_register(const struct file_ops *ops);
const struct file_ops *vfs_fifo_ops(void);

/* ---- advisory locks (lock.c) ------------------------------------------------------------ */

/* A record lock's range and type as the calls give it. */
struct vfs_flock {
	int type;			/* LX_F_RDLCK, LX_F_WRLCK, LX_F_UNLCK */
	uint64_t start, end;		/* bytes [start, end]; end INT64_MAX: to any end of file */
	int pid;			/* vfs_lock_test: the holder's pid, -1 for an OFD lock */
};

/* Owners: a process's descriptor table (classic record locks) or a struct file
 * (OFD record locks, flock).  Called whenever a lock goes or shrinks: waiters try again. */
extern void (*vfs_lock_changed)(void);
/* F_GETLK: fl becomes the first lock in its way, or its type F_UNLCK */
int vfs_lock_test(struct inode *ip, const void *owner, struct vfs_flock *fl);
/* F_SETLK: -EAGAIN when another owner's lock is in the way, -ENOLCK without memory */
int vfs_lock_set(struct inode *ip, const void *owner, int pid, const struct vfs_flock *fl);
/* the owner of the first lock in fl's way, or NULL */
const void *vfs_lock_blocker(struct inode *ip, const void *owner, const struct vfs_flock *fl);
/* every lock of owner on ip goes (a close; the last close of an OFD or flock owner) */
void vfs_lock_release(struct inode *ip, const void *owner);
/* flock(2): type F_RDLCK (LOCK_SH), F_WRLCK (LOCK_EX), F_UNLCK; -EAGAIN if in the way */
int vfs_flock(struct inode *ip, const void *owner, int type);
/* waiting F_SETLKW calls: owner waits for blocker; true if blocker waits (through
   others) for owner: -EDEADLK */
bool vfs_lock_deadlock(const void *owner, const void *blocker);
int vfs_lock_wait_add(const void *waiter, const void *owner, const void *blocker);
void vfs_lock_wait_remove(const void *waiter);

/* ---- ramfs (ramfs.c) ------------------------------------------------------------------- */

/* A new empty ramfs whose root directory has mode (permission bits), uid, gid. */
int ramfs_new(uint32_t dev, uint32_t mode, uint32_t uid, uint32_t gid, struct vfs_sb **out);
/* Frees the whole file system; nothing may hold its inodes or files any more. */
void ramfs_destroy(struct vfs_sb *sb);
/* 0 if every invariant holds (link counts, sizes, parents), else -EUCLEAN. */
int ramfs_check(struct vfs_sb *sb);
/* mount(2)'s "ramfs" (statfs all zeros) and "tmpfs" (size=, nr_inodes=, mode=,
 * uid=, gid= options; its limits counted and enforced: -ENOSPC) */
extern const struct vfs_fstype ramfs_fstype, tmpfs_fstype;
/* Makes a ramfs (the root) count and answer statfs as a default tmpfs. */
void ramfs_as_tmpfs(struct vfs_sb *sb, uint64_t mem_pages);

#endif
