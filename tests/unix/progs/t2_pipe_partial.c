/* SPDX-License-Identifier: BSD-2-Clause */
/* Non-blocking pipe writes: a write of at most PIPE_BUF bytes is all or
 * EAGAIN, a bigger one writes what fits; EPIPE (and SIGPIPE) without readers. */
#include "t.h"
#include <limits.h>

int main(void)
{
	int fds[2];
	static char buf[70000];

	if (pipe2(fds, O_NONBLOCK) != 0)
		t_die("pipe2");
	printf("big write %zd\n", write(fds[1], buf, sizeof buf));
	T_CHECK(write(fds[1], buf, 1));
	T_YES(read(fds[0], buf, 100) == 100);
	/* 100 bytes free, but no whole page: Linux needs a free slot */
	T_CHECK(write(fds[1], buf, 50));
	T_YES(read(fds[0], buf, 4096 - 100) == 4096 - 100);
	printf("write PIPE_BUF %zd\n", write(fds[1], buf, PIPE_BUF));
	printf("write 2*PIPE_BUF %zd\n", write(fds[1], buf, 2 * PIPE_BUF));
	close(fds[0]);
	signal(SIGPIPE, SIG_IGN);
	T_CHECK(write(fds[1], buf, 1));
	pid_t pid = t_fork();
	if (pid == 0) {
		signal(SIGPIPE, SIG_DFL);
		write(fds[1], buf, 1);
		_exit(0);
	}
	printf("child %s\n", t_wait(pid));
	return 0;
}
