/* SPDX-License-Identifier: BSD-2-Clause */
/* kill(-pgid) and kill(0) reach every member of a process group and no
 * other process. */
#include "t.h"

static pid_t sleeper(pid_t pgid)
{
	pid_t pid = t_fork();

	if (pid == 0) {
		setpgid(0, pgid);
		for (;;)
			pause();
	}
	setpgid(pid, pgid);  /* both sides, so it holds whoever runs first */
	return pid;
}

int main(void)
{
	pid_t a = sleeper(0);
	pid_t b = sleeper(a), c = sleeper(a);
	pid_t outsider = sleeper(0);

	T_YES(getpgid(b) == a && getpgid(c) == a && getpgid(outsider) == outsider);
	T_CHECK(kill(-a, SIGTERM));
	printf("a: %s\n", t_wait(a));
	printf("b: %s\n", t_wait(b));
	printf("c: %s\n", t_wait(c));
	T_CHECK(kill(outsider, 0));
	T_CHECK(kill(-a, SIGTERM));
	T_CHECK(killpg(outsider, SIGKILL));
	printf("outsider: %s\n", t_wait(outsider));
	pid_t pid = t_fork();
	if (pid == 0) {
		setpgid(0, 0);
		pid_t kid = t_fork();
		if (kid == 0) {
			for (;;)
				pause();
		}
		signal(SIGUSR1, SIG_IGN);
		kill(0, SIGUSR1);
		_exit(strcmp(t_wait(kid), "signal:SIGUSR1") == 0 ? 0 : 1);
	}
	printf("kill(0) in a group: %s\n", t_wait(pid));
	return 0;
}
