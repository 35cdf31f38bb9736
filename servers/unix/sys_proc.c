/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sys_proc.c - process attributes: ids, credentials, process groups and
 * sessions, resource limits, names, and the thread's own registers
 * (arch_prctl), with Linux's permission rules (kernel/sys.c).
 */
#include "unixd.h"
#include "signal.h"
#include "fd.h"
#include "exec.h"
#include "mm/mm.h"
#include "compproto.h"

#define LX_ARCH_SET_GS 0x1001
#define LX_ARCH_SET_FS 0x1002
#define LX_ARCH_GET_FS 0x1003
#define LX_ARCH_GET_GS 0x1004
#define LX_PR_SET_PDEATHSIG 1
#define LX_PR_GET_PDEATHSIG 2
#define LX_PR_GET_DUMPABLE 3
#define LX_PR_SET_DUMPABLE 4
#define LX_PR_SET_NAME 15
#define LX_PR_GET_NAME 16
#define LX_PR_SET_CHILD_SUBREAPER 36
#define LX_PR_GET_CHILD_SUBREAPER 37
#define LX_PR_SET_NO_NEW_PRIVS 38
#define LX_PR_GET_NO_NEW_PRIVS 39
#define LX_GRND_NONBLOCK 1
#define LX_GRND_RANDOM   2
#define LX_GRND_INSECURE 4
#define NOID ((uint32_t)-1)

long sys_getpid(struct uthread *t, const uint64_t *a)
{
	(void)a;
	return t->proc->pid;
}

long sys_getppid(struct uthread *t, const uint64_t *a)
{
	(void)a;
	return t->proc->parent ? t->proc->parent->pid : 0;
}

long sys_gettid(struct uthread *t, const uint64_t *a)
{
	(void)a;
	return t->tid;
}

long sys_getuid(struct uthread *t, const uint64_t *a) { (void)a; return t->proc->cred.uid; }
long sys_geteuid(struct uthread *t, const uint64_t *a) { (void)a; return t->proc->cred.euid; }
long sys_getgid(struct uthread *t, const uint64_t *a) { (void)a; return t->proc->cred.gid; }
long sys_getegid(struct uthread *t, const uint64_t *a) { (void)a; return t->proc->cred.egid; }

static bool capable(const struct proc *p)
{
	return p->cred.euid == 0;
}

/* setresuid's rule: each new id is -1, or (unprivileged) one of the three. */
static bool id_allowed(uint32_t id, uint32_t r, uint32_t e, uint32_t s)
{
	return id == NOID || id == r || id == e || id == s;
}

static long set_uids(struct proc *p, uint32_t r, uint32_t e, uint32_t s)
{
	struct vfs_cred *c = &p->cred;
	if (!capable(p) && !(id_allowed(r, c->uid, c->euid, p->suid) &&
	                     id_allowed(e, c->uid, c->euid, p->suid) &&
	                     id_allowed(s, c->uid, c->euid, p->suid)))
		return -LX_EPERM;
	if (r != NOID)
		c->uid = r;
	if (e != NOID)
		c->euid = e;
	if (s != NOID)
		p->suid = s;
	c->fsuid = c->euid;
	return 0;
}

static long set_gids(struct proc *p, uint32_t r, uint32_t e, uint32_t s)
{
	struct vfs_cred *c = &p->cred;
	if (!capable(p) && !(id_allowed(r, c->gid, c->egid, p->sgid) &&
	                     id_allowed(e, c->gid, c->egid, p->sgid) &&
	                     id_allowed(s, c->gid, c->egid, p->sgid)))
		return -LX_EPERM;
	if (r != NOID)
		c->gid = r;
	if (e != NOID)
		c->egid = e;
	if (s != NOID)
		p->sgid = s;
	c->fsgid = c->egid;
	return 0;
}

long sys_setresuid(struct uthread *t, const uint64_t *a)
{
	return set_uids(t->proc, (uint32_t)a[0], (uint32_t)a[1], (uint32_t)a[2]);
}

long sys_setresgid(struct uthread *t, const uint64_t *a)
{
	return set_gids(t->proc, (uint32_t)a[0], (uint32_t)a[1], (uint32_t)a[2]);
}

