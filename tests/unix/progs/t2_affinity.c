/* SPDX-License-Identifier: BSD-2-Clause */
/* sched_getaffinity/sched_setaffinity on a one-CPU machine: the mask holds
 * CPU 0 only, the size returned, a set without an online CPU is EINVAL,
 * an unknown pid ESRCH, a too small buffer EINVAL. */
#include "t.h"
#include <sched.h>

int main(void)
{
	cpu_set_t s;
	unsigned long small = 0;

	CPU_ZERO(&s);
	long n = syscall(SYS_sched_getaffinity, 0, sizeof s, &s);
	printf("size %ld, count %d, cpu0 %d\n", n, CPU_COUNT(&s), (int)CPU_ISSET(0, &s));
	T_CHECK(syscall(SYS_sched_getaffinity, 0, 0, &s));
	T_CHECK(syscall(SYS_sched_getaffinity, 0, 3, &s));
	T_CHECK(syscall(SYS_sched_getaffinity, 0, sizeof small, &small));
	T_CHECK(syscall(SYS_sched_getaffinity, 999999, sizeof s, &s));
	CPU_ZERO(&s);
	CPU_SET(0, &s);
	T_CHECK(sched_setaffinity(0, sizeof s, &s));
	T_CHECK(sched_setaffinity(getpid(), sizeof s, &s));
	CPU_ZERO(&s);
	T_CHECK(sched_setaffinity(0, sizeof s, &s));
	CPU_SET(5, &s);
	T_CHECK(sched_setaffinity(0, sizeof s, &s));
	CPU_SET(0, &s);
	T_CHECK(sched_setaffinity(0, sizeof s, &s));
	T_CHECK(sched_setaffinity(999999, sizeof s, &s));
	T_CHECK(sched_getcpu());
	printf("cpu %d\n", sched_getcpu());
	return 0;
}
