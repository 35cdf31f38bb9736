/* SPDX-License-Identifier: BSD-2-Clause */
/* Process groups: setpgid(0,0) makes a group leader, a parent may move
 * its child, children inherit the group; the EPERM/ESRCH/EACCES cases. */
#include "t.h"

int main(int argc, char **argv)
{
	int go[2];
	char c;

	if (argc > 1) {
		pause();
		return 0;
	}
	T_YES(getpgrp() == getpid());  /* the runner made us a session leader */
	T_YES(getpgid(0) == getpid());
	if (pipe(go) != 0)
		t_die("pipe");
	pid_t pid = t_fork();
	if (pid == 0) {
		if (read(go[0], &c, 1) != 1)
			_exit(1);
		printf("child: pgid == own pid %s\n", getpgrp() == getpid() ? "yes" : "no");
		pid_t g = t_fork();
		if (g == 0)
			_exit(getpgrp() == getppid() ? 0 : 1);
		printf("grandchild in the same group: %s\n", t_wait(g));
		_exit(0);
	}
	printf("child starts in our group: %s\n", getpgid(pid) == getpid() ? "yes" : "no");
	T_CHECK(setpgid(pid, pid));
	T_YES(getpgid(pid) == pid);
	T_CHECK(setpgid(pid, getpid()));
	T_CHECK(setpgid(pid, pid));
	int sent = write(go[1], "g", 1) == 1;  /* printed after the child's lines */
	printf("child: %s\n", t_wait(pid));
	T_YES(sent);
	T_CHECK(setpgid(0, 0));
	T_CHECK(setpgid(1, 1));
	T_CHECK(setpgid(pid, pid));
	T_CHECK(setpgid(0, -1));
	T_CHECK(getpgid(-1));
	pid = t_fork();
	if (pid == 0) {
		char *a[] = { argv[0], "wait", NULL };
		execv(argv[0], a);
		_exit(127);
	}
	t_sleep_ms(100);
	T_CHECK(setpgid(pid, pid));
	kill(pid, SIGKILL);
	t_wait(pid);
	return 0;
}
