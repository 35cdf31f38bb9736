/* SPDX-License-Identifier: BSD-2-Clause */
/* WNOHANG returns 0 while the child runs; ECHILD without children. */
#include "t.h"

int main(void)
{
	int fds[2], st;
	char c;

	T_CHECK(waitpid(-1, &st, WNOHANG));
	T_CHECK(wait(&st));
	T_CHECK(pipe(fds));
	pid_t pid = t_fork();
	if (pid == 0) {
		close(fds[1]);
		if (read(fds[0], &c, 1) != 1)
			_exit(1);
		_exit(4);
	}
	close(fds[0]);
	T_YES(waitpid(pid, &st, WNOHANG) == 0);
	T_YES(waitpid(-1, &st, WNOHANG) == 0);
	T_YES(write(fds[1], "x", 1) == 1);
	T_YES(waitpid(pid, &st, 0) == pid);
	printf("status: %s\n", t_statusname(st));
	T_CHECK(waitpid(pid, &st, WNOHANG));
	T_CHECK(waitpid(getpid(), &st, 0));
	T_CHECK(waitpid(-1, &st, 0x100));
	return 0;
}
