/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * timer.c - interval timers (setitimer, getitimer, alarm) and POSIX timers
 * (timer_create & co.).
 *
 * Every armed timer is a struct utimer on one list sorted by deadline, on
 * the kernel clock; the receive loop waits until the first one
 * (itimer_next_deadline, timeu.h) and fires what is due (itimer_expire).
 *   - real-time clocks (ITIMER_REAL, CLOCK_MONOTONIC/REALTIME/BOOTTIME timers)
 *     fire at their deadline;
 *   - CPU-time clocks (ITIMER_VIRTUAL, ITIMER_PROF, CLOCK_PROCESS_CPUTIME_ID)
 *     keep a target in the process's CPU time; the deadline is when the
 *     target would be reached if the process ran all the time, and at that
 *     deadline the timer fires if the CPU time has got there, else it waits
 *     for what is missing.  (The kernel counts CPU time in 1 ms ticks.)
 * Firing sends the timer's signal (SIGALRM, SIGVTALRM, SIGPROF, or the
 * sigevent's, with si_code SI_TIMER for POSIX timers; an expiry while the
 * last signal is still pending counts as an overrun) and re-arms the interval.
 */
#include "unixd.h"
#include "signal.h"
#include "timeu.h"
#include "mm/mm.h"

#define NS 1000000000ull
#define LX_ITIMER_REAL    0
#define LX_ITIMER_VIRTUAL 1
#define LX_ITIMER_PROF    2
#define LX_SIGEV_SIGNAL    0
#define LX_SIGEV_NONE      1
#define LX_SIGEV_THREAD_ID 4
#define LX_TIMER_ABSTIME   1
#define LX_CLOCK_REALTIME  0
#define LX_CLOCK_PROCESS_CPUTIME_ID 2
#define LX_CLOCK_THREAD_CPUTIME_ID  3
#define TIMERS_MAX 64           /* POSIX timers per process */

struct utimer {
	struct proc *proc;
	struct urt_link link;           /* on the armed list while dl != 0 */
	struct urt_link plink;          /* POSIX timers: in proc->timers */
	int id;                         /* POSIX timer id; -1 for setitimer's */
	int clock;                      /* LX_CLOCK_*; CPU clocks count CPU time */
	int sig, notify, tid;           /* what firing sends, and to whom */
	uint64_t value;                 /* sigev_value */
	uint64_t dl;                    /* kernel-clock deadline; 0: disarmed */
	uint64_t cpu_target;            /* CPU clocks: the CPU time to reach */
	uint64_t interval;
	int overrun, overrun_last;
	bool pending;                   /* its signal is queued and not yet taken */
	void (*cb)(void *arg);          /* a callback timer's (timerfd.c): called instead */
	void *cb_arg;
};

static struct urt_list armed = URT_LIST_INIT;
uint64_t itimer_first_deadline = UINT64_MAX;   /* armed's first dl (timeu.h) */

/* After any change of armed: the loop's copy of its first deadline. */
static void first_changed(void)
{
	itimer_first_deadline = urt_list_empty(&armed) ? UINT64_MAX :
	                        urt_list_first(&armed, struct utimer, link)->dl;
}

static bool cpu_clock(int clk)
{
	return clk == LX_CLOCK_PROCESS_CPUTIME_ID;
}

static void disarm(struct utimer *u)
{
	if (u->dl)
		urt_list_remove(&armed, &u->link);
	u->dl = 0;
	first_changed();
}

static void arm_at(struct utimer *u, uint64_t dl)
{
	disarm(u);
	u->dl = dl ? dl : 1;
	urt_list_foreach(v, &armed, struct utimer, link) {
		if (v->dl > u->dl) {
			urt_list_insert_before(&armed, &v->link, &u->link);
			first_changed();
			return;
		}
	}
	urt_list_push_back(&armed, &u->link);
	first_changed();
}

/* Arm u to expire after `in` ns of its clock (0: disarm). */
static void arm(struct utimer *u, uint64_t in)
{
	if (!in) {
		disarm(u);
		return;
	}
	if (cpu_clock(u->clock))
		u->cpu_target = proc_cpu_ns(u->proc) + in;
	arm_at(u, unix_now_ns() + in);
}

/* ns left until u expires (0 if disarmed; at least 1 if armed). */
static uint64_t left(struct utimer *u)
{
	if (!u->dl)
		return 0;
	if (cpu_clock(u->clock)) {
		uint64_t cpu = proc_cpu_ns(u->proc);
		return u->cpu_target > cpu ? u->cpu_target - cpu : 1;
	}
	uint64_t now = unix_now_ns();
	return u->dl > now ? u->dl - now : 1;
}

