/* SPDX-License-Identifier: BSD-2-Clause */
/* Read end: EOF only when every write end is closed (dups and children
 * included). Write end without readers: SIGPIPE kills, or EPIPE when
 * SIGPIPE is ignored or caught. */
#include "t.h"

static volatile int got_pipe;

static void on_pipe(int sig)
{
	(void)sig;
	got_pipe++;
}

int main(void)
{
	int fds[2], d;
	char c;

	if (pipe(fds) != 0)
		t_die("pipe");
	d = dup(fds[1]);
	close(fds[1]);
	fcntl(fds[0], F_SETFL, O_NONBLOCK);
	T_CHECK(read(fds[0], &c, 1));
	close(d);
	T_CHECK(read(fds[0], &c, 1));
	printf("EOF read returns %zd\n", read(fds[0], &c, 1));

	if (pipe(fds) != 0)
		t_die("pipe");
	close(fds[0]);
	pid_t pid = t_fork();
	if (pid == 0) {
		if (write(fds[1], "x", 1) < 0)
			_exit(1);
		_exit(0);
	}
	printf("writer without reader: %s\n", t_wait(pid));
	signal(SIGPIPE, SIG_IGN);
	T_CHECK(write(fds[1], "x", 1));
	signal(SIGPIPE, on_pipe);
	T_CHECK(write(fds[1], "x", 1));
	printf("handler ran %d\n", got_pipe);
	signal(SIGPIPE, SIG_DFL);
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, SIGPIPE);
	sigprocmask(SIG_BLOCK, &s, NULL);
	T_CHECK(write(fds[1], "x", 1));
	sigpending(&s);
	printf("SIGPIPE pending while blocked: %s\n", sigismember(&s, SIGPIPE) ? "yes" : "no");
	signal(SIGPIPE, SIG_IGN);
	return 0;
}
