/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * signal.c - sending and delivering signals, and job-control stops.
 *
 * Pending signals are bit sets, per process (kill) and per thread (tgkill,
 * faults), with one siginfo kept per pending signal (a second instance of a
 * pending signal is merged, as Linux does for the standard signals).
 *
 * Delivery happens when a thread goes back to its program:
 *   - at the answer to a system call (signal_before_return, called for every
 *     answer): the restart rules turn -ERESTART* into EINTR or a restart, a
 *     handler gets its frame (signal/sigframe.c) and the registers are
 *     rewritten while the thread still waits for the answer (KERNEL-API §17);
 *   - a thread running its program is stopped, given its frame and resumed
 *     (kick); one whose call is already queued to unixd (state "sending")
 *     is left alone: the call arrives and its answer delivers;
 *   - a parked call is woken with PARK_SIGNAL: it ends with its interrupted
 *     result, and the answer delivers;
 *   - a fault is delivered at once, before the fault is answered.
 * unixd runs at a higher priority than every process, on one CPU, so a
 * thread's state does not change while a handler looks at it.
 *
 * Default actions: terminate (and core: the status says so), stop (every
 * thread is stopped; a thread in a call keeps its answer until SIGCONT),
 * continue, ignore.  SIGKILL ends the process at once.
 */
#include "unixd.h"
#include "signal.h"
#include "mm/mm.h"
#include "console.h"
#include "event.h"

#define STOP_SIGS (SIG_BIT(LX_SIGSTOP) | SIG_BIT(LX_SIGTSTP) | SIG_BIT(LX_SIGTTIN) | \
                   SIG_BIT(LX_SIGTTOU))

struct sigstate *sigstate_new(void)
{
	struct sigstate *s = calloc(1, sizeof(*s));
	if (s)
		s->refs = 1;
	return s;
}

struct sigstate *sigstate_copy(const struct sigstate *src)
{
	struct sigstate *s = malloc(sizeof(*s));
	if (s) {
		*s = *src;
		s->refs = 1;
		urt_list_init(&s->signalfd_wait);
	}
	return s;
}

void sigstate_put(struct sigstate *s)
{
	if (s && !--s->refs) {
		signalfd_sighand_gone(&s->signalfd_wait);      /* epoll forgets the queue */
		free(s);
	}
}

#define SIGRT_FIRST 32
#define RT_QUEUE_MAX 1024       /* RLIMIT_SIGPENDING's default */

struct sigq {
	struct urt_link link;
	int sig;
	struct lx_siginfo info;
};

static void info_default(struct lx_siginfo *i, int sig)
{
	memset(i, 0, sizeof(*i));
	i->si_signo = sig;
	i->si_code = LX_SI_KERNEL;
}

/* Queue sig with info (NULL: the default) on q; false if it could not be
 * (a full real-time queue): the signal is lost, as Linux loses it. */
static bool pend_add(struct sigpend *q, int sig, const struct lx_siginfo *info)
{
	struct lx_siginfo def;
	if (!info) {
		info_default(&def, sig);
		info = &def;
	}
	if (sig >= SIGRT_FIRST) {
		struct sigq *e = q->nrt < RT_QUEUE_MAX ? malloc(sizeof(*e)) : NULL;
		if (!e)
			return false;
		e->sig = sig;
		e->info = *info;
		urt_list_push_back(&q->rtq, &e->link);
		q->nrt++;
	} else if (!sigset_has(q->set, sig)) {
		if (!q->info && !(q->info = calloc(LX_NSIG, sizeof(struct lx_siginfo))))
			return false;
		q->info[sig - 1] = *info;
	}
	q->set = sigset_add(q->set, sig);
	return true;
}

/* Take one instance of sig (pending on q) and its siginfo. */
static void pend_take(struct sigpend *q, int sig, struct lx_siginfo *info)
{
	if (sig < SIGRT_FIRST) {
		if (q->info)
			*info = q->info[sig - 1];
		else
			info_default(info, sig);
		q->set = sigset_del(q->set, sig);
		return;
	}
	bool more = false, taken = false;
	urt_list_foreach_safe(e, tmp, &q->rtq, struct sigq, link) {
		if (e->sig != sig)
			continue;
		if (taken) {
			more = true;
			break;
		}
		*info = e->info;
		urt_list_remove(&q->rtq, &e->link);
		q->nrt--;
		free(e);
		taken = true;
	}
	if (!taken)
		info_default(info, sig);
	if (!more)
		q->set = sigset_del(q->set, sig);
}

