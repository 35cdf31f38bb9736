/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_thread.c - thread create/join/exit, kernel memory back to its
 * baseline after joins, the thread-local pointer, bad arguments and a
 * kernel-memory quota too small for a thread.
 */
#include "rttest.h"

static void *plus_one(void *arg)
{
	return (void *)((uintptr_t)arg + 1);
}

static void *exit_early(void *arg)
{
	urt_thread_exit((void *)((uintptr_t)arg * 2));
}

/* Create and join one thread running fn(arg); its result, or ~0 on failure. */
static uintptr_t run_one(void *(*fn)(void *), uintptr_t arg)
{
	urt_thread_t *t;
	void *res;
	if (urt_thread_create(&t, fn, (void *)arg, URT_PRIO_INHERIT) ||
	    urt_thread_join(t, &res))
		return ~(uintptr_t)0;
	return (uintptr_t)res;
}

const char *rt_thread_join_baseline(void)
{
	CHECK(run_one(plus_one, 1) == 2);       /* warm up: heap, page tables */
	dbt_word_t kmem = dbt_stat(DBT_STAT_KMEM_USED);
	struct urt_heap_stats st0, st1;
	urt_heap_stats(&urt_heap_default, &st0);
	for (uintptr_t i = 0; i < 100; i++) {
		CHECK(run_one(plus_one, i) == i + 1);
		CHECK(run_one(exit_early, i) == 2 * i);
	}
	urt_heap_stats(&urt_heap_default, &st1);
	CHECK(st1.nalloc == st0.nalloc);        /* stacks and structs freed */
	CHECK(dbt_stat(DBT_STAT_KMEM_USED) == kmem);
	return NULL;
}

static void *hold(void *arg)
{
	urt_sem_t *go = arg;
	urt_sem_wait(go);
	return (void *)urt_thread_self();
}

const char *rt_thread_many(void)
{
	enum { N = 24 };
	static urt_thread_t *t[N];
	urt_sem_t go = URT_SEM_INIT(0);
	CHECK(run_one(plus_one, 1) == 2);
	dbt_word_t kmem = dbt_stat(DBT_STAT_KMEM_USED);
	for (unsigned round = 0; round < 3; round++) {
		for (unsigned i = 0; i < N; i++)
			CHECK(urt_thread_create(&t[i], hold, &go, URT_PRIO_INHERIT) == URT_OK);
		for (unsigned i = 0; i < N; i++)
			CHECK(urt_sem_post(&go) == URT_OK);
		for (unsigned i = 0; i < N; i++) {
			void *res;
			CHECK(urt_thread_join(t[i], &res) == URT_OK);
			CHECK(res == t[i]);             /* urt_thread_self in the thread */
		}
	}
	CHECK(urt_sem_destroy(&go) == URT_OK);         /* its notifications */
	CHECK(dbt_stat(DBT_STAT_KMEM_USED) == kmem);
	return NULL;
}

static void *tls_worker(void *arg)
{
	uintptr_t mine = (uintptr_t)arg;
	if (urt_tls_get() != NULL)
		return (void *)1;
	urt_tls_set(&mine);
	for (int i = 0; i < 20; i++) {
		urt_sleep_us(1000);
		if (urt_tls_get() != &mine || *(uintptr_t *)urt_tls_get() != (uintptr_t)arg)
			return (void *)2;
	}
	return NULL;
}

const char *rt_thread_tls(void)
{
	int main_value = 42;
	void *args[4] = { (void *)10, (void *)11, (void *)12, (void *)13 };
	urt_tls_set(&main_value);
	const char *why = rt_run_threads(4, tls_worker, args);
	if (why)
		return why;
	for (unsigned i = 0; i < 4; i++)
		CHECK(args[i] == NULL);
	CHECK(urt_tls_get() == &main_value);
	CHECK(dbt_utcb()->user[7] == (dbt_word_t)dbt_utcb());   /* kernel's word untouched */
	urt_tls_set(NULL);
	return NULL;
}

const char *rt_thread_errors(void)
{
	urt_thread_t *t;
	CHECK(urt_thread_create(&t, plus_one, NULL, 256) == URT_EINVAL);
	CHECK(urt_thread_create(&t, plus_one, NULL, -5) == URT_EINVAL);
	CHECK(urt_thread_create(&t, NULL, NULL, 100) == URT_EINVAL);
	/* above the caller's own priority: the kernel refuses, nothing leaks */
	struct dbt_sysret r = dbt_thread_ctl(urt_thread_self()->cap, DBT_THREAD_INFO, 0, 0);
	CHECK(r.err == DBT_OK && r.v1 < DBT_PRIO_MAX);
	struct urt_heap_stats st0, st1;
	urt_heap_stats(&urt_heap_default, &st0);
	CHECK(urt_thread_create(&t, plus_one, NULL, (int)r.v1 + 1) == URT_EINVAL);
	urt_heap_stats(&urt_heap_default, &st1);
	CHECK(st1.nalloc == st0.nalloc);
	CHECK(urt_thread_join(urt_thread_self(), NULL) == URT_EINVAL);  /* initial thread */
	CHECK(urt_thread_create(&t, plus_one, NULL, URT_PRIO_INHERIT) == URT_OK);
	CHECK(urt_thread_join(t, NULL) == URT_OK);
	return NULL;
}

/* Threads from a quota of 40 KiB: a few fit (8 KiB + a notification each),
 * then creation fails with URT_ENOMEM - no crash, nothing leaked. */
const char *rt_thread_quota(void)
{
	enum { MAX = 16 };
	urt_thread_t *t[MAX];
	urt_sem_t go = URT_SEM_INIT(0);
	dbt_slot_t q = urt_slot_alloc(), saved = urt_quota_slot;
	CHECK(q != 0);
	CHECK(dbt_create(DBT_ROOT_SLOT_QUOTA, DBT_OBJ_QUOTA, q, 40 << 10, 0) == DBT_OK);
	struct urt_heap_stats st0, st1;
	urt_heap_stats(&urt_heap_default, &st0);
	urt_quota_slot = q;
	unsigned n = 0;
	int err = URT_OK;
	while (n < MAX && (err = urt_thread_create(&t[n], hold, &go, URT_PRIO_INHERIT)) == URT_OK)
		n++;
	urt_quota_slot = saved;
	for (unsigned i = 0; i < n; i++)
		urt_sem_post(&go);
	for (unsigned i = 0; i < n; i++)
		CHECK(urt_thread_join(t[i], NULL) == URT_OK);
	urt_sem_destroy(&go);
	urt_heap_stats(&urt_heap_default, &st1);
	dbt_word_t used = 1;
	CHECK(dbt_quota_info(q, &used, NULL) == DBT_OK);
	dbt_destroy(q);
	urt_slot_free(q);
	CHECK(n >= 2 && n < MAX);
	CHECK(err == URT_ENOMEM);
	CHECK(used == 0);                       /* every object charged was freed */
	CHECK(st1.nalloc == st0.nalloc);
	return NULL;
}
