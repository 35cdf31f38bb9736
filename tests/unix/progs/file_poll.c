/* SPDX-License-Identifier: BSD-2-Clause */
/* poll and select on pipes and files: readiness, hang-up, timeouts. */
#include "t.h"
#include <poll.h>
#include <sys/select.h>

int main(void)
{
	int fds[2], f;
	struct pollfd p[3];

	if (pipe(fds) != 0)
		t_die("pipe");
	p[0] = (struct pollfd){ .fd = fds[0], .events = POLLIN };
	p[1] = (struct pollfd){ .fd = fds[1], .events = POLLOUT };
	p[2] = (struct pollfd){ .fd = 99, .events = POLLIN };
	int n = poll(p, 3, 0);
	printf("poll: %d revents %#x %#x %#x\n", n, p[0].revents, p[1].revents, p[2].revents);
	T_YES(write(fds[1], "x", 1) == 1);
	n = poll(p, 1, 0);
	printf("poll: %d revents %#x\n", n, p[0].revents);
	close(fds[1]);
	n = poll(p, 1, 0);
	printf("after the writer closed: %d revents %#x\n", n, p[0].revents);
	struct timespec start = t_now();
	if (pipe(fds) != 0)
		t_die("pipe");
	p[0].fd = fds[0];
	printf("poll timeout: %d\n", poll(p, 1, 100));
	T_YES(t_ms(start) >= 100);
	fd_set r, w;
	FD_ZERO(&r);
	FD_ZERO(&w);
	FD_SET(fds[0], &r);
	FD_SET(fds[1], &w);
	struct timeval tv = { 0, 0 };
	n = select(fds[1] + 1, &r, &w, NULL, &tv);
	printf("select: %d read %d write %d\n", n, FD_ISSET(fds[0], &r), FD_ISSET(fds[1], &w));
	FD_ZERO(&r);
	FD_SET(fds[0], &r);
	tv.tv_usec = 100000;
	start = t_now();
	n = select(fds[0] + 1, &r, NULL, NULL, &tv);
	printf("select timeout: %d, waited >= 100ms %s\n", n, t_ms(start) >= 100 ? "yes" : "no");
	f = open("/dev/null", O_RDONLY);
	p[0] = (struct pollfd){ .fd = f, .events = POLLIN | POLLOUT };
	n = poll(p, 1, 0);
	printf("poll /dev/null: %d revents %#x\n", n, p[0].revents);
	FD_ZERO(&r);
	FD_SET(50, &r);
	T_CHECK(select(51, &r, NULL, NULL, &tv));
	T_CHECK(poll(p, 1, -2) >= 0 ? 0 : -1);
	return 0;
}
