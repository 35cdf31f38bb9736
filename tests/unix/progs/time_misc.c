/* SPDX-License-Identifier: BSD-2-Clause */
/* gettimeofday, time() and CLOCK_REALTIME agree within a second; sysinfo
 * is sane; settimeofday needs root. */
#include "t.h"
#include <sys/sysinfo.h>
#include <sys/time.h>

int main(void)
{
	struct timeval tv;
	struct timespec ts;
	struct sysinfo si;

	T_CHECK(gettimeofday(&tv, NULL));
	clock_gettime(CLOCK_REALTIME, &ts);
	time_t t = time(NULL);
	long diff = (long)(ts.tv_sec - tv.tv_sec);
	printf("gettimeofday vs clock_gettime within 1s: %s\n", diff >= 0 && diff <= 1 ? "yes" : "no");
	printf("time() vs clock_gettime within 1s: %s\n", t - ts.tv_sec >= 0 && t - ts.tv_sec <= 1 ? "yes" : "no");
	T_YES(tv.tv_usec >= 0 && tv.tv_usec < 1000000);
	T_YES(syscall(SYS_time, NULL) >= ts.tv_sec);
	T_CHECK(sysinfo(&si));
	T_YES(si.uptime > 0);
	T_YES(si.totalram > 0 && si.freeram > 0 && si.freeram <= si.totalram);
	T_YES(si.mem_unit >= 1);
	T_YES(si.procs >= 1);
	struct timezone tz;
	T_CHECK(gettimeofday(&tv, &tz));
	pid_t pid = t_fork();
	if (pid == 0) {
		setuid(65534);
		gettimeofday(&tv, NULL);
		T_CHECK(settimeofday(&tv, NULL));
		T_CHECK(clock_settime(CLOCK_REALTIME, &ts));
		_exit(0);
	}
	printf("child: %s\n", t_wait(pid));
	return 0;
}
