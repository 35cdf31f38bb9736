/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * urt/time.h - clock, sleeping and timers.
 *
 * Time is the kernel clock (nanoseconds since the kernel started its timer),
 * read from the kernel's clock page, which the runtime maps read-only at
 * urt_clock_addr on first use (or by kernel call, DBT_SYS_CLOCK, if that
 * fails).  Sleeping waits on the thread's wake-up notification with a
 * timeout, to the microsecond.  Timers run their callbacks on one timer thread of the runtime,
 * started on first use, which waits on a condition variable until the
 * earliest deadline.
 */
#ifndef URT_TIME_H
#define URT_TIME_H

#include <stdbool.h>
#include <stdint.h>
#include "urt/list.h"

extern uintptr_t urt_clock_addr;        /* where the clock page goes (a free page) */
uint64_t urt_now_ns(void);
uint64_t urt_now_us(void);
/* Sleep at least us microseconds.  0, or URT_ENOMEM if the thread has no
 * wake-up notification and none can be made. */
int urt_sleep_us(uint64_t us);

struct urt_timer {
	void (*fn)(void *arg);          /* run on the timer thread */
	void *arg;
	/* private, guarded by the timer lock (time.c): */
	uint64_t deadline, period;
	struct urt_link link;           /* on the armed list */
	bool armed;                     /* on the armed list */
};

extern int urt_timer_prio;              /* priority of the timer thread (URT_PRIO_INHERIT) */

void urt_timer_init(struct urt_timer *t, void (*fn)(void *), void *arg);
/* Arm t to fire after delay_us, then every period_us (0: once).  Re-arming an
 * armed timer moves it.  URT_ENOMEM / URT_EKERNEL if the timer thread cannot
 * be started. */
int urt_timer_start(struct urt_timer *t, uint64_t delay_us, uint64_t period_us);
/* Disarm t.  On return its callback is not running (unless called from the
 * callback itself) and will not run again until re-armed.  Returns true if
 * it was armed. */
bool urt_timer_cancel(struct urt_timer *t);

#endif
