/* SPDX-License-Identifier: BSD-2-Clause */
/* SA_SIGINFO: si_signo, si_code, si_pid and si_uid for kill, raise
 * (tgkill), sigqueue and a signal from a child running as nobody. */
#include "t.h"

static volatile siginfo_t got;
static volatile int n;

static void on_sig(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	memcpy((void *)&got, si, sizeof got);
	n++;
}

static void show(const char *what, pid_t pid, uid_t uid)
{
	printf("%s: count %d si_signo %s si_code %s si_pid ok %s si_uid %d (want %d)\n", what, n,
	       t_signame(got.si_signo), t_sicode(got.si_signo, got.si_code),
	       got.si_pid == pid ? "yes" : "no", (int)got.si_uid, (int)uid);
}

int main(void)
{
	struct sigaction sa;
	union sigval v = { .sival_int = 1234 };

	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_sig;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGRTMIN, &sa, NULL);
	kill(getpid(), SIGUSR1);
	show("kill", getpid(), 0);
	raise(SIGUSR1);
	show("raise", getpid(), 0);
	sigqueue(getpid(), SIGRTMIN, v);
	show("sigqueue", getpid(), 0);
	printf("si_value %d\n", got.si_value.sival_int);
	pid_t me = getpid();
	pid_t pid = t_fork();
	if (pid == 0) {
		if (setuid(65534) != 0)
			_exit(2);
		_exit(kill(me, SIGUSR1) == 0 ? 0 : 1);  /* EPERM: root's process */
	}
	printf("child as nobody: %s\n", t_wait(pid));
	pid = t_fork();
	if (pid == 0)
		_exit(kill(me, SIGUSR1) == 0 ? 0 : 1);
	printf("child as root: %s\n", t_wait(pid));
	show("from the child", pid, 0);
	return 0;
}
