/* SPDX-License-Identifier: BSD-2-Clause */
/* Closing watched files: an item goes when the last descriptor of its open
 * file description closes (not when one dup of it does); the same file
 * under two descriptors is two items; a forked child shares the instance. */
#include "t.h"
#include <sys/epoll.h>

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

int main(void)
{
	int p[2];
	struct epoll_event ev = { .events = EPOLLIN, .data.u64 = 1 };
	ep = epoll_create1(0);
	if (pipe(p))
		t_die("pipe");
	write(p[1], "x", 1);
	int d = dup(p[0]);
	T_CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev));
	ev.data.u64 = 2;
	T_CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, d, &ev));
	wait_print("two descriptors");
	close(p[0]);
	wait_print("one closed, the file lives");
	T_CHECK(epoll_ctl(ep, EPOLL_CTL_DEL, p[0], NULL));
	T_CHECK(epoll_ctl(ep, EPOLL_CTL_DEL, d, NULL));
	wait_print("the dup deleted");
	ev.data.u64 = 3;
	T_CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, d, &ev));
	close(d);
	wait_print("the last closed");
	if (pipe(p))
		t_die("pipe");
	printf("new pipe reuses the number: %s\n", p[0] == d || p[1] == d ? "yes" : "no");
	ev.data.u64 = 4;
	T_CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev));
	T_CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev));

	printf("-- the writer's close wakes the reader's item\n");
	ev.events = EPOLLIN | EPOLLET;
	T_CHECK(epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev));
	wait_print("empty");
	close(p[1]);
	wait_print("hang-up");
	wait_print("edge gone");

	printf("-- fork shares the instance\n");
	int q[2];
	if (pipe(q))
		t_die("pipe");
	ev = (struct epoll_event){ .events = EPOLLIN, .data.u64 = 5 };
	epoll_ctl(ep, EPOLL_CTL_ADD, q[0], &ev);
	pid_t pid = t_fork();
	if (pid == 0) {
		write(q[1], "c", 1);
		struct epoll_event e;
		_exit(epoll_wait(ep, &e, 1, 1000) == 1 && e.data.u64 == 5 ? 0 : 1);
	}
	printf("child: %s\n", t_wait(pid));
	wait_print("parent");
	close(q[0]);
	wait_print("parent closed its copy");
	close(ep);
	return 0;
}
