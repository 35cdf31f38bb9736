/* SPDX-License-Identifier: BSD-2-Clause */
/* Default actions: terminate (with WTERMSIG), ignore (SIGCHLD, SIGURG,
 * SIGWINCH), for every standard signal a child sends itself. */
#include "t.h"

int main(void)
{
	static const int sigs[] = { SIGHUP, SIGINT, SIGQUIT, SIGILL, SIGTRAP, SIGABRT, SIGBUS,
				    SIGFPE, SIGKILL, SIGUSR1, SIGSEGV, SIGUSR2, SIGPIPE, SIGALRM,
				    SIGTERM, SIGSTKFLT, SIGCHLD, SIGURG, SIGXCPU, SIGXFSZ,
				    SIGVTALRM, SIGPROF, SIGWINCH, SIGIO, SIGPWR, SIGSYS, 40, 64 };

	for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
		pid_t pid = t_fork();

		if (pid == 0) {
			kill(getpid(), sigs[i]);
			_exit(0);
		}
		printf("%s: %s\n", t_signame(sigs[i]), t_wait(pid));
	}
	return 0;
}
