/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * procfs/procfs.h - /proc: a file system whose files are made when they are
 * opened from what unixd knows (its processes, their memory areas, descriptors
 * and mounts, its frames, the clock), in Linux 6.1's formats.
 *
 *   procfs.c   the file system: the table of entries, inodes made on lookup
 *              and freed on their last reference, directories, symlinks and
 *              magic links (exe, cwd, root, fd/N), mount(2)'s "proc"
 *   text.c     struct ptext (a growing text) and the file_ops of every
 *              generated file: the text is made at open, read and seeked as
 *              a snapshot (Linux's seq_file), written through an entry's store
 *   pid.c      /proc/PID/...: stat, statm, status, cmdline, environ, comm,
 *              maps, limits, fdinfo/N, the exe, cwd, root and fd links
 *   mounts.c   /proc/PID/mounts and mountinfo, /proc/filesystems
 *   sys.c      /proc/meminfo, cpuinfo, uptime, loadavg, stat, version and
 *              /proc/sys/kernel/...
 *
 * Who asks: the thread being served (unix_current); /proc/self is its process.
 * A PID's entries name the process by pid and start time: once it is reaped
 * (or its pid reused) they answer -ESRCH (lookups -ENOENT), as Linux's.
 */
#ifndef UNIX_PROCFS_H
#define UNIX_PROCFS_H

#include <stdarg.h>
#include "unixd.h"

/* A text being made; on running out of memory it stops growing (oom). */
struct ptext {
	char *buf;
	size_t len, cap;
	bool oom;
};
void pt_printf(struct ptext *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void pt_put(struct ptext *t, const void *s, size_t n);
void pt_puts(struct ptext *t, const char *s);
/* a path or name as seq_file's mangle: space, tab, newline and backslash as \ooo */
void pt_mangled(struct ptext *t, const char *s);
void pt_octal(struct ptext *t, uint64_t v, int width);

/* Which directory an entry is in, or which a directory lists. */
enum pdir {
	PD_NONE, PD_ROOT, PD_PID, PD_TASK, PD_FD, PD_FDINFO,
	PD_SYS, PD_SYS_KERNEL, PD_SYS_RANDOM,
};

struct pnode;
/* Files: appends the text (-errno: the open fails); p is the PID's process
 * (NULL outside a PID directory). */
typedef int (*pshow_fn)(struct pnode *n, struct proc *p, struct ptext *t);
/* Writable files: takes the bytes written. */
typedef int (*pstore_fn)(struct pnode *n, struct proc *p, const char *s, size_t len);
/* Magic links: the inode the link leads to (a reference). */
typedef int (*pjump_fn)(struct pnode *n, struct proc *p, struct inode **out);

struct pent {
	const char *name;
	enum pdir in;		/* the directory holding it */
	uint32_t mode;		/* type and permission bits */
	enum pdir lists;	/* directories: what they hold */
	pshow_fn show;		/* files: their text; symlinks: their target */
	pstore_fn store;	/* NULL: read-only */
	pjump_fn jump;		/* magic links */
};

/* A /proc inode: which entry, of which process, thread and descriptor. */
struct pnode {
	struct inode vfs;	/* first: the VFS sees only this */
	const struct pent *ent;
	int pid, tid, fd;	/* 0 / -1 when not in a PID (task, fd) directory */
	uint64_t start_ns;	/* the process's start: tells a reused pid */
};

static inline struct pnode *pnode_of(struct inode *ip)
{
	return (struct pnode *)ip;
}

/* procfs.c: the process a node's PID names, or NULL (gone: -ESRCH). */
struct proc *procfs_proc(const struct pnode *n);
/* The process asking (NULL at start-up). */
struct proc *procfs_caller(void);
/* Whether the caller may look inside p (ptrace_may_access: same uid, or root). */
bool procfs_may_access(const struct proc *p);
/* The text a generated file shows (text.c). */
extern const struct file_ops procfs_text_fops;

/* pid.c */
int pid_show_stat(struct pnode *n, struct proc *p, struct ptext *t);
int pid_show_statm(struct pnode *n, struct proc *p, struct ptext *t);
int pid_show_status(struct pnode *n, struct proc *p, struct ptext *t);
int pid_show_cmdline(struct pnode *n, struct proc *p, struct ptext *t);
int pid_show_environ(struct pnode *n, struct proc *p, struct ptext *t);
int pid_show_comm(struct pnode *n, struct proc *p, struct ptext *t);
int pid_store_comm(struct pnode *n, struct proc *p, const char *s, size_t len);
int pid_show_maps(struct pnode *n, struct proc *p, struct ptext *t);
int pid_show_limits(struct pnode *n, struct proc *p, struct ptext *t);
int pid_show_fdinfo(struct pnode *n, struct proc *p, struct ptext *t);
int pid_show_exe(struct pnode *n, struct proc *p, struct ptext *t);
int pid_jump_exe(struct pnode *n, struct proc *p, struct inode **out);
int pid_show_cwd(struct pnode *n, struct proc *p, struct ptext *t);
int pid_jump_cwd(struct pnode *n, struct proc *p, struct inode **out);
int pid_show_root(struct pnode *n, struct proc *p, struct ptext *t);
int pid_jump_root(struct pnode *n, struct proc *p, struct inode **out);
int pid_show_fd(struct pnode *n, struct proc *p, struct ptext *t);
int pid_jump_fd(struct pnode *n, struct proc *p, struct inode **out);
/* the file of p's descriptor fd, or NULL */
struct file *pid_fd_file(struct proc *p, int fd);
/* the text of an open file's /proc/PID/fd link ("/tmp/f", "pipe:[123]") */
void pid_file_path(struct proc *reader, struct file *f, struct ptext *t);

/* mounts.c */
int mounts_show(struct pnode *n, struct proc *p, struct ptext *t);
int mountinfo_show(struct pnode *n, struct proc *p, struct ptext *t);
int filesystems_show(struct pnode *n, struct proc *p, struct ptext *t);
/* "rw,nosuid,relatime" of an sb's mount flags (statfs's ST_* come from the same) */
void mounts_flags(struct ptext *t, unsigned ms_flags);

/* sys.c */
int sys_show_meminfo(struct pnode *n, struct proc *p, struct ptext *t);
int sys_show_cpuinfo(struct pnode *n, struct proc *p, struct ptext *t);
int sys_show_uptime(struct pnode *n, struct proc *p, struct ptext *t);
int sys_show_loadavg(struct pnode *n, struct proc *p, struct ptext *t);
int sys_show_timer_list(struct pnode *n, struct proc *p, struct ptext *t);
int sys_show_stat(struct pnode *n, struct proc *p, struct ptext *t);
int sys_show_version(struct pnode *n, struct proc *p, struct ptext *t);
int sys_show_kernel(struct pnode *n, struct proc *p, struct ptext *t);
int sys_store_kernel(struct pnode *n, struct proc *p, const char *s, size_t len);
/* USER_HZ ticks (clock_t of times(2) and /proc) of ns */
uint64_t procfs_ticks(uint64_t ns);
/* the boot time: realtime seconds when the kernel clock was 0 */
uint64_t procfs_btime(void);

/* The "proc" file system type (mount -t proc). */
extern const struct vfs_fstype procfs_fstype;

#endif