long sys_setuid(struct uthread *t, const uint64_t *a)
{
	struct proc *p = t->proc;
	uint32_t u = (uint32_t)a[0];
	if (u == NOID)
		return -LX_EINVAL;
	if (capable(p))
		return set_uids(p, u, u, u);
	if (u != p->cred.uid && u != p->suid)
		return -LX_EPERM;
	return set_uids(p, NOID, u, NOID);
}

long sys_setgid(struct uthread *t, const uint64_t *a)
{
	struct proc *p = t->proc;
	uint32_t g = (uint32_t)a[0];
	if (g == NOID)
		return -LX_EINVAL;
	if (capable(p))
		return set_gids(p, g, g, g);
	if (g != p->cred.gid && g != p->sgid)
		return -LX_EPERM;
	return set_gids(p, NOID, g, NOID);
}

/* setreuid: the saved id follows the effective one when the real one is
 * set or the effective one changes to other than the real one. */
long sys_setreuid(struct uthread *t, const uint64_t *a)
{
	struct proc *p = t->proc;
	uint32_t r = (uint32_t)a[0], e = (uint32_t)a[1], old = p->cred.uid;
	if (!capable(p) && ((r != NOID && r != p->cred.uid && r != p->cred.euid) ||
	                    (e != NOID && e != p->cred.uid && e != p->cred.euid && e != p->suid)))
		return -LX_EPERM;
	uint32_t s = (r != NOID || (e != NOID && e != old)) ? (e != NOID ? e : p->cred.euid) : NOID;
	return set_uids(p, r, e, s);
}

long sys_setregid(struct uthread *t, const uint64_t *a)
{
	struct proc *p = t->proc;
	uint32_t r = (uint32_t)a[0], e = (uint32_t)a[1], old = p->cred.gid;
	if (!capable(p) && ((r != NOID && r != p->cred.gid && r != p->cred.egid) ||
	                    (e != NOID && e != p->cred.gid && e != p->cred.egid && e != p->sgid)))
		return -LX_EPERM;
	uint32_t s = (r != NOID || (e != NOID && e != old)) ? (e != NOID ? e : p->cred.egid) : NOID;
	return set_gids(p, r, e, s);
}

static long ids_out(struct proc *p, const uint64_t *a, uint32_t r, uint32_t e, uint32_t s)
{
	int err = copy_out(p, a[0], &r, 4);
	if (!err)
		err = copy_out(p, a[1], &e, 4);
	if (!err)
		err = copy_out(p, a[2], &s, 4);
	return err;
}

long sys_getresuid(struct uthread *t, const uint64_t *a)
{
	struct proc *p = t->proc;
	return ids_out(p, a, p->cred.uid, p->cred.euid, p->suid);
}

long sys_getresgid(struct uthread *t, const uint64_t *a)
{
	struct proc *p = t->proc;
	return ids_out(p, a, p->cred.gid, p->cred.egid, p->sgid);
}

long sys_setfsuid(struct uthread *t, const uint64_t *a)
{
	struct vfs_cred *c = &t->proc->cred;
	uint32_t old = c->fsuid, u = (uint32_t)a[0];
	if (capable(t->proc) || u == c->uid || u == c->euid || u == t->proc->suid || u == c->fsuid)
		c->fsuid = u;
	return old;
}

long sys_setfsgid(struct uthread *t, const uint64_t *a)
{
	struct vfs_cred *c = &t->proc->cred;
	uint32_t old = c->fsgid, g = (uint32_t)a[0];
	if (capable(t->proc) || g == c->gid || g == c->egid || g == t->proc->sgid || g == c->fsgid)
		c->fsgid = g;
	return old;
}

long sys_getgroups(struct uthread *t, const uint64_t *a)
{
	struct vfs_cred *c = &t->proc->cred;
	int n = (int)a[0];
	if (n < 0)
		return -LX_EINVAL;
	if (n == 0)
		return c->ngroups;
	if ((uint32_t)n < c->ngroups)
		return -LX_EINVAL;
	int err = copy_out(t->proc, a[1], c->groups, c->ngroups * 4);
	return err ? err : (long)c->ngroups;
}

