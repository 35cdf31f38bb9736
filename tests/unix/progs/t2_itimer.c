/* SPDX-License-Identifier: BSD-2-Clause */
/* setitimer/getitimer/alarm relations: the remaining time never exceeds
 * what was set, the old value comes back, SIGALRM arrives, the interval
 * reloads, bad "which" is EINVAL, alarm(0) cancels. */
#include "t.h"
#include <sys/time.h>

static volatile int alarms;

static void on(int s)
{
	(void)s;
	alarms++;
}

static long us(struct timeval t)
{
	return t.tv_sec * 1000000L + t.tv_usec;
}

int main(void)
{
	struct itimerval it = { { 0, 0 }, { 2, 0 } }, old, now;

	signal(SIGALRM, on);
	T_CHECK(setitimer(ITIMER_REAL, &it, NULL));
	T_CHECK(getitimer(ITIMER_REAL, &now));
	T_YES(us(now.it_value) > 0 && us(now.it_value) <= 2000000);
	it.it_value.tv_sec = 0;
	it.it_value.tv_usec = 50000;
	it.it_interval.tv_usec = 20000;
	T_CHECK(setitimer(ITIMER_REAL, &it, &old));
	T_YES(us(old.it_value) > 0 && us(old.it_value) <= 2000000);
	while (alarms < 3)
		pause();
	T_CHECK(getitimer(ITIMER_REAL, &now));
	T_YES(us(now.it_interval) == 20000);
	memset(&it, 0, sizeof it);
	T_CHECK(setitimer(ITIMER_REAL, &it, &old));
	T_YES(us(old.it_value) <= 20000);
	T_CHECK(getitimer(ITIMER_REAL, &now));
	T_YES(us(now.it_value) == 0);
	T_CHECK(setitimer(7, &it, NULL));
	T_CHECK(getitimer(-1, &now));
	it.it_value.tv_usec = 1000000;
	T_CHECK(setitimer(ITIMER_REAL, &it, NULL));
	printf("alarm(5) %u\n", alarm(5));
	unsigned left = alarm(0);
	T_YES(left >= 4 && left <= 5);
	printf("alarm(0) %u\n", alarm(0));
	it.it_value.tv_usec = 0;
	it.it_value.tv_sec = 1;
	T_CHECK(setitimer(ITIMER_VIRTUAL, &it, NULL));
	T_CHECK(getitimer(ITIMER_VIRTUAL, &now));
	return 0;
}
