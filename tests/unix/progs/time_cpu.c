/* SPDX-License-Identifier: BSD-2-Clause */
/* CPU time: CLOCK_PROCESS_CPUTIME_ID and times() grow with work and not
 * with sleep; getrusage for self and children; times' return value is a
 * tick count that moves forward. */
#include "t.h"
#include <sys/resource.h>
#include <sys/times.h>

static void work(void)
{
	volatile unsigned long x = 0;

	for (unsigned long i = 0; i < 30000000; i++)
		x += i;
}

static long cpu_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int main(void)
{
	struct tms t1, t2;
	struct rusage ru;
	long c0 = cpu_ms();
	clock_t r1 = times(&t1);

	work();
	long c1 = cpu_ms();
	printf("cpu time grew with work: %s\n", c1 > c0 ? "yes" : "no");
	t_sleep_ms(300);
	long c2 = cpu_ms();
	printf("and by less than 100ms over a 300ms sleep: %s\n", c2 - c1 < 100 ? "yes" : "no");
	clock_t r2 = times(&t2);
	printf("times moved forward: %s, user+sys grew: %s\n", r2 > r1 ? "yes" : "no",
	       t2.tms_utime + t2.tms_stime > t1.tms_utime + t1.tms_stime ? "yes" : "no");
	T_CHECK(getrusage(RUSAGE_SELF, &ru));
	T_YES(ru.ru_utime.tv_sec > 0 || ru.ru_utime.tv_usec > 0);
	T_YES(ru.ru_maxrss > 0);
	struct rusage ch;
	getrusage(RUSAGE_CHILDREN, &ch);
	printf("children before any: %ld\n", (long)(ch.ru_utime.tv_sec * 1000000 + ch.ru_utime.tv_usec));
	pid_t pid = t_fork();
	if (pid == 0) {
		work();
		_exit(0);
	}
	t_wait(pid);
	getrusage(RUSAGE_CHILDREN, &ch);
	T_YES(ch.ru_utime.tv_sec > 0 || ch.ru_utime.tv_usec > 0);
	struct timespec th;
	T_CHECK(clock_gettime(CLOCK_THREAD_CPUTIME_ID, &th));
	T_YES(th.tv_sec > 0 || th.tv_nsec > 0);
	T_CHECK(getrusage(99, &ru));
	T_CHECK(getrusage(RUSAGE_THREAD, &ru));
	return 0;
}