void pend_drop(struct sigpend *q, lx_sigset_t set)
{
	urt_list_foreach_safe(e, tmp, &q->rtq, struct sigq, link) {
		if (sigset_has(set, e->sig)) {
			urt_list_remove(&q->rtq, &e->link);
			q->nrt--;
			free(e);
		}
	}
	q->set &= ~set;
}

void pend_free(struct sigpend *q)
{
	pend_drop(q, ~(lx_sigset_t)0);
	free(q->info);
	q->info = NULL;
}

static bool sig_ignored(const struct proc *p, int sig)
{
	const struct lx_sigaction *a = &p->sig->act[sig - 1];
	if (a->handler == LX_SIG_IGN)
		return true;
	return a->handler == LX_SIG_DFL && (sig_default_action(sig) == SIG_ACT_IGNORE ||
	                                    sig_default_action(sig) == SIG_ACT_CONT);
}

bool signal_ignored_by(const struct uthread *t, int sig)
{
	return t->proc->sig->act[sig - 1].handler == LX_SIG_IGN || sigset_has(t->sig_blocked, sig);
}

/* ---- kicking a thread so that it sees its signal ---- */

static dbt_word_t thread_state(struct uthread *t)
{
	return dbt_thread_ctl(t->thread, DBT_THREAD_INFO, 0, 0).v0;
}

static void deliver_async(struct uthread *t);

static void kick(struct uthread *t)
{
	if (t->stopped || t->proc->stopped)
		return;
	if (t->in_call) {
		park_interrupt(t);
		return;
	}
	dbt_word_t st = thread_state(t);
	if (st == DBT_THREAD_SENDING || st == DBT_THREAD_AWAIT_REPLY || st == DBT_THREAD_INACTIVE)
		return;         /* its call or fault reaches us first and delivers */
	if (dbt_thread_ctl(t->thread, DBT_THREAD_STOP, 0, 0).err)
		return;
	int tid = t->tid;
	deliver_async(t);
	/* a default action may have ended the process, and freed t with it */
	struct uthread *u = uthread_by_tid(tid);
	if (u == t && u->proc->state == PROC_ALIVE && !u->proc->stopped)
		dbt_thread_ctl(t->thread, DBT_THREAD_RESUME, 0, 0);
}

/* The thread of p that takes a process signal: one that does not block it,
 * the main thread first (Linux's complete_signal). */
static struct uthread *signal_target(struct proc *p, int sig)
{
	urt_list_foreach(t, &p->threads, struct uthread, plink)
		if (!sigset_has(t->sig_blocked, sig))
			return t;
	return NULL;
}

/* A thread in sigtimedwait for sig (only, if t is given) takes it. */
static bool wake_sigwaiter(struct proc *p, struct uthread *only, int sig)
{
	urt_list_foreach(u, &p->threads, struct uthread, plink) {
		if ((!only || u == only) && u->park.parked && sigset_has(u->waiting_set, sig)) {
			wake_one(u, PARK_WOKEN);
			return true;
		}
	}
	return false;
}

/* ---- sending ---- */

static void clear_pending(struct proc *p, lx_sigset_t set)
{
	pend_drop(&p->pend, set);
	urt_list_foreach(t, &p->threads, struct uthread, plink)
		pend_drop(&t->pend, set);
}

/* A process group is orphaned when no member has a parent in another group
 * of the same session (POSIX; Linux's will_become_orphaned_pgrp). */
bool pgrp_orphaned(int pgrp)
{
	for (struct proc *p = proc_next(NULL); p; p = proc_next(p)) {
		if (p->pgid != pgrp || p->state != PROC_ALIVE || !p->parent)
			continue;
		if (p->parent->pgid != pgrp && p->parent->sid == p->sid)
			return false;
	}
	return true;
}

/* Process 1 is sent only the signals it has a handler for or blocks (to
 * take them with sigtimedwait, as busybox init does; Linux's
 * SIGNAL_UNKILLABLE): SIGKILL, SIGSTOP and every other default action are
 * dropped, whoever sends them, and one that was blocked is dropped when it
 * is taken with its default action (dequeued_default); only unixd's own (a
 * fault, a bad signal frame) end init. */
