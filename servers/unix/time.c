/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * time.c - clocks, sleeps and interval timers.
 *
 * CLOCK_MONOTONIC and CLOCK_BOOTTIME are the kernel clock (nanoseconds since
 * boot; the machine does not suspend).  CLOCK_REALTIME is the monotonic
 * clock plus the offset read at start-up from the CMOS clock through the
 * driver framework's `rtc` stream (a line "YYYY-MM-DDThh:mm:ssZ EPOCH");
 * settimeofday/clock_settime change the offset (root only).  Process and
 * thread CPU time are the kernel's tick counts of the threads (ms).
 *
 * Sleeps park the call with a deadline.  ITIMER_REAL (alarm, setitimer) is
 * a per-process deadline in a list the receive loop waits on; expiry sends
 * SIGALRM and re-arms the interval.
 */
#include "unixd.h"
#include "signal.h"
#include "mm/mm.h"
#include "timeu.h"
#include "cstream.h"
#include "mm/frame.h"

#define NS 1000000000ull
#define LX_CLOCK_REALTIME           0
#define LX_CLOCK_MONOTONIC          1
#define LX_CLOCK_PROCESS_CPUTIME_ID 2
#define LX_CLOCK_THREAD_CPUTIME_ID  3
#define LX_CLOCK_MONOTONIC_RAW      4
#define LX_CLOCK_REALTIME_COARSE    5
#define LX_CLOCK_MONOTONIC_COARSE   6
#define LX_CLOCK_BOOTTIME           7
#define LX_TIMER_ABSTIME            1
#define LX_ITIMER_REAL 0

static int64_t realtime_offset;         /* realtime = monotonic + offset */
static struct urt_list itimers = URT_LIST_INIT;  /* struct proc.itimer_link, by deadline */

void time_init(void)
{
	dbt_slot_t rtc = urt_service("rtc");
	dbt_word_t h, fl, n = 0;
	char line[64];
	if (!rtc || cstream_open(rtc, "rtc", 3, &h, &fl) ||
	    cstream_read(rtc, h, sizeof(line) - 1, 1000000, line, &n) || !n) {
		uprintf("unixd: no clock to read the date from: the time starts at 1970\n");
		return;
	}
	line[n] = 0;
	const char *s = line;
	while (*s && *s != ' ')
		s++;
	uint64_t epoch = 0;
	while (*++s >= '0' && *s <= '9')
		epoch = epoch * 10 + (uint64_t)(*s - '0');
	realtime_offset = (int64_t)(epoch * NS) - (int64_t)unix_now_ns();
}

uint64_t time_realtime_ns(void)
{
	return (uint64_t)((int64_t)unix_now_ns() + realtime_offset);
}

uint64_t time_realtime_to_mono(uint64_t rt)
{
	int64_t m = (int64_t)rt - realtime_offset;
	return m < 0 ? 0 : (uint64_t)m;
}

/* CPU time of a thread (ns), from the kernel's tick count. */
static uint64_t thread_cpu_ns(struct uthread *t)
{
	return dbt_thread_ctl(t->thread, DBT_THREAD_INFO, 0, 0).v2 * 1000000ull;
}

uint64_t proc_cpu_ns(struct proc *p)
{
	uint64_t ns = p->utime_ns;
	urt_list_foreach(t, &p->threads, struct uthread, plink)
		ns += thread_cpu_ns(t);
	return ns;
}

static struct lx_timespec ts_of(uint64_t ns)
{
	return (struct lx_timespec){ (int64_t)(ns / NS), (int64_t)(ns % NS) };
}

static int clock_read(struct uthread *t, int clk, uint64_t *ns)
{
	switch (clk) {
	case LX_CLOCK_REALTIME:
	case LX_CLOCK_REALTIME_COARSE:
		*ns = time_realtime_ns();
		return 0;
	case LX_CLOCK_MONOTONIC:
	case LX_CLOCK_MONOTONIC_RAW:
	case LX_CLOCK_MONOTONIC_COARSE:
	case LX_CLOCK_BOOTTIME:
		*ns = unix_now_ns();
		return 0;
	case LX_CLOCK_PROCESS_CPUTIME_ID:
		*ns = proc_cpu_ns(t->proc);
		return 0;
	case LX_CLOCK_THREAD_CPUTIME_ID:
		*ns = thread_cpu_ns(t);
		return 0;
	}
	return -LX_EINVAL;
}

long sys_clock_gettime(struct uthread *t, const uint64_t *a)
{
	uint64_t ns;
	int err = clock_read(t, (int)a[0], &ns);
	if (err)
		return err;
	struct lx_timespec ts = ts_of(ns);
	return copy_out(t->proc, a[1], &ts, sizeof(ts));
}

long sys_clock_getres(struct uthread *t, const uint64_t *a)
{
	uint64_t ns;
	int clk = (int)a[0];
	int err = clock_read(t, clk, &ns);
	if (err)
		return err;
	struct lx_timespec ts = { 0, clk == LX_CLOCK_REALTIME_COARSE ||
	                             clk == LX_CLOCK_MONOTONIC_COARSE ? 4000000 : 1 };
	return a[1] ? copy_out(t->proc, a[1], &ts, sizeof(ts)) : 0;
}

