/* SPDX-License-Identifier: BSD-2-Clause */
/* sigtimedwait: EAGAIN after the timeout, a pending signal at once with
 * its siginfo; sigwaitinfo; a zero timeout polls. */
#include "t.h"

int main(void)
{
	sigset_t set;
	siginfo_t si;
	struct timespec ts = { 0, 100000000 }, zero = { 0, 0 };

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGRTMIN);
	sigprocmask(SIG_BLOCK, &set, NULL);
	struct timespec start = t_now();
	T_CHECK(sigtimedwait(&set, &si, &ts));
	T_YES(t_ms(start) >= 100);
	T_CHECK(sigtimedwait(&set, &si, &zero));
	kill(getpid(), SIGUSR1);
	memset(&si, 0, sizeof si);
	int r = sigtimedwait(&set, &si, &ts);
	printf("returned %s si_signo %s si_code %s si_pid ok %s\n", t_signame(r),
	       t_signame(si.si_signo), t_sicode(si.si_signo, si.si_code),
	       si.si_pid == getpid() ? "yes" : "no");
	union sigval v = { .sival_int = 77 };
	sigqueue(getpid(), SIGRTMIN, v);
	r = sigwaitinfo(&set, &si);
	printf("sigwaitinfo %s value %d code %s\n", r == SIGRTMIN ? "SIGRTMIN" : t_signame(r),
	       si.si_value.sival_int, t_sicode(si.si_signo, si.si_code));
	pid_t me = getpid(), pid = t_fork();
	if (pid == 0) {
		t_sleep_ms(50);
		_exit(kill(me, SIGUSR1));
	}
	struct timespec longer = { 5, 0 };
	start = t_now();
	r = sigtimedwait(&set, &si, &longer);
	printf("from the child: %s, si_pid ok %s, early %s\n", t_signame(r),
	       si.si_pid == pid ? "yes" : "no", t_ms(start) < 5000 ? "yes" : "no");
	printf("child: %s\n", t_wait(pid));
	ts.tv_nsec = -1;
	T_CHECK(sigtimedwait(&set, &si, &ts));
	return 0;
}