static bool init_spared(const struct proc *p, int sig)
{
	if (p != proc_init_proc || p->sig->act[sig - 1].handler != LX_SIG_DFL)
		return false;
	const struct uthread *main = proc_main_thread((struct proc *)p);
	return !(main && sigset_has(main->sig_blocked, sig));
}

/* What SIGCONT and the stop signals do when they are sent (prepare_signal);
 * false: the signal goes no further. */
static bool send_prepare(struct proc *p, int sig)
{
	if (init_spared(p, sig))
		return false;
	if (sig == LX_SIGKILL) {
		proc_exit(p, LX_SIGKILL);
		return false;
	}
	if (sig == LX_SIGCONT) {
		clear_pending(p, STOP_SIGS);
		proc_continue(p);
	} else if (SIG_BIT(sig) & STOP_SIGS) {
		clear_pending(p, SIG_BIT(LX_SIGCONT));
	}
	struct uthread *main = proc_main_thread(p);
	return !(sig_ignored(p, sig) && !(main && sigset_has(main->sig_blocked, sig)));
}

/* At delivery: the terminal's stop signals do not stop an orphaned group. */
static bool stop_discarded(struct proc *p, int sig)
{
	return sig != LX_SIGSTOP && pgrp_orphaned(p->pgid);
}

void signal_send_proc(struct proc *p, int sig, const struct lx_siginfo *info)
{
	if (p->state != PROC_ALIVE || !sig_is_valid(sig) || !send_prepare(p, sig))
		return;
	bool merged = sig < SIGRT_FIRST && sigset_has(p->pend.set, sig);
	if (!pend_add(&p->pend, sig, info))
		return;
	if (!merged)
		signalfd_notify(p);     /* its signalfds look again (signalfd.c), as Linux unless merged */
	if (wake_sigwaiter(p, NULL, sig))
		return;
	struct uthread *t = signal_target(p, sig);
	if (t)
		kick(t);
}

void signal_send_thread(struct uthread *t, int sig, const struct lx_siginfo *info)
{
	struct proc *p = t->proc;
	if (p->state != PROC_ALIVE || !sig_is_valid(sig) || !send_prepare(p, sig))
		return;
	bool merged = sig < SIGRT_FIRST && sigset_has(t->pend.set, sig);
	if (!pend_add(&t->pend, sig, info))
		return;
	if (!merged)
		signalfd_notify(p);
	if (wake_sigwaiter(p, t, sig))
		return;
	if (!sigset_has(t->sig_blocked, sig))
		kick(t);
}

/* A fatal signal the thread brought on itself in a call (a bad signal
 * frame), as Linux's force_sig: blocked or ignored, it is set back to its
 * default, and the default (terminate) ends the process at once, process 1
 * included; a handler gets it as usual. */
void signal_force_thread(struct uthread *t, int sig)
{
	struct lx_sigaction *a = &t->proc->sig->act[sig - 1];
	if (a->handler == LX_SIG_IGN || sigset_has(t->sig_blocked, sig)) {
		a->handler = LX_SIG_DFL;
		t->sig_blocked = sigset_del(t->sig_blocked, sig);
	}
	if (a->handler == LX_SIG_DFL)
		proc_exit(t->proc, sig);
	else
		signal_send_thread(t, sig, NULL);
}

int signal_send_pgrp(int pgrp, int sig, const struct lx_siginfo *info)
{
	int n = 0;
	for (struct proc *p = proc_next(NULL), *next; p; p = next) {
		next = proc_next(p);    /* a signal may end p (and free it) */
		if (p->pgid != pgrp || p->state != PROC_ALIVE)
			continue;
		signal_send_proc(p, sig, info);
		n++;
	}
	return n ? 0 : -LX_ESRCH;
}

bool pgrp_in_session(int pgrp, int sid)
{
	for (struct proc *p = proc_next(NULL); p; p = proc_next(p))
		if (p->pgid == pgrp && p->sid == sid)
			return true;
	return false;
}

bool signal_may_send(const struct proc *s, const struct proc *t, int sig)
{
	(void)sig;
	if (s->cred.euid == 0)
		return true;
	return s->cred.euid == t->suid || s->cred.euid == t->cred.uid ||
	       s->cred.uid == t->suid || s->cred.uid == t->cred.uid ||
	       (sig == LX_SIGCONT && s->sid == t->sid);
}

bool signal_deliverable(const struct uthread *t)
{
	return ((t->pend.set | t->proc->pend.set) & ~t->sig_blocked) != 0;
}

