/* SPDX-License-Identifier: BSD-2-Clause */
/* pipe and pipe2: data in order, partial reads return what is there,
 * flags (O_CLOEXEC, O_NONBLOCK, bad flags), the ends' directions. */
#include "t.h"

int main(void)
{
	int fds[2];
	char buf[32] = { 0 };

	T_CHECK(pipe(fds));
	T_YES(write(fds[1], "hello ", 6) == 6);
	T_YES(write(fds[1], "world", 5) == 5);
	printf("read 100 gets %zd\n", read(fds[0], buf, 100 < sizeof buf ? 100 : sizeof buf - 1));
	printf("'%s'\n", buf);
	T_CHECK(write(fds[0], "x", 1));
	T_CHECK(read(fds[1], buf, 1));
	printf("cloexec by default: %d %d\n", fcntl(fds[0], F_GETFD), fcntl(fds[1], F_GETFD));
	T_CHECK(pipe2(fds, O_CLOEXEC));
	printf("pipe2 O_CLOEXEC: %d %d\n", fcntl(fds[0], F_GETFD), fcntl(fds[1], F_GETFD));
	T_CHECK(pipe2(fds, O_NONBLOCK));
	T_CHECK(read(fds[0], buf, 1));
	T_CHECK(pipe2(fds, O_APPEND));
	T_CHECK(pipe2(fds, 0x7));
	T_CHECK(syscall(SYS_pipe, (int *)8));
	return 0;
}
