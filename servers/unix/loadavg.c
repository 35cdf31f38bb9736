/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * loadavg.c - the load averages of /proc/loadavg and sysinfo, computed as
 * Linux does (kernel/sched/loadavg.c): every 5 seconds each average moves
 * toward the number of threads that are running - not waiting in a call,
 * not stopped - by the factor exp(-5 s / 1, 5 or 15 minutes), in 11-bit
 * fixed point.
 *
 * unixd keeps no tick of its own for them (a timer always pending would
 * put every system call on the kernel's timed fast path): they are brought
 * up to date whenever the loop wakes for a deadline (the disk root's
 * write-back wakes it every second) and whenever they are read.  The
 * 5-second steps missed since the last update are taken at once with the
 * count seen now: one step's factor raised to their number (Linux's
 * calc_load_n does the same for a CPU that slept).
 *
 * Entry points: loadavg_update (the loop), loadavg_read (procfs, sysinfo),
 * threads_count (procfs: running and all threads, the highest pid).
 */
#include "unixd.h"
#include "loadavg.h"

#define STEP_NS   5000000000ull                 /* LOAD_FREQ: 5 s */
static const unsigned long factor[3] = { 1884, 2014, 2037 };   /* FIXED_1 * exp(-5 s / 1, 5, 15 min) */

static unsigned long avg[3];                    /* LOADAVG_FIXED_1 = 1.0 */
static uint64_t next_step_ns = STEP_NS;         /* the kernel clock starts at boot */

void threads_count(unsigned *running, unsigned *total, int *last_pid)
{
	*running = *total = 0;
	*last_pid = 0;
	for (struct proc *q = proc_next(NULL); q; q = proc_next(q)) {
		*last_pid = q->pid > *last_pid ? q->pid : *last_pid;
		urt_list_foreach(th, &q->threads, struct uthread, plink) {
			++*total;
			*running += !(th->in_call && th->park.parked) && !th->stopped;
		}
	}
}

/* x^n of a fixed-point x (by squaring: n may be the steps of days). */
static unsigned long fixed_pow(unsigned long x, uint64_t n)
{
	unsigned long r = LOADAVG_FIXED_1;
	for (; n; n >>= 1) {
		if (n & 1)
			r = (r * x + LOADAVG_FIXED_1 / 2) >> LOADAVG_FSHIFT;
		x = (x * x + LOADAVG_FIXED_1 / 2) >> LOADAVG_FSHIFT;
	}
	return r;
}

/* One average moved toward active by factor f (Linux's calc_load:
 * rounded up while it rises, so that it reaches a steady load). */
static unsigned long step(unsigned long load, unsigned long f, unsigned long active)
{
	unsigned long v = load * f + active * (LOADAVG_FIXED_1 - f);
	if (active >= load)
		v += LOADAVG_FIXED_1 - 1;
	return v / LOADAVG_FIXED_1;
}

void loadavg_update(uint64_t now_ns)
{
	if (now_ns < next_step_ns)
		return;
	uint64_t steps = 1 + (now_ns - next_step_ns) / STEP_NS;
	unsigned running, total;
	int last;
	threads_count(&running, &total, &last);
	unsigned long active = (unsigned long)running * LOADAVG_FIXED_1;
	for (int i = 0; i < 3; i++)
		avg[i] = step(avg[i], steps == 1 ? factor[i] : fixed_pow(factor[i], steps), active);
	next_step_ns += steps * STEP_NS;
}

void loadavg_read(unsigned long out[3])
{
	loadavg_update(unix_now_ns());
	for (int i = 0; i < 3; i++)
		out[i] = avg[i];
}