long sys_setgroups(struct uthread *t, const uint64_t *a)
{
	struct vfs_cred *c = &t->proc->cred;
	uint64_t n = a[0];
	if (!capable(t->proc))
		return -LX_EPERM;
	if (n > VFS_NGROUPS_MAX)
		return -LX_EINVAL;
	uint32_t g[VFS_NGROUPS_MAX];
	int err = copy_in(t->proc, g, a[1], n * 4);
	if (err)
		return err;
	memcpy(c->groups, g, n * 4);
	c->ngroups = (uint32_t)n;
	return 0;
}

/* ---- process groups and sessions ---- */

static bool pgrp_exists(int pgrp)
{
	for (struct proc *p = proc_next(NULL); p; p = proc_next(p))
		if (p->pgid == pgrp)
			return true;
	return false;
}

long sys_setpgid(struct uthread *t, const uint64_t *a)
{
	struct proc *me = t->proc;
	int pid = (int)a[0] ? (int)a[0] : me->pid;
	int pgid = (int)a[1] ? (int)a[1] : pid;
	if (pgid < 0)
		return -LX_EINVAL;
	struct proc *p = proc_by_pid(pid);
	if (!p || (p != me && p->parent != me) || p->state != PROC_ALIVE)
		return -LX_ESRCH;
	if (p->parent == me && p != me) {
		if (p->sid != me->sid)
			return -LX_EPERM;
		if (p->exec_done)
			return -LX_EACCES;
	}
	if (p->sid == p->pid)
		return -LX_EPERM;       /* a session leader */
	if (pgid != pid && !pgrp_in_session(pgid, me->sid))
		return -LX_EPERM;
	p->pgid = pgid;
	return 0;
}

long sys_getpgid(struct uthread *t, const uint64_t *a)
{
	struct proc *p = a[0] ? proc_by_pid((int)a[0]) : t->proc;
	return p ? p->pgid : -LX_ESRCH;
}

long sys_getpgrp(struct uthread *t, const uint64_t *a)
{
	(void)a;
	return t->proc->pgid;
}

long sys_setsid(struct uthread *t, const uint64_t *a)
{
	(void)a;
	struct proc *p = t->proc;
	if (p->pgid == p->pid || pgrp_exists(p->pid))
		return -LX_EPERM;
	p->sid = p->pgid = p->pid;
	return p->sid;
}

long sys_getsid(struct uthread *t, const uint64_t *a)
{
	struct proc *p = a[0] ? proc_by_pid((int)a[0]) : t->proc;
	return p ? p->sid : -LX_ESRCH;
}

/* ---- limits ---- */

static const struct rlim rlim_default[LX_RLIM_NLIMITS] = {
	[0] = { LX_RLIM_INFINITY, LX_RLIM_INFINITY },   /* CPU */
	[1] = { LX_RLIM_INFINITY, LX_RLIM_INFINITY },   /* FSIZE */
	[2] = { LX_RLIM_INFINITY, LX_RLIM_INFINITY },   /* DATA */
	[3] = { 8 << 20, LX_RLIM_INFINITY },            /* STACK */
	[4] = { 0, LX_RLIM_INFINITY },                  /* CORE */
	[5] = { LX_RLIM_INFINITY, LX_RLIM_INFINITY },   /* RSS */
	[6] = { 1024, 1024 },                           /* NPROC: unixd's own limit */
	[7] = { FD_MAX_DEFAULT, FD_MAX_HARD },          /* NOFILE */
	[8] = { 8 << 20, 8 << 20 },                     /* MEMLOCK */
	[9] = { LX_RLIM_INFINITY, LX_RLIM_INFINITY },   /* AS */
	[10] = { LX_RLIM_INFINITY, LX_RLIM_INFINITY },  /* LOCKS */
	[11] = { 1024, 1024 },                          /* SIGPENDING */
	[12] = { 819200, 819200 },                      /* MSGQUEUE */
	[13] = { 0, 0 },                                /* NICE */
	[14] = { 0, 0 },                                /* RTPRIO */
	[15] = { LX_RLIM_INFINITY, LX_RLIM_INFINITY },  /* RTTIME */
};

