/* SPDX-License-Identifier: BSD-2-Clause */
/* setitimer ITIMER_REAL with an interval: periodic SIGALRM; getitimer
 * reads the countdown; ITIMER_VIRTUAL counts only CPU time. */
#include "t.h"
#include <sys/time.h>

static volatile int ticks, vticks;

static void on_alrm(int sig) { (void)sig; ticks++; }
static void on_vt(int sig) { (void)sig; vticks++; }

int main(void)
{
	struct itimerval it = { { 0, 50000 }, { 0, 50000 } }, cur, old;

	signal(SIGALRM, on_alrm);
	signal(SIGVTALRM, on_vt);
	struct timespec start = t_now();
	T_CHECK(setitimer(ITIMER_REAL, &it, NULL));
	T_CHECK(getitimer(ITIMER_REAL, &cur));
	T_YES(cur.it_interval.tv_usec == 50000 && cur.it_value.tv_sec == 0 &&
	      cur.it_value.tv_usec <= 50000);
	while (ticks < 4)
		pause();
	long ms = t_ms(start);
	printf("4 ticks after >= 200ms: %s\n", ms >= 200 ? "yes" : "no");
	struct itimerval off = { { 0, 0 }, { 0, 0 } };
	T_CHECK(setitimer(ITIMER_REAL, &off, &old));
	T_YES(old.it_interval.tv_usec == 50000);
	int seen = ticks;
	t_sleep_ms(150);
	printf("no tick after stopping: %s\n", ticks == seen ? "yes" : "no");
	struct itimerval v = { { 0, 0 }, { 0, 20000 } };
	T_CHECK(setitimer(ITIMER_VIRTUAL, &v, NULL));
	t_sleep_ms(100);
	printf("virtual timer idle: %d\n", vticks);
	for (volatile long i = 0; vticks == 0 && i < 4000000000L; i++)
		;
	printf("virtual timer after work: %d\n", vticks);
	T_CHECK(setitimer(7, &it, NULL));
	it.it_value.tv_usec = 2000000;
	T_CHECK(setitimer(ITIMER_REAL, &it, NULL));
	return 0;
}
