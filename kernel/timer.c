/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * timer.c - IPC timeouts and the round-robin tick (see timer.h).
 *
 * The hardware timer is one-shot (arch_timer_set).  armed_at is what it is
 * set for; program() sets it only when the next event is earlier, since an
 * earlier interrupt looks again anyway (a timeout disarmed meanwhile costs
 * one spurious interrupt).  The tick keeps its 1 ms grid for round robin
 * and CPU accounting, but only while a thread runs: the idle loop gets no
 * tick, so an idle CPU sleeps until the next timeout or device interrupt.
 * `ticking` goes off at the first tick that finds the idle loop running,
 * and on again when schedule() leaves the idle loop for a thread.
 *
 * The list is sorted by timeout_filed.  An entry whose thread's timeout
 * lapsed (timer_lapse: timeout_at 0) stays in place until it comes due or
 * the thread arms another deadline; the hardware may then fire once for
 * nothing, as for any timeout that ended early.
 */
#include "timer.h"
#include "sched.h"
#include "thread.h"
#include "arch/irq.h"

static struct list timeouts = LIST_INIT(timeouts);
static uint64_t armed_at = CLOCK_NEVER;
static uint64_t next_tick;
static bool ticking;

/* The first grid point of the tick after now. */
static uint64_t tick_after(uint64_t now)
{
	return now - now % TICK_NS + TICK_NS;
}

/* Set the hardware timer for the next event, if that comes before what it
 * is set for. */
static void program(void)
{
	uint64_t at = ticking ? next_tick : CLOCK_NEVER;
	if (!list_empty(&timeouts))
		at = MIN(at, list_first(&timeouts, struct thread, timeout_link)->timeout_filed);
	if (at < armed_at) {
		armed_at = at;
		arch_timer_set(at);
	}
}

/* File t by its deadline; only a new first entry earlier than the
 * hardware's setting may need the hardware (program sets it only then). */
void timer_arm(struct thread *t, uint64_t deadline)
{
	uint64_t at = MAX(deadline, 1);         /* 0 means "none" */
	if (timer_rearm(t, at))
		return;                         /* where it lapsed: the hardware is set for it */
	if (list_linked(&t->timeout_link))
		list_del(&t->timeout_link);
	t->timeout_at = t->timeout_filed = at;
	struct list *pos = timeouts.next;
	while (pos != &timeouts && list_entry(pos, struct thread, timeout_link)->timeout_filed <= at)
		pos = pos->next;
	list_add_tail(pos, &t->timeout_link);   /* insert before pos */
	/* a server re-arming the deadline it had (the IPC fast path, a
	 * deadline at or after what the hardware is set for) needs no program() */
	if (timeouts.next == &t->timeout_link && t->timeout_at < armed_at)
		program();
}

void timer_disarm(struct thread *t)
{
	if (list_linked(&t->timeout_link))
		list_del(&t->timeout_link);
	t->timeout_at = 0;
}

void timer_thread_runs(void)
{
	if (ticking)
		return;
	ticking = true;
	next_tick = tick_after(clock_now_ns());
	program();
}

/* The tick if one is due (charged to the running thread, or ending the
 * ticks if the idle loop runs), the timeouts that have expired, then the
 * next event. */
void timer_interrupt(void)
{
	uint64_t now = clock_now_ns();
	armed_at = CLOCK_NEVER;
	if (ticking && now >= next_tick) {
		/* a late interrupt (an emulator on a busy host) stands for every
		 * grid point it missed: CPU time keeps pace with the clock */
		word_t ticks = 1 + (now - next_tick) / TICK_NS;
		next_tick = tick_after(now);
		ticking = cpu0.current != cpu0.idle;
		if (ticking)
			sched_tick(ticks);
	}
	while (!list_empty(&timeouts)) {
		struct thread *t = list_first(&timeouts, struct thread, timeout_link);
		if (t->timeout_filed > now)
			break;
		if (t->timeout_at)
			thread_cancel_ipc(t, DBT_E_TIMEOUT);
		timer_disarm(t);        /* a lapsed entry goes here */
	}
	program();
}
