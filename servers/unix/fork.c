/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fork.c - clone, fork, vfork: new threads and new processes.
 *
 * A new thread (CLONE_THREAD, with CLONE_VM and CLONE_SIGHAND, as pthreads
 * ask) is a kernel thread in the caller's task.  A new process gets its own
 * task with a copy-on-write copy of the caller's memory (mm_clone), a copy
 * or a share of its files (CLONE_FILES), file-system context (CLONE_FS) and
 * handlers (CLONE_SIGHAND).  CLONE_VM without CLONE_THREAD (vfork,
 * posix_spawn) makes a process of its own (pid, files, signals) whose thread
 * runs in the caller's task, sharing its struct mm (mm_share), until it
 * execs (a new task then: exec.c) or ends.  With CLONE_VFORK the calling
 * thread waits, parked through signals as Linux's killable wait, until
 * then; if it goes first (SIGKILL, another thread's exit_group) the child
 * forgets it.
 *
 * Either way the child starts with the caller's registers as they were at
 * the `syscall` (rax 0, the new stack and TLS if given) and a copy of its
 * FPU state.
 */
#include "unixd.h"
#include "signal.h"
#include "fd.h"
#include "mm/mm.h"

#define LX_CSIGNAL              0x000000ff
#define LX_CLONE_VM             0x00000100
#define LX_CLONE_FS             0x00000200
#define LX_CLONE_FILES          0x00000400
#define LX_CLONE_SIGHAND        0x00000800
#define LX_CLONE_PIDFD          0x00001000
#define LX_CLONE_PTRACE         0x00002000
#define LX_CLONE_VFORK          0x00004000
#define LX_CLONE_PARENT         0x00008000
#define LX_CLONE_THREAD         0x00010000
#define LX_CLONE_NEWNS          0x00020000
#define LX_CLONE_SYSVSEM        0x00040000
#define LX_CLONE_SETTLS         0x00080000
#define LX_CLONE_PARENT_SETTID  0x00100000
#define LX_CLONE_CHILD_CLEARTID 0x00200000
#define LX_CLONE_DETACHED       0x00400000
#define LX_CLONE_UNTRACED       0x00800000
#define LX_CLONE_CHILD_SETTID   0x01000000
#define LX_CLONE_NAMESPACES     0x7e020000ull   /* NEWNS, NEWCGROUP, NEWUTS ... NEWNET */

struct clone_args {
	uint64_t flags, stack, parent_tid, child_tid, tls;
};

/* Linux's checks of copy_process, in its order. */
static int clone_check(const struct clone_args *c)
{
	uint64_t f = c->flags;
	if (f & LX_CLONE_NAMESPACES)
		return -LX_EPERM;
	if ((f & LX_CLONE_THREAD) && !(f & LX_CLONE_SIGHAND))
		return -LX_EINVAL;
	if ((f & LX_CLONE_SIGHAND) && !(f & LX_CLONE_VM))
		return -LX_EINVAL;
	if ((f & LX_CLONE_THREAD) && (f & LX_CSIGNAL))
		return -LX_EINVAL;
	if (f & LX_CLONE_PIDFD)
		return -LX_EINVAL;      /* pidfds are not there yet */
	return 0;
}

/* The child thread's registers and FPU: the caller's, returning 0. */
static int regs_copy(struct uthread *from, struct uthread *to, const struct clone_args *c,
                     struct dbt_regs *r)
{
	if (dbt_thread_ctl(from->thread, DBT_THREAD_READ_REGS, 0, 0).err)
		return -LX_EFAULT;
	memcpy(r, dbt_mr(), sizeof(*r));
	r->rax = 0;
	if (c->stack)
		r->rsp = c->stack;
	if (c->flags & LX_CLONE_SETTLS)
		r->fs_base = c->tls;
	memcpy(dbt_mr(), r, sizeof(*r));
	if (dbt_thread_ctl(to->thread, DBT_THREAD_WRITE_REGS, 0, 0).err)
		return -LX_EINVAL;      /* a TLS base outside user space */
	dbt_word_t size, feat;
	if (dbt_thread_read_fpu(from->thread, &size, &feat) ||
	    dbt_thread_write_fpu(to->thread, size))
		return -LX_EFAULT;
	return 0;
}

static int ids_out(struct uthread *t, struct uthread *child, const struct clone_args *c)
{
	int tid = child->tid, err = 0;
	if (c->flags & LX_CLONE_PARENT_SETTID)
		err = copy_out(t->proc, c->parent_tid, &tid, sizeof(tid));
	if (!err && (c->flags & LX_CLONE_CHILD_SETTID))
		err = copy_out(child->proc, c->child_tid, &tid, sizeof(tid));
	if (c->flags & LX_CLONE_CHILD_CLEARTID)
		child->clear_child_tid = c->child_tid;
	return err;
}

static long start(struct uthread *t, struct uthread *child, const struct clone_args *c)
{
	struct dbt_regs r;
	int err = regs_copy(t, child, c, &r);
	if (!err)
		err = ids_out(t, child, c);
	if (!err && dbt_thread_start(child->thread, r.rip, r.rsp))
		err = -LX_EFAULT;
	return err ? err : child->tid;
}

#define RLIMIT_NPROC 6

/* Linux's RLIMIT_NPROC (copy_process): the tasks of the caller's real user,
 * a zombie as one until it is reaped, against the limit; root is exempt. */
static bool nproc_reached(const struct proc *p)
{
	if (!p->cred.uid)
		return false;
	uint64_t n = 0;
	for (struct proc *q = proc_next(NULL); q; q = proc_next(q))
		if (q->cred.uid == p->cred.uid)
			n += q->state == PROC_ZOMBIE ? 1 : q->nthreads;
	return n >= p->rlim[RLIMIT_NPROC].cur;
}

static long clone_thread(struct uthread *t, const struct clone_args *c)
{
	struct uthread *child;
	if (t->proc->nthreads >= UPROC_MAX_THREADS || nproc_reached(t->proc))
		return -LX_EAGAIN;
	int err = uthread_new(t->proc, &child);
	if (err < 0)
		return err;
	child->sig_blocked = t->sig_blocked;
	child->alt = SIG_ALTSTACK_NONE;
	long r = start(t, child, c);
	if (r < 0)
		uthread_free(child);
	return r;
}

/* The new process's share of the parent's state, by the clone flags. */
static int proc_inherit(struct proc *c, struct proc *p, uint64_t flags)
{
	c->cred = p->cred;
	c->suid = p->suid, c->sgid = p->sgid;
	memcpy(c->rlim, p->rlim, sizeof(c->rlim));
	c->pgid = p->pgid, c->sid = p->sid;
	memcpy(c->comm, p->comm, sizeof(c->comm));
	memcpy(c->exe, p->exe, sizeof(c->exe));
	c->exit_signal = (int)(flags & LX_CSIGNAL);
	c->personality = p->personality;
	c->undumpable = p->undumpable;           /* per address space in Linux: a copy */
	c->no_new_privs = p->no_new_privs;
	c->membarrier_private = p->membarrier_private;
	c->nice = p->nice;
	if (flags & LX_CLONE_FILES)
		(c->fds = p->fds)->refs++;
	else
		c->fds = fdtable_copy(p->fds);
	if (flags & LX_CLONE_FS)
		(c->fs = p->fs)->refs++;
	else
		c->fs = fsctx_copy(p->fs);
	if (flags & LX_CLONE_SIGHAND)
		(c->sig = p->sig)->refs++;
	else
		c->sig = sigstate_copy(p->sig);
	if (!c->fds || !c->fs || !c->sig)
		return -LX_ENOMEM;
	if (!(flags & LX_CLONE_VM))
		return mm_clone(c, p);
	mm_share(c, p);
	return 0;
}

/* The vfork waiter t goes before its child let it go: the child forgets it. */
static void vfork_forget(struct uthread *t)
{
	struct proc *child = proc_by_pid((int)t->park.data[0]);
	if (child && child->vfork_waiter == t)
		child->vfork_waiter = NULL;
}

/* t, parked before its child started, waits until the child execs or
 * ends (vfork_release), then returns r (the child's pid); at once if r is
 * an error (the child never ran). */
static long vfork_wait(struct uthread *t, struct proc *child, long r)
{
	t->park.sleeps_through_signals = true;
	t->park.has_result = true;
	t->park.result = r;
	if (r < 0) {
		wake_one(t, PARK_WOKEN);
		return SYS_PARKED;
	}
	child->vfork_waiter = t;
	t->park.data[0] = (uint64_t)child->pid;
	t->park.cleanup = vfork_forget;
	return SYS_PARKED;
}

/* The vfork parent of p continues (p execs or ends). */
void vfork_release(struct proc *p)
{
	struct uthread *w = p->vfork_waiter;
	p->vfork_waiter = NULL;
	if (w && w->park.parked) {
		w->park.cleanup = NULL;
		wake_one(w, PARK_WOKEN);
	}
}

static long clone_proc(struct uthread *t, const struct clone_args *c)
{
	struct proc *p = t->proc;
	if (nproc_reached(p))
		return -LX_EAGAIN;
	struct proc *parent = (c->flags & LX_CLONE_PARENT) && p->parent ? p->parent : p;
	struct proc *child = proc_new(parent);
	if (!child)
		return -LX_EAGAIN;
	struct uthread *ct = NULL;
	int err = proc_inherit(child, p, c->flags);
	if (!err)
		err = uthread_new(child, &ct);
	if (!err) {
		ct->sig_blocked = t->sig_blocked;
		ct->alt = t->alt;
	}
	/* the vfork caller's answer is kept before the child may run */
	if (!err && (c->flags & LX_CLONE_VFORK) && park(t, NULL, UINT64_MAX) != SYS_PARKED)
		err = -LX_EAGAIN;
	long r = err ? err : start(t, ct, c);
	if (r < 0)
		proc_abort(child);
	return t->park.parked ? vfork_wait(t, child, r) : r;
}

static long do_clone(struct uthread *t, const struct clone_args *c)
{
	int err = clone_check(c);
	if (err)
		return err;
	return c->flags & LX_CLONE_THREAD ? clone_thread(t, c) : clone_proc(t, c);
}

long sys_clone(struct uthread *t, const uint64_t *a)
{
	struct clone_args c = { a[0], a[1], a[2], a[3], a[4] };
	return do_clone(t, &c);
}

long sys_fork(struct uthread *t, const uint64_t *a)
{
	(void)a;
	struct clone_args c = { LX_SIGCHLD, 0, 0, 0, 0 };
	return do_clone(t, &c);
}

long sys_vfork(struct uthread *t, const uint64_t *a)
{
	(void)a;
	struct clone_args c = { LX_CLONE_VM | LX_CLONE_VFORK | LX_SIGCHLD, 0, 0, 0, 0 };
	return do_clone(t, &c);
}