int signal_take(struct uthread *t, lx_sigset_t allowed, struct lx_siginfo *info)
{
	lx_sigset_t mine = t->pend.set & allowed, procs = t->proc->pend.set & allowed;
	int sig = sigset_first(mine ? mine : procs);
	if (sig)
		pend_take(mine ? &t->pend : &t->proc->pend, sig, info);
	return sig;
}

/* Take the next deliverable signal of t and its siginfo; 0 if none. */
static int dequeue(struct uthread *t, struct lx_siginfo *info)
{
	return signal_take(t, ~t->sig_blocked, info);
}

/* ---- job control ---- */

static void notify_parent_stop(struct proc *p, int why, int sig)
{
	struct proc *parent = p->parent;
	p->stop_report = why == LX_CLD_STOPPED ? (sig << 8) | 0x7f : 0xffff;
	if (!parent)
		return;
	wake_all(&parent->waiters);
	const struct lx_sigaction *a = &parent->sig->act[LX_SIGCHLD - 1];
	if (a->handler == LX_SIG_IGN || (a->flags & LX_SA_NOCLDSTOP))
		return;
	struct lx_siginfo i = { .si_signo = LX_SIGCHLD, .si_code = why };
	i.sigchld.pid = p->pid;
	i.sigchld.uid = p->cred.uid;
	i.sigchld.status = sig;
	signal_send_proc(parent, LX_SIGCHLD, &i);
}

static void proc_stop(struct proc *p, int sig)
{
	if (p->stopped)
		return;
	p->stopped = true;
	urt_list_foreach(t, &p->threads, struct uthread, plink) {
		if (!t->in_call && !t->stopped && thread_state(t) != DBT_THREAD_INACTIVE &&
		    dbt_thread_ctl(t->thread, DBT_THREAD_STOP, 0, 0).err == DBT_OK)
			t->stopped = true;
	}
	notify_parent_stop(p, LX_CLD_STOPPED, sig);
}

/* The queue of calls whose answer waits for SIGCONT. */
static struct urt_list held_answers = URT_LIST_INIT;

void proc_continue(struct proc *p)
{
	if (!p->stopped)
		return;
	p->stopped = false;
	urt_list_foreach(t, &p->threads, struct uthread, plink) {
		if (t->stopped) {
			t->stopped = false;
			dbt_thread_ctl(t->thread, DBT_THREAD_RESUME, 0, 0);
		}
	}
	urt_list_foreach_safe(t, tmp, &held_answers, struct uthread, park.qlink)
		if (t->proc == p)
			wake_one(t, PARK_WOKEN);
	notify_parent_stop(p, LX_CLD_CONTINUED, LX_SIGCONT);
}

/* ---- registers and frames ---- */

static int read_regs(struct uthread *t, struct dbt_regs *r)
{
	if (dbt_thread_ctl(t->thread, DBT_THREAD_READ_REGS, 0, 0).err)
		return -1;
	memcpy(r, dbt_mr(), sizeof(*r));
	return 0;
}

static int write_regs(struct uthread *t, const struct dbt_regs *r)
{
	memcpy(dbt_mr(), r, sizeof(*r));
	return dbt_thread_ctl(t->thread, DBT_THREAD_WRITE_REGS, 0, 0).err ? -1 : 0;
}

static struct sigframe_fpu fpu_shape;

const struct sigframe_fpu *signal_fpu_shape(struct uthread *t)
{
	if (!fpu_shape.size) {
		dbt_word_t size, feat;
		if (dbt_thread_read_fpu(t->thread, &size, &feat) == DBT_OK) {
			const struct dbt_fxsave *fx = dbt_xstate();
			fpu_shape = (struct sigframe_fpu){ (uint32_t)size, fx->mxcsr_mask, feat };
		}
	}
	return &fpu_shape;
}

void signal_fpu_reset(struct uthread *t)
{
	const struct sigframe_fpu *shape = signal_fpu_shape(t);
	sigframe_fpu_init(dbt_xstate(), shape);
	dbt_thread_write_fpu(t->thread, shape->size);
}

/* SIGSEGV that cannot be caught: the process ends (force_sigsegv). */
static void force_sigsegv(struct uthread *t)
{
	proc_exit(t->proc, LX_SIGSEGV);
}

/* Put the frame for sig on t's stack and point regs at the handler; regs
 * are the registers to save and become the handler's.  false: t is gone. */
