/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * exit.c - the end of threads and processes, and waiting for children.
 *
 * A thread's exit (exit(2)) clears and wakes its clear_child_tid (what
 * pthread_join waits on) and removes it; the last thread's exit ends the
 * process.  A process's end (exit_group, a fatal signal) removes every
 * thread, closes its files, frees its memory and its kernel objects (task
 * and quota: all the kernel memory it used returns to unixd) and keeps only
 * the struct proc as a zombie until its parent waits for it.  Its children
 * go to init; its parent gets SIGCHLD, or, if the parent ignores SIGCHLD
 * (SIG_IGN or SA_NOCLDWAIT), the zombie is reaped at once.
 *
 * wait4 and waitid find a matching child (pid, any, process group), report
 * an exit, or with WUNTRACED / WCONTINUED a stop or continue; without one
 * they park on the parent's waiters queue (ECHILD when there is no child
 * at all, 0 with WNOHANG).
 */
#include "unixd.h"
#include "signal.h"
#include "futex.h"
#include "fd.h"
#include "mm/mm.h"
#include "console.h"
#include "timeu.h"

#define LX_WNOHANG    1
#define LX_WUNTRACED  2
#define LX_WEXITED    4
#define LX_WCONTINUED 8
#define LX_WNOWAIT    0x01000000
#define LX_P_ALL  0
#define LX_P_PID  1
#define LX_P_PGID 2
#define LX_P_PIDFD 3

static void thread_clear_tid(struct uthread *t)
{
	if (!t->clear_child_tid || t->proc->state != PROC_ALIVE)
		return;
	uint32_t zero = 0;
	if (copy_out(t->proc, t->clear_child_tid, &zero, sizeof(zero)) == 0)
		futex_wake_addr(t->proc, t->clear_child_tid, 1);
}

/* PR_SET_PDEATHSIG: the children that asked learn of their parent's end.  By
 * pid, after the reparenting: a signal may end a child at once. */
static void pdeath_signals(const int *pids, const int *sigs, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		struct proc *c = proc_by_pid(pids[i]);
		if (c && c->state == PROC_ALIVE)
			signal_send_proc(c, sigs[i], NULL);
	}
}

/* An orphan's new parent: the nearest living ancestor that is a child
 * subreaper (PR_SET_CHILD_SUBREAPER), else init (none once init has ended). */
static struct proc *orphan_parent(struct proc *p)
{
	for (struct proc *a = p->parent; a; a = a->parent)
		if (a->child_subreaper && a->state == PROC_ALIVE)
			return a;
	return proc_init_proc;
}

/* Init's end, which Linux answers with a panic: the instance goes on, its
 * console and the processes left, and orphans have no parent from now on
 * (each is reaped when it ends); no pointer to the freed init remains. */
static void init_gone(struct proc *p, int status)
{
	uprintf("unixd: init (pid %d) ended: %s %d; orphans are reaped by unixd\n", p->pid,
	        (status & 0x7f) ? "killed by signal" : "exit status",
	        (status & 0x7f) ? status & 0x7f : (status >> 8) & 0xff);
	proc_init_proc = NULL;
}

static void reparent_children(struct proc *p)
{
	struct proc *np = orphan_parent(p);
	int pids[32], sigs[32];
	unsigned n = 0;

	urt_list_foreach(c, &p->children, struct proc, sibling)
		if (c->pdeathsig && c->state == PROC_ALIVE && n < ARRAY_SIZE(pids))
			pids[n] = c->pid, sigs[n++] = c->pdeathsig;
	while (!urt_list_empty(&p->children)) {
		struct proc *c = urt_list_first(&p->children, struct proc, sibling);
		urt_list_remove(&p->children, &c->sibling);
		c->parent = np;
		if (c->parent) {
			urt_list_push_back(&c->parent->children, &c->sibling);
			if (c->state == PROC_ZOMBIE)
				wake_all(&c->parent->waiters);
		}
	}
	pdeath_signals(pids, sigs, n);
}

