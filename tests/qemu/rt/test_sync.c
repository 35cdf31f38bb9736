/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_sync.c - mutexes under contention, mutex error checks, condition
 * variables (producer/consumer, timed wait, broadcast), semaphores.
 */
#include "rttest.h"

/* ---- mutex ------------------------------------------------------------------------ */

#define INCREMENTS 5000
static urt_mutex_t count_lock = URT_MUTEX_INIT;
static volatile uint64_t counter;

/* A read-modify-write that is only correct under the lock; a yield inside
 * the critical section now and then makes the other threads contend. */
static void *count_worker(void *arg)
{
	(void)arg;
	for (unsigned i = 0; i < INCREMENTS; i++) {
		if (urt_mutex_lock(&count_lock))
			return (void *)1;
		uint64_t v = counter;
		if (i % 64 == 0)
			dbt_yield();
		counter = v + 1;
		if (urt_mutex_unlock(&count_lock))
			return (void *)2;
	}
	return NULL;
}

const char *rt_mutex_contention(void)
{
	void *args[6] = { 0 };
	counter = 0;
	const char *why = rt_run_threads(6, count_worker, args);
	if (why)
		return why;
	for (unsigned i = 0; i < 6; i++)
		CHECK(args[i] == NULL);
	CHECK(counter == 6 * INCREMENTS);
	CHECK(atomic_load(&count_lock.ntf) != 0);       /* the slow path was taken */
	CHECK(atomic_load(&count_lock.state) == 0);
	CHECK(urt_mutex_destroy(&count_lock) == URT_OK);
	CHECK(atomic_load(&count_lock.ntf) == 0);
	return NULL;
}

static void *try_other(void *arg)
{
	return (void *)(uintptr_t)urt_mutex_trylock(arg);
}

static void *unlock_other(void *arg)
{
	return (void *)(uintptr_t)urt_mutex_unlock(arg);
}

const char *rt_mutex_errors(void)
{
	urt_mutex_t m;
	void *res[1];
	CHECK(urt_mutex_init(&m) == URT_OK);
	CHECK(urt_mutex_unlock(&m) == URT_EPERM);       /* not locked */
	CHECK(urt_mutex_lock(&m) == URT_OK);
	CHECK(urt_mutex_lock(&m) == URT_EDEADLK);
	CHECK(urt_mutex_trylock(&m) == URT_EDEADLK);
	CHECK(urt_mutex_destroy(&m) == URT_EBUSY);
	res[0] = &m;
	CHECK(rt_run_threads(1, try_other, res) == NULL);
	CHECK((uintptr_t)res[0] == URT_EBUSY);
	res[0] = &m;
	CHECK(rt_run_threads(1, unlock_other, res) == NULL);
	CHECK((uintptr_t)res[0] == URT_EPERM);          /* not the owner */
	CHECK(urt_mutex_unlock(&m) == URT_OK);
	CHECK(urt_mutex_trylock(&m) == URT_OK);
	CHECK(urt_mutex_unlock(&m) == URT_OK);
	CHECK(urt_mutex_destroy(&m) == URT_OK);
	return NULL;
}

/* ---- condition variables ------------------------------------------------------------ */

#define QSIZE 4
#define ITEMS 400
static struct {
	urt_mutex_t lock;
	urt_cond_t not_full, not_empty;
	unsigned buf[QSIZE], head, len, produced_done;
	uint64_t sum, taken;
} q = { .lock = URT_MUTEX_INIT, .not_full = URT_COND_INIT, .not_empty = URT_COND_INIT };

static void *producer(void *arg)
{
	unsigned base = (unsigned)(uintptr_t)arg * ITEMS;
	for (unsigned i = 1; i <= ITEMS; i++) {
		urt_mutex_lock(&q.lock);
		while (q.len == QSIZE)
			urt_cond_wait(&q.not_full, &q.lock);
		q.buf[(q.head + q.len++) % QSIZE] = base + i;
		urt_cond_signal(&q.not_empty);
		urt_mutex_unlock(&q.lock);
	}
	return NULL;
}

static void *consumer(void *arg)
{
	(void)arg;
	for (;;) {
		urt_mutex_lock(&q.lock);
		while (q.len == 0 && q.taken < 2 * ITEMS)
			urt_cond_wait(&q.not_empty, &q.lock);
		if (q.taken == 2 * ITEMS) {
			urt_cond_broadcast(&q.not_empty);       /* let the other consumer see it */
			urt_mutex_unlock(&q.lock);
			return NULL;
		}
		q.sum += q.buf[q.head];
		q.head = (q.head + 1) % QSIZE;
		q.len--;
		q.taken++;
		urt_cond_signal(&q.not_full);
		if (q.taken == 2 * ITEMS)
			urt_cond_broadcast(&q.not_empty);
		urt_mutex_unlock(&q.lock);
	}
}

const char *rt_cond_prodcons(void)
{
	urt_thread_t *t[4];
	CHECK(urt_thread_create(&t[0], consumer, NULL, URT_PRIO_INHERIT) == URT_OK);
	CHECK(urt_thread_create(&t[1], consumer, NULL, URT_PRIO_INHERIT) == URT_OK);
	CHECK(urt_thread_create(&t[2], producer, (void *)0, URT_PRIO_INHERIT) == URT_OK);
	CHECK(urt_thread_create(&t[3], producer, (void *)1, URT_PRIO_INHERIT) == URT_OK);
	for (unsigned i = 0; i < 4; i++)
		CHECK(urt_thread_join(t[i], NULL) == URT_OK);
	/* sum of 1..2N */
	CHECK(q.taken == 2 * ITEMS);
	CHECK(q.sum == (uint64_t)(2 * ITEMS) * (2 * ITEMS + 1) / 2);
	CHECK(q.len == 0);
	CHECK(urt_cond_destroy(&q.not_full) == URT_OK);
	CHECK(urt_cond_destroy(&q.not_empty) == URT_OK);
	return NULL;
}

