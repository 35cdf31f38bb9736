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
 * Sleeps park the call with a deadline.  Interval timers and POSIX timers
 * are timer.c.
 */
#include "unixd.h"
#include "signal.h"
#include "mm/mm.h"
#include "timeu.h"
#include "loadavg.h"
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

#define RTC_TRIES 100           /* 10 s: the driver framework may start after unixd */

/* Read the date from the rtc stream: its epoch seconds, or 0. */
static uint64_t rtc_epoch(dbt_slot_t rtc)
{
	dbt_word_t h, fl, n = 0;
	char line[64];
	if (cstream_open(rtc, "rtc", 3, &h, &fl) ||
	    cstream_read(rtc, h, sizeof(line) - 1, 1000000, line, &n) || !n)
		return 0;
	line[n] = 0;
	const char *s = line;
	while (*s && *s != ' ')
		s++;
	uint64_t epoch = 0;
	while (*s && *++s >= '0' && *s <= '9')
		epoch = epoch * 10 + (uint64_t)(*s - '0');
	return epoch;
}

/* A thread of unixd asks the clock until it answers; the offset is one
 * aligned 64-bit store, which the loop reads whole. */
static void *rtc_thread(void *arg)
{
	dbt_slot_t rtc = (dbt_slot_t)(uintptr_t)arg;
	for (int i = 0; i < RTC_TRIES; i++) {
		uint64_t epoch = rtc_epoch(rtc);
		if (epoch) {
			__atomic_store_n(&realtime_offset, (int64_t)(epoch * NS) - (int64_t)unix_now_ns(),
			                 __ATOMIC_RELAXED);
			return NULL;
		}
		urt_sleep_us(100000);
	}
	uprintf("unixd: the clock never answered: the time starts at 1970\n");
	return NULL;
}

void time_init(void)
{
	dbt_slot_t rtc = urt_service("rtc");
	urt_thread_t *th;
	if (!rtc || urt_thread_create(&th, rtc_thread, (void *)(uintptr_t)rtc, URT_PRIO_INHERIT))
		uprintf("unixd: no clock to read the date from: the time starts at 1970\n");
}

uint64_t time_realtime_ns(void)
{
	return (uint64_t)((int64_t)unix_now_ns() + __atomic_load_n(&realtime_offset, __ATOMIC_RELAXED));
}

uint64_t time_realtime_to_mono(uint64_t rt)
{
	int64_t m = (int64_t)rt - __atomic_load_n(&realtime_offset, __ATOMIC_RELAXED);
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

int clock_read(struct uthread *t, int clk, uint64_t *ns)
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
	__atomic_store_n(&realtime_offset, ts.tv_sec * (int64_t)NS + ts.tv_nsec - (int64_t)unix_now_ns(),
	                 __ATOMIC_RELAXED);
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

#define LX_SI_LOAD_SHIFT 16     /* sysinfo's loads: 1.0 is 1 << 16 */

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
	unsigned long avg[3];
	si.uptime = (int64_t)(unix_now_ns() / NS);
	loadavg_read(avg);
	for (int i = 0; i < 3; i++)
		si.loads[i] = avg[i] << (LX_SI_LOAD_SHIFT - LOADAVG_FSHIFT);
	si.totalram = urt_env->heap_max;
	si.freeram = urt_env->heap_max - frame_in_use() * UNIX_PAGE;
	si.procs = (uint16_t)proc_count();
	si.mem_unit = 1;
	return copy_out(t->proc, a[0], &si, sizeof(si));
}

