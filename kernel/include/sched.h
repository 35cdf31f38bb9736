/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sched.h - fixed-priority preemptive scheduling, round robin within a level.
 * SCHED_LEVELS levels; a bitmap finds the highest non-empty one.  The running thread
 * is in no queue (sched.c); preempted, it goes back to the head of its
 * level, and to the tail when its timeslice ends or it yields.  All per-CPU
 * state is in struct cpu (one CPU today), the machine's part in cpu->arch.
 */
#ifndef KERNEL_SCHED_H
#define KERNEL_SCHED_H

#include "types.h"
#include "list.h"
#include "arch/percpu.h"

#define SCHED_LEVELS (DBT_PRIO_MAX + 1)         /* one run queue per priority */
#define SCHED_WORD_BITS 64                      /* bits of one bitmap word */
#define SCHED_BITMAP_WORDS (SCHED_LEVELS / SCHED_WORD_BITS)
_Static_assert(SCHED_LEVELS % SCHED_WORD_BITS == 0, "the bitmap has whole words");

struct thread;

struct cpu {
	struct thread *current;
	struct thread *idle;
	struct thread *reap;            /* dead thread whose stack we left */
	bool need_resched;
	uint64_t as_switches;
	uint64_t fastpath;
	uint64_t idle_tsc;              /* time stamps spent idle (DBT_STAT_IDLE_TSC) */
	uint64_t idle_since;            /* when idling began; 0 while not idle */
	struct list runq[SCHED_LEVELS];
	uint64_t bitmap[SCHED_BITMAP_WORDS];    /* bit p: runq[p] is not empty */
	word_t nready;                          /* threads in the run queues */
	struct arch_cpu arch;
};

extern struct cpu cpu0;
static inline struct cpu *this_cpu(void) { return &cpu0; }
static inline struct thread *current(void) { return cpu0.current; }

/* A thread other than the running one is ready to run. */
static inline bool sched_any_runnable(void)
{
	return cpu0.nready != 0;
}

/* A thread of priority above prio is ready to run (the running one is in
 * no queue): a direct switch to a thread of priority prio would pass over
 * it.  The IPC fast paths ask this only when they switch down. */
static inline bool sched_ready_above(unsigned prio)
{
	if (!sched_any_runnable())
		return false;   /* the common case, one load: nothing else is ready */
	unsigned w = prio / SCHED_WORD_BITS;
	for (unsigned i = SCHED_BITMAP_WORDS - 1; i > w; i--)
		if (cpu0.bitmap[i])
			return true;
	return cpu0.bitmap[w] >> (prio % SCHED_WORD_BITS) > 1;    /* bit 0: prio itself */
}

void sched_init(void);
void sched_add(struct thread *t, bool head);    /* make runnable */
void sched_remove(struct thread *t);
void sched_yield(void);
void schedule(void);                            /* switch to the best runnable thread */
void sched_first_run(void);
void sched_idle(bool poll);                     /* wait for an interrupt, idle */
void sched_idle_end(void);                      /* an interrupt ended idling */
void sched_block(struct thread *t, unsigned state);
void sched_wake(struct thread *t, word_t err);  /* end a block with a result */
void sched_tick(word_t ticks);
void sched_set_prio(struct thread *t, unsigned prio);

#endif
