/* SPDX-License-Identifier: BSD-2-Clause */
/* An epoll instance inside another: readiness goes up the chain (EPOLLIN),
 * poll() and select() see an epoll fd, edge-triggered outer items; loops
 * and chains deeper than Linux's limit are ELOOP. */
#include "t.h"
#include <poll.h>
#include <sys/epoll.h>

static int add(int ep, int fd, unsigned events, unsigned long long data)
{
	struct epoll_event ev = { .events = events, .data.u64 = data };
	return epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
}

static void wait_print(const char *what, int ep)
{
	struct epoll_event evs[4];
	int n = epoll_wait(ep, evs, 4, 0);
	printf("%s: %d", what, n);
	for (int i = 0; i < n; i++)
		printf(" [%llu %#x]", (unsigned long long)evs[i].data.u64, evs[i].events);
	printf("\n");
}

int main(void)
{
	int p[2], outer = epoll_create1(0), inner = epoll_create1(0);
	char c;
	if (pipe(p))
		t_die("pipe");
	T_CHECK(add(inner, p[0], EPOLLIN, 1));
	T_CHECK(add(outer, inner, EPOLLIN | EPOLLOUT, 2));
	T_CHECK(add(outer, inner, EPOLLIN, 2));
	T_CHECK(add(inner, outer, EPOLLIN, 3));
	wait_print("nothing", outer);
	struct pollfd pf = { .fd = inner, .events = POLLIN | POLLOUT };
	{
		int r = poll(&pf, 1, 0);
		printf("poll inner: %d %#x\n", r, r > 0 ? (unsigned)pf.revents : 0u);
	}
	write(p[1], "x", 1);
	wait_print("outer", outer);
	{
		int r = poll(&pf, 1, 0);
		printf("poll inner: %d %#x\n", r, r > 0 ? (unsigned)pf.revents : 0u);
	}
	wait_print("inner", inner);
	wait_print("outer again", outer);
	read(p[0], &c, 1);
	wait_print("outer drained", outer);
	{
		int r = poll(&pf, 1, 0);
		printf("poll inner: %d %#x\n", r, r > 0 ? (unsigned)pf.revents : 0u);
	}

	printf("-- edge-triggered outer\n");
	int o2 = epoll_create1(0);
	T_CHECK(add(o2, inner, EPOLLIN | EPOLLET, 4));
	write(p[1], "x", 1);
	wait_print("o2", o2);
	wait_print("o2 again", o2);
	write(p[1], "y", 1);
	wait_print("o2 after a write", o2);
	read(p[0], &c, 1);
	read(p[0], &c, 1);

	printf("-- loops and depth\n");
	int e[8];
	for (int i = 0; i < 8; i++)
		e[i] = epoll_create1(0);
	for (int i = 6; i >= 0; i--)
		printf("add e%d into e%d: %s\n", i + 1, i, add(e[i], e[i + 1], EPOLLIN, 0) ? t_errname(errno) : "ok");
	T_CHECK(add(e[7], e[0], EPOLLIN, 0));
	T_CHECK(add(e[5], e[2], EPOLLIN, 0));
	int f[3];
	for (int i = 0; i < 3; i++)
		f[i] = epoll_create1(0);
	T_CHECK(add(f[0], f[1], EPOLLIN, 0));
	T_CHECK(add(f[1], f[2], EPOLLIN, 0));
	T_CHECK(add(f[2], f[0], EPOLLIN, 0));
	T_CHECK(add(f[0], f[2], EPOLLIN, 0));
	return 0;
}