long sys_gettimeofday(struct uthread *t, const uint64_t *a)
{
	uint64_t ns = time_realtime_ns();
	struct { int64_t sec, usec; } tv = { (int64_t)(ns / NS), (int64_t)(ns % NS / 1000) };
	int err = a[0] ? copy_out(t->proc, a[0], &tv, sizeof(tv)) : 0;
	if (!err && a[1]) {
		int tz[2] = { 0, 0 };
		err = copy_out(t->proc, a[1], tz, sizeof(tz));
	}
	return err;
}

long sys_time(struct uthread *t, const uint64_t *a)
{
	int64_t sec = (int64_t)(time_realtime_ns() / NS);
	if (a[0] && copy_out(t->proc, a[0], &sec, sizeof(sec)))
		return -LX_EFAULT;
	return sec;
}

long sys_clock_settime(struct uthread *t, const uint64_t *a)
{
	struct lx_timespec ts;
	if (a[0] != LX_CLOCK_REALTIME)
		return -LX_EINVAL;
	if (t->proc->cred.euid)
		return -LX_EPERM;
	int err = copy_in(t->proc, &ts, a[1], sizeof(ts));
	if (err)
		return err;
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= (int64_t)NS)
		return -LX_EINVAL;
	realtime_offset = ts.tv_sec * (int64_t)NS + ts.tv_nsec - (int64_t)unix_now_ns();
	return 0;
}

/* A sleep until the monotonic deadline dl; the rest goes to urem on EINTR. */
static long sleep_until(struct uthread *t, uint64_t dl, uint64_t urem)
{
	if (t->park.wake_reason == PARK_TIMEOUT || unix_now_ns() >= dl)
		return 0;
	long r = park(t, NULL, dl);
	t->park.intr_result = -LX_EINTR;
	if (urem) {
		/* what the program finds if a signal ends the sleep now */
		t->park.data[1] = urem;
	}
	return r;
}

static int ts_in(struct uthread *t, uint64_t u, uint64_t *ns)
{
	struct lx_timespec ts;
	int err = copy_in(t->proc, &ts, u, sizeof(ts));
	if (err)
		return err;
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= (int64_t)NS)
		return -LX_EINVAL;
	*ns = (uint64_t)ts.tv_sec * NS + (uint64_t)ts.tv_nsec;
	return 0;
}

long sys_nanosleep(struct uthread *t, const uint64_t *a)
{
	if (t->park.wake_reason == PARK_NONE) {
		uint64_t ns;
		int err = ts_in(t, a[0], &ns);
		if (err)
			return err;
		t->park.data[0] = unix_now_ns() + ns;
	}
	return sleep_until(t, t->park.data[0], a[1]);
}

long sys_clock_nanosleep(struct uthread *t, const uint64_t *a)
{
	int clk = (int)a[0];
	if (t->park.wake_reason == PARK_NONE) {
		uint64_t ns, now;
		int err = clock_read(t, clk, &now);
		if (!err && (clk == LX_CLOCK_THREAD_CPUTIME_ID))
			err = -LX_EINVAL;
		if (!err)
			err = ts_in(t, a[2], &ns);
		if (err)
			return err;
		if (a[1] & LX_TIMER_ABSTIME)
			t->park.data[0] = clk == LX_CLOCK_REALTIME ? time_realtime_to_mono(ns) : ns;
		else
			t->park.data[0] = unix_now_ns() + ns;
	}
	return sleep_until(t, t->park.data[0], a[1] & LX_TIMER_ABSTIME ? 0 : a[3]);
}

/* Called for an interrupted sleep before the answer: the time left. */
void time_sleep_interrupted(struct uthread *t)
{
	if (!t->park.data[1])
		return;
	uint64_t now = unix_now_ns(), dl = t->park.data[0];
	struct lx_timespec rem = ts_of(dl > now ? dl - now : 0);
	copy_out(t->proc, t->park.data[1], &rem, sizeof(rem));
	t->park.data[1] = 0;
}

struct lx_tms { int64_t utime, stime, cutime, cstime; };

long sys_times(struct uthread *t, const uint64_t *a)
{
	struct proc *p = t->proc;
	uint64_t tick = NS / 100;
	struct lx_tms tms = { (int64_t)(proc_cpu_ns(p) / tick), (int64_t)(p->stime_ns / tick),
	                      (int64_t)(p->cutime_ns / tick), (int64_t)(p->cstime_ns / tick) };
	if (a[0] && copy_out(p, a[0], &tms, sizeof(tms)))
		return -LX_EFAULT;
	return (long)(unix_now_ns() / tick);
}

struct lx_rusage_full {
	int64_t utime_sec, utime_usec, stime_sec, stime_usec;
	int64_t maxrss, ixrss, idrss, isrss, minflt, majflt, nswap, inblock, oublock;
	int64_t msgsnd, msgrcv, nsignals, nvcsw, nivcsw;
};

