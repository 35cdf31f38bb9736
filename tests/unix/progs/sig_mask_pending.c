/* SPDX-License-Identifier: BSD-2-Clause */
/* A blocked signal stays pending (sigpending shows it, the handler does
 * not run) and is delivered as soon as it is unblocked, before
 * sigprocmask returns; a standard signal is not queued twice. */
#include "t.h"

static volatile int calls;

static void on_sig(int sig)
{
	(void)sig;
	calls++;
}

int main(void)
{
	sigset_t block, pend, old;

	signal(SIGUSR1, on_sig);
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	T_CHECK(sigprocmask(SIG_BLOCK, &block, &old));
	T_YES(!sigismember(&old, SIGUSR1));
	raise(SIGUSR1);
	raise(SIGUSR1);
	kill(getpid(), SIGUSR1);
	printf("calls while blocked %d\n", calls);
	T_CHECK(sigpending(&pend));
	T_YES(sigismember(&pend, SIGUSR1));
	T_YES(!sigismember(&pend, SIGUSR2));
	T_CHECK(sigprocmask(SIG_UNBLOCK, &block, NULL));
	printf("calls after unblocking %d\n", calls);
	sigpending(&pend);
	T_YES(!sigismember(&pend, SIGUSR1));
	sigfillset(&block);
	T_CHECK(sigprocmask(SIG_SETMASK, &block, NULL));
	sigprocmask(SIG_SETMASK, NULL, &old);
	printf("SIGKILL blockable %s, SIGSTOP blockable %s, SIGTERM blocked %s\n",
	       sigismember(&old, SIGKILL) ? "yes" : "no", sigismember(&old, SIGSTOP) ? "yes" : "no",
	       sigismember(&old, SIGTERM) ? "yes" : "no");
	T_CHECK(sigprocmask(99, &block, NULL));
	signal(SIGUSR2, SIG_IGN);
	sigemptyset(&block);
	sigaddset(&block, SIGUSR2);
	raise(SIGUSR2);
	sigpending(&pend);
	printf("ignored signal pending while blocked: %s\n", sigismember(&pend, SIGUSR2) ? "yes" : "no");
	return 0;
}
