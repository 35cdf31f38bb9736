/* SPDX-License-Identifier: BSD-2-Clause */
/* waitid: the siginfo it fills for an exit and a kill, WNOWAIT leaves the
 * child waitable, P_ALL and bad arguments. */
#include "t.h"

static void show(const siginfo_t *si, pid_t pid)
{
	printf("si_signo=%s si_code=%s si_pid==pid %s si_uid=%d si_status=%d\n",
	       t_signame(si->si_signo), t_sicode(SIGCHLD, si->si_code),
	       si->si_pid == pid ? "yes" : "no", (int)si->si_uid, si->si_status);
}

int main(void)
{
	siginfo_t si;
	pid_t pid = t_fork();

	if (pid == 0)
		_exit(17);
	memset(&si, 0, sizeof si);
	T_CHECK(waitid(P_PID, pid, &si, WEXITED | WNOWAIT));
	show(&si, pid);
	memset(&si, 0, sizeof si);
	T_CHECK(waitid(P_PID, pid, &si, WEXITED));
	show(&si, pid);
	T_CHECK(waitid(P_PID, pid, &si, WEXITED));

	pid = t_fork();
	if (pid == 0)
		for (;;)
			pause();
	kill(pid, SIGTERM);
	memset(&si, 0, sizeof si);
	T_CHECK(waitid(P_ALL, 0, &si, WEXITED));
	printf("si_status=%s\n", t_signame(si.si_status));
	show(&si, pid);

	pid = t_fork();
	if (pid == 0)
		for (;;)
			pause();
	memset(&si, 0, sizeof si);
	T_CHECK(waitid(P_PID, pid, &si, WEXITED | WNOHANG));
	T_YES(si.si_pid == 0);
	T_CHECK(waitid(P_PID, pid, &si, 0));
	T_CHECK(waitid(7, pid, &si, WEXITED));
	kill(pid, SIGKILL);
	T_CHECK(waitid(P_PGID, getpgid(0), &si, WEXITED));
	printf("killed: si_code=%s si_status=%s\n", t_sicode(SIGCHLD, si.si_code),
	       t_signame(si.si_status));
	return 0;
}