/* The parent learns of the end: SIGCHLD, or the zombie is reaped now. */
static void notify_parent(struct proc *p)
{
	struct proc *parent = p->parent;
	if (!parent) {
		proc_free(p);
		return;
	}
	if (!parent->sig) {             /* a parent already torn down: no handlers to read */
		wake_all(&parent->waiters);
		return;
	}
	const struct lx_sigaction *a = &parent->sig->act[LX_SIGCHLD - 1];
	bool autoreap = a->handler == LX_SIG_IGN || (a->flags & LX_SA_NOCLDWAIT);
	if (p->exit_signal && !autoreap) {
		struct lx_siginfo i = { .si_signo = p->exit_signal };
		int st = p->exit_status;
		i.si_code = (st & 0x7f) ? ((st & 0x80) ? LX_CLD_DUMPED : LX_CLD_KILLED) : LX_CLD_EXITED;
		i.sigchld.pid = p->pid;
		i.sigchld.uid = p->cred.uid;
		i.sigchld.status = (st & 0x7f) ? (st & 0x7f) : (st >> 8) & 0xff;
		signal_send_proc(parent, p->exit_signal, &i);
	}
	wake_all(&parent->waiters);
	if (autoreap) {
		parent->cutime_ns += p->utime_ns + p->cutime_ns;
		parent->cstime_ns += p->stime_ns + p->cstime_ns;
		proc_free(p);
	}
}

/* Everything of p but its struct goes; it is a zombie. */
static void proc_teardown(struct proc *p, int status)
{
	if (p == proc_init_proc)
		init_gone(p, status);
	urt_list_foreach(t, &p->threads, struct uthread, plink)
		thread_clear_tid(t);
	p->state = PROC_ZOMBIE;
	p->exit_status = status;
	urt_list_foreach_safe(t, tmp, &p->threads, struct uthread, plink)
		uthread_free(t);
	if (p->vfork_waiter)
		vfork_release(p);
	fd_close_all(p);
	fsctx_put(p->fs);
	p->fs = NULL;
	futex_proc_gone(p);
	p->maxrss_pages = p->mm ? p->mm->pmap.pages : 0;
	mm_put(p);              /* with the task, unless a CLONE_VM relative still runs in it */
	/* before the handlers go: the SIGHUP may end a child at once, whose
	 * notify_parent reads them; and the children have their new parent
	 * before then, so that a child ending meanwhile never reads ours */
	if (p->sid == p->pid)
		console_session_gone(p->sid);
	reparent_children(p);
	sigstate_put(p->sig);
	p->sig = NULL;
	pend_free(&p->pend);
	itimer_proc_gone(p);
}

void proc_exit(struct proc *p, int status)
{
	if (p->state != PROC_ALIVE)
		return;
	proc_teardown(p, status);
	notify_parent(p);
}

/* A process that never ran (fork failed half-way): gone without a trace. */
void proc_abort(struct proc *p)
{
	proc_teardown(p, 0);
	proc_free(p);
}

void uthread_exit(struct uthread *t, int code)
{
	struct proc *p = t->proc;
	if (p->nthreads == 1) {
		proc_exit(p, (code & 0xff) << 8);
		return;
	}
	thread_clear_tid(t);
	uthread_free(t);
}

long sys_exit(struct uthread *t, const uint64_t *a)
{
	uthread_exit(t, (int)a[0]);
	return SYS_NOREPLY;
}

long sys_exit_group(struct uthread *t, const uint64_t *a)
{
	proc_exit(t->proc, ((int)a[0] & 0xff) << 8);
	return SYS_NOREPLY;
}

/* ---- waiting ---- */

struct waitq {
	int idtype;             /* LX_P_* */
	int id;
	int options;
};

static bool wait_matches(const struct proc *c, const struct waitq *w)
{
	if (w->idtype == LX_P_PID)
		return c->pid == w->id;
	if (w->idtype == LX_P_PGID)
		return c->pgid == w->id;
	return true;
}

/* What child c has to report under w: its status word, or -1. */
static int wait_report(struct proc *c, const struct waitq *w, int *why)
{
	if (c->state == PROC_ZOMBIE && (w->options & LX_WEXITED)) {
		*why = LX_WEXITED;
		return c->exit_status;
	}
	if (c->stop_report && c->stop_report != 0xffff && (w->options & LX_WUNTRACED) && c->stopped) {
		*why = LX_WUNTRACED;
		return c->stop_report;
	}
	if (c->stop_report == 0xffff && (w->options & LX_WCONTINUED)) {
		*why = LX_WCONTINUED;
		return 0xffff;
	}
	return -1;
}

struct wait_result {
	int pid, status, why;
	uint32_t uid;
	uint64_t utime_ns, stime_ns, maxrss_pages;
};

/* 0: found (res), 1: children but none ready, -ECHILD. */
static int wait_find(struct proc *p, const struct waitq *w, struct wait_result *res)
{
	bool any = false;
	urt_list_foreach_safe(c, tmp, &p->children, struct proc, sibling) {
		if (!wait_matches(c, w))
			continue;
		any = true;
		int why, st = wait_report(c, w, &why);
		if (st < 0)
			continue;
		*res = (struct wait_result){ c->pid, st, why, c->cred.uid,
		                             c->utime_ns + c->cutime_ns, c->stime_ns + c->cstime_ns,
		                             c->maxrss_pages };
		if (w->options & LX_WNOWAIT)
			return 0;
		if (why == LX_WEXITED) {
			p->cutime_ns += res->utime_ns;
			p->cstime_ns += res->stime_ns;
			proc_free(c);
		} else {
			c->stop_report = 0;
		}
		return 0;
	}
	return any ? 1 : -LX_ECHILD;
}

