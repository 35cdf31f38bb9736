/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sync.c - mutexes, condition variables and semaphores (urt/sync.h).
 *
 * Mutex (after Drepper, "Futexes are tricky", with a kernel notification as
 * the futex).  state: 0 free, 1 locked, 2 locked and maybe waiters.
 *   lock:    CAS 0->1 (fast path).  Else make sure the notification exists,
 *            then loop { if xchg(state, 2) == 0: owned; wait(ntf) }.
 *   unlock:  if xchg(state, 0) == 2: signal(ntf).
 * No wake-up is lost: a notification signalled while nobody waits keeps its
 * bit, so a waiter that set state 2 and has not yet blocked returns from
 * its wait at once.  Extra bits only cause spurious returns, and a waiter
 * always re-checks the state.  The notification is published (CAS) before
 * the waiter's xchg makes state 2, so an unlocker that reads 2 sees it.
 * If the notification cannot be created (no slot or quota) the waiter
 * falls back to yielding; that only works between threads of equal
 * priority, which is documented.
 *
 * Condition variable: a FIFO of waiters, each a node on the waiting
 * thread's stack, guarded by the condvar's own mutex.  wait: enqueue, unlock
 * the user mutex, block on the thread's wake-up notification until the node
 * is marked woken (or the deadline passes: then dequeue it under the lock
 * unless a signaller got there first, which counts as a wake-up), relock.
 * signal: under the lock dequeue the head, mark it woken, signal its
 * thread's notification.  The waiter passes through the condvar lock before
 * returning, so the signaller is done with the node (and the notification)
 * before the node's stack frame goes away.
 *
 * Semaphore: a count under a mutex and a condition variable.
 */
#include "urt.h"

/* ---- mutex ----------------------------------------------------------------------------- */

int urt_mutex_init(urt_mutex_t *m)
{
	atomic_store(&m->state, 0);
	atomic_store(&m->ntf, 0);
	atomic_store(&m->owner, NULL);
	return URT_OK;
}

int urt_mutex_destroy(urt_mutex_t *m)
{
	if (atomic_load(&m->state) != 0)
		return URT_EBUSY;
	dbt_slot_t ntf = atomic_exchange(&m->ntf, 0);
	if (ntf)
		urt_ntf_destroy(ntf);
	return URT_OK;
}

dbt_slot_t urt_ntf_create(void)
{
	dbt_slot_t s = urt_slot_alloc();
	if (!s)
		return 0;
	if (dbt_create(urt_quota_slot, DBT_OBJ_NOTIFICATION, s, 0, 0) != DBT_OK) {
		urt_slot_free(s);
		return 0;
	}
	return s;
}

void urt_ntf_destroy(dbt_slot_t ntf)
{
	dbt_destroy(ntf);
	urt_slot_free(ntf);
}

/* The mutex's notification, made on first contention; 0 if impossible. */
static dbt_slot_t mutex_ntf(urt_mutex_t *m)
{
	dbt_slot_t ntf = atomic_load(&m->ntf);
	if (ntf)
		return ntf;
	dbt_slot_t mine = urt_ntf_create();
	if (!mine)
		return 0;
	if (!atomic_compare_exchange_strong(&m->ntf, &ntf, mine)) {
		urt_ntf_destroy(mine);  /* another waiter won; ntf holds its slot */
		return ntf;
	}
	return mine;
}

int urt_mutex_trylock(urt_mutex_t *m)
{
	uint32_t free_state = 0;
	urt_thread_t *self = urt_thread_self();
	if (!atomic_compare_exchange_strong(&m->state, &free_state, 1))
		return self && atomic_load(&m->owner) == self ? URT_EDEADLK : URT_EBUSY;
	atomic_store(&m->owner, self);
	return URT_OK;
}

int urt_mutex_lock(urt_mutex_t *m)
{
	uint32_t free_state = 0;
	urt_thread_t *self = urt_thread_self();
	if (!atomic_compare_exchange_strong(&m->state, &free_state, 1)) {
		if (self && atomic_load(&m->owner) == self)
			return URT_EDEADLK;
		dbt_slot_t ntf = mutex_ntf(m);
		if (ntf) {
			while (atomic_exchange(&m->state, 2) != 0)
				dbt_wait(ntf, NULL, DBT_TIMEOUT_NEVER);
		} else {
			free_state = 0;
			while (!atomic_compare_exchange_weak(&m->state, &free_state, 1)) {
				dbt_yield();
				free_state = 0;
			}
		}
	}
	atomic_store(&m->owner, self);
	return URT_OK;
}

int urt_mutex_unlock(urt_mutex_t *m)
{
	if (atomic_load(&m->state) == 0 || atomic_load(&m->owner) != urt_thread_self())
		return URT_EPERM;
	atomic_store(&m->owner, NULL);
	if (atomic_exchange(&m->state, 0) == 2)
		dbt_signal(atomic_load(&m->ntf));
	return URT_OK;
}

/* ---- condition variables ------------------------------------------------------------------ */

struct urt_cond_waiter {
	struct urt_link link;           /* on waiters until woken or timed out */
	dbt_slot_t ntf;                 /* the waiting thread's wake-up notification */
	atomic_int woken;               /* set, under the lock, when a signaller dequeues it */
};

