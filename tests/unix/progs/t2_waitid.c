/* SPDX-License-Identifier: BSD-2-Clause */
/* waitid: WNOWAIT leaves the child waitable, si fields for exits and
 * kills, P_PGID and P_ALL, no options EINVAL, no children ECHILD, WNOHANG
 * with running children clears si_pid. */
#include "t.h"

int main(void)
{
	siginfo_t si;

	pid_t a = t_fork();
	if (a == 0)
		_exit(7);
	memset(&si, 0, sizeof si);
	T_CHECK(waitid(P_PID, a, &si, WEXITED | WNOWAIT));
	printf("signo %s code %s status %d pid ok %d\n", t_signame(si.si_signo),
	       t_sicode(SIGCHLD, si.si_code), si.si_status, si.si_pid == a);
	memset(&si, 0, sizeof si);
	T_CHECK(waitid(P_ALL, 0, &si, WEXITED));
	printf("code %s status %d pid ok %d\n", t_sicode(SIGCHLD, si.si_code), si.si_status, si.si_pid == a);
	T_CHECK(waitid(P_PID, a, &si, WEXITED));
	pid_t b = t_fork();
	if (b == 0) {
		pause();
		_exit(0);
	}
	memset(&si, 0xff, sizeof si);
	T_CHECK(waitid(P_PID, b, &si, WEXITED | WNOHANG));
	printf("si_pid after WNOHANG %d\n", si.si_pid);
	T_CHECK(waitid(P_PID, b, &si, 0));
	T_CHECK(waitid(7, b, &si, WEXITED));
	kill(b, SIGKILL);
	memset(&si, 0, sizeof si);
	T_CHECK(waitid(P_PGID, 0, &si, WEXITED));
	printf("code %s status %s\n", t_sicode(SIGCHLD, si.si_code), t_signame(si.si_status));
	T_CHECK(waitid(P_ALL, 0, &si, WEXITED));
	T_CHECK(waitid(P_PGID, 999999, &si, WEXITED));
	return 0;
}
