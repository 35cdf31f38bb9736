/* SPDX-License-Identifier: BSD-2-Clause */
/* SIGCHLD set to SIG_IGN (or SA_NOCLDWAIT): children are reaped by the
 * system, wait blocks until they are all gone and then fails ECHILD. */
#include "t.h"

int main(void)
{
	struct sigaction sa;

	signal(SIGCHLD, SIG_IGN);
	for (int i = 0; i < 3; i++) {
		if (t_fork() == 0) {
			t_sleep_ms(20 * i);
			_exit(i);
		}
	}
	int st;
	T_CHECK(wait(&st));
	T_CHECK(waitpid(-1, &st, WNOHANG));
	signal(SIGCHLD, SIG_DFL);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_DFL;
	sa.sa_flags = SA_NOCLDWAIT;
	sigaction(SIGCHLD, &sa, NULL);
	pid_t pid = t_fork();
	if (pid == 0)
		_exit(1);
	T_CHECK(waitpid(pid, &st, 0));
	signal(SIGCHLD, SIG_DFL);
	sa.sa_flags = 0;
	sigaction(SIGCHLD, &sa, NULL);
	pid = t_fork();
	if (pid == 0)
		_exit(2);
	printf("default again: %s\n", t_wait(pid));
	return 0;
}