int urt_cond_init(urt_cond_t *c)
{
	urt_mutex_init(&c->lock);
	urt_list_init(&c->waiters);
	return URT_OK;
}

int urt_cond_destroy(urt_cond_t *c)
{
	urt_mutex_lock(&c->lock);
	bool busy = !urt_list_empty(&c->waiters);
	urt_mutex_unlock(&c->lock);
	return busy ? URT_EBUSY : urt_mutex_destroy(&c->lock);
}

/* Block until w is woken or deadline (0: none) passes. */
static void cond_block(struct urt_cond_waiter *w, uint64_t deadline)
{
	while (!atomic_load(&w->woken)) {
		uint32_t to = DBT_TIMEOUT_NEVER;
		if (deadline) {
			uint64_t now = urt_now_us();
			if (now >= deadline)
				return;
			uint64_t left = deadline - now;
			to = left >= DBT_TIMEOUT_NEVER ? DBT_TIMEOUT_NEVER - 1 : (uint32_t)left;
		}
		dbt_wait(w->ntf, NULL, to);
	}
}

int urt_cond_wait_until(urt_cond_t *c, urt_mutex_t *m, uint64_t deadline_us)
{
	struct urt_cond_waiter w = { .ntf = urt_thread_wake_ntf() };
	if (!w.ntf)
		return URT_ENOMEM;
	if (atomic_load(&m->owner) != urt_thread_self() || !atomic_load(&m->state))
		return URT_EPERM;
	atomic_init(&w.woken, 0);
	urt_mutex_lock(&c->lock);
	urt_list_push_back(&c->waiters, &w.link);
	urt_mutex_unlock(&c->lock);
	urt_mutex_unlock(m);

	cond_block(&w, deadline_us);
	/* Under the lock, woken says whether a signaller dequeued w (perhaps
	 * after the deadline passed: that counts as a wake-up). */
	urt_mutex_lock(&c->lock);
	bool woken = atomic_load(&w.woken);
	if (!woken)
		urt_list_remove(&c->waiters, &w.link);
	urt_mutex_unlock(&c->lock);

	urt_mutex_lock(m);
	return woken ? URT_OK : URT_ETIMEDOUT;
}

int urt_cond_wait(urt_cond_t *c, urt_mutex_t *m)
{
	return urt_cond_wait_until(c, m, 0);
}

int urt_cond_timedwait(urt_cond_t *c, urt_mutex_t *m, uint64_t timeout_us)
{
	uint64_t now = urt_now_us();
	return urt_cond_wait_until(c, m, now + (timeout_us ? timeout_us : 1));
}

/* Wake up to n waiters. */
static int cond_wake(urt_cond_t *c, unsigned long n)
{
	urt_mutex_lock(&c->lock);
	for (; n && !urt_list_empty(&c->waiters); n--) {
		struct urt_cond_waiter *w = urt_list_entry(urt_list_pop_front(&c->waiters),
							   struct urt_cond_waiter, link);
		atomic_store(&w->woken, 1);
		dbt_signal(w->ntf);
	}
	urt_mutex_unlock(&c->lock);
	return URT_OK;
}

int urt_cond_signal(urt_cond_t *c)
{
	return cond_wake(c, 1);
}

int urt_cond_broadcast(urt_cond_t *c)
{
	return cond_wake(c, ~0ul);
}

/* ---- semaphores ------------------------------------------------------------------------------ */

int urt_sem_init(urt_sem_t *s, uint64_t count)
{
	urt_mutex_init(&s->lock);
	urt_cond_init(&s->nonzero);
	s->count = count;
	return URT_OK;
}

int urt_sem_destroy(urt_sem_t *s)
{
	int err = urt_cond_destroy(&s->nonzero);
	return err ? err : urt_mutex_destroy(&s->lock);
}

/* Take one unit, waiting until deadline (0: for ever, 1: not at all). */
static int sem_take(urt_sem_t *s, uint64_t deadline)
{
	int err = URT_OK;
	urt_mutex_lock(&s->lock);
	while (s->count == 0 && err == URT_OK) {
		if (deadline == 1)
			err = URT_EBUSY;
		else
			err = urt_cond_wait_until(&s->nonzero, &s->lock, deadline);
	}
	if (err == URT_OK)
		s->count--;
	urt_mutex_unlock(&s->lock);
	return err;
}

int urt_sem_wait(urt_sem_t *s)
{
	return sem_take(s, 0);
}

int urt_sem_trywait(urt_sem_t *s)
{
	return sem_take(s, 1);
}

int urt_sem_timedwait(urt_sem_t *s, uint64_t timeout_us)
{
	return sem_take(s, urt_now_us() + (timeout_us ? timeout_us : 1) + 1);
}

int urt_sem_post(urt_sem_t *s)
{
	urt_mutex_lock(&s->lock);
	if (s->count == UINT64_MAX) {
		urt_mutex_unlock(&s->lock);
		return URT_EOVERFLOW;
	}
	s->count++;
	urt_mutex_unlock(&s->lock);
	return urt_cond_signal(&s->nonzero);
}

uint64_t urt_sem_value(urt_sem_t *s)
{
	urt_mutex_lock(&s->lock);
	uint64_t v = s->count;
	urt_mutex_unlock(&s->lock);
	return v;
}
