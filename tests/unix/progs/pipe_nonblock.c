/* SPDX-License-Identifier: BSD-2-Clause */
/* Non-blocking pipes: empty read is EAGAIN; a pipe holds 64 KiB, a write
 * of 65536 bytes fits and the next byte is EAGAIN; a partial write of a
 * big buffer returns what fitted; F_GETPIPE_SZ/F_SETPIPE_SZ. */
#include "t.h"

#ifndef F_GETPIPE_SZ
#define F_SETPIPE_SZ 1031
#define F_GETPIPE_SZ 1032
#endif

int main(void)
{
	static char big[200000];
	int fds[2];

	if (pipe2(fds, O_NONBLOCK) != 0)
		t_die("pipe2");
	T_CHECK(read(fds[0], big, 1));
	printf("F_GETPIPE_SZ %d\n", fcntl(fds[0], F_GETPIPE_SZ));
	printf("write 65536: %zd\n", write(fds[1], big, 65536));
	T_CHECK(write(fds[1], big, 1));
	printf("read 1000: %zd\n", read(fds[0], big, 1000));
	T_CHECK(write(fds[1], big, 1));  /* less than a page free: still full */
	printf("read 4096: %zd\n", read(fds[0], big, 4096));
	printf("write 10 now: %zd\n", write(fds[1], big, 10));
	close(fds[0]);
	close(fds[1]);
	if (pipe2(fds, O_NONBLOCK) != 0)
		t_die("pipe2");
	printf("big write partial: %zd\n", write(fds[1], big, sizeof big));
	printf("F_SETPIPE_SZ 4096 while holding 64 KiB: %s\n",
	       fcntl(fds[0], F_SETPIPE_SZ, 4096) < 0 ? t_errname(errno) : "ok");
	while (read(fds[0], big, sizeof big) > 0)
		;
	printf("F_SETPIPE_SZ 4096 when empty: %d\n", fcntl(fds[0], F_SETPIPE_SZ, 4096));
	printf("write 10000: %zd\n", write(fds[1], big, 10000));
	printf("F_SETPIPE_SZ 100000: %d\n", fcntl(fds[0], F_SETPIPE_SZ, 100000));
	return 0;
}
