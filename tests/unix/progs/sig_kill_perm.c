/* SPDX-License-Identifier: BSD-2-Clause */
/* Permission to send: a process running as nobody may signal itself and
 * other nobody processes, not root's (EPERM, also for signal 0); root may
 * signal anyone.  Bad signal numbers and absent pids. */
#include "t.h"

int main(void)
{
	pid_t root_child = t_fork();

	if (root_child == 0) {
		for (;;)
			pause();
	}
	pid_t parent = getpid();
	pid_t pid = t_fork();
	if (pid == 0) {
		if (setuid(65534) != 0)
			t_die("setuid");
		pid_t peer = t_fork();
		if (peer == 0) {
			for (;;)
				pause();
		}
		T_CHECK(kill(parent, SIGUSR1));
		T_CHECK(kill(parent, 0));
		T_CHECK(kill(root_child, SIGKILL));
		T_CHECK(kill(1, SIGTERM));
		T_CHECK(kill(getpid(), 0));
		T_CHECK(kill(peer, SIGTERM));
		printf("peer: %s\n", t_wait(peer));
		_exit(0);
	}
	printf("nobody child: %s\n", t_wait(pid));
	T_CHECK(kill(root_child, 64));
	T_CHECK(kill(root_child, 65));
	T_CHECK(kill(root_child, -1));
	T_CHECK(kill(root_child, SIGKILL));
	printf("root child: %s\n", t_wait(root_child));
	T_CHECK(kill(root_child, 0));
	T_CHECK(kill(-99999, 0));
	T_CHECK(kill(0x3fffffff, 0));
	return 0;
}
