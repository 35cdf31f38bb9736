/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * urt/sync.h - mutexes, condition variables and counting semaphores for the
 * threads of one component.
 *
 * Mutex: a word with three states (0 free, 1 locked, 2 locked with possible
 * waiters).  Lock and unlock without contention are one compare-and-swap and
 * one exchange, no kernel call; a contended waiter blocks on the mutex's
 * kernel notification, created on first contention.  Condition variables
 * keep a FIFO of waiters, each blocked on its own thread's notification.
 * The algorithms and why no wake-up is lost are in sync.c and
 * docs/RUNTIME.md.  All functions return 0 or a URT_E* code.
 */
#ifndef URT_SYNC_H
#define URT_SYNC_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <darbat/abi.h>
#include "urt/list.h"

struct urt_thread;

typedef struct urt_mutex {
	_Atomic uint32_t state;                 /* 0 free, 1 locked, 2 locked + waiters */
	_Atomic dbt_slot_t ntf;                 /* notification, 0 until first contention */
	struct urt_thread *_Atomic owner;       /* holder, for error checks */
} urt_mutex_t;

#define URT_MUTEX_INIT { .state = 0 }

int urt_mutex_init(urt_mutex_t *m);
/* Releases the notification; the mutex must be unlocked and unused. */
int urt_mutex_destroy(urt_mutex_t *m);
/* URT_EDEADLK if the caller holds it already. */
int urt_mutex_lock(urt_mutex_t *m);
/* URT_EBUSY if held. */
int urt_mutex_trylock(urt_mutex_t *m);
/* URT_EPERM if the caller does not hold it. */
int urt_mutex_unlock(urt_mutex_t *m);

typedef struct urt_cond {
	urt_mutex_t lock;                       /* guards waiters */
	struct urt_list waiters;                /* FIFO of blocked waiters (sync.c) */
} urt_cond_t;

#define URT_COND_INIT { .lock = URT_MUTEX_INIT }

int urt_cond_init(urt_cond_t *c);
/* URT_EBUSY if threads still wait on it. */
int urt_cond_destroy(urt_cond_t *c);
/* Atomically release m and wait for a signal; m is held again on return.
 * Spurious returns are possible: wait in a loop on the predicate. */
int urt_cond_wait(urt_cond_t *c, urt_mutex_t *m);
/* As urt_cond_wait, giving up after timeout_us microseconds (URT_ETIMEDOUT,
 * with m held again). */
int urt_cond_timedwait(urt_cond_t *c, urt_mutex_t *m, uint64_t timeout_us);
/* The same with an absolute deadline in urt_now_us() time. */
int urt_cond_wait_until(urt_cond_t *c, urt_mutex_t *m, uint64_t deadline_us);
/* Wake the longest-waiting thread / every waiting thread.  May be called
 * with or without m held. */
int urt_cond_signal(urt_cond_t *c);
int urt_cond_broadcast(urt_cond_t *c);

typedef struct urt_sem {
	urt_mutex_t lock;                       /* guards count */
	urt_cond_t nonzero;
	uint64_t count;
} urt_sem_t;

#define URT_SEM_INIT(n) { .lock = URT_MUTEX_INIT, .nonzero = URT_COND_INIT, .count = (n) }

int urt_sem_init(urt_sem_t *s, uint64_t count);
int urt_sem_destroy(urt_sem_t *s);
int urt_sem_wait(urt_sem_t *s);
/* URT_EBUSY if the count is 0. */
int urt_sem_trywait(urt_sem_t *s);
int urt_sem_timedwait(urt_sem_t *s, uint64_t timeout_us);
/* URT_EOVERFLOW if the count would wrap. */
int urt_sem_post(urt_sem_t *s);
uint64_t urt_sem_value(urt_sem_t *s);

#endif
