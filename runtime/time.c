/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * time.c - clock, sleep and timers (urt/time.h).
 *
 * The clock is the kernel's, read from its clock page without a kernel
 * call (DBT_SYS_CLOCK_MAP, darbat.h's dbt_clock_read).
 *
 * Sleeping waits on the thread's wake-up notification with a timeout and
 * loops until the deadline, so stray bits left by a condition variable or
 * join only cost an extra kernel call.
 *
 * Timers: armed timers form a list sorted by deadline, guarded by
 * timer_lock.  One timer thread (made on the first urt_timer_start) waits on
 * timer_changed until the earliest deadline, takes every due timer off the
 * list, re-inserts periodic ones at deadline + period (skipping periods
 * already missed), and runs the callbacks without the lock held.
 * timer_running names the timer whose callback runs now; cancel waits on
 * timer_done until it is another one.
 */
#include "urt.h"

int urt_timer_prio = URT_PRIO_INHERIT;

static urt_mutex_t timer_lock = URT_MUTEX_INIT;
static urt_cond_t timer_changed = URT_COND_INIT;        /* list head moved */
static urt_cond_t timer_done = URT_COND_INIT;           /* a callback returned */
static struct urt_list timer_list;                      /* armed, by deadline */
static struct urt_timer *timer_running;
static urt_thread_t *timer_thread;

/* The clock page: mapped into this task at urt_clock_addr on first use.
 * clock_state: CLOCK_UNMAPPED, then CLOCK_MAPPED or (the kernel refused,
 * e.g. something else is at that address) CLOCK_BY_CALL for good.  Two
 * threads may both map it: the kernel takes the second as a no-op. */
enum { CLOCK_UNMAPPED, CLOCK_MAPPED, CLOCK_BY_CALL };
uintptr_t urt_clock_addr = 0x7ffff0001000ull;
static _Atomic int clock_state = CLOCK_UNMAPPED;

uint64_t urt_now_ns(void)
{
	int state = atomic_load(&clock_state);
	if (state == CLOCK_UNMAPPED) {
		state = dbt_clock_map(0, urt_clock_addr) == DBT_OK ? CLOCK_MAPPED : CLOCK_BY_CALL;
		atomic_store(&clock_state, state);
	}
	if (state == CLOCK_MAPPED)
		return dbt_clock_read((const volatile struct dbt_clock_page *)urt_clock_addr);
	return dbt_clock_ns();
}

uint64_t urt_now_us(void)
{
	return urt_now_ns() / 1000;
}

int urt_sleep_us(uint64_t us)
{
	dbt_slot_t ntf = urt_thread_wake_ntf();
	if (!ntf)
		return URT_ENOMEM;
	uint64_t deadline = urt_now_us() + us;
	for (uint64_t now = urt_now_us(); now < deadline; now = urt_now_us()) {
		uint64_t left = deadline - now;
		dbt_wait(ntf, NULL, left >= DBT_TIMEOUT_NEVER ? DBT_TIMEOUT_NEVER - 1 : (uint32_t)left);
	}
	return URT_OK;
}

void urt_timer_init(struct urt_timer *t, void (*fn)(void *), void *arg)
{
	memset(t, 0, sizeof(*t));
	t->fn = fn;
	t->arg = arg;
}

/* Take t off the list if armed (armed: on timer_list); timer_lock held. */
static bool timer_unlink(struct urt_timer *t)
{
	if (!t->armed)
		return false;
	urt_list_remove(&timer_list, &t->link);
	t->armed = false;
	return true;
}

/* File t by its deadline; timer_lock held. */
static void timer_insert(struct urt_timer *t)
{
	struct urt_timer *later = urt_list_first(&timer_list, struct urt_timer, link);
	while (later && later->deadline <= t->deadline)
		later = urt_list_next(later, struct urt_timer, link);
	urt_list_insert_before(&timer_list, later ? &later->link : NULL, &t->link);
	t->armed = true;
	if (timer_list.first == &t->link)
		urt_cond_signal(&timer_changed);
}

/* Run the callback of the first due timer; timer_lock held (dropped around
 * the callback).  False if none is due. */
static bool timer_fire_one(void)
{
	struct urt_timer *t = urt_list_first(&timer_list, struct urt_timer, link);
	uint64_t now = urt_now_us();
	if (!t || t->deadline > now)
		return false;
	timer_unlink(t);
	if (t->period) {
		t->deadline += t->period;
		if (t->deadline <= now)
			t->deadline = now + t->period - (now - t->deadline) % t->period;
		timer_insert(t);
	}
	timer_running = t;
	urt_mutex_unlock(&timer_lock);
	t->fn(t->arg);
	urt_mutex_lock(&timer_lock);
	timer_running = NULL;
	urt_cond_broadcast(&timer_done);
	return true;
}

static void *timer_main(void *unused)
{
	(void)unused;
	urt_mutex_lock(&timer_lock);
	for (;;) {
		while (timer_fire_one())
			;
		struct urt_timer *first = urt_list_first(&timer_list, struct urt_timer, link);
		if (first)
			urt_cond_wait_until(&timer_changed, &timer_lock,
			                    first->deadline ? first->deadline : 1);
		else
			urt_cond_wait(&timer_changed, &timer_lock);
	}
	return NULL;
}

int urt_timer_start(struct urt_timer *t, uint64_t delay_us, uint64_t period_us)
{
	if (!t || !t->fn)
		return URT_EINVAL;
	urt_mutex_lock(&timer_lock);
	int err = URT_OK;
	if (!timer_thread)
		err = urt_thread_create(&timer_thread, timer_main, NULL, urt_timer_prio);
	if (!err) {
		timer_unlink(t);
		t->deadline = urt_now_us() + delay_us;
		t->period = period_us;
		timer_insert(t);
	}
	urt_mutex_unlock(&timer_lock);
	return err;
}

bool urt_timer_cancel(struct urt_timer *t)
{
	urt_mutex_lock(&timer_lock);
	bool was = timer_unlink(t);
	while (timer_running == t && urt_thread_self() != timer_thread)
		urt_cond_wait(&timer_done, &timer_lock);
	urt_mutex_unlock(&timer_lock);
	return was;
}