static bool frame_push(struct uthread *t, int sig, const struct lx_siginfo *info,
                       struct dbt_regs *regs, uint64_t trapno, uint64_t cr2)
{
	struct proc *p = t->proc;
	struct lx_sigaction act = p->sig->act[sig - 1];
	static struct sigframe_out out;
	dbt_word_t size, feat;
	if (dbt_thread_read_fpu(t->thread, &size, &feat)) {
		force_sigsegv(t);
		return false;
	}
	struct sigframe_in in = {
		.sig = sig, .act = &act, .regs = *regs, .trapno = trapno, .cr2 = cr2,
		.fpu_image = dbt_xstate(), .fpu = *signal_fpu_shape(t), .info = info,
		.saved_mask = t->restore_mask ? t->saved_mask : t->sig_blocked, .altstack = t->alt,
	};
	if (sigframe_build(&in, &out) || copy_out(p, out.frame, out.bytes, out.len) < 0) {
		force_sigsegv(t);
		return false;
	}
	*regs = out.regs;
	t->alt = out.altstack;
	if (t->restore_mask) {
		t->sig_blocked = t->saved_mask;
		t->restore_mask = false;
	}
	t->sig_blocked = sigset_on_delivery(t->sig_blocked, &act, sig);
	if (act.flags & LX_SA_RESETHAND)
		p->sig->act[sig - 1].handler = LX_SIG_DFL;
	write_regs(t, regs);
	signal_fpu_reset(t);
	return true;
}

/* What a dequeued signal without a handler does; false: t is gone or held. */
static bool default_action(struct uthread *t, int sig)
{
	switch (sig_default_action(sig)) {
	case SIG_ACT_IGNORE:
	case SIG_ACT_CONT:
		return true;
	case SIG_ACT_STOP:
		if (!stop_discarded(t->proc, sig))
			proc_stop(t->proc, sig);
		return true;
	case SIG_ACT_CORE:
		proc_exit(t->proc, sig);        /* no core is written: the status says so */
		return false;
	default:
		proc_exit(t->proc, sig);
		return false;
	}
}

/* A signal taken with its default action: process 1 drops it (see
 * init_spared); false when t is not to run on (default_action's). */
static bool dequeued_default(struct uthread *t, int sig)
{
	return t->proc == proc_init_proc || default_action(t, sig);
}

/* Deliver to a thread stopped in its program (not in a call). */
static void deliver_async(struct uthread *t)
{
	struct lx_siginfo info;
	struct dbt_regs regs;
	int sig;
	while (t->proc->state == PROC_ALIVE && !t->proc->stopped && (sig = dequeue(t, &info))) {
		const struct lx_sigaction *a = &t->proc->sig->act[sig - 1];
		if (a->handler == LX_SIG_IGN)
			continue;
		if (a->handler == LX_SIG_DFL) {
			if (!dequeued_default(t, sig))
				return;
			continue;
		}
		if (read_regs(t, &regs) || !frame_push(t, sig, &info, &regs, 0, 0))
			return;
	}
}

/* Hold t's answer (rax) until its process continues. */
static bool hold_answer(struct uthread *t, long rax)
{
	if (park(t, &held_answers, UINT64_MAX) != SYS_PARKED)
		return true;
	t->park.sleeps_through_signals = true;
	t->park.has_result = true;
	t->park.result = rax;
	return false;
}

