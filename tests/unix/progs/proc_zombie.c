/* SPDX-License-Identifier: BSD-2-Clause */
/* An exited child stays a zombie until waited for: kill(pid, 0) still
 * finds it; afterwards it is gone (ESRCH). */
#include "t.h"

int main(void)
{
	siginfo_t si;
	pid_t pid = t_fork();

	if (pid == 0)
		_exit(0);
	memset(&si, 0, sizeof si);
	T_CHECK(waitid(P_PID, pid, &si, WEXITED | WNOWAIT));
	T_CHECK(kill(pid, 0));
	T_CHECK(kill(pid, SIGKILL));
	T_CHECK(getpgid(pid));
	printf("status: %s\n", t_wait(pid));
	T_CHECK(kill(pid, 0));
	T_CHECK(getpgid(pid));
	return 0;
}