static void fire(struct utimer *u)
{
	struct proc *p = u->proc;
	if (u->cb) {
		u->cb(u->cb_arg);
		return;
	}
	if (u->pending && u->id >= 0) {
		u->overrun++;
		return;
	}
	struct lx_siginfo i = { .si_signo = u->sig, .si_code = LX_SI_KERNEL };
	if (u->id >= 0) {
		i.si_code = LX_SI_TIMER;
		i.timer.tid = u->id;
		i.timer.overrun = u->overrun;
		i.timer.sigval.sival_ptr = u->value;
		u->overrun_last = u->overrun;
		u->overrun = 0;
	}
	if (u->notify == LX_SIGEV_NONE)
		return;
	struct uthread *t = u->notify == LX_SIGEV_THREAD_ID ? uthread_by_tid(u->tid) : NULL;
	if (t && t->proc == p)
		signal_send_thread(t, u->sig, &i);
	else
		signal_send_proc(p, u->sig, &i);
}

void itimer_expire(uint64_t now)
{
	while (!urt_list_empty(&armed)) {
		struct utimer *u = urt_list_first(&armed, struct utimer, link);
		if (u->dl > now)
			break;
		if (cpu_clock(u->clock)) {
			uint64_t cpu = proc_cpu_ns(u->proc);
			if (cpu < u->cpu_target) {
				arm_at(u, now + (u->cpu_target - cpu));
				continue;
			}
		}
		disarm(u);
		if (u->interval)
			arm(u, u->interval);
		fire(u);
	}
}

void itimer_proc_gone(struct proc *p)
{
	for (int i = 0; i < 3; i++) {
		if (p->itimer[i]) {
			disarm(p->itimer[i]);
			free(p->itimer[i]);
			p->itimer[i] = NULL;
		}
	}
	urt_list_foreach_safe(u, tmp, &p->timers, struct utimer, plink) {
		disarm(u);
		urt_list_remove(&p->timers, &u->plink);
		free(u);
	}
}

/* ---- callback timers: a deadline on the same list, a call instead of a signal ---- */

struct utimer *utimer_callback_new(void (*fn)(void *arg), void *arg)
{
	struct utimer *u = calloc(1, sizeof(*u));
	if (u)
		*u = (struct utimer){ .id = -1, .clock = 1, .cb = fn, .cb_arg = arg };
	return u;
}

void utimer_callback_arm(struct utimer *u, uint64_t deadline)
{
	if (deadline)
		arm_at(u, deadline);
	else
		disarm(u);
}

void utimer_callback_free(struct utimer *u)
{
	if (u)
		disarm(u);
	free(u);
}

/* ---- setitimer, getitimer, alarm ---- */

struct lx_itimerval { int64_t isec, iusec, vsec, vusec; };

static const int itimer_sig[3] = { LX_SIGALRM, LX_SIGVTALRM, LX_SIGPROF };

static struct utimer *itimer_of(struct proc *p, int which)
{
	struct utimer **slot = &p->itimer[which];
	if (!*slot && (*slot = calloc(1, sizeof(**slot)))) {
		(*slot)->proc = p;
		(*slot)->id = -1;
		(*slot)->clock = which == LX_ITIMER_REAL ? 1 : LX_CLOCK_PROCESS_CPUTIME_ID;
		(*slot)->sig = itimer_sig[which];
	}
	return *slot;
}

static void itimer_get(struct utimer *u, struct lx_itimerval *v)
{
	uint64_t l = u ? left(u) : 0, iv = u ? u->interval : 0;
	v->isec = (int64_t)(iv / NS), v->iusec = (int64_t)(iv % NS / 1000);
	v->vsec = (int64_t)(l / NS), v->vusec = (int64_t)((l % NS + 999) / 1000);
	if (v->vusec == 1000000)
		v->vsec++, v->vusec = 0;
}

long sys_getitimer(struct uthread *t, const uint64_t *a)
{
	struct lx_itimerval v;
	if (a[0] > 2)
		return -LX_EINVAL;
	itimer_get(t->proc->itimer[a[0]], &v);
	return copy_out(t->proc, a[1], &v, sizeof(v));
}

long sys_setitimer(struct uthread *t, const uint64_t *a)
{
	struct proc *p = t->proc;
	struct lx_itimerval nv = { 0 }, ov;
	if (a[0] > 2)
		return -LX_EINVAL;
	if (a[1] && copy_in(p, &nv, a[1], sizeof(nv)))
		return -LX_EFAULT;
	if (nv.iusec < 0 || nv.iusec >= 1000000 || nv.vusec < 0 || nv.vusec >= 1000000 ||
	    nv.isec < 0 || nv.vsec < 0)
		return -LX_EINVAL;
	struct utimer *u = itimer_of(p, (int)a[0]);
	if (!u)
		return -LX_ENOMEM;
	itimer_get(u, &ov);
	u->interval = (uint64_t)nv.isec * NS + (uint64_t)nv.iusec * 1000;
	arm(u, (uint64_t)nv.vsec * NS + (uint64_t)nv.vusec * 1000);
	return a[2] ? copy_out(p, a[2], &ov, sizeof(ov)) : 0;
}

