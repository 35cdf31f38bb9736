/* SPDX-License-Identifier: BSD-2-Clause */
/* getpid/getppid: positive, distinct, and a child's parent is its creator. */
#include "t.h"

int main(void)
{
	pid_t me = getpid(), parent = getppid();
	int fds[2];

	T_YES(me > 1);
	T_YES(parent > 0);
	T_YES(me != parent);
	T_YES(getpid() == me);
	T_YES(syscall(SYS_getpid) == me);
	T_CHECK(pipe(fds));
	pid_t pid = t_fork();
	if (pid == 0) {
		pid_t info[2] = { getpid(), getppid() };

		if (write(fds[1], info, sizeof info) != sizeof info)
			_exit(1);
		_exit(0);
	}
	pid_t info[2];
	T_YES(read(fds[0], info, sizeof info) == sizeof info);
	T_YES(info[0] == pid);
	T_YES(info[1] == me);
	T_YES(pid != me);
	printf("child: %s\n", t_wait(pid));
	return 0;
}
