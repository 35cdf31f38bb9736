/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * timer.h - IPC timeouts and the round-robin tick, on the kernel clock
 * (clock.h).  Threads with a timeout are on one list sorted by deadline;
 * the hardware timer is one-shot, set for the earliest of that list's head
 * and, while a thread runs, the next tick.
 */
#ifndef KERNEL_TIMER_H
#define KERNEL_TIMER_H

#include "types.h"
#include "clock.h"

struct thread;

#define TICK_NS 1000000u                /* round robin and CPU accounting: 1 ms */
#define TICK_US (TICK_NS / NS_PER_US)

/* When a wait ends: at clock time ns, or ns after the wait begins
 * (relative).  CLOCK_NEVER: never. */
struct timeout {
	uint64_t ns;
	bool relative;
};

static inline struct timeout timeout_at(uint64_t deadline)
{
	return (struct timeout){ deadline, false };
}

/* The ABI's 32-bit microsecond timeout (DBT_TIMEOUT_NEVER, or relative). */
static inline struct timeout timeout_us(uint32_t us)
{
	if (us == DBT_TIMEOUT_NEVER)
		return timeout_at(CLOCK_NEVER);
	return (struct timeout){ (uint64_t)us * NS_PER_US, true };
}

/* The deadline of a wait that begins now.  (Inline, like deadline_passed:
 * the common "never" costs the IPC path no call and no clock read.) */
static inline uint64_t timeout_deadline(struct timeout to)
{
	if (!to.relative || to.ns == CLOCK_NEVER)
		return to.ns;
	return clock_now_ns() + to.ns;
}

/* The deadline has come: a wait for it would end at once (poll). */
static inline bool deadline_passed(uint64_t deadline)
{
	return deadline != CLOCK_NEVER && deadline <= clock_now_ns();
}

/* Wake t with DBT_E_TIMEOUT at deadline (not CLOCK_NEVER). */
void timer_arm(struct thread *t, uint64_t deadline);
void timer_disarm(struct thread *t);
/* timer_lapse (thread.h): t's wait ended before its timeout, which stays
 * filed for a re-arm with the same deadline. */
void timer_interrupt(void);             /* the hardware timer fired */
void timer_thread_runs(void);           /* a thread runs after the idle loop */

#endif
