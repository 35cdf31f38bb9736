/* SPDX-License-Identifier: BSD-2-Clause */
/* Every call that makes a descriptor says EMFILE at RLIMIT_NOFILE and
 * leaves nothing behind; select sees eventfd, timerfd and signalfd. */
#include "t.h"
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>

int main(void)
{
	sigset_t m;
	sigemptyset(&m);
	sigaddset(&m, SIGUSR1);
	sigprocmask(SIG_BLOCK, &m, NULL);
	int e = eventfd(1, 0), t = timerfd_create(CLOCK_MONOTONIC, 0), s = signalfd(-1, &m, 0);
	struct itimerspec its = { .it_value = { 0, 1 } };
	timerfd_settime(t, 0, &its, NULL);
	usleep(10000);
	kill(getpid(), SIGUSR1);
	fd_set r, w;
	FD_ZERO(&r);
	FD_ZERO(&w);
	FD_SET(e, &r);
	FD_SET(t, &r);
	FD_SET(s, &r);
	FD_SET(e, &w);
	FD_SET(t, &w);
	FD_SET(s, &w);
	struct timeval tv = { 1, 0 };
	int n = select(s + 1, &r, &w, NULL, &tv);
	printf("select: %d, read e %d t %d s %d, write e %d t %d s %d\n", n, FD_ISSET(e, &r),
	       FD_ISSET(t, &r), FD_ISSET(s, &r), FD_ISSET(e, &w), FD_ISSET(t, &w), FD_ISSET(s, &w));

	struct rlimit rl = { 4, 4 };
	T_CHECK(setrlimit(RLIMIT_NOFILE, &rl));
	T_CHECK(epoll_create1(0));
	T_CHECK(epoll_create(1));
	T_CHECK(eventfd(0, 0));
	T_CHECK(timerfd_create(CLOCK_MONOTONIC, 0));
	T_CHECK(signalfd(-1, &m, 0));
	T_CHECK(signalfd(s, &m, 0));
	close(e);
	T_CHECK(eventfd(0, 0));
	return 0;
}
