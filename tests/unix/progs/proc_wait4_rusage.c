/* SPDX-License-Identifier: BSD-2-Clause */
/* wait4 fills a struct rusage for the child it reaps. */
#include "t.h"
#include <sys/resource.h>

int main(void)
{
	struct rusage ru;
	int st;
	pid_t pid = t_fork();

	if (pid == 0) {
		volatile unsigned long x = 0;

		for (unsigned long i = 0; i < 20000000; i++)
			x += i;
		_exit(0);
	}
	memset(&ru, 0xff, sizeof ru);
	T_YES(wait4(pid, &st, 0, &ru) == pid);
	printf("status: %s\n", t_statusname(st));
	long us = ru.ru_utime.tv_sec * 1000000 + ru.ru_utime.tv_usec +
		  ru.ru_stime.tv_sec * 1000000 + ru.ru_stime.tv_usec;
	T_YES(us > 0);
	T_YES(ru.ru_utime.tv_usec >= 0 && ru.ru_utime.tv_usec < 1000000);
	T_YES(ru.ru_maxrss > 0);
	T_CHECK(wait4(-1, &st, WNOHANG, &ru));
	return 0;
}
