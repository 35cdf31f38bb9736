/* SPDX-License-Identifier: BSD-2-Clause */
/* setpgid and setsid edge cases: a group leader cannot setsid, a child in
 * another session cannot be moved (EPERM), an exec'd child neither
 * (EACCES), unknown pids are ESRCH, negative pgids EINVAL. */
#include "t.h"

int main(int argc, char **argv)
{
	if (argc > 1) {
		pause();
		return 0;
	}
	int p[2];
	pipe(p);
	T_CHECK(setsid());
	T_CHECK(setpgid(0, -1));
	T_CHECK(setpgid(999999, 0));
	T_CHECK(getsid(999999));
	T_CHECK(getpgid(999999));
	pid_t c = t_fork();
	if (c == 0) {
		setsid();
		write(p[1], "x", 1);
		pause();
		_exit(0);
	}
	char ch;
	read(p[0], &ch, 1);
	T_CHECK(setpgid(c, c));
	T_CHECK(setpgid(c, getpgrp()));
	T_YES(getsid(c) == c);
	kill(c, SIGKILL);
	t_wait(c);
	c = t_fork();
	if (c == 0) {
		execl(argv[0], argv[0], "child", (char *)NULL);
		_exit(1);
	}
	t_sleep_ms(200);
	T_CHECK(setpgid(c, c));
	kill(c, SIGKILL);
	t_wait(c);
	c = t_fork();
	if (c == 0) {
		pause();
		_exit(0);
	}
	T_CHECK(setpgid(c, c));
	T_CHECK(setpgid(c, 0));
	T_CHECK(setpgid(c, getpgrp()));
	T_CHECK(setpgid(0, c));
	T_CHECK(setpgid(0, 12345));
	kill(c, SIGKILL);
	t_wait(c);
	return 0;
}
