/* SPDX-License-Identifier: BSD-2-Clause */
/* /proc/PID/stat's tty_nr and tpgid (fields 7 and 8): none without a
 * controlling terminal (0, -1); a session leader that opens a pty's slave
 * gets it: its device number and the foreground group. */
#include "t.h"
#include <sys/ioctl.h>

static void tty_fields(long *nr, long *tpgid)
{
	char buf[512];
	int fd = open("/proc/self/stat", O_RDONLY);
	ssize_t n = read(fd, buf, sizeof buf - 1);

	close(fd);
	buf[n > 0 ? n : 0] = 0;
	char *p = strrchr(buf, ')');
	*nr = *tpgid = -99;
	if (p)
		sscanf(p + 2, "%*c %*d %*d %*d %ld %ld", nr, tpgid);
}

int main(void)
{
	long nr, tpgid;

	tty_fields(&nr, &tpgid);
	printf("no terminal: tty_nr %ld tpgid %ld\n", nr, tpgid);
	int m = posix_openpt(O_RDWR | O_NOCTTY);
	grantpt(m);
	unlockpt(m);
	char *name = ptsname(m);
	pid_t pid = t_fork();
	if (pid == 0) {
		setsid();
		int s = open(name, O_RDWR);
		struct stat st;
		fstat(s, &st);
		tty_fields(&nr, &tpgid);
		printf("with its pty: tty_nr is the slave's rdev %s, tpgid is its group %s\n",
		       (unsigned long)nr == (unsigned long)st.st_rdev ? "yes" : "no",
		       tpgid == getpgrp() ? "yes" : "no");
		_exit(0);
	}
	printf("child: %s\n", t_wait(pid));
	return 0;
}
