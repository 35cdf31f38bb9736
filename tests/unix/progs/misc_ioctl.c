/* SPDX-License-Identifier: BSD-2-Clause */
/* Terminal ioctls on things that are not terminals: ENOTTY; isatty is
 * false for the runner's stdin (/dev/null) and stdout (a pipe); FIONREAD
 * on a pipe counts the bytes in it. */
#include "t.h"
#include <sys/ioctl.h>
#include <termios.h>

int main(void)
{
	struct termios t;
	struct winsize ws;
	int fds[2], n = -1;

	printf("isatty(0) %d isatty(1) %d\n", isatty(0), isatty(1));
	T_CHECK(tcgetattr(0, &t));
	T_CHECK(ioctl(1, TIOCGWINSZ, &ws));
	T_CHECK(ioctl(1, TIOCGPGRP, &n));
	if (pipe(fds) != 0)
		t_die("pipe");
	if (write(fds[1], "12345", 5) != 5)
		t_die("write");
	T_CHECK(ioctl(fds[0], FIONREAD, &n));
	printf("FIONREAD %d\n", n);
	T_CHECK(ioctl(99, FIONREAD, &n));
	T_CHECK(ioctl(fds[0], 0x12345678, &n));
	int on = 1;
	T_CHECK(ioctl(fds[0], FIONBIO, &on));
	printf("FIONBIO set O_NONBLOCK: %s\n", fcntl(fds[0], F_GETFL) & O_NONBLOCK ? "yes" : "no");
	T_CHECK(ioctl(fds[0], FIOCLEX));
	printf("FIOCLEX: %d\n", fcntl(fds[0], F_GETFD));
	T_CHECK(open("/dev/tty", O_RDWR));
	return 0;
}
