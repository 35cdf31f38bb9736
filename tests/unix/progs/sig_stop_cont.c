/* SPDX-License-Identifier: BSD-2-Clause */
/* SIGSTOP/SIGCONT as waitpid sees them with WUNTRACED and WCONTINUED;
 * SIGTSTP does not stop an orphaned process group; a signal sent to a
 * stopped child waits for SIGCONT, SIGKILL does not. */
#include "t.h"

int main(void)
{
	int st;
	pid_t pid = t_fork();

	if (pid == 0)
		for (;;)
			pause();
	T_CHECK(kill(pid, SIGSTOP));
	T_YES(waitpid(pid, &st, WUNTRACED) == pid);
	printf("after SIGSTOP: %s\n", t_statusname(st));
	T_YES(waitpid(pid, &st, WUNTRACED | WNOHANG) == 0);
	T_CHECK(kill(pid, SIGCONT));
	T_YES(waitpid(pid, &st, WCONTINUED) == pid);
	printf("after SIGCONT: %s\n", t_statusname(st));
	/* the test leads its own session, so this group is orphaned: the
	 * terminal stop signals do nothing there */
	T_CHECK(kill(pid, SIGTSTP));
	t_sleep_ms(50);
	printf("SIGTSTP in an orphaned group ignored: %s\n",
	       waitpid(pid, &st, WUNTRACED | WNOHANG) == 0 ? "yes" : "no");
	T_CHECK(kill(pid, SIGSTOP));
	T_YES(waitpid(pid, &st, WUNTRACED) == pid);
	T_CHECK(kill(pid, SIGTERM));  /* stays pending while stopped */
	T_YES(waitpid(pid, &st, WNOHANG) == 0);
	T_CHECK(kill(pid, SIGCONT));
	T_YES(waitpid(pid, &st, 0) == pid);
	printf("SIGTERM after SIGCONT: %s\n", t_statusname(st));
	pid = t_fork();
	if (pid == 0) {
		raise(SIGSTOP);
		_exit(9);
	}
	T_YES(waitpid(pid, &st, WUNTRACED) == pid);
	printf("raise(SIGSTOP): %s\n", t_statusname(st));
	T_CHECK(kill(pid, SIGKILL));
	printf("killed while stopped: %s\n", t_wait(pid));
	return 0;
}
