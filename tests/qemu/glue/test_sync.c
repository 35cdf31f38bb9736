/* SPDX-License-Identifier: BSD-2-Clause */
/* Memory, logging, locks, recursive locks, semaphores. */
#include "gluetest.h"

#define NTHREADS 4
#define ROUNDS 20000

static char captured[512];
static size_t captured_len;

static void capture(const char *buf, size_t len)
{
	if (captured_len + len < sizeof(captured)) {
		memcpy(captured + captured_len, buf, len);
		captured_len += len;
		captured[captured_len] = 0;
	}
}

const char *glue_memory_log(void)
{
	char longmsg[400];

	unsigned char *p = iokit_malloc(1000);

	CHECK(p);
	memset(p, 0xa5, 1000);
	CHECK(p[999] == 0xa5);
	iokit_free(p);
	iokit_free(NULL);
	captured_len = 0;
	urt_set_output(capture);
	iokit_log("gluetest: log line\n");
	iokit_glue_set_log_prefix("iokit0");
	iokit_log("second");
	iokit_glue_set_log_prefix(NULL);
	memset(longmsg, 'x', sizeof(longmsg) - 1);
	longmsg[sizeof(longmsg) - 1] = 0;
	iokit_log(longmsg);
	urt_set_output(NULL);
	CHECK(!strncmp(captured, "iokit: gluetest: log line\niokit0: second\niokit: xxx", 51));
	CHECK(captured_len == 26 + 15 + 255);
	CHECK(captured[captured_len - 1] == '\n' && captured[captured_len - 2] == 'x');
	return NULL;
}

static iokit_lock_t *clock_;
static iokit_rlock_t *crlock;
static volatile unsigned long counter;

static void lock_worker(void *arg)
{
	(void)arg;
	for (unsigned i = 0; i < ROUNDS; i++) {
		iokit_lock_lock(clock_);
		unsigned long v = counter;
		if ((i & 255) == 0)
			urt_sleep_us(0);
		counter = v + 1;
		iokit_lock_unlock(clock_);
	}
}

const char *glue_lock_contention(void)
{
	iokit_thread_t *t[NTHREADS];

	CHECK((clock_ = iokit_lock_alloc()));
	counter = 0;
	for (unsigned i = 0; i < NTHREADS; i++)
		CHECK((t[i] = iokit_thread_start(lock_worker, NULL)));
	for (unsigned i = 0; i < NTHREADS; i++)
		CHECK(iokit_thread_join(t[i]) == IOKIT_OK);
	CHECK(counter == (unsigned long)NTHREADS * ROUNDS);
	iokit_lock_free(clock_);
	return NULL;
}

static volatile int other_result[4];

static void lock_other(void *arg)
{
	(void)arg;
	other_result[0] = iokit_lock_trylock(clock_);
	other_result[1] = iokit_lock_unlock(clock_);
}

const char *glue_lock_errors(void)
{
	iokit_thread_t *t;

	CHECK((clock_ = iokit_lock_alloc()));
	CHECK(iokit_lock_unlock(clock_) == IOKIT_EPERM);
	CHECK(iokit_lock_lock(clock_) == IOKIT_OK);
	CHECK(iokit_lock_lock(clock_) == IOKIT_EDEADLK);
	CHECK((t = iokit_thread_start(lock_other, NULL)));
	CHECK(iokit_thread_join(t) == IOKIT_OK);
	CHECK(other_result[0] == IOKIT_EBUSY);
	CHECK(other_result[1] == IOKIT_EPERM);
	CHECK(iokit_lock_unlock(clock_) == IOKIT_OK);
	CHECK(iokit_lock_trylock(clock_) == IOKIT_OK);
	CHECK(iokit_lock_unlock(clock_) == IOKIT_OK);
	CHECK(iokit_lock_lock(NULL) == IOKIT_EINVAL);
	iokit_lock_free(clock_);
	return NULL;
}

static void rlock_other(void *arg)
{
	(void)arg;
	other_result[0] = iokit_rlock_trylock(crlock);
	other_result[1] = iokit_rlock_unlock(crlock);
	other_result[2] = iokit_rlock_owned(crlock);
	other_result[3] = (int)iokit_rlock_depth(crlock);
}