const char *rt_cond_timedwait(void)
{
	urt_mutex_t m = URT_MUTEX_INIT;
	urt_cond_t c = URT_COND_INIT;
	urt_mutex_lock(&m);
	uint64_t t0 = urt_now_us();
	int err = urt_cond_timedwait(&c, &m, 30000);
	uint64_t dt = urt_now_us() - t0;
	CHECK(err == URT_ETIMEDOUT);
	CHECK(dt >= 30000 && dt < 300000);
	CHECK(urt_mutex_unlock(&m) == URT_OK);          /* held again after the timeout */
	CHECK(urt_list_empty(&c.waiters));              /* the waiter left the queue */
	CHECK(urt_cond_wait(&c, &(urt_mutex_t)URT_MUTEX_INIT) == URT_EPERM);
	urt_cond_destroy(&c);
	urt_mutex_destroy(&m);
	return NULL;
}

static struct {
	urt_mutex_t lock;
	urt_cond_t cond;
	int go, waiting, woke;
} bc = { .lock = URT_MUTEX_INIT, .cond = URT_COND_INIT };

static void *bc_waiter(void *arg)
{
	(void)arg;
	urt_mutex_lock(&bc.lock);
	bc.waiting++;
	while (!bc.go)
		urt_cond_wait(&bc.cond, &bc.lock);
	bc.woke++;
	urt_mutex_unlock(&bc.lock);
	return NULL;
}

const char *rt_cond_broadcast(void)
{
	enum { N = 6 };
	urt_thread_t *t[N];
	for (unsigned i = 0; i < N; i++)
		CHECK(urt_thread_create(&t[i], bc_waiter, NULL, URT_PRIO_INHERIT) == URT_OK);
	for (int i = 0; i < 1000; i++) {                /* all of them queued */
		urt_mutex_lock(&bc.lock);
		int w = bc.waiting;
		urt_mutex_unlock(&bc.lock);
		if (w == N)
			break;
		urt_sleep_us(1000);
	}
	urt_mutex_lock(&bc.lock);
	CHECK(bc.waiting == N && bc.woke == 0);
	bc.go = 1;
	urt_cond_broadcast(&bc.cond);
	urt_mutex_unlock(&bc.lock);
	for (unsigned i = 0; i < N; i++)
		CHECK(urt_thread_join(t[i], NULL) == URT_OK);
	CHECK(bc.woke == N);
	CHECK(urt_cond_destroy(&bc.cond) == URT_OK);
	return NULL;
}

/* ---- semaphores -------------------------------------------------------------------------- */

static urt_sem_t sem_items = URT_SEM_INIT(0);

static void *sem_worker(void *arg)
{
	uintptr_t got = 0;
	(void)arg;
	while (got < 100 && urt_sem_wait(&sem_items) == URT_OK)
		got++;
	return (void *)got;
}

const char *rt_sem_counting(void)
{
	urt_sem_t s;
	CHECK(urt_sem_init(&s, 3) == URT_OK);
	CHECK(urt_sem_trywait(&s) == URT_OK);
	CHECK(urt_sem_trywait(&s) == URT_OK);
	CHECK(urt_sem_trywait(&s) == URT_OK);
	CHECK(urt_sem_trywait(&s) == URT_EBUSY);
	CHECK(urt_sem_post(&s) == URT_OK);
	CHECK(urt_sem_value(&s) == 1);
	s.count = UINT64_MAX;
	CHECK(urt_sem_post(&s) == URT_EOVERFLOW);
	CHECK(urt_sem_destroy(&s) == URT_OK);
	/* 3 workers take exactly 300 posts between them */
	void *args[3] = { 0 };
	urt_thread_t *t[3];
	for (unsigned i = 0; i < 3; i++)
		CHECK(urt_thread_create(&t[i], sem_worker, NULL, URT_PRIO_INHERIT) == URT_OK);
	for (unsigned i = 0; i < 300; i++) {
		CHECK(urt_sem_post(&sem_items) == URT_OK);
		if (i % 7 == 0)
			dbt_yield();
	}
	for (unsigned i = 0; i < 3; i++)
		CHECK(urt_thread_join(t[i], &args[i]) == URT_OK);
	CHECK((uintptr_t)args[0] + (uintptr_t)args[1] + (uintptr_t)args[2] == 300);
	CHECK(urt_sem_value(&sem_items) == 0);
	return NULL;
}

const char *rt_sem_timedwait(void)
{
	urt_sem_t s = URT_SEM_INIT(0);
	uint64_t t0 = urt_now_us();
	CHECK(urt_sem_timedwait(&s, 20000) == URT_ETIMEDOUT);
	uint64_t dt = urt_now_us() - t0;
	CHECK(dt >= 20000 && dt < 300000);
	urt_sem_post(&s);
	CHECK(urt_sem_timedwait(&s, 20000) == URT_OK);
	urt_sem_destroy(&s);
	return NULL;
}
