/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fd.h - a process's file descriptors and its file-system context.
 *
 *   fd.c      the descriptor table (shared by CLONE_FILES threads), dup,
 *             close-on-exec
 *   fsctx.c   root, working directory (and its path, for getcwd), umask;
 *             the root file system and the device nodes at boot
 *   sys_fs.c  the file system calls
 */
#ifndef UNIX_FD_H
#define UNIX_FD_H

#include <stdbool.h>
#include <stdint.h>
#include "vfs.h"

#define FD_MAX_DEFAULT 1024     /* RLIMIT_NOFILE's soft default */
#define FD_MAX_HARD    4096

struct fdent {
	struct file *f;
	bool cloexec;
};

struct fdtable {
	unsigned refs;          /* processes sharing it */
	unsigned size;          /* entries allocated */
	struct fdent *ent;
};

struct fsctx {
	unsigned refs;
	struct inode *root, *cwd;
	uint32_t umask;
};

struct proc;

struct uthread;
/* sys_lock.c: fcntl's record-lock commands on f with the struct flock at uarg */
long fcntl_lock(struct uthread *t, struct file *f, unsigned cmd, uint64_t uarg);

/* sys_fs.c: the stat of what (dirfd, path at upath) names, as fstatat with
 * flags LX_AT_SYMLINK_NOFOLLOW, LX_AT_EMPTY_PATH; *mount_root (if asked):
 * it is the root of its file system */
int fstatat_get(struct uthread *t, int dirfd, uint64_t upath, unsigned flags, struct vfs_stat *st,
                bool *mount_root);

/* poll.c: the LX_POLL* bits of f now (its file_ops.poll, or always ready) */
unsigned file_poll(struct file *f);

struct fdtable *fdtable_new(void);
struct fdtable *fdtable_copy(const struct fdtable *t);
void fdtable_put(struct fdtable *t);
/* The lowest free descriptor >= min, holding f (its reference moves in). */
int fd_install(struct proc *p, struct file *f, bool cloexec, int min);
/* Put f at exactly fd, closing what was there. */
int fd_install_at(struct proc *p, int fd, struct file *f, bool cloexec);
/* the open file of fd, NULL for none or an O_PATH descriptor (Linux's fdget:
 * what reads, writes, maps, polls or changes a file) */
struct file *fd_file(struct proc *p, int fd);
/* the same, O_PATH descriptors too (fdget_raw: close, dup, fstat, fchdir,
 * the dirfd of the *at calls, a few fcntls) */
struct file *fd_file_raw(struct proc *p, int fd);
bool fd_valid(struct proc *p, int fd);
int fd_close(struct proc *p, int fd);
void fd_close_on_exec(struct proc *p);
void fd_close_all(struct proc *p);
int fd_get_cloexec(struct proc *p, int fd);
int fd_set_cloexec(struct proc *p, int fd, bool on);

struct fsctx *fsctx_new_root(void);
struct fsctx *fsctx_copy(const struct fsctx *f);
void fsctx_put(struct fsctx *f);
/* A vfs_ctx for p (root, cwd, credentials), valid while p lives. */
void fs_ctx(struct proc *p, struct vfs_ctx *ctx);
/* The vfs context for a *at() call: dirfd's directory or the cwd; 0 or -errno. */
int fs_ctx_at(struct proc *p, int dirfd, const char *path, struct vfs_ctx *ctx);
/* The path of directory ip from p's root (getcwd): its length, or
 * -ENOENT (unlinked), -ENAMETOOLONG. */
long fs_inode_path(struct proc *p, struct inode *ip, char *buf, size_t n);
/* path made absolute against p's working directory. */
void fs_abspath(struct proc *p, const char *path, char *out, size_t n);
/* The root file system from the boot archive, with /dev and /proc. */
int rootfs_init(void);
/* sys_mount.c: the file system types mount(2) knows (ramfs, tmpfs, proc). */
int mount_init(void);
/* The root as root sees it, for start-up's own file operations (fsctx.c). */
void rootfs_ctx(struct vfs_ctx *ctx);
/* A root on a disk: everything written back and flushed (sync, power-off). */
int rootfs_sync(void);
/* Power-off or reboot: a disk root written back and marked clean, as an
 * unmount leaves it; undo: in use again (the power-off failed). */
int rootfs_shutdown(bool undo);
/* sync(2): every mounted file system that writes back; the first error. */
int fs_sync_all(void);
/* The periodic write-back of every mounted file system that has one
 * (vfs_sb_ops.tick): when next (kernel-clock ns; UINT64_MAX: never, no such
 * file system is mounted; read inline by the loop after every message),
 * the call the loop makes then, and what a mount calls to start it. */
extern uint64_t fs_tick_ns;
static inline uint64_t fs_next_tick(void)
{
	return fs_tick_ns;
}
void fs_tick(uint64_t now_ns);
void fs_tick_start(void);

#endif