long sys_alarm(struct uthread *t, const uint64_t *a)
{
	struct utimer *u = itimer_of(t->proc, LX_ITIMER_REAL);
	if (!u)
		return -LX_ENOMEM;
	uint64_t l = left(u);
	u->interval = 0;
	arm(u, a[0] * NS);
	return (long)((l + NS / 2) / NS) + (l && l < NS / 2);   /* rounded; never 0 if armed */
}

/* ---- POSIX timers ---- */

struct lx_sigevent {
	uint64_t value;
	int32_t signo, notify;
	int32_t tid;
	int32_t pad[11];
};

struct lx_itimerspec { struct lx_timespec interval, value; };

static struct utimer *timer_find(struct proc *p, int id)
{
	urt_list_foreach(u, &p->timers, struct utimer, plink)
		if (u->id == id)
			return u;
	return NULL;
}

long sys_timer_create(struct uthread *t, const uint64_t *a)
{
	struct proc *p = t->proc;
	int clk = (int)a[0];
	uint64_t now;
	if (clk == LX_CLOCK_THREAD_CPUTIME_ID || clock_read(t, clk, &now))
		return -LX_EINVAL;
	struct lx_sigevent ev = { .signo = LX_SIGALRM, .notify = LX_SIGEV_SIGNAL };
	if (a[1] && copy_in(p, &ev, a[1], sizeof(ev)))
		return -LX_EFAULT;
	if ((ev.notify != LX_SIGEV_SIGNAL && ev.notify != LX_SIGEV_NONE &&
	     ev.notify != LX_SIGEV_THREAD_ID) ||
	    (ev.notify != LX_SIGEV_NONE && !sig_is_valid(ev.signo)))
		return -LX_EINVAL;
	unsigned n = 0;
	urt_list_foreach(u, &p->timers, struct utimer, plink)
		n++;
	struct utimer *u = n < TIMERS_MAX ? calloc(1, sizeof(*u)) : NULL;
	if (!u)
		return -LX_EAGAIN;
	*u = (struct utimer){ .proc = p, .id = p->timer_next_id++, .clock = cpu_clock(clk) ? clk : 1,
	                      .sig = ev.signo, .notify = ev.notify, .tid = ev.tid,
	                      .value = a[1] ? ev.value : (uint64_t)0 };
	if (!a[1])
		u->value = (uint64_t)u->id;
	int id = u->id;
	if (copy_out(p, a[2], &id, sizeof(id))) {
		free(u);
		return -LX_EFAULT;
	}
	urt_list_push_back(&p->timers, &u->plink);
	return 0;
}

static void its_get(struct utimer *u, struct lx_itimerspec *its)
{
	uint64_t l = left(u);
	its->interval = (struct lx_timespec){ (int64_t)(u->interval / NS), (int64_t)(u->interval % NS) };
	its->value = (struct lx_timespec){ (int64_t)(l / NS), (int64_t)(l % NS) };
}

long sys_timer_settime(struct uthread *t, const uint64_t *a)
{
	struct utimer *u = timer_find(t->proc, (int)a[0]);
	struct lx_itimerspec nv, ov;
	if (!u)
		return -LX_EINVAL;
	if (copy_in(t->proc, &nv, a[2], sizeof(nv)))
		return -LX_EFAULT;
	if (nv.value.tv_nsec < 0 || nv.value.tv_nsec >= (int64_t)NS || nv.value.tv_sec < 0 ||
	    nv.interval.tv_nsec < 0 || nv.interval.tv_nsec >= (int64_t)NS || nv.interval.tv_sec < 0)
		return -LX_EINVAL;
	its_get(u, &ov);
	uint64_t val = (uint64_t)nv.value.tv_sec * NS + (uint64_t)nv.value.tv_nsec;
	u->interval = (uint64_t)nv.interval.tv_sec * NS + (uint64_t)nv.interval.tv_nsec;
	if (val && (a[1] & LX_TIMER_ABSTIME)) {
		uint64_t now;
		clock_read(t, u->clock == 1 ? 1 : u->clock, &now);
		val = val > now ? val - now : 1;
	}
	arm(u, val);
	return a[3] ? copy_out(t->proc, a[3], &ov, sizeof(ov)) : 0;
}

long sys_timer_gettime(struct uthread *t, const uint64_t *a)
{
	struct utimer *u = timer_find(t->proc, (int)a[0]);
	struct lx_itimerspec its;
	if (!u)
		return -LX_EINVAL;
	its_get(u, &its);
	return copy_out(t->proc, a[1], &its, sizeof(its));
}

long sys_timer_getoverrun(struct uthread *t, const uint64_t *a)
{
	struct utimer *u = timer_find(t->proc, (int)a[0]);
	return u ? u->overrun_last : -LX_EINVAL;
}

long sys_timer_delete(struct uthread *t, const uint64_t *a)
{
	struct utimer *u = timer_find(t->proc, (int)a[0]);
	if (!u)
		return -LX_EINVAL;
	disarm(u);
	urt_list_remove(&t->proc->timers, &u->plink);
	free(u);
	return 0;
}
