/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * signal.h - signals: sending, delivery, job control (signal.c) and the
 * signal system calls (sys_signal.c).  The Linux frame itself is
 * signal/sigframe.c.
 */
#ifndef UNIX_SIGNAL_H
#define UNIX_SIGNAL_H

#include <stdbool.h>
#include <stdint.h>
#include <urt.h>
#include "lx_signal.h"
#include "sigset.h"
#include "sigframe.h"
#include "unixd.h"

/* Results a blocking call returns to be restarted or interrupted (Linux's
 * kernel-internal values; never seen by a program). */
#define LX_ERESTARTSYS           512
#define LX_ERESTARTNOINTR        513
#define LX_ERESTARTNOHAND        514
#define LX_ERESTART_RESTARTBLOCK 516

/* Handlers, shared by threads made with CLONE_SIGHAND. */
struct sigstate {
	unsigned refs;
	struct lx_sigaction act[LX_NSIG];
	struct urt_list signalfd_wait;  /* signalfd reads and watches (signalfd.c): every signal wakes it */
};

struct sigstate *sigstate_new(void);
struct sigstate *sigstate_copy(const struct sigstate *s);
void sigstate_put(struct sigstate *s);

/* Queue sig for p (any thread that does not block it) or for thread t;
 * info NULL means SI_KERNEL-less defaults (si_code SI_KERNEL).  Delivery
 * happens when the thread next returns to the program. */
void signal_send_proc(struct proc *p, int sig, const struct lx_siginfo *info);
void signal_send_thread(struct uthread *t, int sig, const struct lx_siginfo *info);
void signal_force_thread(struct uthread *t, int sig);
/* Every process of group pgrp; -ESRCH if there is none. */
int signal_send_pgrp(int pgrp, int sig, const struct lx_siginfo *info);
/* A synchronous fault of t (SIGSEGV, SIGBUS, ...) at addr: delivered now,
 * the thread is stopped in its fault until then. */
void signal_fault(struct uthread *t, int sig, int code, uint64_t addr, int trapno);
/* A CPU exception of t as the kernel reported it. */
void signal_exception(struct uthread *t, const struct dbt_exc_msg *e);
/* Before t's system call is answered with *rax: deliver what is pending
 * (rewriting *rax by the restart rules and the registers for a handler).
 * false: do not answer now (t is gone, or held by a stop). */
bool signal_before_return(struct uthread *t, long *rax);
/* Nothing pending and unblocked for t, its process not stopped, no mask to
 * restore: signal_before_return would have nothing to do for a result that
 * restarts nothing.  For a thread that comes from user level this is all
 * of signal_return_quiet: its waiting_set and sleeps_through_signals are
 * already clear (every answer clears them). */
static inline bool signal_none_due(const struct uthread *t)
{
	const struct proc *p = t->proc;
	return !((t->pend.set | p->pend.set) & ~t->sig_blocked) && !p->stopped && !t->restore_mask;
}
/* signal_before_return's common case, inline for the receive loop: nothing
 * pending and unblocked for t, its process not stopped, no mask to restore,
 * rax no restart code.  Then it does what signal_before_return does in that
 * case and returns true; false: signal_before_return has work to do. */
static inline bool signal_return_quiet(struct uthread *t, long rax)
{
	if (!signal_none_due(t) || (rax <= -LX_ERESTARTSYS && rax >= -LX_ERESTART_RESTARTBLOCK))
		return false;
	t->waiting_set = 0;
	t->park.sleeps_through_signals = false;
	return true;
}
/* execve: caught signals back to SIG_DFL, the alternate stack off. */
void signal_exec_reset(struct proc *p, struct uthread *t);
/* A clean FPU for t (exec, handler entry). */
void signal_fpu_reset(struct uthread *t);
/* Take the lowest pending signal of t in allowed (the thread's own first),
 * with its siginfo; 0 if none. */
int signal_take(struct uthread *t, lx_sigset_t allowed, struct lx_siginfo *info);
/* Pending signals of set go (SIG_IGN, SIGCONT's stops); pend_free: all. */
void pend_drop(struct sigpend *q, lx_sigset_t set);
void pend_free(struct sigpend *q);
/* Is a signal pending for t that it does not block? */
bool signal_deliverable(const struct uthread *t);
/* Job control: p continues (SIGCONT) / every thread of p stops. */
void proc_continue(struct proc *p);
/* May sender signal target (kill permission rules)? */
bool signal_may_send(const struct proc *sender, const struct proc *target, int sig);
/* The FPU state's shape (READ_FPU of unixd's first process thread). */
const struct sigframe_fpu *signal_fpu_shape(struct uthread *t);
bool pgrp_in_session(int pgrp, int sid);
/* No member of the group has a parent in another group of its session. */
bool pgrp_orphaned(int pgrp);
/* t ignores or blocks sig (the terminal's is_ignored: SIGTTIN, SIGTTOU). */
bool signal_ignored_by(const struct uthread *t, int sig);

/* exit.c */
/* p ends with wait status word status (exit code << 8, or the signal). */
void proc_exit(struct proc *p, int status);
/* A process that never ran goes without notifying anyone. */
void proc_abort(struct proc *p);
/* The thread t ends (exit): the process too if it was the last. */
void uthread_exit(struct uthread *t, int code);

#endif
