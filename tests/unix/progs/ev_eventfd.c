/* SPDX-License-Identifier: BSD-2-Clause */
/* eventfd and eventfd2: the counter, EFD_SEMAPHORE, EFD_NONBLOCK,
 * EFD_CLOEXEC, 8-byte reads and writes (EINVAL otherwise), the overflow
 * rule, a blocking read woken by another process, poll and epoll. */
#include "t.h"
#include <poll.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>

static void rd(int fd)
{
	uint64_t v = 0;
	ssize_t n = read(fd, &v, sizeof(v));
	if (n < 0)
		printf("read: errno=%s\n", t_errname(errno));
	else
		printf("read: %zd value %llu\n", n, (unsigned long long)v);
}

static void wr(int fd, uint64_t v)
{
	ssize_t n = write(fd, &v, sizeof(v));
	if (n < 0)
		printf("write %llu: errno=%s\n", (unsigned long long)v, t_errname(errno));
	else
		printf("write %llu: %zd\n", (unsigned long long)v, n);
}

static void pl(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM };
	{
		int r = poll(&p, 1, 0);
		printf("poll: %d %#x\n", r, r > 0 ? (unsigned)p.revents : 0u);
	}
}

int main(void)
{
	T_CHECK(eventfd(0, 077));
	T_CHECK(eventfd(0, O_RDWR));
	int fd = eventfd(5, 0);
	T_YES(fcntl(fd, F_GETFD) == 0);
	T_YES(fcntl(fd, F_GETFL) == O_RDWR);
	pl(fd);
	rd(fd);
	pl(fd);
	wr(fd, 3);
	wr(fd, 4);
	rd(fd);
	uint64_t v = 1;
	T_CHECK(read(fd, &v, 4));
	T_CHECK(write(fd, &v, 7));
	T_CHECK(read(fd, &v, 0));
	T_CHECK(write(fd, (void *)8, 8));
	wr(fd, 0);
	wr(fd, UINT64_MAX);
	T_CHECK(syscall(SYS_eventfd, 0x100000002ull));
	int trunc = (int)syscall(SYS_eventfd, 0x100000002ull);
	rd(trunc);

	printf("-- nonblocking and overflow\n");
	int nb = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	T_YES(fcntl(nb, F_GETFD) == FD_CLOEXEC);
	T_YES(fcntl(nb, F_GETFL) == (O_RDWR | O_NONBLOCK));
	rd(nb);
	wr(nb, UINT64_MAX - 1);
	pl(nb);
	wr(nb, 1);
	wr(nb, 0);
	rd(nb);
	wr(nb, UINT64_MAX - 2);
	pl(nb);
	wr(nb, 1);
	rd(nb);

	printf("-- semaphore\n");
	int sem = eventfd(3, EFD_SEMAPHORE | EFD_NONBLOCK);
	rd(sem);
	rd(sem);
	rd(sem);
	rd(sem);

	printf("-- blocking read\n");
	pid_t pid = t_fork();
	if (pid == 0) {
		usleep(100000);
		uint64_t one = 42;
		write(fd, &one, 8);
		_exit(0);
	}
	rd(fd);
	printf("child: %s\n", t_wait(pid));

	printf("-- epoll, edge-triggered\n");
	int ep = epoll_create1(0);
	struct epoll_event ev = { .events = EPOLLIN | EPOLLOUT | EPOLLET, .data.u64 = 1 }, out[2];
	epoll_ctl(ep, EPOLL_CTL_ADD, nb, &ev);
	{
		int r = epoll_wait(ep, out, 2, 0);
		printf("first: %d %#x\n", r, r > 0 ? out[0].events : 0u);
	}
	printf("again: %d\n", epoll_wait(ep, out, 2, 0));
	wr(nb, 0);
	{
		int r = epoll_wait(ep, out, 2, 0);
		printf("after a write of 0: %d %#x\n", r, r > 0 ? out[0].events : 0u);
	}
	wr(nb, 2);
	{
		int r = epoll_wait(ep, out, 2, 0);
		printf("after a write of 2: %d %#x\n", r, r > 0 ? out[0].events : 0u);
	}
	rd(nb);
	{
		int r = epoll_wait(ep, out, 2, 0);
		printf("after a read: %d %#x\n", r, r > 0 ? out[0].events : 0u);
	}
	ev.events = EPOLLIN | EPOLLET;
	epoll_ctl(ep, EPOLL_CTL_MOD, nb, &ev);
	printf("in only, nothing: %d\n", epoll_wait(ep, out, 2, 0));
	wr(nb, 1);
	{
		int r = epoll_wait(ep, out, 2, 0);
		printf("in only, a write: %d %#x\n", r, r > 0 ? out[0].events : 0u);
	}
	rd(nb);
	printf("in only, a read: %d\n", epoll_wait(ep, out, 2, 0));
	return 0;
}
