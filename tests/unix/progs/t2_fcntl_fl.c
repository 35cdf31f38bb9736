/* SPDX-License-Identifier: BSD-2-Clause */
/* F_GETFL/F_SETFL: the access mode and creation flags cannot change,
 * O_APPEND and O_NONBLOCK can; F_GETFD/F_SETFD keep only FD_CLOEXEC;
 * unknown commands EINVAL, bad descriptors EBADF. */
#include "t.h"

int main(void)
{
	const char *d = t_scratch("t2_fcntl_fl");
	char p[300];

	snprintf(p, sizeof p, "%s/f", d);
	int fd = open(p, O_CREAT | O_WRONLY | O_TRUNC, 0600);
	printf("fl %o\n", fcntl(fd, F_GETFL));
	T_CHECK(fcntl(fd, F_SETFL, O_RDWR | O_APPEND | O_CREAT | O_TRUNC | O_EXCL));
	printf("fl %o\n", fcntl(fd, F_GETFL));
	T_CHECK(fcntl(fd, F_SETFL, O_NONBLOCK));
	printf("fl %o\n", fcntl(fd, F_GETFL));
	T_CHECK(fcntl(fd, F_SETFL, 0));
	printf("fl %o\n", fcntl(fd, F_GETFL));
	T_CHECK(fcntl(fd, F_SETFD, 0xff));
	printf("fd flags %d\n", fcntl(fd, F_GETFD));
	int dup = fcntl(fd, F_DUPFD_CLOEXEC, 0);
	printf("dup fd flags %d, fl %o\n", fcntl(dup, F_GETFD), fcntl(dup, F_GETFL));
	T_CHECK(fcntl(fd, 9999));
	T_CHECK(fcntl(77, F_GETFL));
	T_CHECK(fcntl(fd, F_DUPFD, -1));
	int path = open(p, O_PATH);
	printf("path fl %o\n", fcntl(path, F_GETFL));
	T_CHECK(fcntl(path, F_SETFL, O_APPEND));
	int fds[2];
	pipe2(fds, O_NONBLOCK | O_CLOEXEC);
	printf("pipe fl %o %o fd %d\n", fcntl(fds[0], F_GETFL), fcntl(fds[1], F_GETFL),
	       fcntl(fds[0], F_GETFD));
	int dir = open(d, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
	printf("dir fl %o\n", fcntl(dir, F_GETFL));
	return 0;
}
