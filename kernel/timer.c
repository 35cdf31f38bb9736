/*
 * timer.c - the 1 ms tick and IPC timeouts.
 * Threads with a timeout are on a list sorted by expiry tick; the tick
 * wakes the expired ones with DBT_E_TIMEOUT.
 */
#include "timer.h"
#include "sched.h"
#include "thread.h"

static struct list timeouts = LIST_INIT(timeouts);

uint64_t timer_now_us(void)
{
	return cpu0.ticks * TICK_US;
}

void timer_arm(struct thread *t, uint32_t timeout_us)
{
	timer_disarm(t);
	t->timeout_at = cpu0.ticks + (timeout_us + TICK_US - 1) / TICK_US + 1;
	struct list *pos = timeouts.next;
	while (pos != &timeouts && list_entry(pos, struct thread, timeout_link)->timeout_at <= t->timeout_at)
		pos = pos->next;
	list_add_tail(pos, &t->timeout_link);   /* insert before pos */
}

void timer_disarm(struct thread *t)
{
	if (list_linked(&t->timeout_link))
		list_del(&t->timeout_link);
	t->timeout_at = 0;
}

void timer_tick(void)
{
	sched_tick();
	while (!list_empty(&timeouts)) {
		struct thread *t = list_first(&timeouts, struct thread, timeout_link);
		if (t->timeout_at > cpu0.ticks)
			break;
		thread_cancel_ipc(t, DBT_E_TIMEOUT);
	}
}