static long rlimit_do(struct uthread *t, struct proc *p, unsigned res, uint64_t unew, uint64_t uold)
{
	if (res >= LX_RLIM_NLIMITS)
		return -LX_EINVAL;
	struct rlim old = p->rlim[res], nw;
	if (unew) {
		int err = copy_in(t->proc, &nw, unew, sizeof(nw));
		if (err)
			return err;
		if (nw.cur > nw.max)
			return -LX_EINVAL;
		if (nw.max > old.max && !capable(t->proc))
			return -LX_EPERM;
		if (res == 7 && nw.max > FD_MAX_HARD)
			return -LX_EPERM;
	}
	if (uold) {
		int err = copy_out(t->proc, uold, &old, sizeof(old));
		if (err)
			return err;
	}
	if (unew)
		p->rlim[res] = nw;
	return 0;
}

long sys_prlimit64(struct uthread *t, const uint64_t *a)
{
	struct proc *p = a[0] ? proc_by_pid((int)a[0]) : t->proc;
	if (!p || p->state != PROC_ALIVE)
		return -LX_ESRCH;
	if (p != t->proc && !capable(t->proc) && p->cred.uid != t->proc->cred.uid)
		return -LX_EPERM;
	return rlimit_do(t, p, (unsigned)a[1], a[2], a[3]);
}

long sys_getrlimit(struct uthread *t, const uint64_t *a)
{
	return rlimit_do(t, t->proc, (unsigned)a[0], 0, a[1]);
}

long sys_setrlimit(struct uthread *t, const uint64_t *a)
{
	return rlimit_do(t, t->proc, (unsigned)a[0], a[1], 0);
}

/* ---- the first process ---- */

int proc_setup_first(struct proc *p)
{
	p->pgid = p->sid = p->pid;
	memcpy(p->rlim, rlim_default, sizeof(p->rlim));
	p->fds = fdtable_new();
	p->fs = fsctx_new_root();
	p->sig = sigstate_new();
	p->mm = mm_new();
	if (!p->fds || !p->fs || !p->sig || !p->mm)
		return -LX_ENOMEM;
	struct file *f;
	struct vfs_ctx ctx;
	fs_ctx(p, &ctx);
	if (vfs_open(&ctx, "/dev/console", LX_O_RDWR, 0, &f) < 0)
		return 0;               /* no console: runs without stdio */
	fd_install(p, f, false, 0);
	fd_install(p, vfs_file_get(f), false, 1);
	fd_install(p, vfs_file_get(f), false, 2);
	return 0;
}

/* ---- names, registers, misc ---- */

long sys_prctl(struct uthread *t, const uint64_t *a)
{
	struct proc *p = t->proc;
	switch (a[0]) {
	case LX_PR_SET_NAME: {
		char name[16];
		long n = copy_in_str(p, name, a[1], sizeof(name));
		if (n == -LX_ENAMETOOLONG) {
			if (copy_in(p, name, a[1], sizeof(name) - 1))
				return -LX_EFAULT;
			name[15] = 0;
		} else if (n < 0) {
			return n;
		}
		memcpy(p->comm, name, sizeof(name));
		return 0;
	}
	case LX_PR_GET_NAME:
		return copy_out(p, a[1], p->comm, sizeof(p->comm));
	case LX_PR_GET_DUMPABLE:
		return !p->undumpable;
	case LX_PR_SET_DUMPABLE:
		if (a[1] > 1)
			return -LX_EINVAL;
		p->undumpable = !a[1];
		return 0;
	case LX_PR_SET_NO_NEW_PRIVS:            /* one way: it cannot be cleared */
		if (a[1] != 1 || a[2] || a[3] || a[4])
			return -LX_EINVAL;
		p->no_new_privs = true;
		return 0;
	case LX_PR_GET_NO_NEW_PRIVS:
		return a[1] || a[2] || a[3] || a[4] ? -LX_EINVAL : p->no_new_privs;
	case LX_PR_SET_CHILD_SUBREAPER:
		p->child_subreaper = a[1] != 0;
		return 0;
	case LX_PR_GET_CHILD_SUBREAPER: {
		int v = p->child_subreaper;
		return copy_out(p, a[1], &v, sizeof(v));
	}
	case LX_PR_SET_PDEATHSIG:
		if (a[1] > LX_NSIG)
			return -LX_EINVAL;
		p->pdeathsig = (int)a[1];
		return 0;
	case LX_PR_GET_PDEATHSIG:
		return copy_out(p, a[1], &p->pdeathsig, sizeof(p->pdeathsig));
	}
	return -LX_EINVAL;
}

