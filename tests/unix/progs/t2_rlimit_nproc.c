/* SPDX-License-Identifier: BSD-2-Clause */
/* RLIMIT_NPROC counts a user's processes: with a limit of 2, a user with
 * two processes cannot fork a third (EAGAIN); root is not limited. */
#include "t.h"
#include <sys/resource.h>

int main(void)
{
	struct rlimit rl = { 2, 2 };
	int p[2];

	pipe(p);
	pid_t pid = t_fork();
	if (pid == 0) {
		setrlimit(RLIMIT_NPROC, &rl);
		if (setuid(4321) != 0)
			t_die("setuid");
		pid_t a = fork();
		if (a == 0) {
			char c;
			read(p[0], &c, 1);
			_exit(0);
		}
		printf("first fork: %s\n", a > 0 ? "ok" : t_errname(errno));
		pid_t b = fork();
		if (b == 0)
			_exit(0);
		printf("second fork: %s\n", b > 0 ? "ok" : t_errname(errno));
		write(p[1], "x", 1);
		t_wait(a);
		_exit(0);
	}
	printf("child %s\n", t_wait(pid));
	pid = t_fork();
	if (pid == 0) {
		rl.rlim_cur = rl.rlim_max = 0;
		setrlimit(RLIMIT_NPROC, &rl);
		pid_t a = fork();
		if (a == 0)
			_exit(0);
		printf("root fork at limit 0: %s\n", a > 0 ? "ok" : t_errname(errno));
		t_wait(a);
		_exit(0);
	}
	printf("child %s\n", t_wait(pid));
	return 0;
}
