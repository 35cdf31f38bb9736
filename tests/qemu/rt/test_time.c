/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_time.c - sleep accuracy against the kernel clock, the clock page,
 * one-shot and periodic timers, cancelling.
 */
#include "rttest.h"

const char *rt_sleep_accuracy(void)
{
	static const uint64_t waits[] = { 1000, 10000, 50000 };
	for (unsigned i = 0; i < 3; i++) {
		uint64_t t0 = urt_now_us();
		CHECK(urt_sleep_us(waits[i]) == URT_OK);
		uint64_t dt = urt_now_us() - t0;
		CHECK(dt >= waits[i]);
		CHECK(dt < waits[i] + 100000);          /* roughly: QEMU may be slow */
	}
	/* a stray wake-up bit (as a condition variable may leave) does not
	 * shorten a sleep */
	CHECK(dbt_signal(urt_thread_wake_ntf()) == DBT_OK);
	uint64_t t1 = urt_now_us();
	CHECK(urt_sleep_us(20000) == URT_OK);
	CHECK(urt_now_us() - t1 >= 20000);
	uint64_t t0 = urt_now_us();
	CHECK(urt_sleep_us(0) == URT_OK);
	CHECK(urt_now_us() - t0 < 20000);
	return NULL;
}

/* urt_now_ns reads the kernel's clock page (mapped at urt_clock_addr on
 * first use): the kernel call's clock, in nanoseconds, and sleeps of 200 us
 * take well under the millisecond they took before. */
const char *rt_clock_page(void)
{
	uint64_t t0 = urt_now_ns(), k = dbt_clock_ns(), t1 = urt_now_ns();
	CHECK(t0 <= k && k <= t1);
	/* the page is there: a UTCB cannot go there (probed without faulting) */
	dbt_slot_t s = urt_slot_alloc();
	dbt_word_t err = dbt_create(urt_quota_slot, DBT_OBJ_THREAD, s, urt_task_slot, urt_clock_addr);
	if (err == DBT_OK)
		dbt_destroy(s);
	urt_slot_free(s);
	CHECK(err == DBT_E_BUSY);
	CHECK(dbt_clock_map(0, urt_clock_addr) == DBT_OK);     /* mapping it again: no change */
	uint64_t took[9];
	for (unsigned i = 0; i < 9; i++) {
		uint64_t s = urt_now_ns();
		CHECK(urt_sleep_us(200) == URT_OK);
		took[i] = urt_now_ns() - s;
		CHECK(took[i] >= 200000);
	}
	unsigned under = 0;
	for (unsigned i = 0; i < 9; i++)
		under += took[i] < 800000;
	CHECK(under >= 5);                              /* the median is under 800 us */
	return NULL;
}

struct tick {
	atomic_uint count;
	uint64_t first_us;
	urt_thread_t *thread;
};

static void on_tick(void *arg)
{
	struct tick *t = arg;
	if (atomic_fetch_add(&t->count, 1) == 0) {
		t->first_us = urt_now_us();
		t->thread = urt_thread_self();
	}
}

const char *rt_timer_oneshot(void)
{
	struct tick tk = { 0 };
	struct urt_timer tm;
	urt_timer_init(&tm, on_tick, &tk);
	uint64_t t0 = urt_now_us();
	CHECK(urt_timer_start(&tm, 30000, 0) == URT_OK);
	CHECK(urt_sleep_us(100000) == URT_OK);
	CHECK(atomic_load(&tk.count) == 1);
	CHECK(tk.first_us - t0 >= 30000);
	CHECK(tk.first_us - t0 < 90000);
	CHECK(tk.thread != urt_thread_self());          /* ran on the timer thread */
	CHECK(!urt_timer_cancel(&tm));                  /* no longer armed */
	CHECK(urt_timer_start(NULL, 1, 0) == URT_EINVAL);
	return NULL;
}

const char *rt_timer_periodic(void)
{
	struct tick tk = { 0 }, tk2 = { 0 };
	struct urt_timer tm, tm2;
	urt_timer_init(&tm, on_tick, &tk);
	urt_timer_init(&tm2, on_tick, &tk2);
	CHECK(urt_timer_start(&tm, 10000, 10000) == URT_OK);
	CHECK(urt_timer_start(&tm2, 25000, 25000) == URT_OK);
	CHECK(urt_sleep_us(105000) == URT_OK);
	CHECK(urt_timer_cancel(&tm));
	CHECK(urt_timer_cancel(&tm2));
	unsigned n = atomic_load(&tk.count), n2 = atomic_load(&tk2.count);
	CHECK(n >= 6 && n <= 11);
	CHECK(n2 >= 2 && n2 <= 4);
	CHECK(urt_sleep_us(40000) == URT_OK);
	CHECK(atomic_load(&tk.count) == n);             /* stopped */
	CHECK(atomic_load(&tk2.count) == n2);
	return NULL;
}

static void slow_tick(void *arg)
{
	struct tick *t = arg;
	atomic_fetch_add(&t->count, 1);
	urt_sleep_us(30000);
	t->first_us = urt_now_us();                     /* "callback finished" */
}

const char *rt_timer_cancel(void)
{
	struct tick tk = { 0 };
	struct urt_timer tm;
	urt_timer_init(&tm, slow_tick, &tk);
	/* cancelled before it is due: never runs */
	CHECK(urt_timer_start(&tm, 20000, 0) == URT_OK);
	CHECK(urt_timer_cancel(&tm));
	CHECK(urt_sleep_us(40000) == URT_OK);
	CHECK(atomic_load(&tk.count) == 0);
	/* cancelled while its callback runs: cancel waits for the callback */
	CHECK(urt_timer_start(&tm, 1000, 5000) == URT_OK);
	while (atomic_load(&tk.count) == 0)
		urt_sleep_us(1000);
	urt_timer_cancel(&tm);
	uint64_t after = urt_now_us();
	CHECK(tk.first_us != 0 && tk.first_us <= after);
	unsigned n = atomic_load(&tk.count);
	CHECK(urt_sleep_us(50000) == URT_OK);
	CHECK(atomic_load(&tk.count) == n);
	return NULL;
}
