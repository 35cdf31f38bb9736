/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sys_signal.c - the signal system calls: actions, masks, waiting for
 * signals, sending them, the alternate stack and rt_sigreturn.
 * Delivery itself is signal.c; the frame is signal/sigframe.c.
 */
#include "unixd.h"
#include "signal.h"
#include "mm/mm.h"

#define LX_SIG_BLOCK   0
#define LX_SIG_UNBLOCK 1
#define LX_SIG_SETMASK 2
#define SIGSET_SIZE    8

long sys_rt_sigaction(struct uthread *t, const uint64_t *a)
{
	int sig = (int)a[0];
	struct proc *p = t->proc;
	if (!sig_is_valid(sig) || a[3] != SIGSET_SIZE)
		return -LX_EINVAL;
	struct lx_sigaction nw, old = p->sig->act[sig - 1];
	if (a[1]) {
		if (sig_kernel_only(sig))
			return -LX_EINVAL;
		int err = copy_in(p, &nw, a[1], sizeof(nw));
		if (err)
			return err;
	}
	if (a[2]) {
		int err = copy_out(p, a[2], &old, sizeof(old));
		if (err)
			return err;
	}
	if (a[1]) {
		nw.mask = sig_mask_fix(nw.mask);
		p->sig->act[sig - 1] = nw;
		/* setting SIG_IGN (or a default that ignores) drops what is pending */
		if (nw.handler == LX_SIG_IGN || (nw.handler == LX_SIG_DFL &&
		                                 sig_default_action(sig) == SIG_ACT_IGNORE)) {
			pend_drop(&p->pend, sigset_of(sig));
			urt_list_foreach(u, &p->threads, struct uthread, plink)
				pend_drop(&u->pend, sigset_of(sig));
		}
	}
	return 0;
}

long sys_rt_sigprocmask(struct uthread *t, const uint64_t *a)
{
	if (a[3] != SIGSET_SIZE)
		return -LX_EINVAL;
	lx_sigset_t set, old = t->sig_blocked;
	if (a[1]) {
		int err = copy_in(t->proc, &set, a[1], sizeof(set));
		if (err)
			return err;
		switch (a[0]) {
		case LX_SIG_BLOCK: t->sig_blocked |= set; break;
		case LX_SIG_UNBLOCK: t->sig_blocked &= ~set; break;
		case LX_SIG_SETMASK: t->sig_blocked = set; break;
		default: return -LX_EINVAL;
		}
		t->sig_blocked = sig_mask_fix(t->sig_blocked);
	}
	return a[2] ? copy_out(t->proc, a[2], &old, sizeof(old)) : 0;
}

long sys_rt_sigpending(struct uthread *t, const uint64_t *a)
{
	if (a[1] > SIGSET_SIZE)
		return -LX_EINVAL;
	lx_sigset_t set = (t->pend.set | t->proc->pend.set) & t->sig_blocked;
	return copy_out(t->proc, a[0], &set, a[1]);
}

/* sigsuspend: the mask is swapped for the wait and restored by the frame
 * (the saved mask is the old one: sigmask_to_save). */
long sys_rt_sigsuspend(struct uthread *t, const uint64_t *a)
{
	if (t->park.wake_reason == PARK_NONE) {
		lx_sigset_t set;
		if (a[1] != SIGSET_SIZE)
			return -LX_EINVAL;
		int err = copy_in(t->proc, &set, a[0], sizeof(set));
		if (err)
			return err;
		t->saved_mask = t->sig_blocked;
		t->sig_blocked = sig_mask_fix(set);
	}
	if (signal_deliverable(t)) {
		t->restore_mask = true;
		return -LX_ERESTARTNOHAND;
	}
	long r = park(t, NULL, UINT64_MAX);
	t->park.intr_result = -LX_ERESTARTNOHAND;
	t->restore_mask = true;
	return r;
}

long sys_pause(struct uthread *t, const uint64_t *a)
{
	(void)a;
	if (signal_deliverable(t))
		return -LX_ERESTARTNOHAND;
	long r = park(t, NULL, UINT64_MAX);
	t->park.intr_result = -LX_ERESTARTNOHAND;
	return r;
}

