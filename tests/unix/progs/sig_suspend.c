/* SPDX-License-Identifier: BSD-2-Clause */
/* sigsuspend waits with a temporary mask, returns EINTR after the handler,
 * and restores the old mask. */
#include "t.h"

static volatile int got;

static void on_sig(int sig)
{
	got = sig;
}

int main(void)
{
	sigset_t block, wait_mask, now;

	signal(SIGUSR1, on_sig);
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigprocmask(SIG_BLOCK, &block, NULL);
	pid_t parent = getpid();
	pid_t pid = t_fork();
	if (pid == 0) {
		t_sleep_ms(50);
		_exit(kill(parent, SIGUSR1) == 0 ? 0 : 1);
	}
	sigemptyset(&wait_mask);
	T_CHECK(sigsuspend(&wait_mask));
	printf("got %s\n", t_signame(got));
	sigprocmask(SIG_BLOCK, NULL, &now);
	T_YES(sigismember(&now, SIGUSR1));
	printf("child: %s\n", t_wait(pid));
	/* a signal already pending when sigsuspend is called */
	got = 0;
	raise(SIGUSR1);
	T_CHECK(sigsuspend(&wait_mask));
	printf("got %s\n", t_signame(got));
	return 0;
}
