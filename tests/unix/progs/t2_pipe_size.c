/* SPDX-License-Identifier: BSD-2-Clause */
/* F_GETPIPE_SZ and F_SETPIPE_SZ: the default, rounding up to a page and a
 * power of two, EBUSY when the data would not fit, EINVAL beyond 2 GiB,
 * EBADF on a file; a non-blocking writer fills exactly the new size. */
#include "t.h"

int main(void)
{
	int fds[2];
	char buf[4096] = { 0 };

	if (pipe2(fds, O_NONBLOCK) != 0)
		t_die("pipe2");
	printf("default %d\n", fcntl(fds[0], F_GETPIPE_SZ));
	printf("set 1 -> %d\n", fcntl(fds[1], F_SETPIPE_SZ, 1));
	printf("set 5000 -> %d\n", fcntl(fds[1], F_SETPIPE_SZ, 5000));
	printf("set 4096 -> %d\n", fcntl(fds[0], F_SETPIPE_SZ, 4096));
	printf("get %d\n", fcntl(fds[1], F_GETPIPE_SZ));
	long total = 0, n;
	while ((n = write(fds[1], buf, 1000)) > 0)
		total += n;
	printf("filled %ld then %s\n", total, t_errname(errno));
	T_CHECK(fcntl(fds[1], F_SETPIPE_SZ, 8192));
	printf("read %zd\n", read(fds[0], buf, sizeof buf));
	T_CHECK(fcntl(fds[1], F_SETPIPE_SZ, 0x80000001UL));
	int fd = open("/t/list", O_RDONLY);
	T_CHECK(fcntl(fd, F_GETPIPE_SZ));
	T_CHECK(fcntl(fd, F_SETPIPE_SZ, 4096));
	return 0;
}
