/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * procfs/pid.c - what /proc/PID/ shows of a process (procfs.h), in Linux
 * 6.1's formats (fs/proc/array.c, base.c, fd.c, task_mmu.c): stat, statm,
 * status, cmdline and environ (read from the process's own memory), comm,
 * maps, fdinfo/N, and the links exe, cwd, root and fd/N.
 *
 * Figures unixd does not keep are 0 (page-fault counts, wchan, the split of
 * CPU time between user and system: all of it is user time); the rest is
 * true: states, ids, credentials, signal sets, CPU times, memory sizes from
 * the area map and the page table, arguments and environment.
 */
#include "procfs.h"
#include "fd.h"
#include "signal.h"
#include "timeu.h"
#include "mm/mm.h"
#include "fsalloc.h"
#include "tty.h"

#define PF_RANDOMIZE	0x00400000u	/* what task->flags shows for a user process */
#define KIB(bytes)	((bytes) >> 10)

struct file *pid_fd_file(struct proc *p, int fd)
{
	return p->fds ? fd_file(p, fd) : NULL;
}

static struct uthread *node_thread(struct pnode *n, struct proc *p)
{
	struct uthread *t = n->tid ? uthread_by_tid(n->tid) : NULL;

	return t && t->proc == p ? t : proc_main_thread(p);
}

/* Linux's task state letter and name for thread t of p (t NULL: none left) */
static char task_state(struct proc *p, struct uthread *t, const char **name)
{
	if (p->state == PROC_ZOMBIE || !t) {
		*name = "zombie";
		return 'Z';
	}
	if (p->stopped || t->stopped) {
		*name = "stopped";
		return 'T';
	}
	if (t != unix_current && t->in_call && t->park.parked) {
		*name = "sleeping";
		return 'S';
	}
	*name = "running";
	return 'R';
}

static lx_sigset_t sig_with_handler(struct proc *p, bool ignored)
{
	lx_sigset_t set = 0;

	for (int sig = 1; p->sig && sig <= LX_NSIG; sig++) {
		uint64_t h = p->sig->act[sig - 1].handler;
		if (ignored ? h == LX_SIG_IGN : h != LX_SIG_IGN && h != LX_SIG_DFL)
			set |= 1ull << (sig - 1);
	}
	return set;
}

int pid_show_stat(struct pnode *n, struct proc *p, struct ptext *t)
{
	struct uthread *th = node_thread(n, p);
	struct mm *mm = p->mm;
	const char *sname;
	char st = task_state(p, th, &sname);
	uint64_t ticks = procfs_ticks(p->state == PROC_ZOMBIE ? p->utime_ns : proc_cpu_ns(p));
	struct tty *tty = p->state == PROC_ZOMBIE ? NULL : tty_of_session(p->sid);

	pt_printf(t, "%d (%s) %c %d %d %d %u %d %u 0 0 0 0 %lu 0 %lu %lu %d %d %u 0 %lu ",
		  n->tid ? n->tid : p->pid, p->comm, st, p->parent ? p->parent->pid : 0, p->pgid,
		  p->sid, tty ? tty->rdev : 0, tty && tty->pgrp ? tty->pgrp : -1, PF_RANDOMIZE,
		  (unsigned long)ticks,
		  (unsigned long)procfs_ticks(p->cutime_ns), (unsigned long)procfs_ticks(p->cstime_ns),
		  20 + p->nice, p->nice, p->nthreads, (unsigned long)procfs_ticks(p->start_ns));
	pt_printf(t, "%lu %lu %lu %lu %lu %lu 0 0 ",
		  mm ? (unsigned long)vma_mapped_bytes(&mm->vmas) : 0ul,
		  mm ? (unsigned long)mm->pmap.pages : 0ul, (unsigned long)LX_RLIM_INFINITY,
		  mm ? 1ul : 0ul, mm ? 1ul : 0ul, mm ? (unsigned long)mm->arg_start : 0ul);
	pt_printf(t, "%lu %lu %lu %lu 0 0 0 %d 0 0 0 0 0 0 ",
		  (unsigned long)(p->pend.set | (th ? th->pend.set : 0)),
		  (unsigned long)(th ? th->sig_blocked : 0), (unsigned long)sig_with_handler(p, true),
		  (unsigned long)sig_with_handler(p, false), p->exit_signal);
	pt_printf(t, "0 0 %lu %lu %lu %lu %lu %d\n", mm ? (unsigned long)mm->brk_start : 0ul,
		  mm ? (unsigned long)mm->arg_start : 0ul, mm ? (unsigned long)mm->arg_end : 0ul,
		  mm ? (unsigned long)mm->env_start : 0ul, mm ? (unsigned long)mm->env_end : 0ul,
		  p->state == PROC_ZOMBIE ? p->exit_status : 0);
	return 0;
}

int pid_show_statm(struct pnode *n, struct proc *p, struct ptext *t)
{
	struct mm *mm = p->mm;

	(void)n;
	if (!mm) {
		pt_puts(t, "0 0 0 0 0 0 0\n");
		return 0;
	}
	pt_printf(t, "%lu %lu 0 0 0 %lu 0\n",
		  (unsigned long)(vma_mapped_bytes(&mm->vmas) / UNIX_PAGE),
		  (unsigned long)mm->pmap.pages, (unsigned long)(vma_mapped_bytes(&mm->vmas) / UNIX_PAGE));
	return 0;
}

static void status_ids(struct proc *p, struct ptext *t)
{
	const struct vfs_cred *c = &p->cred;

	pt_printf(t, "Tgid:\t%d\nNgid:\t0\nPid:\t%d\nPPid:\t%d\nTracerPid:\t0\n", p->pid, p->pid,
		  p->parent ? p->parent->pid : 0);
	pt_printf(t, "Uid:\t%u\t%u\t%u\t%u\nGid:\t%u\t%u\t%u\t%u\n", c->uid, c->euid, p->suid,
		  c->fsuid, c->gid, c->egid, p->sgid, c->fsgid);
	pt_printf(t, "FDSize:\t%u\nGroups:\t", p->fds ? p->fds->size : 0);
	for (uint32_t i = 0; i < c->ngroups && i < VFS_NGROUPS_MAX; i++)
		pt_printf(t, "%u ", c->groups[i]);
	pt_printf(t, "\nNStgid:\t%d\nNSpid:\t%d\nNSpgid:\t%d\nNSsid:\t%d\n", p->pid, p->pid, p->pgid,
		  p->sid);
}

static void status_mem(struct proc *p, struct ptext *t)
{
	struct mm *mm = p->mm;
	uint64_t size = KIB(vma_mapped_bytes(&mm->vmas)), rss = mm->pmap.pages * (UNIX_PAGE >> 10);
	uint64_t stack = KIB(vma_bytes_in(&mm->vmas, mm->stack_start, UPROC_STACK_TOP));

	pt_printf(t, "VmPeak:\t%8lu kB\nVmSize:\t%8lu kB\nVmLck:\t%8lu kB\nVmPin:\t%8lu kB\n",
		  (unsigned long)size, (unsigned long)size, 0ul, 0ul);
	pt_printf(t, "VmHWM:\t%8lu kB\nVmRSS:\t%8lu kB\nRssAnon:\t%8lu kB\nRssFile:\t%8lu kB\n",
		  (unsigned long)rss, (unsigned long)rss, (unsigned long)rss, 0ul);
	pt_printf(t, "RssShmem:\t%8lu kB\nVmData:\t%8lu kB\nVmStk:\t%8lu kB\nVmExe:\t%8lu kB\n", 0ul,
		  (unsigned long)(size - stack), (unsigned long)stack, 0ul);
	pt_printf(t, "VmLib:\t%8lu kB\nVmPTE:\t%8lu kB\nVmSwap:\t%8lu kB\n", 0ul, 0ul, 0ul);
	pt_printf(t, "HugetlbPages:\t%8lu kB\nCoreDumping:\t0\nTHP_enabled:\t1\n", 0ul);
}

static void status_sigs(struct proc *p, struct uthread *th, struct ptext *t)
{
	pt_printf(t, "Threads:\t%u\nSigQ:\t%u/%lu\n", p->nthreads, p->pend.nrt,
		  (unsigned long)p->rlim[11].cur);
	pt_printf(t, "SigPnd:\t%016lx\nShdPnd:\t%016lx\nSigBlk:\t%016lx\n",
		  (unsigned long)(th ? th->pend.set : 0), (unsigned long)p->pend.set,
		  (unsigned long)(th ? th->sig_blocked : 0));
	pt_printf(t, "SigIgn:\t%016lx\nSigCgt:\t%016lx\n", (unsigned long)sig_with_handler(p, true),
		  (unsigned long)sig_with_handler(p, false));
}

/* proc_task_name: the name with white space and backslashes escaped */
static void status_name(struct ptext *t, const char *s)
{
	static const char spaces[] = "\f\n\r\t\v", names[] = "fnrtv";

	for (; *s; s++) {
		const char *sp = *s ? strchr(spaces, *s) : NULL;
		char esc[2] = { '\\', sp ? names[sp - spaces] : '\\' };
		if (sp || *s == '\\')
			pt_put(t, esc, 2);
		else
			pt_put(t, s, 1);
	}
}

int pid_show_status(struct pnode *n, struct proc *p, struct ptext *t)
{
	struct uthread *th = node_thread(n, p);
	const char *sname;
	char st = task_state(p, th, &sname);
	bool root = p->cred.euid == 0;

	pt_puts(t, "Name:\t");
	status_name(t, p->comm);
	pt_puts(t, "\n");
	if (p->fs) {
		pt_puts(t, "Umask:\t");
		pt_octal(t, p->fs->umask, 4);
		pt_puts(t, "\n");
	}
	pt_printf(t, "State:\t%c (%s)\n", st, sname);
	status_ids(p, t);
	if (p->mm)
		status_mem(p, t);
	status_sigs(p, th, t);
	pt_printf(t, "CapInh:\t%016lx\nCapPrm:\t%016lx\nCapEff:\t%016lx\nCapBnd:\t%016lx\n", 0ul,
		  root ? 0x1fffffffffful : 0ul, root ? 0x1fffffffffful : 0ul, 0x1fffffffffful);
	pt_puts(t, "CapAmb:\t0000000000000000\nNoNewPrivs:\t0\nSeccomp:\t0\nSeccomp_filters:\t0\n");
	pt_puts(t, "Speculation_Store_Bypass:\tthread vulnerable\n");
	pt_puts(t, "SpeculationIndirectBranch:\tconditional enabled\n");
	pt_puts(t, "Cpus_allowed:\t1\nCpus_allowed_list:\t0\n");
	pt_puts(t, "Mems_allowed:\t00000000,00000001\nMems_allowed_list:\t0\n");
	pt_puts(t, "voluntary_ctxt_switches:\t0\nnonvoluntary_ctxt_switches:\t0\n");
	return 0;
}

/* [start, end) of p's memory, as far as it can be read */
static void copy_range(struct proc *p, uint64_t start, uint64_t end, struct ptext *t)
{
	char chunk[256];

	while (start < end) {
		uint64_t n = end - start < sizeof(chunk) ? end - start : sizeof(chunk);
		if (copy_in(p, chunk, start, n))
			break;
		pt_put(t, chunk, (size_t)n);
		start += n;
	}
}

int pid_show_cmdline(struct pnode *n, struct proc *p, struct ptext *t)
{
	(void)n;
	if (p->mm && p->state != PROC_ZOMBIE)
		copy_range(p, p->mm->arg_start, p->mm->arg_end, t);
	return 0;
}

int pid_show_environ(struct pnode *n, struct proc *p, struct ptext *t)
{
	(void)n;
	if (!procfs_may_access(p))
		return -LX_EACCES;
	if (p->mm && p->state != PROC_ZOMBIE)
		copy_range(p, p->mm->env_start, p->mm->env_end, t);
	return 0;
}

int pid_show_comm(struct pnode *n, struct proc *p, struct ptext *t)
{
	(void)n;
	pt_printf(t, "%s\n", p->comm);
	return 0;
}

/* comm_write: the new name, cut to 15 bytes; only the process itself (or its threads) */
int pid_store_comm(struct pnode *n, struct proc *p, const char *s, size_t len)
{
	(void)n;
	if (p != procfs_caller())
		return -LX_EINVAL;
	if (len > sizeof(p->comm) - 1)
		len = sizeof(p->comm) - 1;
	memcpy(p->comm, s, len);
	p->comm[len] = 0;
	return 0;
}

struct maps_ctx {
	struct proc *p;
	struct inode *exe;		/* the program file (a reference), or NULL */
	struct ptext name;		/* the last file name given */
};

/* A mapped file's path: the program's, or that of a descriptor open on it (the
 * path is not kept with the mapping: a file mapped and closed has none here). */
static const char *maps_file(struct maps_ctx *c, struct inode *ip)
{
	if (ip == c->exe)
		return c->p->exe;
	for (unsigned fd = 0; c->p->fds && fd < c->p->fds->size; fd++) {
		struct file *f = fd_file(c->p, (int)fd);
		if (f && f->inode == ip) {
			c->name.len = 0;
			pid_file_path(procfs_caller(), f, &c->name);
			return c->name.oom ? NULL : c->name.buf;
		}
	}
	return NULL;
}

static const char *maps_name(void *ctx, const struct vma *v)
{
	struct maps_ctx *c = ctx;
	const struct mobj *o = v->obj;

	if (o && o->kind == MOBJ_FILE)
		return maps_file(c, ((const struct fmap *)o)->ip);
	if (v->flags & VMA_HEAP)
		return "[heap]";
	if (v->start <= c->p->mm->stack_start && v->end >= c->p->mm->stack_start &&
	    (v->flags & VMA_GROWSDOWN))
		return "[stack]";
	return NULL;
}

int pid_show_maps(struct pnode *n, struct proc *p, struct ptext *t)
{
	struct maps_ctx c = { p, NULL, { 0 } };

	if (!p->mm || !procfs_may_access(p))
		return p->mm ? -LX_EACCES : 0;
	if (pid_jump_exe(n, p, &c.exe))
		c.exe = NULL;
	size_t len = vma_dump(&p->mm->vmas, NULL, 0, maps_name, &c);
	char *buf = malloc(len + 1);
	if (buf)
		vma_dump(&p->mm->vmas, buf, len + 1, maps_name, &c);
	if (buf)
		pt_put(t, buf, len);
	free(buf);
	free(c.name.buf);
	vfs_iput(c.exe);
	return buf ? 0 : -LX_ENOMEM;
}

int pid_show_fdinfo(struct pnode *n, struct proc *p, struct ptext *t)
{
	struct file *f = pid_fd_file(p, n->fd);

	if (!f)
		return -LX_ENOENT;
	if (!procfs_may_access(p))
		return -LX_EACCES;
	uint32_t flags = f->flags | (fd_get_cloexec(p, n->fd) > 0 ? LX_O_CLOEXEC : 0);
	pt_printf(t, "pos:\t%lu\nflags:\t0", (unsigned long)f->pos);
	pt_octal(t, flags, 1);
	pt_printf(t, "\nmnt_id:\t%d\nino:\t%lu\n", f->inode->sb ? f->inode->sb->mnt_id : 0,
		  (unsigned long)f->inode->ino);
	return 0;
}

/* proc_pid_limits: each limit, soft and hard, and its unit */
int pid_show_limits(struct pnode *n, struct proc *p, struct ptext *t)
{
	static const char *const names[LX_RLIM_NLIMITS][2] = {
		{ "Max cpu time", "seconds" }, { "Max file size", "bytes" },
		{ "Max data size", "bytes" }, { "Max stack size", "bytes" },
		{ "Max core file size", "bytes" }, { "Max resident set", "bytes" },
		{ "Max processes", "processes" }, { "Max open files", "files" },
		{ "Max locked memory", "bytes" }, { "Max address space", "bytes" },
		{ "Max file locks", "locks" }, { "Max pending signals", "signals" },
		{ "Max msgqueue size", "bytes" }, { "Max nice priority", NULL },
		{ "Max realtime priority", NULL }, { "Max realtime timeout", "us" },
	};
	char v[2][24];

	(void)n;
	pt_printf(t, "%-25s %-20s %-20s %-10s\n", "Limit", "Soft Limit", "Hard Limit", "Units");
	for (unsigned i = 0; i < LX_RLIM_NLIMITS; i++) {
		uint64_t lim[2] = { p->rlim[i].cur, p->rlim[i].max };
		for (int k = 0; k < 2; k++)
			if (lim[k] == LX_RLIM_INFINITY)
				strlcpy(v[k], "unlimited", sizeof(v[k]));
			else
				snfmt(v[k], sizeof(v[k]), "%lu", (unsigned long)lim[k]);
		pt_printf(t, "%-25s %-20s %-20s ", names[i][0], v[0], v[1]);
		if (names[i][1])
			pt_printf(t, "%-10s", names[i][1]);
		pt_puts(t, "\n");
	}
	return 0;
}

/* ---- the links ---------------------------------------------------------------------------- */

static void dir_path(struct proc *reader, struct inode *dir, struct ptext *t)
{
	char *buf = malloc(VFS_PATH_MAX);

	if (buf && reader && reader->fs && fs_inode_path(reader, dir, buf, VFS_PATH_MAX) >= 0)
		pt_puts(t, buf);
	else
		pt_puts(t, "/");
	free(buf);
}

struct name_find {
	uint64_t ino;
	char *name;
};

static bool name_fill(void *arg, const char *name, size_t len, uint64_t ino, unsigned dtype,
		      uint64_t next)
{
	struct name_find *nf = arg;

	(void)dtype, (void)next;
	if (ino != nf->ino || (len <= 2 && name[0] == '.' && (len == 1 || name[1] == '.')))
		return true;
	nf->name = fs_alloc(len + 1);		/* f->name's allocator (fs/file.c frees it) */
	if (nf->name)
		memcpy(nf->name, name, len);
	return false;
}

/* A file renamed within its directory since it was opened: f takes the new name
 * if the directory still holds it under one (moved elsewhere: the old name stays). */
static void name_refresh(struct file *f)
{
	struct inode *dir = f->dir, *ip = NULL;
	struct name_find nf = { f->inode->ino, NULL };
	uint64_t pos = 0;

	if (f->inode->nlink == 0 || !dir->ops->lookup)
		return;
	if (dir->ops->lookup(dir, f->name, strlen(f->name), &ip) == 0 && ip == f->inode) {
		vfs_iput(ip);
		return;
	}
	vfs_iput(ip);
	if (dir->ops->getdents)
		dir->ops->getdents(dir, &pos, name_fill, &nf);
	if (nf.name) {
		fs_free(f->name);
		f->name = nf.name;
	}
}

void pid_file_path(struct proc *reader, struct file *f, struct ptext *t)
{
	struct inode *ip = f->inode;

	if (LX_S_ISDIR(ip->mode)) {
		dir_path(reader, ip, t);
		return;
	}
	if (!f->dir || !f->name) {	/* no name: what Linux's pseudo file systems call it */
		if (LX_S_ISFIFO(ip->mode))
			pt_printf(t, "pipe:[%lu]", (unsigned long)ip->ino);
		else if (LX_S_ISSOCK(ip->mode))
			pt_printf(t, "socket:[%lu]", (unsigned long)ip->ino);
		else if (f->name)       /* epoll, eventfd, timerfd, signalfd (anonfd.c) */
			pt_printf(t, "anon_inode:%s", f->name);
		else
			pt_printf(t, "anon_inode:[%lu]", (unsigned long)ip->ino);
		return;
	}
	name_refresh(f);
	dir_path(reader, f->dir, t);
	if (t->len > 1)
		pt_puts(t, "/");
	pt_puts(t, f->name);
	if (ip->nlink == 0)
		pt_puts(t, " (deleted)");
}

int pid_show_exe(struct pnode *n, struct proc *p, struct ptext *t)
{
	(void)n;
	if (p->state == PROC_ZOMBIE || !p->exe[0])
		return -LX_ENOENT;
	pt_puts(t, p->exe);
	return 0;
}

int pid_jump_exe(struct pnode *n, struct proc *p, struct inode **out)
{
	struct vfs_ctx ctx;

	(void)n;
	if (p->state == PROC_ZOMBIE || !p->exe[0] || !p->fs)
		return -LX_ENOENT;
	fs_ctx(p, &ctx);
	return vfs_lookup_inode(&ctx, p->exe, VFS_LOOKUP_FOLLOW, out);
}

int pid_show_cwd(struct pnode *n, struct proc *p, struct ptext *t)
{
	(void)n;
	if (!p->fs)
		return -LX_ENOENT;
	dir_path(procfs_caller(), p->fs->cwd, t);
	return 0;
}

int pid_jump_cwd(struct pnode *n, struct proc *p, struct inode **out)
{
	(void)n;
	if (!p->fs)
		return -LX_ENOENT;
	*out = vfs_iget(p->fs->cwd);
	return 0;
}

int pid_show_root(struct pnode *n, struct proc *p, struct ptext *t)
{
	(void)n;
	if (!p->fs)
		return -LX_ENOENT;
	dir_path(procfs_caller(), p->fs->root, t);
	return 0;
}

int pid_jump_root(struct pnode *n, struct proc *p, struct inode **out)
{
	(void)n;
	if (!p->fs)
		return -LX_ENOENT;
	*out = vfs_iget(p->fs->root);
	return 0;
}

int pid_show_fd(struct pnode *n, struct proc *p, struct ptext *t)
{
	struct file *f = pid_fd_file(p, n->fd);

	if (!f)
		return -LX_ENOENT;
	pid_file_path(procfs_caller(), f, t);
	return 0;
}

int pid_jump_fd(struct pnode *n, struct proc *p, struct inode **out)
{
	struct file *f = pid_fd_file(p, n->fd);

	if (!f)
		return -LX_ENOENT;
	*out = vfs_iget(f->inode);
	return 0;
}
