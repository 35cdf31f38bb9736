/* SPDX-License-Identifier: BSD-2-Clause */
/* SA_RESETHAND: the handler runs once, then the default action applies. */
#include "t.h"

static void on_sig(int sig)
{
	printf("handler for %s\n", t_signame(sig));
}

int main(void)
{
	pid_t pid = t_fork();

	if (pid == 0) {
		struct sigaction sa, old;

		memset(&sa, 0, sizeof sa);
		sa.sa_handler = on_sig;
		sa.sa_flags = SA_RESETHAND;
		sigaction(SIGUSR1, &sa, NULL);
		raise(SIGUSR1);
		sigaction(SIGUSR1, NULL, &old);
		printf("after one delivery: %s\n", old.sa_handler == SIG_DFL ? "SIG_DFL" : "handler");
		raise(SIGUSR1);
		printf("not reached\n");
		_exit(0);
	}
	printf("child: %s\n", t_wait(pid));
	return 0;
}
