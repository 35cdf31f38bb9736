/* SPDX-License-Identifier: BSD-2-Clause */
/* epoll_wait that waits: a timeout, a wake-up by another process's write,
 * a signal (EINTR even with SA_RESTART), a stop and continue (EINTR),
 * epoll_pwait's mask (the signal it blocks is delivered once the call
 * returns; ppoll's too) and epoll_pwait2. */
#include "t.h"
#include <poll.h>
#include <sys/epoll.h>

static volatile int got;
static void on_sig(int sig) { (void)sig; got++; }

int main(void)
{
	int p[2], ep = epoll_create1(0);
	struct epoll_event ev = { .events = EPOLLIN, .data.u64 = 9 }, out[2];
	if (pipe(p))
		t_die("pipe");
	epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev);

	struct timespec start = t_now();
	printf("timeout: %d\n", epoll_wait(ep, out, 2, 100));
	T_YES(t_ms(start) >= 100);

	pid_t pid = t_fork();
	if (pid == 0) {
		usleep(100000);
		write(p[1], "x", 1);
		_exit(0);
	}
	int n = epoll_wait(ep, out, 2, -1);
	printf("woken by the child: %d data %llu events %#x\n", n, (unsigned long long)out[0].data.u64,
	       out[0].events);
	printf("child: %s\n", t_wait(pid));
	char c;
	read(p[0], &c, 1);

	struct sigaction sa = { .sa_handler = on_sig, .sa_flags = SA_RESTART };
	sigaction(SIGALRM, &sa, NULL);
	sigaction(SIGUSR1, &sa, NULL);
	alarm(1);
	T_CHECK(epoll_wait(ep, out, 2, -1));
	printf("handler ran: %d\n", got);

	printf("-- epoll_pwait\n");
	sigset_t block, old;
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	T_CHECK(epoll_pwait(ep, out, 2, 0, &block));
	T_CHECK(syscall(SYS_epoll_pwait, ep, out, 2, 0, &block, 4));
	T_CHECK(syscall(SYS_epoll_pwait, ep, out, 2, 0, (void *)1, 8));
	T_CHECK(syscall(SYS_epoll_pwait, 99, out, 2, 0, &block, 4));
	got = 0;
	pid = t_fork();
	if (pid == 0) {
		usleep(100000);
		kill(getppid(), SIGUSR1);
		usleep(100000);
		write(p[1], "y", 1);
		_exit(0);
	}
	n = epoll_pwait(ep, out, 2, -1, &block);
	printf("epoll_pwait: %d, handler ran on return: %d\n", n, got);
	printf("child: %s\n", t_wait(pid));
	read(p[0], &c, 1);
	sigprocmask(SIG_BLOCK, NULL, &old);
	printf("mask restored: %s\n", sigismember(&old, SIGUSR1) ? "no" : "yes");

	printf("-- ppoll, the same way\n");
	got = 0;
	pid = t_fork();
	if (pid == 0) {
		usleep(100000);
		kill(getppid(), SIGUSR1);
		usleep(100000);
		write(p[1], "y", 1);
		_exit(0);
	}
	struct pollfd pf = { .fd = p[0], .events = POLLIN };
	n = ppoll(&pf, 1, NULL, &block);
	printf("ppoll: %d, handler ran on return: %d\n", n, got);
	printf("child: %s\n", t_wait(pid));
	read(p[0], &c, 1);

	printf("-- stopped and continued\n");
	int hs[2];
	if (pipe(hs))
		t_die("pipe");
	pid = t_fork();
	if (pid == 0) {
		write(hs[1], "r", 1);
		int r = epoll_wait(ep, out, 2, -1);
		printf("child's epoll_wait: %s\n", r < 0 ? t_errname(errno) : "events");
		_exit(0);
	}
	read(hs[0], &c, 1);
	usleep(200000);
	kill(pid, SIGSTOP);
	usleep(100000);
	kill(pid, SIGCONT);
	printf("child: %s\n", t_wait(pid));

	printf("-- epoll_pwait2\n");
	struct timespec ts = { 0, 100000000 };
	start = t_now();
	T_CHECK(syscall(441, ep, out, 2, &ts, NULL, 8));
	T_YES(t_ms(start) >= 100);
	ts.tv_nsec = 1000000000;
	T_CHECK(syscall(441, ep, out, 2, &ts, NULL, 8));
	ts = (struct timespec){ -1, 0 };
	T_CHECK(syscall(441, ep, out, 2, &ts, NULL, 8));
	T_CHECK(syscall(441, ep, out, 2, (void *)1, NULL, 8));
	write(p[1], "z", 1);
	T_CHECK(syscall(441, ep, out, 2, NULL, &block, 8));
	ts = (struct timespec){ 0, 0 };
	T_CHECK(syscall(441, ep, out, 2, &ts, NULL, 8));
	return 0;
}