long sys_getrusage(struct uthread *t, const uint64_t *a)
{
	struct proc *p = t->proc;
	int who = (int)a[0];
	uint64_t u;
	if (who == 0)
		u = proc_cpu_ns(p);
	else if (who == -1)
		u = p->cutime_ns;
	else if (who == 1)
		u = thread_cpu_ns(t);
	else
		return -LX_EINVAL;
	struct lx_rusage_full r = { 0 };
	r.utime_sec = (int64_t)(u / NS), r.utime_usec = (int64_t)(u % NS / 1000);
	r.maxrss = p->mm ? (int64_t)(p->mm->pmap.pages * 4) : 0;
	return copy_out(p, a[1], &r, sizeof(r));
}

struct lx_sysinfo {
	int64_t uptime;
	uint64_t loads[3], totalram, freeram, sharedram, bufferram, totalswap, freeswap;
	uint16_t procs, pad;
	uint32_t pad2;
	uint64_t totalhigh, freehigh;
	uint32_t mem_unit;
	char f[4];
};

long sys_sysinfo(struct uthread *t, const uint64_t *a)
{
	struct lx_sysinfo si = { 0 };
	si.uptime = (int64_t)(unix_now_ns() / NS);
	si.totalram = urt_env->heap_max;
	si.freeram = urt_env->heap_max - frame_in_use() * UNIX_PAGE;
	si.procs = (uint16_t)proc_count();
	si.mem_unit = 1;
	return copy_out(t->proc, a[0], &si, sizeof(si));
}

/* ---- ITIMER_REAL ---- */

static void itimer_disarm(struct proc *p)
{
	if (p->itimer_dl) {
		urt_list_remove(&itimers, &p->itimer_link);
		p->itimer_dl = 0;
	}
}

static void itimer_arm(struct proc *p, uint64_t dl)
{
	itimer_disarm(p);
	if (!dl)
		return;
	p->itimer_dl = dl;
	urt_list_foreach(q, &itimers, struct proc, itimer_link) {
		if (q->itimer_dl > dl) {
			urt_list_insert_before(&itimers, &q->itimer_link, &p->itimer_link);
			return;
		}
	}
	urt_list_push_back(&itimers, &p->itimer_link);
}

void itimer_proc_gone(struct proc *p)
{
	itimer_disarm(p);
}

uint64_t itimer_next_deadline(void)
{
	return urt_list_empty(&itimers) ? UINT64_MAX
	                                : urt_list_first(&itimers, struct proc, itimer_link)->itimer_dl;
}

void itimer_expire(uint64_t now)
{
	while (!urt_list_empty(&itimers)) {
		struct proc *p = urt_list_first(&itimers, struct proc, itimer_link);
		if (p->itimer_dl > now)
			break;
		itimer_arm(p, p->itimer_interval ? now + p->itimer_interval : 0);
		struct lx_siginfo i = { .si_signo = LX_SIGALRM, .si_code = LX_SI_KERNEL };
		signal_send_proc(p, LX_SIGALRM, &i);
	}
}

struct lx_itimerval { int64_t isec, iusec, vsec, vusec; };

static void itimer_get(struct proc *p, struct lx_itimerval *v)
{
	uint64_t now = unix_now_ns(), left = p->itimer_dl > now ? p->itimer_dl - now : 0;
	if (p->itimer_dl && !left)
		left = 1000;
	v->isec = (int64_t)(p->itimer_interval / NS), v->iusec = (int64_t)(p->itimer_interval % NS / 1000);
	v->vsec = (int64_t)(left / NS), v->vusec = (int64_t)((left % NS + 999) / 1000);
	if (v->vusec == 1000000)
		v->vsec++, v->vusec = 0;
}

long sys_getitimer(struct uthread *t, const uint64_t *a)
{
	struct lx_itimerval v = { 0 };
	if (a[0] > 2)
		return -LX_EINVAL;
	if (a[0] == LX_ITIMER_REAL)
		itimer_get(t->proc, &v);
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
	if (a[0] != LX_ITIMER_REAL)
		return a[2] ? clear_user(p, a[2], sizeof(ov)) : 0;     /* VIRTUAL/PROF: never fire */
	itimer_get(p, &ov);
	uint64_t val = (uint64_t)nv.vsec * NS + (uint64_t)nv.vusec * 1000;
	p->itimer_interval = (uint64_t)nv.isec * NS + (uint64_t)nv.iusec * 1000;
	itimer_arm(p, val ? unix_now_ns() + val : 0);
	return a[2] ? copy_out(p, a[2], &ov, sizeof(ov)) : 0;
}

long sys_alarm(struct uthread *t, const uint64_t *a)
{
	struct proc *p = t->proc;
	struct lx_itimerval ov;
	itimer_get(p, &ov);
	p->itimer_interval = 0;
	itimer_arm(p, a[0] ? unix_now_ns() + a[0] * NS : 0);
	return p->itimer_dl || ov.vsec || ov.vusec ? ov.vsec + (ov.vusec >= 500000 || (!ov.vsec && ov.vusec)) : 0;
}