long sys_arch_prctl(struct uthread *t, const uint64_t *a)
{
	if (dbt_thread_ctl(t->thread, DBT_THREAD_READ_REGS, 0, 0).err)
		return -LX_EFAULT;
	struct dbt_regs r;
	memcpy(&r, dbt_mr(), sizeof(r));
	switch (a[0]) {
	case LX_ARCH_SET_FS:
	case LX_ARCH_SET_GS:
		if (a[1] >= VMA_TASK_SIZE)
			return -LX_EPERM;
		if (a[0] == LX_ARCH_SET_FS)
			r.fs_base = a[1];
		else
			r.gs_base = a[1];
		memcpy(dbt_mr(), &r, sizeof(r));
		return dbt_thread_ctl(t->thread, DBT_THREAD_WRITE_REGS, 0, 0).err ? -LX_EPERM : 0;
	case LX_ARCH_GET_FS:
		return copy_out(t->proc, a[1], &r.fs_base, 8);
	case LX_ARCH_GET_GS:
		return copy_out(t->proc, a[1], &r.gs_base, 8);
	}
	return -LX_EINVAL;
}

long sys_set_tid_address(struct uthread *t, const uint64_t *a)
{
	t->clear_child_tid = a[0];
	return t->tid;
}

long sys_set_robust_list(struct uthread *t, const uint64_t *a)
{
	if (a[1] != 24)
		return -LX_EINVAL;
	t->robust_list = a[0];
	t->robust_len = a[1];
	return 0;
}

long sys_get_robust_list(struct uthread *t, const uint64_t *a)
{
	struct uthread *u = a[0] ? uthread_by_tid((int)a[0]) : t;
	if (!u)
		return -LX_ESRCH;
	uint64_t len = 24;
	int err = copy_out(t->proc, a[1], &u->robust_list, 8);
	return err ? err : copy_out(t->proc, a[2], &len, 8);
}

long sys_getrandom(struct uthread *t, const uint64_t *a)
{
	if (a[2] & ~(uint64_t)(LX_GRND_NONBLOCK | LX_GRND_RANDOM | LX_GRND_INSECURE) ||
	    (a[2] & LX_GRND_RANDOM && a[2] & LX_GRND_INSECURE))
		return -LX_EINVAL;
	uint64_t n = a[1] > 0x1ffffff ? 0x1ffffff : a[1];
	uint8_t buf[256];
	for (uint64_t done = 0; done < n;) {
		uint64_t c = n - done < sizeof(buf) ? n - done : sizeof(buf);
		unix_random(buf, c);
		int err = copy_out(t->proc, a[0] + done, buf, c);
		if (err)
			return done ? (long)done : err;
		done += c;
	}
	return (long)n;
}

long sys_sched_yield(struct uthread *t, const uint64_t *a)
{
	(void)t, (void)a;
	return 0;
}

struct lx_utsname {
	char sysname[65], nodename[65], release[65], version[65], machine[65], domainname[65];
};

/* One per instance: what uname says; sethostname/setdomainname change it. */
static struct lx_utsname uts = {
	"Linux", "darbat", "6.1.0-darbat", "#1 SMP Darbat unixd", "x86_64", "(none)",
};

char *uts_field(int which)
{
	char *f[] = { uts.sysname, uts.nodename, uts.release, uts.version, uts.machine,
		      uts.domainname };
	return which >= 0 && which < (int)ARRAY_SIZE(f) ? f[which] : NULL;
}

long sys_uname(struct uthread *t, const uint64_t *a)
{
	return copy_out(t->proc, a[0], &uts, sizeof(uts));
}

static long set_name(struct uthread *t, char *dst, uint64_t u, uint64_t len)
{
	if (!capable(t->proc))
		return -LX_EPERM;
	if (len > 64)
		return -LX_EINVAL;
	char buf[65] = { 0 };
	if (copy_in(t->proc, buf, u, len))
		return -LX_EFAULT;
	memcpy(dst, buf, 65);
	return 0;
}