/* Park t until a child of its process changes, unless WNOHANG. */
static long wait_block(struct uthread *t, const struct waitq *w, long nohang_result)
{
	if (w->options & LX_WNOHANG)
		return nohang_result;
	return park(t, &t->proc->waiters, UINT64_MAX);
}

struct lx_rusage {
	int64_t utime_sec, utime_usec, stime_sec, stime_usec;
	int64_t rest[14];
};

static int rusage_out(struct proc *p, uint64_t uaddr, uint64_t u_ns, uint64_t s_ns, uint64_t rss)
{
	if (!uaddr)
		return 0;
	struct lx_rusage r = { 0 };
	r.rest[0] = (int64_t)(rss * 4);         /* ru_maxrss, KiB */
	r.utime_sec = (int64_t)(u_ns / 1000000000), r.utime_usec = (int64_t)(u_ns % 1000000000 / 1000);
	r.stime_sec = (int64_t)(s_ns / 1000000000), r.stime_usec = (int64_t)(s_ns % 1000000000 / 1000);
	return copy_out(p, uaddr, &r, sizeof(r));
}

long sys_wait4(struct uthread *t, const uint64_t *a)
{
	int pid = (int)a[0], options = (int)a[2];
	if (options & ~(LX_WNOHANG | LX_WUNTRACED | LX_WCONTINUED | 0x60000000))
		return -LX_EINVAL;
	struct waitq w = { LX_P_ALL, 0, options | LX_WEXITED };
	if (pid > 0)
		w.idtype = LX_P_PID, w.id = pid;
	else if (pid == 0)
		w.idtype = LX_P_PGID, w.id = t->proc->pgid;
	else if (pid < -1)
		w.idtype = LX_P_PGID, w.id = -pid;
	struct wait_result r;
	int found = wait_find(t->proc, &w, &r);
	if (found < 0)
		return found;
	if (found == 1)
		return wait_block(t, &w, 0);
	int err = a[1] ? copy_out(t->proc, a[1], &r.status, sizeof(int)) : 0;
	if (!err)
		err = rusage_out(t->proc, a[3], r.utime_ns, r.stime_ns, r.maxrss_pages);
	return err ? err : r.pid;
}

long sys_waitid(struct uthread *t, const uint64_t *a)
{
	int idtype = (int)a[0], options = (int)a[3];
	if (idtype < LX_P_ALL || idtype > LX_P_PGID ||
	    !(options & (LX_WEXITED | LX_WUNTRACED | LX_WCONTINUED)) ||
	    (options & ~(LX_WNOHANG | LX_WUNTRACED | LX_WEXITED | LX_WCONTINUED | LX_WNOWAIT)))
		return -LX_EINVAL;
	struct waitq w = { idtype, (int)a[1], options };
	if (idtype == LX_P_PGID && w.id == 0)
		w.id = t->proc->pgid;
	struct wait_result r;
	int found = wait_find(t->proc, &w, &r);
	if (found < 0)
		return found;
	struct lx_siginfo info = { 0 };
	if (found == 1) {
		long b = wait_block(t, &w, 0);
		if (b != 0 || !a[2])
			return b;
		return copy_out(t->proc, a[2], &info, sizeof(info));   /* WNOHANG: zeroed */
	}
	info.si_signo = LX_SIGCHLD;
	info.sigchld.pid = r.pid;
	info.sigchld.uid = r.uid;
	if (r.why == LX_WEXITED) {
		bool sig = r.status & 0x7f;
		info.si_code = sig ? ((r.status & 0x80) ? LX_CLD_DUMPED : LX_CLD_KILLED) : LX_CLD_EXITED;
		info.sigchld.status = sig ? r.status & 0x7f : (r.status >> 8) & 0xff;
	} else if (r.why == LX_WUNTRACED) {
		info.si_code = LX_CLD_STOPPED;
		info.sigchld.status = (r.status >> 8) & 0xff;
	} else {
		info.si_code = LX_CLD_CONTINUED;
		info.sigchld.status = LX_SIGCONT;
	}
	int err = a[2] ? copy_out(t->proc, a[2], &info, sizeof(info)) : 0;
	if (!err)
		err = rusage_out(t->proc, a[4], r.utime_ns, r.stime_ns, r.maxrss_pages);
	return err;
}
