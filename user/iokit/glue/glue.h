/*
 * glue.h - the glue library binary driver modules link against (the
 * paper's xnuglue role; docs/IOKIT.md, "Glue library").
 *
 * Built on the component runtime (user/lib, docs/RUNTIME.md).  Every
 * function declared here - the SDK's ABI 1.0 (sdk/include/iokit/glue.h,
 * included below) and the additions after it - is exported to modules
 * through the table in glue_abi.h.  Objects are opaque and allocated by
 * the library, so their layout is not part of the ABI.
 *
 * Errors: functions returning int give 0 or an IOKIT_E* code.
 */
#ifndef DARBAT_IOKIT_GLUE_GLUE_H
#define DARBAT_IOKIT_GLUE_GLUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "../../../sdk/include/iokit/glue.h"

/* The version the framework exports: 1.0 plus the functions below. */
#define IOKIT_GLUE_ABI_MAJOR 1
#define IOKIT_GLUE_ABI_MINOR 1

enum iokit_error {
	IOKIT_OK = 0,
	IOKIT_ENOMEM = 1,	/* out of memory, threads or notifications */
	IOKIT_EINVAL = 2,	/* bad argument */
	IOKIT_EBUSY = 3,	/* held / count is zero (try operations) */
	IOKIT_ETIMEDOUT = 4,	/* the timeout passed */
	IOKIT_EDEADLK = 5,	/* would wait for itself */
	IOKIT_EPERM = 6,	/* the caller does not hold the lock */
	IOKIT_EFAIL = 7,	/* anything else the runtime reported */
};

/* Timeouts are in microseconds; IOKIT_FOREVER (0) waits without limit. */
#define IOKIT_FOREVER 0

typedef struct iokit_lock iokit_lock_t;
typedef struct iokit_rlock iokit_rlock_t;
typedef struct iokit_sem iokit_sem_t;
typedef struct iokit_thread iokit_thread_t;
typedef struct iokit_callout iokit_callout_t;

/* Locks (not recursive): lock gives IOKIT_EDEADLK if the caller holds it. */
iokit_lock_t *iokit_lock_alloc(void);
void iokit_lock_free(iokit_lock_t *l);
int iokit_lock_lock(iokit_lock_t *l);
int iokit_lock_trylock(iokit_lock_t *l);
int iokit_lock_unlock(iokit_lock_t *l);

/* Recursive locks: the owner may lock again; unlock by another thread is
 * IOKIT_EPERM.  depth is the owner's nesting (0 when free). */
iokit_rlock_t *iokit_rlock_alloc(void);
void iokit_rlock_free(iokit_rlock_t *r);
int iokit_rlock_lock(iokit_rlock_t *r);
int iokit_rlock_trylock(iokit_rlock_t *r);
int iokit_rlock_unlock(iokit_rlock_t *r);
bool iokit_rlock_owned(iokit_rlock_t *r);
unsigned iokit_rlock_depth(iokit_rlock_t *r);

/* Counting semaphores. */
iokit_sem_t *iokit_sem_alloc(unsigned count);
void iokit_sem_free(iokit_sem_t *s);
int iokit_sem_wait(iokit_sem_t *s);
int iokit_sem_timedwait(iokit_sem_t *s, uint64_t timeout_us);
int iokit_sem_trywait(iokit_sem_t *s);
int iokit_sem_signal(iokit_sem_t *s);

/*
 * Sleep on an event address until iokit_wakeup(event) or the timeout:
 * IOKIT_OK when woken, IOKIT_ETIMEDOUT.  lock (may be NULL) is held by the
 * caller; it is released atomically with going to sleep and held again
 * on return, so a wake-up issued under lock is never lost.
 * iokit_wakeup wakes every sleeper on event, iokit_wakeup_one the one
 * that has slept longest; both return how many they woke.
 */
int iokit_sleep(const void *event, iokit_lock_t *lock, uint64_t timeout_us);
unsigned iokit_wakeup(const void *event);
unsigned iokit_wakeup_one(const void *event);

/* Threads: fn(arg) on a new thread at the caller's priority, or NULL.
 * Every started thread must be joined (which frees it). */
iokit_thread_t *iokit_thread_start(void (*fn)(void *arg), void *arg);
int iokit_thread_join(iokit_thread_t *t);
void iokit_delay_us(uint64_t us);
uint64_t iokit_uptime_us(void);

/*
 * Thread callouts: fn(arg) once, delay_us after schedule, on the runtime's
 * timer thread (one callout at a time: do not block in fn).  schedule on a
 * pending callout moves it; schedule and cancel return true if the
 * callout was pending.  After cancel or free, fn is not running (unless
 * called from fn itself) and will not run.
 */
iokit_callout_t *iokit_callout_create(void (*fn)(void *arg), void *arg);
bool iokit_callout_schedule(iokit_callout_t *c, uint64_t delay_us);
bool iokit_callout_cancel(iokit_callout_t *c);
void iokit_callout_free(iokit_callout_t *c);

#endif
