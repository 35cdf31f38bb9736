/* SPDX-License-Identifier: BSD-2-Clause */
/* Sleep / wake-up on event addresses. */
#include "gluetest.h"

#define SLEEPERS 3

static iokit_lock_t *lk;
static int event, other_event;
static int asleep, woken;		/* guarded by lk */
static int result[SLEEPERS];

static void sleeper(void *arg)
{
	int *res = arg;

	iokit_lock_lock(lk);
	asleep++;
	*res = iokit_sleep(&event, lk, 10000000);
	woken++;
	/* The lock is held again on return: unlocking must succeed. */
	if (iokit_lock_unlock(lk) != IOKIT_OK)
		*res = -1;
}

/* Start the sleepers and return once all are queued on &event. */
static const char *start_sleepers(iokit_thread_t **t)
{
	CHECK((lk = iokit_lock_alloc()));
	asleep = woken = 0;
	for (unsigned i = 0; i < SLEEPERS; i++) {
		result[i] = 99;
		CHECK((t[i] = iokit_thread_start(sleeper, &result[i])));
	}
	for (unsigned tries = 0;; tries++) {
		CHECK(tries < 5000);
		iokit_lock_lock(lk);
		int n = asleep;
		iokit_lock_unlock(lk);
		if (n == SLEEPERS)
			return NULL;
		iokit_delay_us(1000);
	}
}

static int woken_now(void)
{
	iokit_lock_lock(lk);
	int n = woken;
	iokit_lock_unlock(lk);
	return n;
}

const char *glue_sleep_wakeup_all(void)
{
	iokit_thread_t *t[SLEEPERS];
	const char *why = start_sleepers(t);

	if (why)
		return why;
	CHECK(iokit_wakeup(&other_event) == 0);
	iokit_lock_lock(lk);
	unsigned n = iokit_wakeup(&event);
	iokit_lock_unlock(lk);
	CHECK(n == SLEEPERS);
	for (unsigned i = 0; i < SLEEPERS; i++)
		CHECK(iokit_thread_join(t[i]) == IOKIT_OK);
	CHECK(woken == SLEEPERS);
	for (unsigned i = 0; i < SLEEPERS; i++)
		CHECK(result[i] == IOKIT_OK);
	CHECK(iokit_wakeup(&event) == 0);
	iokit_lock_free(lk);
	return NULL;
}

const char *glue_sleep_wakeup_one(void)
{
	iokit_thread_t *t[SLEEPERS];
	const char *why = start_sleepers(t);

	if (why)
		return why;
	CHECK(iokit_wakeup_one(&other_event) == 0);
	CHECK(iokit_wakeup_one(&event) == 1);
	for (unsigned tries = 0; woken_now() < 1; tries++) {
		CHECK(tries < 5000);
		iokit_delay_us(1000);
	}
	iokit_delay_us(50000);
	CHECK(woken_now() == 1);
	CHECK(iokit_wakeup_one(&event) == 1);
	for (unsigned tries = 0; woken_now() < 2; tries++) {
		CHECK(tries < 5000);
		iokit_delay_us(1000);
	}
	iokit_delay_us(50000);
	CHECK(woken_now() == 2);
	CHECK(iokit_wakeup(&event) == 1);
	for (unsigned i = 0; i < SLEEPERS; i++)
		CHECK(iokit_thread_join(t[i]) == IOKIT_OK);
	CHECK(woken == SLEEPERS);
	for (unsigned i = 0; i < SLEEPERS; i++)
		CHECK(result[i] == IOKIT_OK);
	iokit_lock_free(lk);
	return NULL;
}

const char *glue_sleep_timeout(void)
{
	uint64_t t0, dt;

	CHECK((lk = iokit_lock_alloc()));
	/* a lock the caller does not hold is refused, nothing queued */
	CHECK(iokit_sleep(&event, lk, 1000) == IOKIT_EPERM);
	CHECK(iokit_lock_trylock(lk) == IOKIT_OK);
	CHECK(iokit_lock_unlock(lk) == IOKIT_OK);
	CHECK(iokit_lock_lock(lk) == IOKIT_OK);
	t0 = iokit_uptime_us();
	CHECK(iokit_sleep(&event, lk, 30000) == IOKIT_ETIMEDOUT);
	dt = iokit_uptime_us() - t0;
	CHECK(dt >= 30000 && dt < 1000000);
	/* held again after the timeout */
	CHECK(iokit_lock_lock(lk) == IOKIT_EDEADLK);
	CHECK(iokit_lock_unlock(lk) == IOKIT_OK);
	t0 = iokit_uptime_us();
	CHECK(iokit_sleep(&event, NULL, 20000) == IOKIT_ETIMEDOUT);
	CHECK(iokit_uptime_us() - t0 >= 20000);
	/* nothing left queued */
	CHECK(iokit_wakeup(&event) == 0);
	iokit_lock_free(lk);
	return NULL;
}
