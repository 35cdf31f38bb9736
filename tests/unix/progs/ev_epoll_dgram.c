/* SPDX-License-Identifier: BSD-2-Clause */
/* epoll over an AF_UNIX datagram pair, edge-triggered: a receive wakes
 * only writers waiting for room (Linux's peer_wait), so it is no new edge
 * for the reader. */
#include "t.h"
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/un.h>

static int ep;

static void wait_print(const char *what)
{
	struct epoll_event evs[4];
	int n = epoll_wait(ep, evs, 4, 0);
	printf("%s: %d", what, n);
	for (int i = 0; i < n; i++)
		printf(" [%llu %#x]", (unsigned long long)evs[i].data.u64, evs[i].events);
	printf("\n");
}

static void add(int fd, unsigned events, unsigned long long data)
{
	struct epoll_event ev = { .events = events, .data.u64 = data };
	if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev))
		printf("add: errno=%s\n", t_errname(errno));
}

int main(void)
{
	int sv[2];
	char buf[16];
	ep = epoll_create1(0);
	if (socketpair(AF_UNIX, SOCK_DGRAM, 0, sv))
		t_die("socketpair");
	add(sv[0], EPOLLIN | EPOLLET, 4);
	send(sv[1], "x", 1, 0);
	send(sv[1], "y", 1, 0);
	wait_print("two datagrams");
	recv(sv[0], buf, sizeof(buf), 0);
	wait_print("one taken");
	send(sv[1], "z", 1, 0);
	wait_print("another");
	return 0;
}
