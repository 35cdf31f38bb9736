/* SPDX-License-Identifier: BSD-2-Clause */
/* Unbounded recursion hits the stack limit: SIGSEGV kills the process,
 * or a handler on the alternate stack catches it. */
#include "t.h"

static volatile int depth_limit = -1;  /* never reached: the stack ends first */

static int forever(int n)
{
	volatile char buf[4096];

	buf[0] = (char)n;
	if (n == depth_limit)
		return 0;
	return forever(n + 1) + buf[0];
}

static void on_segv(int sig, siginfo_t *si, void *uc)
{
	char line[96];
	int n;

	(void)uc;
	n = snprintf(line, sizeof line, "caught %s on the alternate stack\n", t_signame(sig));
	if (write(1, line, (size_t)n) < 0 || si->si_signo != sig)
		_exit(2);
	_exit(0);
}

static void on_segv_plain(int sig)
{
	(void)sig;
	_exit(0);  /* never runs: there is no stack left to run it on */
}

int main(void)
{
	pid_t pid = t_fork();

	if (pid == 0)
		_exit(forever(0));
	printf("no handler: %s\n", t_wait(pid));
	pid = t_fork();
	if (pid == 0) {
		static char alt[64 * 1024];
		stack_t ss = { .ss_sp = alt, .ss_size = sizeof alt };
		struct sigaction sa;

		memset(&sa, 0, sizeof sa);
		sa.sa_sigaction = on_segv;
		sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
		if (sigaltstack(&ss, NULL) != 0 || sigaction(SIGSEGV, &sa, NULL) != 0)
			_exit(3);
		_exit(forever(0));
	}
	printf("handler on the alternate stack: %s\n", t_wait(pid));
	pid = t_fork();
	if (pid == 0) {
		signal(SIGSEGV, on_segv_plain);
		_exit(forever(0));
	}
	printf("handler without an alternate stack: %s\n", t_wait(pid));
	return 0;
}
