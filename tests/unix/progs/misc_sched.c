/* SPDX-License-Identifier: BSD-2-Clause */
/* Scheduling calls programs make: sched_yield, affinity contains a CPU,
 * SCHED_OTHER with priority 0, nice values and their limits. */
#include "t.h"
#include <sched.h>
#include <sys/resource.h>

int main(void)
{
	cpu_set_t set;

	T_CHECK(sched_yield());
	T_CHECK(sched_getaffinity(0, sizeof set, &set));
	T_YES(CPU_COUNT(&set) >= 1 && CPU_ISSET(0, &set));
	/* raw calls: musl's sched_getscheduler and sched_getparam are ENOSYS stubs */
	printf("policy %s\n", syscall(SYS_sched_getscheduler, 0) == SCHED_OTHER ? "SCHED_OTHER" : "other");
	struct sched_param sp;
	T_CHECK(syscall(SYS_sched_getparam, 0, &sp));
	printf("priority %d\n", sp.sched_priority);
	printf("priority range OTHER %d..%d FIFO %d..%d\n", sched_get_priority_min(SCHED_OTHER),
	       sched_get_priority_max(SCHED_OTHER), sched_get_priority_min(SCHED_FIFO),
	       sched_get_priority_max(SCHED_FIFO));
	errno = 0;
	printf("nice %d errno %s\n", getpriority(PRIO_PROCESS, 0), t_errname(errno));
	T_CHECK(setpriority(PRIO_PROCESS, 0, 5));
	printf("nice %d\n", getpriority(PRIO_PROCESS, 0));
	T_CHECK(nice(2));
	printf("nice %d\n", getpriority(PRIO_PROCESS, 0));
	pid_t pid = t_fork();
	if (pid == 0) {
		printf("child inherits nice %d\n", getpriority(PRIO_PROCESS, 0));
		setuid(65534);
		T_CHECK(setpriority(PRIO_PROCESS, 0, 3));
		T_CHECK(setpriority(PRIO_PROCESS, 0, 10));
		_exit(0);
	}
	printf("child: %s\n", t_wait(pid));
	T_CHECK(setpriority(PRIO_PROCESS, 0, -20));
	printf("nice %d\n", getpriority(PRIO_PROCESS, 0));
	T_CHECK(syscall(SYS_sched_getscheduler, 99999));
	return 0;
}
