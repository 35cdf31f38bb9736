/* SPDX-License-Identifier: BSD-2-Clause */
/* Caught signals are reset to SIG_DFL by execve; the alternate stack is
 * dropped; SIGCHLD ignored stays ignored. */
#include "t.h"

static void on_sig(int sig) { (void)sig; }

int main(int argc, char **argv)
{
	struct sigaction sa;
	stack_t ss;

	if (argc > 1) {
		sigaction(SIGUSR1, NULL, &sa);
		T_YES(sa.sa_handler == SIG_DFL);
		sigaction(SIGTERM, NULL, &sa);
		T_YES(sa.sa_handler == SIG_DFL);
		sigaction(SIGCHLD, NULL, &sa);
		T_YES(sa.sa_handler == SIG_IGN);
		T_CHECK(sigaltstack(NULL, &ss));
		T_YES(ss.ss_flags == SS_DISABLE);
		return 0;
	}
	pid_t pid = t_fork();
	if (pid == 0) {
		static char stack[SIGSTKSZ];

		signal(SIGUSR1, on_sig);
		signal(SIGTERM, on_sig);
		signal(SIGCHLD, SIG_IGN);
		ss.ss_sp = stack;
		ss.ss_size = sizeof stack;
		ss.ss_flags = 0;
		T_CHECK(sigaltstack(&ss, NULL));
		char *args[] = { argv[0], "child", NULL };
		execv(argv[0], args);
		t_die("execv");
	}
	printf("child: %s\n", t_wait(pid));
	return 0;
}