const char *glue_rlock_depth(void)
{
	iokit_thread_t *t;

	CHECK((crlock = iokit_rlock_alloc()));
	CHECK(!iokit_rlock_owned(crlock) && iokit_rlock_depth(crlock) == 0);
	CHECK(iokit_rlock_unlock(crlock) == IOKIT_EPERM);
	CHECK(iokit_rlock_lock(crlock) == IOKIT_OK);
	CHECK(iokit_rlock_lock(crlock) == IOKIT_OK);
	CHECK(iokit_rlock_trylock(crlock) == IOKIT_OK);
	CHECK(iokit_rlock_owned(crlock) && iokit_rlock_depth(crlock) == 3);
	CHECK((t = iokit_thread_start(rlock_other, NULL)));
	CHECK(iokit_thread_join(t) == IOKIT_OK);
	CHECK(other_result[0] == IOKIT_EBUSY);
	CHECK(other_result[1] == IOKIT_EPERM);
	CHECK(other_result[2] == 0 && other_result[3] == 0);
	CHECK(iokit_rlock_depth(crlock) == 3);
	CHECK(iokit_rlock_unlock(crlock) == IOKIT_OK);
	CHECK(iokit_rlock_unlock(crlock) == IOKIT_OK);
	CHECK(iokit_rlock_owned(crlock) && iokit_rlock_depth(crlock) == 1);
	CHECK(iokit_rlock_unlock(crlock) == IOKIT_OK);
	CHECK(!iokit_rlock_owned(crlock) && iokit_rlock_depth(crlock) == 0);
	CHECK(iokit_rlock_unlock(crlock) == IOKIT_EPERM);
	/* Free again: another thread takes it (and leaves it held). */
	CHECK((t = iokit_thread_start(rlock_other, NULL)));
	CHECK(iokit_thread_join(t) == IOKIT_OK);
	CHECK(other_result[0] == IOKIT_OK && other_result[1] == IOKIT_OK);
	CHECK(other_result[2] == 0 && other_result[3] == 0);
	CHECK(iokit_rlock_trylock(crlock) == IOKIT_OK);
	CHECK(iokit_rlock_unlock(crlock) == IOKIT_OK);
	iokit_rlock_free(crlock);
	return NULL;
}

static void rlock_worker(void *arg)
{
	(void)arg;
	for (unsigned i = 0; i < ROUNDS / 2; i++) {
		iokit_rlock_lock(crlock);
		iokit_rlock_lock(crlock);
		unsigned long v = counter;
		if ((i & 255) == 0)
			urt_sleep_us(0);
		counter = v + 1;
		iokit_rlock_unlock(crlock);
		iokit_rlock_unlock(crlock);
	}
}

const char *glue_rlock_contention(void)
{
	iokit_thread_t *t[NTHREADS];

	CHECK((crlock = iokit_rlock_alloc()));
	counter = 0;
	for (unsigned i = 0; i < NTHREADS; i++)
		CHECK((t[i] = iokit_thread_start(rlock_worker, NULL)));
	for (unsigned i = 0; i < NTHREADS; i++)
		CHECK(iokit_thread_join(t[i]) == IOKIT_OK);
	CHECK(counter == (unsigned long)NTHREADS * (ROUNDS / 2));
	CHECK(!iokit_rlock_owned(crlock));
	iokit_rlock_free(crlock);
	return NULL;
}

const char *glue_sem_counting(void)
{
	iokit_sem_t *s = iokit_sem_alloc(2);
	uint64_t t0;

	CHECK(s);
	CHECK(iokit_sem_trywait(s) == IOKIT_OK);
	CHECK(iokit_sem_wait(s) == IOKIT_OK);
	CHECK(iokit_sem_trywait(s) == IOKIT_EBUSY);
	t0 = iokit_uptime_us();
	CHECK(iokit_sem_timedwait(s, 20000) == IOKIT_ETIMEDOUT);
	CHECK(iokit_uptime_us() - t0 >= 20000);
	CHECK(iokit_sem_signal(s) == IOKIT_OK);
	CHECK(iokit_sem_timedwait(s, 20000) == IOKIT_OK);
	CHECK(iokit_sem_trywait(s) == IOKIT_EBUSY);
	iokit_sem_free(s);
	return NULL;
}

#define SEM_ITEMS 200
static iokit_sem_t *items;

static void producer(void *arg)
{
	(void)arg;
	for (unsigned i = 0; i < SEM_ITEMS; i++) {
		__atomic_add_fetch(&counter, 1, __ATOMIC_SEQ_CST);
		iokit_sem_signal(items);
		if ((i & 15) == 0)
			iokit_delay_us(1000);
	}
}

const char *glue_sem_threads(void)
{
	iokit_thread_t *t[2];

	CHECK((items = iokit_sem_alloc(0)));
	counter = 0;
	for (unsigned i = 0; i < 2; i++)
		CHECK((t[i] = iokit_thread_start(producer, NULL)));
	for (unsigned i = 0; i < 2 * SEM_ITEMS; i++)
		CHECK(iokit_sem_timedwait(items, 5000000) == IOKIT_OK);
	CHECK(iokit_sem_trywait(items) == IOKIT_EBUSY);
	for (unsigned i = 0; i < 2; i++)
		CHECK(iokit_thread_join(t[i]) == IOKIT_OK);
	CHECK(counter == 2 * SEM_ITEMS);
	iokit_sem_free(items);
	return NULL;
}
