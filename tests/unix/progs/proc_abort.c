/* SPDX-License-Identifier: BSD-2-Clause */
/* abort() ends the process with SIGABRT even when SIGABRT is caught
 * (the handler returns) or blocked. */
#include "t.h"

static void on_abrt(int sig)
{
	(void)sig;
	printf("handler ran\n");
}

int main(void)
{
	pid_t pid = t_fork();

	if (pid == 0)
		abort();
	printf("plain: %s\n", t_wait(pid));
	pid = t_fork();
	if (pid == 0) {
		signal(SIGABRT, on_abrt);
		abort();
	}
	printf("caught: %s\n", t_wait(pid));
	pid = t_fork();
	if (pid == 0) {
		sigset_t s;

		sigemptyset(&s);
		sigaddset(&s, SIGABRT);
		sigprocmask(SIG_BLOCK, &s, NULL);
		abort();
	}
	printf("blocked: %s\n", t_wait(pid));
	return 0;
}
