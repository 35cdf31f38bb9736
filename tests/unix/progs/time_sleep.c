/* SPDX-License-Identifier: BSD-2-Clause */
/* nanosleep and clock_nanosleep sleep at least what is asked (relative
 * and TIMER_ABSTIME); a deadline in the past returns at once; usleep. */
#include "t.h"

int main(void)
{
	struct timespec req = { 0, 100000000 };
	struct timespec start = t_now();

	T_CHECK(nanosleep(&req, NULL));
	long ms = t_ms(start);
	printf("nanosleep 100ms: >= 100 %s, < 2000 %s\n", ms >= 100 ? "yes" : "no", ms < 2000 ? "yes" : "no");
	struct timespec dl = t_now();
	dl.tv_nsec += 150000000;
	if (dl.tv_nsec >= 1000000000) {
		dl.tv_sec++;
		dl.tv_nsec -= 1000000000;
	}
	printf("clock_nanosleep abs: %d\n", clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &dl, NULL));
	struct timespec now = t_now();
	T_YES(now.tv_sec > dl.tv_sec || (now.tv_sec == dl.tv_sec && now.tv_nsec >= dl.tv_nsec));
	start = t_now();
	struct timespec past = { 1, 0 };
	printf("deadline in the past: %d\n", clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &past, NULL));
	T_YES(t_ms(start) < 50);
	start = t_now();
	printf("clock_nanosleep rel 50ms: %d\n", clock_nanosleep(CLOCK_REALTIME, 0, &(struct timespec){ 0, 50000000 }, NULL));
	T_YES(t_ms(start) >= 50);
	start = t_now();
	T_CHECK(usleep(30000));
	T_YES(t_ms(start) >= 30);
	printf("clock_nanosleep bad clock: %s\n", t_errname(clock_nanosleep(99, 0, &req, NULL)));
	printf("clock_nanosleep thread cputime: %s\n",
	       t_errname(clock_nanosleep(CLOCK_THREAD_CPUTIME_ID, 0, &req, NULL)));
	T_CHECK(nanosleep(&(struct timespec){ 0, 0 }, NULL));
	return 0;
}