bool signal_before_return(struct uthread *t, long *rax)
{
	struct proc *p = t->proc;
	/* a call with a temporary mask (ppoll, pselect6, epoll_pwait) that was
	 * not interrupted puts the old mask back first, so that what it unblocks
	 * is delivered now (Linux's restore_saved_sigmask_unless) */
	if (t->restore_mask && *rax != -LX_EINTR &&
	    (*rax > -LX_ERESTARTSYS || *rax < -LX_ERESTART_RESTARTBLOCK)) {
		t->sig_blocked = t->saved_mask;
		t->restore_mask = false;
	}
	if (signal_return_quiet(t, *rax))
		return true;    /* the common case: nothing to deliver, restart, stop or restore */
	bool at_call = true;
	struct lx_siginfo info;
	struct dbt_regs regs;
	int sig;
	t->park.sleeps_through_signals = false;
	t->waiting_set = 0;
	while (p->state == PROC_ALIVE && (sig = dequeue(t, &info))) {
		const struct lx_sigaction *a = &p->sig->act[sig - 1];
		if (a->handler == LX_SIG_IGN)
			continue;
		if (a->handler == LX_SIG_DFL) {
			if (!dequeued_default(t, sig))
				return false;
			continue;
		}
		if (read_regs(t, &regs))
			return false;
		if (at_call)
			sigframe_syscall_restart(&regs, t->park.call.nr, *rax, true, a->flags);
		at_call = false;
		if (!frame_push(t, sig, &info, &regs, 0, 0))
			return false;
		*rax = (long)regs.rax;
	}
	if (p->state != PROC_ALIVE)
		return false;
	if (t->restore_mask) {
		t->sig_blocked = t->saved_mask;
		t->restore_mask = false;
	}
	if (at_call && *rax <= -LX_ERESTARTSYS && *rax >= -LX_ERESTART_RESTARTBLOCK) {
		if (read_regs(t, &regs))
			return false;
		sigframe_syscall_restart(&regs, t->park.call.nr, *rax, false, 0);
		write_regs(t, &regs);
		*rax = (long)regs.rax;
	}
	if (p->stopped)
		return hold_answer(t, *rax);
	return true;
}

/* ---- faults and exceptions ---- */

void signal_fault(struct uthread *t, int sig, int code, uint64_t addr, int trapno)
{
	struct proc *p = t->proc;
	struct lx_sigaction *a = &p->sig->act[sig - 1];
	/* a blocked or ignored fault signal kills (force_sig_info_to_task) */
	if (a->handler == LX_SIG_IGN || sigset_has(t->sig_blocked, sig)) {
		a->handler = LX_SIG_DFL;
		t->sig_blocked = sigset_del(t->sig_blocked, sig);
	}
	if (a->handler == LX_SIG_DFL) {
		if (default_action(t, sig))
			dbt_reply(DBT_TAG(0, 0, 0));
		return;
	}
	struct lx_siginfo info = { .si_signo = sig, .si_code = code };
	info.sigfault.addr = addr;
	struct dbt_regs regs;
	if (read_regs(t, &regs) || !frame_push(t, sig, &info, &regs, (uint64_t)trapno, addr))
		return;
	dbt_reply(DBT_TAG(0, 0, 0));
	if (signal_deliverable(t))
		kick(t);
}

struct exc_map {
	unsigned vector;
	int sig, code;
};

static const struct exc_map exc_map[] = {
	{ 0, LX_SIGFPE, LX_FPE_INTDIV }, { 1, LX_SIGTRAP, LX_TRAP_BRKPT },
	{ 3, LX_SIGTRAP, LX_SI_KERNEL }, { 4, LX_SIGSEGV, LX_SI_KERNEL },
	{ 5, LX_SIGSEGV, LX_SI_KERNEL }, { 6, LX_SIGILL, LX_ILL_ILLOPN },
	{ 13, LX_SIGSEGV, LX_SI_KERNEL }, { 14, LX_SIGSEGV, LX_SEGV_MAPERR },
	{ 16, LX_SIGFPE, LX_FPE_FLTINV }, { 17, LX_SIGBUS, LX_BUS_ADRALN },
	{ 19, LX_SIGFPE, LX_FPE_FLTINV },
};

void signal_exception(struct uthread *t, const struct dbt_exc_msg *e)
{
	int sig = LX_SIGSEGV, code = LX_SI_KERNEL;
	for (unsigned i = 0; i < ARRAY_SIZE(exc_map); i++)
		if (exc_map[i].vector == e->vector)
			sig = exc_map[i].sig, code = exc_map[i].code;
	uint64_t addr = e->vector == 14 ? e->fault_addr : (sig == LX_SIGSEGV ? 0 : e->regs.rip);
	signal_fault(t, sig, code, addr, (int)e->vector);
}

void signal_exec_reset(struct proc *p, struct uthread *t)
{
	if (p->sig->refs > 1) {
		struct sigstate *s = sigstate_copy(p->sig);
		if (s) {
			sigstate_put(p->sig);
			p->sig = s;
		}
	}
	for (int i = 0; i < LX_NSIG; i++) {
		struct lx_sigaction *a = &p->sig->act[i];
		if (a->handler != LX_SIG_IGN)
			*a = (struct lx_sigaction){ 0 };
	}
	t->alt = SIG_ALTSTACK_NONE;
}
