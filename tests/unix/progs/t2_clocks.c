/* SPDX-License-Identifier: BSD-2-Clause */
/* Clock relations: resolutions, monotonic <= boottime, CPU clocks move,
 * invalid clocks EINVAL, absolute sleeps in the past return at once,
 * clock_settime of a monotonic clock EINVAL. */
#include "t.h"

static long long ns(struct timespec t)
{
	return t.tv_sec * 1000000000LL + t.tv_nsec;
}

int main(void)
{
	struct timespec a, b, r;

	T_CHECK(clock_getres(CLOCK_MONOTONIC, &r));
	T_YES(ns(r) > 0 && ns(r) <= 1000000);
	T_CHECK(clock_getres(CLOCK_REALTIME, &r));
	T_YES(ns(r) > 0 && ns(r) <= 1000000);
	T_CHECK(clock_getres(CLOCK_PROCESS_CPUTIME_ID, &r));
	T_CHECK(clock_getres(99, &r));
	T_CHECK(syscall(SYS_clock_gettime, 99, &a));
	T_CHECK(syscall(SYS_clock_gettime, CLOCK_MONOTONIC, NULL));
	T_CHECK(clock_gettime(CLOCK_MONOTONIC, &a));
	T_CHECK(clock_gettime(CLOCK_BOOTTIME, &b));
	T_YES(ns(a) <= ns(b));
	T_CHECK(clock_gettime(CLOCK_MONOTONIC_COARSE, &b));
	T_CHECK(clock_gettime(CLOCK_MONOTONIC_RAW, &b));
	T_CHECK(clock_gettime(CLOCK_REALTIME_COARSE, &b));
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &a);
	for (volatile long i = 0; i < 20000000; i++)
		;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &b);
	T_YES(ns(b) > ns(a));
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &b);
	T_YES(ns(b) > 0);
	clock_gettime(CLOCK_MONOTONIC, &a);
	a.tv_sec = 0;      /* just after boot: always past (uptime may be under 1 s) */
	a.tv_nsec = 1;
	struct timespec start = t_now();
	printf("past abs sleep %d\n", clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &a, NULL));
	T_YES(t_ms(start) < 500);
	printf("thread cpu sleep %s\n", t_errname(clock_nanosleep(CLOCK_THREAD_CPUTIME_ID, 0, &r, NULL)));
	r.tv_nsec = 2000000000L;
	printf("bad nsec sleep %s\n", t_errname(clock_nanosleep(CLOCK_MONOTONIC, 0, &r, NULL)));
	T_CHECK(clock_settime(CLOCK_MONOTONIC, &a));
	time_t t1 = time(NULL);
	clock_gettime(CLOCK_REALTIME, &a);
	T_YES(a.tv_sec >= t1 && a.tv_sec - t1 <= 1);
	return 0;
}
