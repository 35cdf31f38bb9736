/* SPDX-License-Identifier: BSD-2-Clause */
/* RLIMIT_NOFILE bounds descriptor numbers: opens fail with EMFILE at the
 * limit, dup2 beyond it is EBADF; closing one frees a slot. */
#include "t.h"
#include <sys/resource.h>

int main(void)
{
	struct rlimit rl;
	int last = -1, n = 0;

	T_CHECK(getrlimit(RLIMIT_NOFILE, &rl));
	printf("default limit %ld / %ld\n", (long)rl.rlim_cur, (long)rl.rlim_max);
	rl.rlim_cur = 32;
	T_CHECK(setrlimit(RLIMIT_NOFILE, &rl));
	for (;;) {
		int fd = open("/dev/null", O_RDONLY);

		if (fd < 0) {
			printf("open failed after %d opens: %s\n", n, t_errname(errno));
			break;
		}
		last = fd;
		n++;
	}
	printf("highest fd %d\n", last);
	T_CHECK(dup(0));
	T_CHECK(dup2(0, 32));
	T_CHECK(dup2(0, 31));
	T_CHECK(fcntl(0, F_DUPFD, 32));
	int fds[2];
	T_CHECK(pipe(fds));
	close(10);
	printf("after closing 10: %d\n", open("/dev/null", O_RDONLY));
	rl.rlim_cur = rl.rlim_max + 1;
	T_CHECK(setrlimit(RLIMIT_NOFILE, &rl));
	return 0;
}
