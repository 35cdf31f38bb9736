/* SPDX-License-Identifier: BSD-2-Clause */
/* timerfd_create, timerfd_settime, timerfd_gettime: one-shot and periodic
 * timers on the three clocks, TFD_TIMER_ABSTIME, the expiration count,
 * blocking and non-blocking reads, poll and epoll, and every error. */
#include "t.h"
#include <poll.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/timerfd.h>

static void rd(const char *what, int fd)
{
	uint64_t v = 0;
	ssize_t n = read(fd, &v, sizeof(v));
	if (n < 0)
		printf("%s: errno=%s\n", what, t_errname(errno));
	else
		printf("%s: %zd, count %s\n", what, n, v == 1 ? "1" : v > 1 ? ">1" : "0");
}

static struct itimerspec its(long vs, long vns, long is, long ins)
{
	return (struct itimerspec){ .it_value = { vs, vns }, .it_interval = { is, ins } };
}

int main(void)
{
	T_CHECK(timerfd_create(CLOCK_PROCESS_CPUTIME_ID, 0));
	T_CHECK(timerfd_create(5, 0));
	T_CHECK(timerfd_create(CLOCK_MONOTONIC, 1));
	T_CHECK(timerfd_create(-1, 0));
	int fd = timerfd_create(CLOCK_MONOTONIC, 0);
	int nb = timerfd_create(CLOCK_REALTIME, TFD_NONBLOCK | TFD_CLOEXEC);
	int bt = timerfd_create(CLOCK_BOOTTIME, TFD_NONBLOCK);
	T_YES(fd >= 0 && nb >= 0 && bt >= 0);
	T_YES(fcntl(nb, F_GETFD) == FD_CLOEXEC && fcntl(nb, F_GETFL) == (O_RDWR | O_NONBLOCK));
	struct itimerspec cur, old, t = its(0, 0, 0, 0);

	printf("-- errors\n");
	T_CHECK(timerfd_settime(fd, 4, &t, NULL));
	t = its(0, 1000000000, 0, 0);
	T_CHECK(timerfd_settime(fd, 0, &t, NULL));
	t = its(-1, 0, 0, 0);
	T_CHECK(timerfd_settime(fd, 0, &t, NULL));
	t = its(1, 0, 0, -1);
	T_CHECK(timerfd_settime(fd, 0, &t, NULL));
	t = its(1, 0, 0, 0);
	T_CHECK(timerfd_settime(99, 0, &t, NULL));
	T_CHECK(timerfd_settime(0, 0, &t, NULL));
	T_CHECK(timerfd_settime(fd, 0, NULL, NULL));
	T_CHECK(timerfd_settime(99, 4, NULL, NULL));
	T_CHECK(timerfd_gettime(99, &cur));
	T_CHECK(timerfd_gettime(0, &cur));
	T_CHECK(timerfd_gettime(fd, NULL));
	uint64_t v;
	T_CHECK(read(nb, &v, 4));
	T_CHECK(write(nb, &v, 8));

	printf("-- disarmed\n");
	T_CHECK(timerfd_gettime(fd, &cur));
	printf("value %ld.%09ld interval %ld.%09ld\n", (long)cur.it_value.tv_sec, cur.it_value.tv_nsec,
	       (long)cur.it_interval.tv_sec, cur.it_interval.tv_nsec);
	rd("read disarmed", nb);

	printf("-- one-shot\n");
	t = its(10, 0, 3, 500);
	T_CHECK(timerfd_settime(fd, 0, &t, NULL));
	T_CHECK(timerfd_gettime(fd, &cur));
	T_YES(cur.it_value.tv_sec == 9 || (cur.it_value.tv_sec == 10 && cur.it_value.tv_nsec == 0));
	printf("interval %ld.%09ld\n", (long)cur.it_interval.tv_sec, cur.it_interval.tv_nsec);
	t = its(0, 100000000, 0, 0);
	struct timespec start = t_now();
	T_CHECK(timerfd_settime(fd, 0, &t, &old));
	T_YES(old.it_value.tv_sec >= 8 && old.it_interval.tv_sec == 3 && old.it_interval.tv_nsec == 500);
	rd("blocking read", fd);
	T_YES(t_ms(start) >= 100);
	T_CHECK(timerfd_gettime(fd, &cur));
	printf("after: value %ld.%09ld\n", (long)cur.it_value.tv_sec, cur.it_value.tv_nsec);
	t = its(0, 1, 0, 0);
	T_CHECK(timerfd_settime(nb, 0, &t, NULL));
	usleep(20000);
	rd("expired", nb);
	rd("again", nb);

	printf("-- periodic\n");
	t = its(0, 50000000, 0, 50000000);
	T_CHECK(timerfd_settime(bt, 0, &t, NULL));
	usleep(230000);
	v = 0;
	read(bt, &v, 8);
	printf("count after 230ms of 50ms periods: >= 4 %s\n", v >= 4 ? "yes" : "no");
	rd("right after", bt);
	struct pollfd pf = { .fd = bt, .events = POLLIN | POLLOUT };
	{
		int r = poll(&pf, 1, 1000);
		printf("poll: %d %#x\n", r, r > 0 ? (unsigned)pf.revents : 0u);
	}
	rd("a period later", bt);
	t = its(0, 0, 0, 0);
	T_CHECK(timerfd_settime(bt, 0, &t, &old));
	T_YES(old.it_interval.tv_nsec == 50000000);
	usleep(60000);
	rd("disarmed again", bt);

	printf("-- a 1ns period\n");
	t = its(0, 1, 0, 1);
	T_CHECK(timerfd_settime(bt, 0, &t, NULL));
	usleep(50000);
	v = 0;
	read(bt, &v, 8);
	printf("count after 50ms: > 1000000 %s\n", v > 1000000 ? "yes" : "no");
	t = its(0, 0, 0, 0);
	T_CHECK(timerfd_settime(bt, 0, &t, NULL));

	printf("-- absolute\n");
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	t = its(now.tv_sec, now.tv_nsec, 0, 0);
	t.it_value.tv_nsec += 100000000;
	if (t.it_value.tv_nsec >= 1000000000)
		t.it_value.tv_sec++, t.it_value.tv_nsec -= 1000000000;
	T_CHECK(timerfd_settime(fd, TFD_TIMER_ABSTIME, &t, NULL));
	rd("monotonic absolute", fd);
	clock_gettime(CLOCK_MONOTONIC, &now);
	T_YES(now.tv_sec > t.it_value.tv_sec ||
	      (now.tv_sec == t.it_value.tv_sec && now.tv_nsec >= t.it_value.tv_nsec));
	clock_gettime(CLOCK_REALTIME, &now);
	t = its(now.tv_sec - 1, 0, 0, 0);
	T_CHECK(timerfd_settime(nb, TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET, &t, NULL));
	usleep(10000);
	rd("realtime in the past", nb);
	t = its(now.tv_sec + 100, 0, 0, 0);
	T_CHECK(timerfd_settime(nb, TFD_TIMER_ABSTIME, &t, NULL));
	T_CHECK(timerfd_gettime(nb, &cur));
	T_YES(cur.it_value.tv_sec >= 98 && cur.it_value.tv_sec <= 100);

	printf("-- epoll\n");
	int ep = epoll_create1(0);
	struct epoll_event ev = { .events = EPOLLIN | EPOLLET, .data.u64 = 5 }, out[2];
	epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
	t = its(0, 50000000, 0, 0);
	timerfd_settime(fd, 0, &t, NULL);
	printf("before: %d\n", epoll_wait(ep, out, 2, 0));
	int n = epoll_wait(ep, out, 2, 2000);
	printf("expiry: %d data %llu %#x\n", n, (unsigned long long)out[0].data.u64, out[0].events);
	printf("edge once: %d\n", epoll_wait(ep, out, 2, 0));
	rd("read", fd);
	return 0;
}
