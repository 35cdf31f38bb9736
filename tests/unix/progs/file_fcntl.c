/* SPDX-License-Identifier: BSD-2-Clause */
/* fcntl: F_GETFD/F_SETFD, F_GETFL/F_SETFL (only O_APPEND and O_NONBLOCK
 * change), F_DUPFD and F_DUPFD_CLOEXEC, bad commands. */
#include "t.h"

int main(void)
{
	int fd, fds[2];

	t_scratch("file_fcntl");
	fd = open("/tmp/file_fcntl/f", O_RDWR | O_CREAT | O_APPEND, 0644);
	printf("F_GETFD %d\n", fcntl(fd, F_GETFD));
	T_CHECK(fcntl(fd, F_SETFD, FD_CLOEXEC));
	printf("F_GETFD %d\n", fcntl(fd, F_GETFD));
	int fl = fcntl(fd, F_GETFL);
	printf("accmode RDWR %s, O_APPEND %s, O_NONBLOCK %s\n",
	       (fl & O_ACCMODE) == O_RDWR ? "yes" : "no", fl & O_APPEND ? "yes" : "no",
	       fl & O_NONBLOCK ? "yes" : "no");
	T_CHECK(fcntl(fd, F_SETFL, O_NONBLOCK | O_RDONLY | O_CREAT | O_TRUNC));
	fl = fcntl(fd, F_GETFL);
	printf("after F_SETFL: RDWR %s, O_APPEND %s, O_NONBLOCK %s\n",
	       (fl & O_ACCMODE) == O_RDWR ? "yes" : "no", fl & O_APPEND ? "yes" : "no",
	       fl & O_NONBLOCK ? "yes" : "no");
	int nfd = fcntl(fd, F_DUPFD, 10);
	printf("F_DUPFD 10 -> %d, cloexec %d\n", nfd, fcntl(nfd, F_GETFD));
	printf("F_DUPFD 10 again -> %d\n", fcntl(fd, F_DUPFD, 10));
	nfd = fcntl(fd, F_DUPFD_CLOEXEC, 20);
	printf("F_DUPFD_CLOEXEC 20 -> %d, cloexec %d\n", nfd, fcntl(nfd, F_GETFD));
	T_CHECK(fcntl(fd, F_DUPFD, -1));
	T_CHECK(fcntl(fd, F_DUPFD, 1 << 20));
	T_CHECK(fcntl(99, F_GETFD));
	T_CHECK(fcntl(fd, 9999));
	if (pipe2(fds, O_NONBLOCK) != 0)
		t_die("pipe2");
	printf("pipe2 O_NONBLOCK: read end %s, write end %s\n",
	       fcntl(fds[0], F_GETFL) & O_NONBLOCK ? "yes" : "no",
	       fcntl(fds[1], F_GETFL) & O_NONBLOCK ? "yes" : "no");
	printf("pipe ends: read %s write %s\n",
	       (fcntl(fds[0], F_GETFL) & O_ACCMODE) == O_RDONLY ? "O_RDONLY" : "other",
	       (fcntl(fds[1], F_GETFL) & O_ACCMODE) == O_WRONLY ? "O_WRONLY" : "other");
	return 0;
}
