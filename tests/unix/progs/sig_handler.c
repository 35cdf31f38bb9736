/* SPDX-License-Identifier: BSD-2-Clause */
/* A handler runs once per raise, gets the signal number, and the old
 * action comes back from sigaction; SIG_IGN drops the signal. */
#include "t.h"

static volatile int calls, last;

static void on_sig(int sig)
{
	calls++;
	last = sig;
}

int main(void)
{
	struct sigaction sa, old;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_sig;
	T_CHECK(sigaction(SIGUSR1, &sa, NULL));
	T_CHECK(raise(SIGUSR1));
	T_CHECK(raise(SIGUSR1));
	printf("calls %d last %s\n", calls, t_signame(last));
	T_CHECK(sigaction(SIGUSR1, NULL, &old));
	T_YES(old.sa_handler == on_sig);
	signal(SIGUSR1, SIG_IGN);
	T_CHECK(kill(getpid(), SIGUSR1));
	printf("calls after SIG_IGN %d\n", calls);
	T_YES(signal(SIGUSR2, on_sig) == SIG_DFL);
	T_YES(signal(SIGUSR2, SIG_DFL) == on_sig);
	T_CHECK(sigaction(SIGKILL, &sa, NULL));
	T_CHECK(sigaction(SIGSTOP, &sa, NULL));
	T_CHECK(sigaction(0, &sa, NULL));
	T_CHECK(sigaction(65, &sa, NULL));
	T_CHECK(sigaction(SIGKILL, NULL, &old));
	T_CHECK(kill(getpid(), 0));
	T_CHECK(kill(getpid(), 65));
	return 0;
}
