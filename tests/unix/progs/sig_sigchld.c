/* SPDX-License-Identifier: BSD-2-Clause */
/* SIGCHLD on a child's exit, kill and stop, with si_code, si_pid and
 * si_status; SA_NOCLDSTOP hides stops. */
#include "t.h"

static volatile siginfo_t got;
static volatile int n;

static void on_chld(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	memcpy((void *)&got, si, sizeof got);
	n++;
}

static void wait_for_signal(int want)
{
	sigset_t none;

	sigemptyset(&none);
	while (n < want)
		sigsuspend(&none);
}

static void show(const char *what, pid_t pid, int status_is_signal)
{
	printf("%s: si_signo %s si_code %s si_pid ok %s si_status %s\n", what,
	       t_signame(got.si_signo), t_sicode(SIGCHLD, got.si_code),
	       got.si_pid == pid ? "yes" : "no",
	       status_is_signal ? t_signame(got.si_status) : (got.si_status == 7 ? "7" : "other"));
}

int main(void)
{
	struct sigaction sa;
	sigset_t block;

	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_chld;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGCHLD, &sa, NULL);
	sigemptyset(&block);
	sigaddset(&block, SIGCHLD);
	sigprocmask(SIG_BLOCK, &block, NULL);
	pid_t pid = t_fork();
	if (pid == 0)
		_exit(7);
	wait_for_signal(1);
	show("exit", pid, 0);
	t_wait(pid);
	pid = t_fork();
	if (pid == 0)
		for (;;)
			pause();
	kill(pid, SIGSTOP);
	wait_for_signal(2);
	show("stop", pid, 1);
	kill(pid, SIGCONT);
	wait_for_signal(3);
	show("continue", pid, 1);
	kill(pid, SIGKILL);
	wait_for_signal(4);
	show("kill", pid, 1);
	t_wait(pid);
	sa.sa_flags = SA_SIGINFO | SA_NOCLDSTOP;
	sigaction(SIGCHLD, &sa, NULL);
	pid = t_fork();
	if (pid == 0)
		for (;;)
			pause();
	kill(pid, SIGSTOP);
	int st;
	waitpid(pid, &st, WUNTRACED);
	printf("stopped: %s, signals so far %d\n", t_statusname(st), n);
	kill(pid, SIGKILL);
	wait_for_signal(5);
	show("kill after SA_NOCLDSTOP", pid, 1);
	t_wait(pid);
	return 0;
}
