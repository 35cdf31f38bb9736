/* SPDX-License-Identifier: BSD-2-Clause */
/* RLIMIT_NOFILE at the edge: the lowest free descriptor must be below the
 * limit (EMFILE), dup2 and F_DUPFD to it are EBADF and EINVAL, and a
 * non-root process cannot raise the hard limit. */
#include "t.h"
#include <sys/resource.h>

int main(void)
{
	struct rlimit rl = { 8, 8 };
	int last = -1;

	T_CHECK(setrlimit(RLIMIT_NOFILE, &rl));
	for (int i = 0; i < 20; i++) {
		int fd = open("/dev/null", O_RDONLY);
		if (fd < 0) {
			printf("open %d: %s\n", i, t_errname(errno));
			break;
		}
		last = fd;
	}
	printf("last fd %d\n", last);
	T_CHECK(dup2(0, 7));
	T_CHECK(dup2(0, 8));
	T_CHECK(fcntl(0, F_DUPFD, 8));
	T_CHECK(fcntl(0, F_DUPFD, 7));
	close(3);
	T_CHECK(fcntl(0, F_DUPFD, 2));
	int p[2];
	T_CHECK(pipe(p));
	close(4);
	T_CHECK(pipe(p));
	close(5);
	T_CHECK(pipe(p));
	rl.rlim_cur = 9;
	T_CHECK(setrlimit(RLIMIT_NOFILE, &rl));
	rl.rlim_cur = 4;
	T_CHECK(setrlimit(RLIMIT_NOFILE, &rl));
	T_CHECK(open("/dev/null", O_RDONLY));
	T_CHECK(fcntl(0, F_DUPFD, 5));
	pid_t pid = t_fork();
	if (pid == 0) {
		setuid(1000);
		rl.rlim_cur = 4;
		rl.rlim_max = 100;
		T_CHECK(setrlimit(RLIMIT_NOFILE, &rl));
		rl.rlim_max = 4;
		T_CHECK(setrlimit(RLIMIT_NOFILE, &rl));
		rl.rlim_max = 8;
		T_CHECK(setrlimit(RLIMIT_NOFILE, &rl));
		_exit(0);
	}
	printf("child %s\n", t_wait(pid));
	return 0;
}
