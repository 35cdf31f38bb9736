/* SPDX-License-Identifier: BSD-2-Clause */
/* epoll over AF_UNIX sockets: a stream pair level- and edge-triggered,
 * EPOLLRDHUP after the peer's shutdown, hang-up after its close, a
 * listening socket ready when a connection comes. */
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
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv))
		t_die("socketpair");
	add(sv[0], EPOLLIN | EPOLLRDHUP | EPOLLET, 1);
	add(sv[1], EPOLLOUT, 2);
	wait_print("start");
	write(sv[1], "ab", 2);
	wait_print("data");
	wait_print("edge once");
	write(sv[1], "c", 1);
	wait_print("more data");
	read(sv[0], buf, sizeof(buf));
	shutdown(sv[1], SHUT_WR);
	wait_print("peer shut down its writing");
	close(sv[1]);
	wait_print("peer closed");
	close(sv[0]);

	printf("-- listening\n");
	int l = socket(AF_UNIX, SOCK_STREAM, 0);
	struct sockaddr_un a = { .sun_family = AF_UNIX, .sun_path = "/tmp/ev_epoll_socket" };
	unlink(a.sun_path);
	T_CHECK(bind(l, (struct sockaddr *)&a, sizeof(a)));
	T_CHECK(listen(l, 4));
	add(l, EPOLLIN, 3);
	wait_print("no one yet");
	int c = socket(AF_UNIX, SOCK_STREAM, 0);
	T_CHECK(connect(c, (struct sockaddr *)&a, sizeof(a)));
	wait_print("a connection");
	int s = accept(l, NULL, NULL);
	wait_print("accepted");
	close(s);
	close(c);
	close(l);
	unlink(a.sun_path);

	return 0;
}
