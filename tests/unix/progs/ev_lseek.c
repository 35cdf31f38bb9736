/* SPDX-License-Identifier: BSD-2-Clause */
/* lseek on the nameless files (an epoll fd, an eventfd, a timerfd, a
 * signalfd): Linux's noop_llseek succeeds and returns the position, which
 * never moves; a pipe and a socket are ESPIPE. */
#include "t.h"
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/timerfd.h>

static void seek(const char *what, int fd, off_t off, int whence)
{
	errno = 0;
	off_t r = lseek(fd, off, whence);
	printf("%s lseek(%lld, %d): %lld %s\n", what, (long long)off, whence, (long long)r,
	       r < 0 ? t_errname(errno) : "");
}

int main(void)
{
	sigset_t m;
	sigemptyset(&m);
	sigaddset(&m, SIGUSR1);
	int p[2], sv[2];
	pipe(p);
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	int fds[6] = { epoll_create1(0), eventfd(3, 0), timerfd_create(CLOCK_MONOTONIC, 0),
	               signalfd(-1, &m, 0), p[0], sv[0] };
	const char *names[6] = { "epoll", "eventfd", "timerfd", "signalfd", "pipe", "socket" };
	for (int i = 0; i < 6; i++) {
		seek(names[i], fds[i], 0, SEEK_SET);
		seek(names[i], fds[i], 100, SEEK_SET);
		seek(names[i], fds[i], 5, SEEK_CUR);
		seek(names[i], fds[i], -5, SEEK_END);
		seek(names[i], fds[i], -1, SEEK_SET);
		seek(names[i], fds[i], 0, 7);
	}
	uint64_t v;
	T_CHECK(read(fds[1], &v, 8));   /* the count is untouched by lseek */
	printf("eventfd value %llu\n", (unsigned long long)v);
	return 0;
}
