/* SPDX-License-Identifier: BSD-2-Clause */
/* Sessions: a group leader cannot setsid (EPERM), a child can and becomes
 * session and group leader; getsid of others; moving into a group of
 * another session is EPERM. */
#include "t.h"

int main(void)
{
	int go[2];
	char c;

	T_YES(getsid(0) == getpid());
	T_CHECK(setsid());
	T_YES(getsid(getppid()) != getpid());
	if (pipe(go) != 0)
		t_die("pipe");
	pid_t pid = t_fork();
	if (pid == 0) {
		pid_t sid = setsid();
		printf("child setsid: new session is its pid %s\n", sid == getpid() ? "yes" : "no");
		printf("child: group leader %s, sid %s\n", getpgrp() == getpid() ? "yes" : "no",
		       getsid(0) == getpid() ? "yes" : "no");
		T_CHECK(setsid());
		T_CHECK(setpgid(0, getppid()));
		if (write(go[1], "s", 1) != 1 || read(go[0], &c, 1) != 1)
			_exit(1);
		_exit(0);
	}
	if (read(go[0], &c, 1) != 1)
		t_die("read");
	T_YES(getsid(pid) == pid);
	T_CHECK(setpgid(pid, getpid()));
	T_CHECK(getsid(99999));
	T_YES(write(go[1], "g", 1) == 1);
	printf("child: %s\n", t_wait(pid));
	T_CHECK(getsid(pid));
	return 0;
}
