/* SPDX-License-Identifier: BSD-2-Clause */
/* Waiting for stopped and continued children: WUNTRACED, WCONTINUED,
 * waitid's WSTOPPED/WCONTINUED si_codes, WNOWAIT leaving the state, and
 * a stop reported once. */
#include "t.h"

int main(void)
{
	int st;
	siginfo_t si;

	pid_t c = t_fork();
	if (c == 0) {
		raise(SIGSTOP);
		for (;;)
			pause();
	}
	T_YES(waitpid(c, &st, WUNTRACED) == c);
	printf("%s\n", t_statusname(st));
	T_YES(waitpid(c, &st, WUNTRACED | WNOHANG) == 0);
	kill(c, SIGCONT);
	T_YES(waitpid(c, &st, WCONTINUED) == c);
	printf("%s\n", t_statusname(st));
	kill(c, SIGSTOP);
	memset(&si, 0, sizeof si);
	T_CHECK(waitid(P_PID, c, &si, WSTOPPED | WNOWAIT));
	printf("code %s status %s\n", t_sicode(SIGCHLD, si.si_code), t_signame(si.si_status));
	memset(&si, 0, sizeof si);
	T_CHECK(waitid(P_PID, c, &si, WSTOPPED));
	printf("code %s status %s\n", t_sicode(SIGCHLD, si.si_code), t_signame(si.si_status));
	memset(&si, 0, sizeof si);
	T_CHECK(waitid(P_PID, c, &si, WSTOPPED | WNOHANG));
	printf("pid set %d\n", si.si_pid != 0);
	kill(c, SIGCONT);
	memset(&si, 0, sizeof si);
	T_CHECK(waitid(P_PID, c, &si, WCONTINUED));
	printf("code %s status %s\n", t_sicode(SIGCHLD, si.si_code), t_signame(si.si_status));
	T_CHECK(waitid(P_PID, c, &si, 0));
	T_CHECK(waitpid(c, &st, 0x100));
	kill(c, SIGTERM);
	printf("%s\n", t_wait(c));
	T_CHECK(waitpid(-1, &st, 0));
	return 0;
}