long sys_sethostname(struct uthread *t, const uint64_t *a)
{
	return set_name(t, uts.nodename, a[0], a[1]);
}

long sys_setdomainname(struct uthread *t, const uint64_t *a)
{
	return set_name(t, uts.domainname, a[0], a[1]);
}

long sys_personality(struct uthread *t, const uint64_t *a)
{
	uint32_t old = t->proc->personality;
	if ((uint32_t)a[0] != 0xffffffffu)
		t->proc->personality = (uint32_t)a[0];
	return old;
}

/* ---- scheduling: one CPU, one policy (SCHED_OTHER); nice is kept ---- */

long sys_sched_getaffinity(struct uthread *t, const uint64_t *a)
{
	uint64_t mask = 1;
	if (a[1] < sizeof(mask) || (a[1] & 7))
		return -LX_EINVAL;
	if (a[0] && !uthread_by_tid((int)a[0]))
		return -LX_ESRCH;
	if (copy_out(t->proc, a[2], &mask, sizeof(mask)) || clear_user(t->proc, a[2] + 8, a[1] - 8))
		return -LX_EFAULT;
	return sizeof(mask);
}

/* One CPU, one NUMA node: both are 0.  NULL pointers are allowed. */
long sys_getcpu(struct uthread *t, const uint64_t *a)
{
	unsigned zero = 0;
	if (a[0] && copy_out(t->proc, a[0], &zero, sizeof(zero)))
		return -LX_EFAULT;
	if (a[1] && copy_out(t->proc, a[1], &zero, sizeof(zero)))
		return -LX_EFAULT;
	return 0;
}

/* membarrier on one CPU: a barrier between this thread and the others is
 * the IPC that brought the call here, so the commands only need the
 * bookkeeping Linux requires (registration before the private command). */
#define LX_MEMBARRIER_PRIVATE_EXPEDITED 8
#define LX_MEMBARRIER_REGISTER_PRIVATE_EXPEDITED 16

long sys_membarrier(struct uthread *t, const uint64_t *a)
{
	struct proc *p = t->proc;
	if (a[1])
		return -LX_EINVAL;
	switch (a[0]) {
	case 0:         /* MEMBARRIER_CMD_QUERY */
		return LX_MEMBARRIER_PRIVATE_EXPEDITED | LX_MEMBARRIER_REGISTER_PRIVATE_EXPEDITED;
	case LX_MEMBARRIER_REGISTER_PRIVATE_EXPEDITED:
		p->membarrier_private = true;
		return 0;
	case LX_MEMBARRIER_PRIVATE_EXPEDITED:
		return p->membarrier_private ? 0 : -LX_EPERM;
	}
	return -LX_EINVAL;
}

long sys_sched_setaffinity(struct uthread *t, const uint64_t *a)
{
	uint64_t mask;
	if (a[0] && !uthread_by_tid((int)a[0]))
		return -LX_ESRCH;
	if (a[1] < sizeof(mask) || copy_in(t->proc, &mask, a[2], sizeof(mask)))
		return a[1] < sizeof(mask) ? -LX_EINVAL : -LX_EFAULT;
	return mask & 1 ? 0 : -LX_EINVAL;
}

long sys_sched_getscheduler(struct uthread *t, const uint64_t *a)
{
	(void)t;
	if ((int)a[0] < 0)
		return -LX_EINVAL;
	return a[0] && !uthread_by_tid((int)a[0]) ? -LX_ESRCH : 0;   /* SCHED_OTHER */
}

long sys_sched_getparam(struct uthread *t, const uint64_t *a)
{
	int prio = 0;
	if ((int)a[0] < 0 || !a[1])
		return -LX_EINVAL;
	if (a[0] && !uthread_by_tid((int)a[0]))
		return -LX_ESRCH;
	return copy_out(t->proc, a[1], &prio, sizeof(prio));
}

