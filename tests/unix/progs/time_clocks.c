/* SPDX-License-Identifier: BSD-2-Clause */
/* clock_gettime: MONOTONIC never goes back, REALTIME is after 2020,
 * BOOTTIME >= MONOTONIC, the CPU-time clocks; clock_getres; bad clocks. */
#include "t.h"

int main(void)
{
	struct timespec a, b, r;
	int back = 0;

	clock_gettime(CLOCK_MONOTONIC, &a);
	for (int i = 0; i < 2000; i++) {
		clock_gettime(CLOCK_MONOTONIC, &b);
		back |= b.tv_sec < a.tv_sec || (b.tv_sec == a.tv_sec && b.tv_nsec < a.tv_nsec);
		a = b;
	}
	printf("monotonic went back: %s\n", back ? "yes" : "no");
	T_CHECK(clock_gettime(CLOCK_REALTIME, &a));
	T_YES(a.tv_sec > 1577836800);
	T_YES(a.tv_nsec >= 0 && a.tv_nsec < 1000000000);
	clock_gettime(CLOCK_MONOTONIC, &a);
	T_CHECK(clock_gettime(CLOCK_BOOTTIME, &b));
	T_YES(b.tv_sec >= a.tv_sec);
	T_CHECK(clock_gettime(CLOCK_MONOTONIC_RAW, &b));
	T_CHECK(clock_gettime(CLOCK_REALTIME_COARSE, &b));
	T_CHECK(clock_gettime(CLOCK_MONOTONIC_COARSE, &b));
	static const clockid_t ids[] = { CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_PROCESS_CPUTIME_ID,
					 CLOCK_THREAD_CPUTIME_ID, CLOCK_BOOTTIME };
	for (unsigned i = 0; i < sizeof ids / sizeof ids[0]; i++) {
		T_CHECK(clock_getres(ids[i], &r));
		printf("  clock %d resolution <= 1ms and > 0: %s\n", (int)ids[i],
		       r.tv_sec == 0 && r.tv_nsec > 0 && r.tv_nsec <= 1000000 ? "yes" : "no");
	}
	T_CHECK(clock_gettime(99, &a));
	T_CHECK(clock_getres(99, &r));
	T_CHECK(clock_settime(CLOCK_MONOTONIC, &a));
	T_CHECK(syscall(SYS_clock_gettime, CLOCK_REALTIME, (void *)8));
	return 0;
}