long sys_rt_sigtimedwait(struct uthread *t, const uint64_t *a)
{
	struct proc *p = t->proc;
	lx_sigset_t set;
	if (a[3] != SIGSET_SIZE)
		return -LX_EINVAL;
	int err = copy_in(p, &set, a[0], sizeof(set));
	if (err)
		return err;
	set = sig_mask_fix(set);
	struct lx_siginfo info;
	int sig = signal_take(t, set, &info);
	if (sig) {
		err = a[1] ? copy_out(p, a[1], &info, sizeof(info)) : 0;
		return err ? err : sig;
	}
	if (t->park.wake_reason == PARK_TIMEOUT)
		return -LX_EAGAIN;
	uint64_t deadline = UINT64_MAX;
	if (a[2]) {
		struct lx_timespec ts;
		if ((err = copy_in(p, &ts, a[2], sizeof(ts))))
			return err;
		if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000)
			return -LX_EINVAL;
		if (t->park.wake_reason == PARK_NONE)
			t->park.data[0] = unix_now_ns() + (uint64_t)ts.tv_sec * 1000000000 + (uint64_t)ts.tv_nsec;
		deadline = t->park.data[0];
	}
	/* the signals waited for are taken out of the blocked mask meanwhile, so
	 * that sending one kicks us; it comes back when the call ends */
	t->waiting_set = set;
	long r = park(t, NULL, deadline);
	t->park.intr_result = -LX_EINTR;
	return r;
}

long sys_rt_sigreturn(struct uthread *t, const uint64_t *a)
{
	(void)a;
	struct proc *p = t->proc;
	static uint8_t frame[SIGFRAME_RESTORE_LEN];
	struct sigframe_restore_out out;
	struct dbt_regs cur;
	if (dbt_thread_ctl(t->thread, DBT_THREAD_READ_REGS, 0, 0).err)
		return -LX_EFAULT;
	memcpy(&cur, dbt_mr(), sizeof(cur));
	size_t len = copy_in(p, frame, cur.rsp - 8, sizeof(frame)) == 0 ? sizeof(frame) : 0;
	const struct sigframe_fpu *shape = signal_fpu_shape(t);
	if (sigframe_restore(frame, len, &cur, &t->alt, shape, &out)) {
		signal_force_thread(t, LX_SIGSEGV);
		return 0;
	}
	static uint8_t fp[DBT_XSTATE_MAX + 64];
	size_t fplen = out.fpstate && out.fpstate_len <= sizeof(fp) &&
	               copy_in(p, fp, out.fpstate, out.fpstate_len) == 0 ? out.fpstate_len : 0;
	uint32_t size;
	int ferr = sigframe_restore_fpu(fp, fplen, out.fpstate, shape, dbt_xstate(), &size);
	if (ferr) {
		sigframe_fpu_init(dbt_xstate(), shape);
		size = shape->size;
	}
	dbt_thread_write_fpu(t->thread, size);
	memcpy(dbt_mr(), &out.regs, sizeof(out.regs));
	if (dbt_thread_ctl(t->thread, DBT_THREAD_WRITE_REGS, 0, 0).err) {
		proc_exit(p, LX_SIGSEGV);
		return SYS_NOREPLY;
	}
	t->sig_blocked = out.blocked;
	if (ferr) {
		signal_force_thread(t, LX_SIGSEGV);
		return 0;
	}
	t->alt = out.altstack;
	t->park.call.nr = ~0ull;        /* not a call to restart any more */
	return (long)out.regs.rax;
}

static void info_user(struct lx_siginfo *i, struct uthread *t, int sig, int code)
{
	memset(i, 0, sizeof(*i));
	i->si_signo = sig;
	i->si_code = code;
	i->kill.pid = t->proc->pid;
	i->kill.uid = t->proc->cred.uid;
}

