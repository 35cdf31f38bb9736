/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * rttest - tests of the component runtime library (runtime), run as the
 * root task: malloc, threads, synchronisation, time, slot allocators.
 * Prints `TEST rt/<name> PASS|FAIL <reason>` per test, then `SUITE rt DONE`.
 */
#include "rttest.h"
#include "urt/testrun.h"

#define RT_TESTS(X) \
	X(malloc_sizes) X(malloc_reuse) X(malloc_realloc) X(malloc_calloc) \
	X(malloc_exhaustion) X(malloc_bad_free) X(malloc_threads) \
	X(thread_join_baseline) X(thread_many) X(thread_tls) X(thread_errors) \
	X(thread_quota) X(mutex_contention) X(mutex_errors) X(cond_prodcons) \
	X(cond_timedwait) X(cond_broadcast) X(sem_counting) X(sem_timedwait) \
	X(sleep_accuracy) X(clock_page) X(timer_oneshot) X(timer_periodic) X(timer_cancel) \
	X(slots_exhaustion) X(slots_threads) X(slot_alloc_reuse) X(strings)

#define DECLARE(name) const char *rt_##name(void);
RT_TESTS(DECLARE)

static const struct urt_test tests[] = {
#define ENTRY(name) { #name, rt_##name },
	RT_TESTS(ENTRY)
};

const char *rt_run_threads(unsigned n, void *(*fn)(void *), void **args)
{
	urt_thread_t *t[32];
	if (n > 32)
		return "rt_run_threads: too many threads";
	for (unsigned i = 0; i < n; i++)
		if (urt_thread_create(&t[i], fn, args ? args[i] : NULL, URT_PRIO_INHERIT))
			return "urt_thread_create failed";
	for (unsigned i = 0; i < n; i++)
		if (urt_thread_join(t[i], args ? &args[i] : NULL))
			return "urt_thread_join failed";
	return NULL;
}

int main(const struct dbt_bootinfo *bi)
{
	(void)bi;
	urt_run_tests("rt", "rt", tests, ARRAY_SIZE(tests));
	return 0;
}
