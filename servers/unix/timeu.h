/* SPDX-License-Identifier: BSD-2-Clause */
/* timeu.h - clocks and interval timers (time.c). */
#ifndef UNIX_TIMEU_H
#define UNIX_TIMEU_H

#include <stdint.h>

struct proc;
struct uthread;
void time_init(void);
uint64_t time_realtime_ns(void);
uint64_t time_realtime_to_mono(uint64_t realtime_ns);
uint64_t proc_cpu_ns(struct proc *p);
int clock_read(struct uthread *t, int clk, uint64_t *ns);
/* timer.c: the earliest timer deadline (UINT64_MAX: none; kept by every
 * change of the armed list, and read inline by the loop after every
 * message); fire those that are due; a process's timers go with it. */
extern uint64_t itimer_first_deadline;
static inline uint64_t itimer_next_deadline(void)
{
	return itimer_first_deadline;
}
void itimer_expire(uint64_t now);
void itimer_proc_gone(struct proc *p);
void time_sleep_interrupted(struct uthread *t);
/* timer.c: a deadline on the loop's timer list that calls fn(arg) when it
 * passes (timerfd.c); arm with a kernel-clock deadline, 0 disarms. */
struct utimer;
struct utimer *utimer_callback_new(void (*fn)(void *arg), void *arg);
void utimer_callback_arm(struct utimer *u, uint64_t deadline);
void utimer_callback_free(struct utimer *u);

#endif
