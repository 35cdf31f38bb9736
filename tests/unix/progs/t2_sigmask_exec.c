/* SPDX-License-Identifier: BSD-2-Clause */
/* Signal state across fork and exec: the blocked mask survives both,
 * pending signals survive exec but not fork, ignored signals stay ignored
 * and caught ones return to the default. */
#include "t.h"

static void on(int s)
{
	(void)s;
}

static void report(const char *who)
{
	sigset_t m, p;
	struct sigaction sa;

	sigprocmask(SIG_BLOCK, NULL, &m);
	sigpending(&p);
	printf("%s: USR1 blocked %d, USR1 pending %d, TERM blocked %d\n", who,
	       sigismember(&m, SIGUSR1), sigismember(&p, SIGUSR1), sigismember(&m, SIGTERM));
	sigaction(SIGUSR2, NULL, &sa);
	printf("%s: USR2 %s\n", who, sa.sa_handler == SIG_IGN ? "ignored" :
	       sa.sa_handler == SIG_DFL ? "default" : "caught");
	sigaction(SIGHUP, NULL, &sa);
	printf("%s: HUP %s\n", who, sa.sa_handler == SIG_IGN ? "ignored" :
	       sa.sa_handler == SIG_DFL ? "default" : "caught");
}

int main(int argc, char **argv)
{
	if (argc > 1) {
		report("exec");
		return 0;
	}
	sigset_t m;
	sigemptyset(&m);
	sigaddset(&m, SIGUSR1);
	sigprocmask(SIG_BLOCK, &m, NULL);
	signal(SIGUSR2, SIG_IGN);
	signal(SIGHUP, on);
	raise(SIGUSR1);
	report("parent");
	pid_t c = t_fork();
	if (c == 0) {
		report("fork");
		raise(SIGUSR1);
		execl(argv[0], argv[0], "x", (char *)NULL);
		_exit(1);
	}
	printf("child %s\n", t_wait(c));
	return 0;
}
