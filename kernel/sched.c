/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sched.c - the scheduler (see sched.h).
 * Run queues hold every runnable thread but the running one ("Benno"
 * scheduling, as in seL4): so an IPC that blocks the running thread and
 * runs its partner touches no queue at all.  schedule() puts a preempted
 * running thread back at the head of its level, takes the head of the
 * highest level off its queue and switches to it; the idle thread runs when
 * all queues are empty.
 */
#include "sched.h"
#include "thread.h"
#include "task.h"
#include "timer.h"
#include "arch/cpu.h"

struct cpu cpu0;

void sched_init(void)
{
	for (unsigned i = 0; i < SCHED_LEVELS; i++)
		list_init(&cpu0.runq[i]);
}

static void bitmap_set(unsigned p)
{
	cpu0.bitmap[p / SCHED_WORD_BITS] |= 1ull << (p % SCHED_WORD_BITS);
}

static void bitmap_clear(unsigned p)
{
	cpu0.bitmap[p / SCHED_WORD_BITS] &= ~(1ull << (p % SCHED_WORD_BITS));
}

static int highest_prio(void)
{
	for (int i = SCHED_BITMAP_WORDS - 1; i >= 0; i--)
		if (cpu0.bitmap[i])
			return i * SCHED_WORD_BITS + SCHED_WORD_BITS - 1 - __builtin_clzll(cpu0.bitmap[i]);
	return -1;
}

void sched_remove(struct thread *t)
{
	if (!list_linked(&t->sched_link))
		return;
	list_del(&t->sched_link);
	cpu0.nready--;
	if (list_empty(&cpu0.runq[t->prio]))
		bitmap_clear(t->prio);
}

void sched_add(struct thread *t, bool head)
{
	sched_remove(t);
	if (head)
		list_add_head(&cpu0.runq[t->prio], &t->sched_link);
	else
		list_add_tail(&cpu0.runq[t->prio], &t->sched_link);
	cpu0.nready++;
	bitmap_set(t->prio);
	struct thread *cur = cpu0.current;
	if (cur == cpu0.idle || t->prio > cur->prio || cur->state != TS_RUNNABLE)
		cpu0.need_resched = true;
}

void sched_block(struct thread *t, unsigned state)
{
	t->state = (uint8_t)state;
	sched_remove(t);
	if (t == cpu0.current)
		cpu0.need_resched = true;
}

void sched_wake(struct thread *t, word_t err)
{
	t->ipc_err = err;
	t->state = TS_RUNNABLE;
	sched_add(t, false);
}

void sched_set_prio(struct thread *t, unsigned prio)
{
	bool queued = list_linked(&t->sched_link);
	sched_remove(t);
	t->prio = (uint8_t)prio;
	if (queued)
		sched_add(t, false);
	cpu0.need_resched = true;
}

void sched_yield(void)
{
	struct thread *t = cpu0.current;
	if (t->state == TS_RUNNABLE) {
		t->slice_left = t->timeslice;
		sched_add(t, false);
	}
	schedule();
}

/* ticks (1, more for a late interrupt) while a thread runs (timer.c:
 * never while the idle loop does). */
void sched_tick(word_t ticks)
{
	struct thread *t = cpu0.current;
	t->cpu_ticks += ticks;
	if (t->slice_left == 0)
		return;                         /* no time slice: runs until it blocks */
	if (t->slice_left > ticks) {
		t->slice_left -= ticks;
		return;
	}
	t->slice_left = t->timeslice;           /* used up: to the tail, round robin */
	if (t->state == TS_RUNNABLE)
		sched_add(t, false);
	cpu0.need_resched = true;
}

void schedule(void)
{
	struct thread *prev = cpu0.current, *next;
	cpu0.need_resched = false;
	if (prev != cpu0.idle && prev->state == TS_RUNNABLE && !list_linked(&prev->sched_link))
		sched_add(prev, true);  /* preempted: it stays first in its level */
	int p = highest_prio();
	next = p < 0 ? cpu0.idle : list_first(&cpu0.runq[p], struct thread, sched_link);
	if (next != cpu0.idle)
		sched_remove(next);
	if (prev == cpu0.idle && next != cpu0.idle)
		timer_thread_runs();
	if (next != prev)
		arch_switch_to(prev, next);
	sched_first_run();
}

/* After every switch (and first thing in a new thread): free a thread that
 * died on the stack we just left. */
void sched_first_run(void)
{
	if (cpu0.reap && cpu0.reap != cpu0.current) {
		struct thread *dead = cpu0.reap;
		cpu0.reap = NULL;
		thread_free(dead);
	}
}

/*
 * Idle until an interrupt: halt, or with "idlepoll" on the command line
 * spin with interrupts open (under QEMU's -icount a halt jumps the clock to
 * the next timer deadline; spinning keeps time stamps counting
 * instructions).  The time stamps spent idle, up to the interrupt's entry,
 * add up in idle_tsc, so a benchmark can subtract waiting from work.
 */
void sched_idle(bool poll)
{
	cpu0.idle_since = rdtsc();
	if (!poll) {
		__asm__ volatile("sti; hlt; cli");
	} else {
		/* Spin with interrupts open (QEMU takes them at the loop's
		 * jump); one that makes a thread runnable sets need_resched. */
		__asm__ volatile("sti");
		while (!*(volatile bool *)&cpu0.need_resched) {
			if (!*(volatile uint64_t *)&cpu0.idle_since)
				cpu0.idle_since = rdtsc();      /* again, after an interrupt */
			__asm__ volatile("pause" ::: "memory");
		}
		__asm__ volatile("cli");
	}
	sched_idle_end();
}

void sched_idle_end(void)
{
	if (cpu0.idle_since) {
		cpu0.idle_tsc += rdtsc() - cpu0.idle_since;
		cpu0.idle_since = 0;
	}
}
