/* SPDX-License-Identifier: BSD-2-Clause */
/* sysinfo relations: free <= total memory, a unit, at least this process,
 * uptime close to CLOCK_BOOTTIME, a bad pointer EFAULT. */
#include "t.h"
#include <sys/sysinfo.h>

int main(void)
{
	struct sysinfo si;
	struct timespec b;

	T_CHECK(sysinfo(&si));
	clock_gettime(CLOCK_BOOTTIME, &b);
	T_YES(si.mem_unit >= 1);
	T_YES(si.totalram > 0);
	T_YES(si.freeram <= si.totalram);
	T_YES(si.bufferram <= si.totalram);
	T_YES(si.sharedram <= si.totalram);
	T_YES(si.freeswap <= si.totalswap);
	T_YES(si.totalhigh == 0);
	T_YES(si.procs >= 2);
	T_YES(labs((long)si.uptime - (long)b.tv_sec) <= 1);
	T_YES((unsigned long long)si.totalram * si.mem_unit >= 64ULL << 20);
	T_YES((unsigned long long)si.totalram * si.mem_unit <= 256ULL << 20);
	pid_t c = t_fork();
	if (c == 0) {
		pause();
		_exit(0);
	}
	struct sysinfo s2;
	sysinfo(&s2);
	T_YES(s2.procs >= si.procs);
	kill(c, SIGKILL);
	t_wait(c);
	T_CHECK(syscall(SYS_sysinfo, NULL));
	T_CHECK(syscall(SYS_sysinfo, (void *)8));
	return 0;
}