long sys_kill(struct uthread *t, const uint64_t *a)
{
	int pid = (int)a[0], sig = (int)a[1], n = 0, denied = 0;
	struct proc *me = t->proc;
	int my_pgid = me->pgid;
	bool self = false;
	if (sig < 0 || sig > LX_NSIG)
		return -LX_EINVAL;
	struct lx_siginfo info;
	info_user(&info, t, sig, LX_SI_USER);
	for (struct proc *p = proc_next(NULL), *next; p; p = next) {
		next = proc_next(p);    /* a signal may end p (and free it) */
		bool match = pid > 0 ? p->pid == pid : pid == 0 ? p->pgid == my_pgid :
		             pid == -1 ? p->pid != 1 : p->pgid == -pid;
		if (!match)
			continue;               /* a zombie counts, but nothing reaches it */
		if (!signal_may_send(me, p, sig)) {
			denied++;
			continue;
		}
		n++;
		if (p == me)
			self = true;    /* last: it may end the caller */
		else if (sig && p->state == PROC_ALIVE)
			signal_send_proc(p, sig, &info);
	}
	if (self && sig && pid != -1)
		signal_send_proc(me, sig, &info);      /* kill(-1) spares the caller */
	return n ? 0 : denied ? -LX_EPERM : -LX_ESRCH;
}

static long thread_kill(struct uthread *t, int tgid, int tid, int sig)
{
	if (tid <= 0 || sig < 0 || sig > LX_NSIG)
		return -LX_EINVAL;
	struct uthread *u = uthread_by_tid(tid);
	if (!u || (tgid > 0 && u->proc->pid != tgid) || u->proc->state != PROC_ALIVE)
		return -LX_ESRCH;
	if (!signal_may_send(t->proc, u->proc, sig))
		return -LX_EPERM;
	struct lx_siginfo info;
	info_user(&info, t, sig, LX_SI_TKILL);
	if (sig)
		signal_send_thread(u, sig, &info);
	return 0;
}

long sys_tkill(struct uthread *t, const uint64_t *a)
{
	return thread_kill(t, 0, (int)a[0], (int)a[1]);
}

long sys_tgkill(struct uthread *t, const uint64_t *a)
{
	if ((int)a[0] <= 0)
		return -LX_EINVAL;
	return thread_kill(t, (int)a[0], (int)a[1], (int)a[2]);
}

long sys_sigaltstack(struct uthread *t, const uint64_t *a)
{
	struct dbt_regs r;
	if (dbt_thread_ctl(t->thread, DBT_THREAD_READ_REGS, 0, 0).err)
		return -LX_EFAULT;
	memcpy(&r, dbt_mr(), sizeof(r));
	struct lx_stack_t ss, oss;
	sigaltstack_get(&t->alt, r.rsp, &oss);
	if (a[0]) {
		int err = copy_in(t->proc, &ss, a[0], sizeof(ss));
		if (!err)
			err = sigaltstack_set(&t->alt, &ss, r.rsp);
		if (err)
			return err;
	}
	return a[1] ? copy_out(t->proc, a[1], &oss, sizeof(oss)) : 0;
}

/* rt_sigqueueinfo, rt_tgsigqueueinfo: a siginfo of the caller's making.
 * Another process may not be sent one that claims to come from the kernel
 * or from kill (si_code >= 0, or SI_TKILL): EPERM, as Linux. */
static long queue_info(struct uthread *t, struct proc *target, int sig, uint64_t uinfo,
                       struct lx_siginfo *info)
{
	if (!sig_is_valid(sig))
		return -LX_EINVAL;
	if (copy_in(t->proc, info, uinfo, sizeof(*info)))
		return -LX_EFAULT;
	if ((info->si_code >= 0 || info->si_code == LX_SI_TKILL) && target != t->proc)
		return -LX_EPERM;
	if (!signal_may_send(t->proc, target, sig))
		return -LX_EPERM;
	info->si_signo = sig;
	return 0;
}

long sys_rt_sigqueueinfo(struct uthread *t, const uint64_t *a)
{
	struct proc *p = proc_by_pid((int)a[0]);
	struct lx_siginfo info;
	if (!p || p->state != PROC_ALIVE)
		return -LX_ESRCH;
	long err = queue_info(t, p, (int)a[1], a[2], &info);
	if (!err)
		signal_send_proc(p, (int)a[1], &info);
	return err;
}

long sys_rt_tgsigqueueinfo(struct uthread *t, const uint64_t *a)
{
	struct uthread *u = uthread_by_tid((int)a[1]);
	struct lx_siginfo info;
	if (!u || u->proc->pid != (int)a[0] || u->proc->state != PROC_ALIVE)
		return -LX_ESRCH;
	long err = queue_info(t, u->proc, (int)a[2], a[3], &info);
	if (!err)
		signal_send_thread(u, (int)a[2], &info);
	return err;
}
