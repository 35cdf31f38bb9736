/* SPDX-License-Identifier: BSD-2-Clause */
/* Signal state at fork: handlers and mask inherited, pending signals not;
 * the child's handler changes do not affect the parent. */
#include "t.h"

static volatile int calls;

static void on_sig(int sig)
{
	(void)sig;
	calls++;
}

int main(void)
{
	sigset_t block, mask, pend;
	struct sigaction sa;

	signal(SIGUSR1, on_sig);
	sigemptyset(&block);
	sigaddset(&block, SIGUSR2);
	sigprocmask(SIG_BLOCK, &block, NULL);
	raise(SIGUSR2);
	pid_t pid = t_fork();
	if (pid == 0) {
		sigaction(SIGUSR1, NULL, &sa);
		printf("child: handler inherited %s\n", sa.sa_handler == on_sig ? "yes" : "no");
		sigprocmask(SIG_BLOCK, NULL, &mask);
		printf("child: mask inherited %s\n", sigismember(&mask, SIGUSR2) ? "yes" : "no");
		sigpending(&pend);
		printf("child: pending inherited %s\n", sigismember(&pend, SIGUSR2) ? "yes" : "no");
		raise(SIGUSR1);
		printf("child: handler ran %d\n", calls);
		signal(SIGUSR1, SIG_IGN);
		_exit(0);
	}
	printf("child: %s\n", t_wait(pid));
	sigaction(SIGUSR1, NULL, &sa);
	printf("parent's handler unchanged: %s\n", sa.sa_handler == on_sig ? "yes" : "no");
	sigpending(&pend);
	printf("parent's signal still pending: %s\n", sigismember(&pend, SIGUSR2) ? "yes" : "no");
	signal(SIGUSR2, SIG_IGN);
	sigpending(&pend);
	printf("pending after SIG_IGN: %s\n", sigismember(&pend, SIGUSR2) ? "yes" : "no");
	return 0;
}
