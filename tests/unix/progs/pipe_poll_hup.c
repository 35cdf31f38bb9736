/* SPDX-License-Identifier: BSD-2-Clause */
/* poll's view of a pipe whose other end closed: POLLHUP (with POLLIN
 * while data remains) on the read end, POLLERR on the write end. */
#include "t.h"
#include <poll.h>

static void show(const char *what, int fd, short events)
{
	struct pollfd p = { .fd = fd, .events = events };
	int n = poll(&p, 1, 0);

	printf("%s: %d POLLIN %d POLLOUT %d POLLHUP %d POLLERR %d\n", what, n, !!(p.revents & POLLIN),
	       !!(p.revents & POLLOUT), !!(p.revents & POLLHUP), !!(p.revents & POLLERR));
}

int main(void)
{
	int fds[2];
	char c;

	if (pipe(fds) != 0)
		t_die("pipe");
	show("empty read end", fds[0], POLLIN);
	show("empty write end", fds[1], POLLOUT);
	if (write(fds[1], "x", 1) != 1)
		t_die("write");
	close(fds[1]);
	show("data and hang-up", fds[0], POLLIN);
	if (read(fds[0], &c, 1) != 1)
		t_die("read");
	show("hang-up only", fds[0], POLLIN);
	if (pipe(fds) != 0)
		t_die("pipe");
	close(fds[0]);
	show("write end without reader", fds[1], POLLOUT);
	return 0;
}
