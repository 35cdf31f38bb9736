/* SPDX-License-Identifier: BSD-2-Clause */
/* The wait status macros for an exit, a kill and a stop. */
#include "t.h"

static void show(int st)
{
	printf("WIFEXITED=%d WIFSIGNALED=%d WIFSTOPPED=%d", !!WIFEXITED(st),
	       !!WIFSIGNALED(st), !!WIFSTOPPED(st));
	if (WIFEXITED(st))
		printf(" WEXITSTATUS=%d", WEXITSTATUS(st));
	if (WIFSIGNALED(st))
		printf(" WTERMSIG=%s", t_signame(WTERMSIG(st)));
	if (WIFSTOPPED(st))
		printf(" WSTOPSIG=%s", t_signame(WSTOPSIG(st)));
	printf(" raw=%#x\n", st);
}

int main(void)
{
	int st;
	pid_t pid = t_fork();

	if (pid == 0)
		_exit(3);
	T_YES(waitpid(pid, &st, 0) == pid);
	show(st);

	pid = t_fork();
	if (pid == 0)
		for (;;)
			pause();
	T_CHECK(kill(pid, SIGKILL));
	T_YES(waitpid(pid, &st, 0) == pid);
	show(st);

	pid = t_fork();
	if (pid == 0) {
		raise(SIGSTOP);
		_exit(5);
	}
	T_YES(waitpid(pid, &st, WUNTRACED) == pid);
	show(st);
	T_CHECK(kill(pid, SIGCONT));
	T_YES(waitpid(pid, &st, 0) == pid);
	show(st);
	return 0;
}
