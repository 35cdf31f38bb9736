/* SPDX-License-Identifier: BSD-2-Clause */
/* Real-time signals queue (each sent one is delivered, with its value, in
 * order) while standard ones merge; pending signals are delivered lowest
 * number first; rt_sigqueueinfo from another process. */
#include "t.h"

static char order[128];
static int pos;

static void on_sig(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	pos += snprintf(order + pos, sizeof order - (size_t)pos, "%s%s/%d", pos ? " " : "",
			t_signame(sig), si->si_code == SI_QUEUE ? si->si_value.sival_int : -1);
}

int main(void)
{
	struct sigaction sa;
	sigset_t block;
	int sigs[] = { SIGUSR2, SIGUSR1, SIGRTMIN + 1, SIGRTMIN, SIGTERM };

	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_sig;
	sa.sa_flags = SA_SIGINFO;
	sigfillset(&sa.sa_mask);
	sigemptyset(&block);
	for (int i = 0; i < 5; i++) {
		sigaction(sigs[i], &sa, NULL);
		sigaddset(&block, sigs[i]);
	}
	sigprocmask(SIG_BLOCK, &block, NULL);
	for (int v = 1; v <= 3; v++) {
		sigqueue(getpid(), SIGRTMIN + 1, (union sigval){ .sival_int = v });
		sigqueue(getpid(), SIGRTMIN, (union sigval){ .sival_int = 10 + v });
		sigqueue(getpid(), SIGUSR1, (union sigval){ .sival_int = 20 + v });
		kill(getpid(), SIGUSR2);
	}
	kill(getpid(), SIGTERM);
	sigprocmask(SIG_UNBLOCK, &block, NULL);
	printf("delivered: %s\n", order);
	pos = 0;
	pid_t me = getpid(), pid = t_fork();
	sigprocmask(SIG_BLOCK, &block, NULL);
	if (pid == 0) {
		siginfo_t si;

		memset(&si, 0, sizeof si);
		si.si_signo = SIGRTMIN;
		si.si_code = SI_QUEUE;
		si.si_pid = getpid();
		si.si_uid = getuid();
		si.si_value.sival_int = 555;
		_exit(syscall(SYS_rt_sigqueueinfo, me, SIGRTMIN, &si) == 0 ? 0 : 1);
	}
	printf("child: %s\n", t_wait(pid));
	sigprocmask(SIG_UNBLOCK, &block, NULL);
	printf("delivered: %s\n", order);
	siginfo_t bad = { .si_code = SI_KERNEL };
	T_CHECK(syscall(SYS_rt_sigqueueinfo, getpid(), SIGRTMIN, &bad));
	return 0;
}
