/* SPDX-License-Identifier: BSD-2-Clause */
/* epoll_wait's reports: level-triggered items report while ready,
 * edge-triggered ones once per wake-up of their file (every pipe write),
 * EPOLLONESHOT until EPOLL_CTL_MOD re-arms; an edge-triggered writer (a
 * read wakes writers only when the pipe was full); hang-up and error bits; the
 * order of several ready items and maxevents smaller than the ready list. */
#include "t.h"
#include <sys/epoll.h>

static int ep;

static void add(int fd, unsigned events, unsigned long long data)
{
	struct epoll_event ev = { .events = events, .data.u64 = data };
	if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev))
		t_die("epoll_ctl");
}

static void wait_print(const char *what, int max)
{
	struct epoll_event evs[8];
	int n = epoll_wait(ep, evs, max, 0);
	printf("%s: %d", what, n);
	for (int i = 0; i < n; i++)
		printf(" [%llu %#x]", (unsigned long long)evs[i].data.u64, evs[i].events);
	printf("\n");
}

int main(void)
{
	int a[2], b[2], c[2];
	char buf[16];
	if (pipe(a) || pipe(b) || pipe(c))
		t_die("pipe");
	ep = epoll_create1(0);

	printf("-- level\n");
	add(a[0], EPOLLIN, 1);
	wait_print("empty", 8);
	write(a[1], "xy", 2);
	wait_print("data", 8);
	wait_print("still", 8);
	read(a[0], buf, 1);
	wait_print("one byte left", 8);
	read(a[0], buf, 1);
	wait_print("drained", 8);

	printf("-- edge\n");
	add(b[0], EPOLLIN | EPOLLET, 2);
	write(b[1], "x", 1);
	wait_print("first write", 8);
	wait_print("again", 8);
	write(b[1], "y", 1);
	wait_print("second write", 8);
	read(b[0], buf, 1);
	wait_print("after a partial read", 8);
	read(b[0], buf, 1);
	wait_print("drained", 8);

	printf("-- oneshot\n");
	add(c[0], EPOLLIN | EPOLLONESHOT, 3);
	write(c[1], "x", 1);
	wait_print("first", 8);
	write(c[1], "y", 1);
	wait_print("disabled", 8);
	struct epoll_event ev = { .events = EPOLLIN | EPOLLONESHOT, .data.u64 = 33 };
	T_CHECK(epoll_ctl(ep, EPOLL_CTL_MOD, c[0], &ev));
	wait_print("re-armed", 8);
	wait_print("disabled again", 8);
	T_CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, c[0], &ev));
	ev.events = EPOLLIN;
	T_CHECK(epoll_ctl(ep, EPOLL_CTL_MOD, c[0], &ev));
	wait_print("level again", 8);
	read(c[0], buf, 2);

	printf("-- order and maxevents\n");
	write(c[1], "z", 1);
	write(a[1], "z", 1);
	write(b[1], "z", 1);
	wait_print("three", 8);
	wait_print("level ones", 1);
	wait_print("level ones", 1);
	wait_print("level ones", 8);
	read(a[0], buf, 1);
	read(b[0], buf, 1);
	read(c[0], buf, 1);

	printf("-- edge-triggered writer\n");
	int w[2];
	static char page[4096];
	if (pipe(w))
		t_die("pipe");
	fcntl(w[1], F_SETFL, O_NONBLOCK);
	add(w[1], EPOLLOUT | EPOLLET, 8);
	wait_print("writable", 8);
	wait_print("once", 8);
	write(w[1], "x", 1);
	read(w[0], buf, 1);
	wait_print("a read of a pipe not full", 8);
	int pages = 0;
	while (write(w[1], page, sizeof(page)) == (ssize_t)sizeof(page))
		pages++;
	printf("pages until full: %d\n", pages);
	wait_print("full", 8);
	read(w[0], buf, 1);
	wait_print("one byte read", 8);
	read(w[0], page, sizeof(page) - 1);
	wait_print("a page freed", 8);
	read(w[0], page, sizeof(page));
	wait_print("another", 8);

	printf("-- hang-up and error\n");
	int d[2];
	if (pipe(d))
		t_die("pipe");
	add(d[0], EPOLLIN | EPOLLRDHUP, 4);
	add(d[1], EPOLLOUT, 5);
	wait_print("write end ready", 8);
	close(d[1]);
	wait_print("writer gone", 8);
	int e[2];
	if (pipe(e))
		t_die("pipe");
	add(e[1], 0, 6);
	wait_print("no events asked", 8);
	close(e[0]);
	wait_print("reader gone", 8);
	return 0;
}
