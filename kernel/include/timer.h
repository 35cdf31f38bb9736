/* timer.h - the tick and IPC timeouts (a list of threads sorted by expiry). */
#ifndef KERNEL_TIMER_H
#define KERNEL_TIMER_H

#include "types.h"

struct thread;

#define TICK_US 1000u           /* one tick is 1 ms */

/* Expire after timeout_us (not DBT_TIMEOUT_NEVER), rounded up to whole ticks;
 * 0 expires at the next tick. */
void timer_arm(struct thread *t, uint32_t timeout_us);
void timer_disarm(struct thread *t);
void timer_tick(void);                                  /* from the tick interrupt */
uint64_t timer_now_us(void);

#endif