long sys_sched_setscheduler(struct uthread *t, const uint64_t *a)
{
	int prio;
	if ((int)a[0] < 0 || !a[2])
		return -LX_EINVAL;
	if (copy_in(t->proc, &prio, a[2], sizeof(prio)))
		return -LX_EFAULT;
	if (a[0] && !uthread_by_tid((int)a[0]))
		return -LX_ESRCH;
	if (a[1] == 0 || a[1] == 3 || a[1] == 5)        /* OTHER, BATCH, IDLE */
		return prio ? -LX_EINVAL : 0;
	return a[1] <= 2 ? -LX_EPERM : -LX_EINVAL;       /* FIFO, RR need privileges we do not give */
}

long sys_sched_get_priority_max(struct uthread *t, const uint64_t *a)
{
	(void)t;
	return a[0] == 1 || a[0] == 2 ? 99 : a[0] <= 5 && a[0] != 4 ? 0 : -LX_EINVAL;
}

long sys_sched_get_priority_min(struct uthread *t, const uint64_t *a)
{
	(void)t;
	return a[0] == 1 || a[0] == 2 ? 1 : a[0] <= 5 && a[0] != 4 ? 0 : -LX_EINVAL;
}

long sys_getpriority(struct uthread *t, const uint64_t *a)
{
	if (a[0] > 2)
		return -LX_EINVAL;
	struct proc *p = a[0] == 0 && a[1] ? proc_by_pid((int)a[1]) : t->proc;
	if (!p)
		return -LX_ESRCH;
	return 20 - p->nice;    /* the kernel's encoding: 40..1 for nice -20..19 */
}

long sys_setpriority(struct uthread *t, const uint64_t *a)
{
	if (a[0] > 2)
		return -LX_EINVAL;
	struct proc *p = a[0] == 0 && a[1] ? proc_by_pid((int)a[1]) : t->proc;
	if (!p)
		return -LX_ESRCH;
	int nice = (int)a[2];
	nice = nice < -20 ? -20 : nice > 19 ? 19 : nice;
	if (nice < p->nice && !capable(t->proc))
		return -LX_EACCES;
	p->nice = nice;
	return 0;
}

long sys_umask(struct uthread *t, const uint64_t *a)
{
	uint32_t old = t->proc->fs->umask;
	t->proc->fs->umask = (uint32_t)a[0] & 0777;
	return old;
}

/* ---- reboot(2): busybox poweroff and reboot end here, from init ---- */

#define LX_REBOOT_MAGIC1         0xfee1deadu
#define LX_REBOOT_CMD_RESTART    0x01234567u
#define LX_REBOOT_CMD_HALT       0xcdef0123u
#define LX_REBOOT_CMD_POWER_OFF  0x4321fedcu
#define LX_REBOOT_CMD_CAD_ON     0x89abcdefu
#define LX_REBOOT_CMD_CAD_OFF    0x00000000u

static bool reboot_magic2(uint32_t m)
{
	return m == 672274793u || m == 85072278u || m == 369367448u || m == 537993216u;
}

long sys_reboot(struct uthread *t, const uint64_t *a)
{
	uint32_t cmd = (uint32_t)a[2];
	if ((uint32_t)a[0] != LX_REBOOT_MAGIC1 || !reboot_magic2((uint32_t)a[1]))
		return -LX_EINVAL;
	if (!capable(t->proc))
		return -LX_EPERM;
	if (cmd == LX_REBOOT_CMD_CAD_ON || cmd == LX_REBOOT_CMD_CAD_OFF)
		return 0;
	if (cmd != LX_REBOOT_CMD_RESTART && cmd != LX_REBOOT_CMD_HALT && cmd != LX_REBOOT_CMD_POWER_OFF)
		return -LX_EINVAL;
	bool reset = cmd == LX_REBOOT_CMD_RESTART;
	int serr = rootfs_shutdown(false);      /* a disk root: written back, clean */
	if (serr)
		uprintf("unixd: the root's write-back failed (%d)\n", -serr);
	uprintf("unixd: %s (asked by pid %d)\n", reset ? "restarting the system" : "power off",
	        t->proc->pid);
	dbt_word_t err = composer_power(DBT_COMP_SLOT_COMPOSER,
	                                reset ? DBT_COMP_POWER_RESET : DBT_COMP_POWER_OFF);
	rootfs_shutdown(true);                  /* still here: the root is in use again */
	return err == DBT_COMP_E_NO_POWER ? -LX_EPERM : -LX_EIO;
}
