/* SPDX-License-Identifier: BSD-2-Clause */
/* epoll_create, epoll_create1 and epoll_ctl: each operation and each error
 * in Linux's order (EBADF, EPERM, EINVAL, EEXIST, ENOENT, EFAULT). */
#include "t.h"
#include <sys/epoll.h>

static int ctl(int ep, int op, int fd, unsigned events)
{
	struct epoll_event ev = { .events = events, .data.u64 = 7 };
	return epoll_ctl(ep, op, fd, &ev);
}

int main(void)
{
	int p[2], ep, reg;
	T_CHECK(epoll_create(0));
	T_CHECK(epoll_create(-1));
	T_CHECK(syscall(SYS_epoll_create, 0));
	T_CHECK(syscall(SYS_epoll_create, -1));
	T_CHECK(epoll_create1(1));
	T_CHECK(epoll_create1(EPOLL_NONBLOCK));
	T_CHECK(ep = epoll_create(1));
	T_YES(fcntl(ep, F_GETFD) == 0);
	T_YES((fcntl(ep, F_GETFL) & O_ACCMODE) == O_RDWR);
	int ep2 = epoll_create1(EPOLL_CLOEXEC);
	T_YES(fcntl(ep2, F_GETFD) == FD_CLOEXEC);
	if (pipe(p))
		t_die("pipe");
	T_CHECK((reg = open("/tmp/ev_epoll_ctl", O_CREAT | O_RDWR | O_TRUNC, 0600)) >= 0 ? 0 : -1);

	printf("-- add\n");
	T_CHECK(ctl(ep, EPOLL_CTL_ADD, p[0], EPOLLIN));
	T_CHECK(ctl(ep, EPOLL_CTL_ADD, p[0], EPOLLIN));
	T_CHECK(ctl(ep, EPOLL_CTL_ADD, p[1], EPOLLOUT | EPOLLET));
	T_CHECK(ctl(ep, EPOLL_CTL_ADD, reg, EPOLLIN));
	T_CHECK(ctl(ep, EPOLL_CTL_ADD, 99, EPOLLIN));
	T_CHECK(ctl(99, EPOLL_CTL_ADD, p[0], EPOLLIN));
	T_CHECK(ctl(-1, EPOLL_CTL_ADD, p[0], EPOLLIN));
	T_CHECK(ctl(p[0], EPOLL_CTL_ADD, p[1], EPOLLIN));
	T_CHECK(ctl(ep, EPOLL_CTL_ADD, ep, EPOLLIN));
	T_CHECK(ctl(reg, EPOLL_CTL_ADD, reg, EPOLLIN));
	int dn = open("/dev/null", O_RDWR);
	T_CHECK(ctl(ep, EPOLL_CTL_ADD, dn, EPOLLIN));
	T_CHECK(ctl(ep, EPOLL_CTL_ADD, 0, EPOLLIN));
	T_CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], NULL));
	T_CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], (struct epoll_event *)1));

	printf("-- exclusive\n");
	int q[2];
	if (pipe(q))
		t_die("pipe");
	T_CHECK(ctl(ep, EPOLL_CTL_ADD, q[0], EPOLLIN | EPOLLEXCLUSIVE | EPOLLONESHOT));
	T_CHECK(ctl(ep, EPOLL_CTL_ADD, q[0], EPOLLIN | EPOLLEXCLUSIVE | EPOLLRDHUP));
	T_CHECK(ctl(ep, EPOLL_CTL_ADD, ep2, EPOLLIN | EPOLLEXCLUSIVE));
	T_CHECK(ctl(ep, EPOLL_CTL_ADD, q[0], EPOLLIN | EPOLLEXCLUSIVE | EPOLLET));
	T_CHECK(ctl(ep, EPOLL_CTL_MOD, q[0], EPOLLIN));
	T_CHECK(ctl(ep, EPOLL_CTL_MOD, p[0], EPOLLIN | EPOLLEXCLUSIVE));
	T_CHECK(ctl(ep, EPOLL_CTL_DEL, q[0], EPOLLIN | EPOLLEXCLUSIVE));

	printf("-- mod and del\n");
	T_CHECK(ctl(ep, EPOLL_CTL_MOD, p[0], EPOLLIN | EPOLLOUT));
	T_CHECK(ctl(ep, EPOLL_CTL_MOD, q[1], EPOLLOUT));
	T_CHECK(ctl(ep, EPOLL_CTL_DEL, q[1], 0));
	T_CHECK(epoll_ctl(ep, EPOLL_CTL_DEL, p[1], NULL));
	T_CHECK(epoll_ctl(ep, EPOLL_CTL_DEL, p[1], NULL));
	T_CHECK(epoll_ctl(ep, EPOLL_CTL_MOD, p[0], NULL));
	T_CHECK(ctl(ep, 0, p[0], EPOLLIN));
	T_CHECK(ctl(ep, 4, p[0], EPOLLIN));
	T_CHECK(epoll_ctl(ep, 4, p[0], NULL));
	T_CHECK(ctl(ep, 4, reg, EPOLLIN));
	T_CHECK(ctl(ep, 4, 99, EPOLLIN));

	printf("-- wait errors\n");
	struct epoll_event evs[4];
	T_CHECK(epoll_wait(ep, evs, 0, 0));
	T_CHECK(epoll_wait(ep, evs, -1, 0));
	T_CHECK(epoll_wait(ep, evs, 200000000, 0));
	T_CHECK(epoll_wait(99, evs, 4, 0));
	T_CHECK(epoll_wait(p[0], evs, 4, 0));
	T_CHECK(epoll_wait(ep, (struct epoll_event *)0x7ffffffff000ull, 4, 0));
	T_CHECK(epoll_wait(ep, NULL, 4, 0));
	T_CHECK(write(p[1], "x", 1));
	T_CHECK(epoll_wait(ep, NULL, 4, 0));
	T_CHECK(epoll_wait(ep, evs, 4, 0));
	printf("events %#x data %llu\n", evs[0].events, (unsigned long long)evs[0].data.u64);
	char c;
	T_CHECK(read(ep, &c, 1));
	T_CHECK(write(ep, &c, 1));
	T_CHECK(close(ep));
	T_CHECK(close(ep2));
	unlink("/tmp/ev_epoll_ctl");
	return 0;
}
