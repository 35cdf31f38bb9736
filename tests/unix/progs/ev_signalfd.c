/* SPDX-License-Identifier: BSD-2-Clause */
/* signalfd and signalfd4: reading blocked pending signals with their
 * siginfo (kill, sigqueue, a child's exit), several per read, the mask
 * replaced, SIGKILL/SIGSTOP left out, blocking reads, poll and epoll,
 * and every error. */
#include "t.h"
#include <poll.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>

static void rd(const char *what, int fd, size_t size)
{
	struct signalfd_siginfo si[4];
	memset(si, 0, sizeof(si));
	ssize_t n = read(fd, si, size);
	if (n < 0) {
		printf("%s: errno=%s\n", what, t_errname(errno));
		return;
	}
	printf("%s: %zd bytes", what, n);
	for (ssize_t i = 0; i < n / (ssize_t)sizeof(si[0]); i++)
		printf(" [%s code %d pid-is-me %s uid %u int %d]", t_signame((int)si[i].ssi_signo),
		       si[i].ssi_code, si[i].ssi_pid == (uint32_t)getpid() ? "yes" : "no", si[i].ssi_uid,
		       si[i].ssi_int);
	printf("\n");
}

int main(void)
{
	sigset_t m;
	sigemptyset(&m);
	sigaddset(&m, SIGUSR1);
	sigaddset(&m, SIGUSR2);
	sigaddset(&m, SIGRTMIN);
	sigprocmask(SIG_BLOCK, &m, NULL);

	printf("-- errors\n");
	T_CHECK(syscall(SYS_signalfd4, -1, &m, 4, 0));
	T_CHECK(syscall(SYS_signalfd4, -1, NULL, 8, 0));
	T_CHECK(syscall(SYS_signalfd4, -1, &m, 8, 1));
	T_CHECK(syscall(SYS_signalfd4, 99, &m, 8, 0));
	T_CHECK(syscall(SYS_signalfd4, -2, &m, 8, 0));
	T_CHECK(syscall(SYS_signalfd4, 0, &m, 8, 0));
	int fd = signalfd(-1, &m, SFD_NONBLOCK);
	T_YES(fd >= 0 && fcntl(fd, F_GETFL) == (O_RDWR | O_NONBLOCK) && fcntl(fd, F_GETFD) == 0);
	T_CHECK(read(fd, &m, 8));
	T_CHECK(write(fd, &m, 8));
	rd("nothing pending", fd, 128);

	printf("-- reading\n");
	kill(getpid(), SIGUSR2);
	kill(getpid(), SIGUSR1);
	union sigval sv = { .sival_int = 77 };
	sigqueue(getpid(), SIGRTMIN, sv);
	sv.sival_int = 78;
	sigqueue(getpid(), SIGRTMIN, sv);
	struct pollfd pf = { .fd = fd, .events = POLLIN | POLLOUT };
	{
		int r = poll(&pf, 1, 0);
		printf("poll: %d %#x\n", r, r > 0 ? (unsigned)pf.revents : 0u);
	}
	rd("one of four", fd, 200);
	rd("the rest", fd, sizeof(struct signalfd_siginfo) * 4);
	{
		int r = poll(&pf, 1, 0);
		printf("poll: %d %#x\n", r, r > 0 ? (unsigned)pf.revents : 0u);
	}
	sigset_t pend;
	sigpending(&pend);
	printf("still pending: %s\n", sigismember(&pend, SIGUSR1) ? "yes" : "no");

	printf("-- mask replaced, KILL and STOP left out\n");
	sigset_t only2;
	sigemptyset(&only2);
	sigaddset(&only2, SIGUSR2);
	sigaddset(&only2, SIGKILL);
	sigaddset(&only2, SIGSTOP);
	T_YES(signalfd(fd, &only2, 0) == fd);
	kill(getpid(), SIGUSR1);
	rd("USR1 not in the mask", fd, 128);
	sigpending(&pend);
	printf("USR1 pending: %s\n", sigismember(&pend, SIGUSR1) ? "yes" : "no");
	T_YES(signalfd(fd, &m, 0) == fd);
	rd("mask back", fd, 128);

	printf("-- blocking read, a child's signal\n");
	int bl = signalfd(-1, &m, SFD_CLOEXEC);
	T_YES(fcntl(bl, F_GETFD) == FD_CLOEXEC);
	pid_t pid = t_fork();
	if (pid == 0) {
		usleep(100000);
		kill(getppid(), SIGUSR2);
		_exit(0);
	}
	struct signalfd_siginfo si;
	ssize_t n = read(bl, &si, sizeof(si));
	printf("read: %zd %s code %d from the child %s\n", n, t_signame((int)si.ssi_signo), si.ssi_code,
	       si.ssi_pid == (uint32_t)pid ? "yes" : "no");
	printf("child: %s\n", t_wait(pid));

	printf("-- SIGCHLD\n");
	sigset_t c;
	sigemptyset(&c);
	sigaddset(&c, SIGCHLD);
	sigprocmask(SIG_BLOCK, &c, NULL);
	int cf = signalfd(-1, &c, 0);
	pid = t_fork();
	if (pid == 0)
		_exit(3);
	n = read(cf, &si, sizeof(si));
	printf("read: %zd %s code %d status %d pid %s\n", n, t_signame((int)si.ssi_signo), si.ssi_code,
	       si.ssi_status, si.ssi_pid == (uint32_t)pid ? "yes" : "no");
	printf("child: %s\n", t_wait(pid));

	printf("-- epoll\n");
	int ep = epoll_create1(0);
	struct epoll_event ev = { .events = EPOLLIN | EPOLLET, .data.u64 = 8 }, out[2];
	epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
	printf("nothing: %d\n", epoll_wait(ep, out, 2, 0));
	kill(getpid(), SIGUSR1);
	{
		int r = epoll_wait(ep, out, 2, 0);
		printf("a signal: %d %#x\n", r, r > 0 ? out[0].events : 0u);
	}
	printf("edge once: %d\n", epoll_wait(ep, out, 2, 0));
	kill(getpid(), SIGUSR2);
	{
		int r = epoll_wait(ep, out, 2, 0);
		printf("another: %d %#x\n", r, r > 0 ? out[0].events : 0u);
	}
	rd("both", fd, 512);
	pid = t_fork();
	if (pid == 0) {
		usleep(100000);
		kill(getppid(), SIGUSR1);
		_exit(0);
	}
	{
		int r = epoll_wait(ep, out, 2, 5000);
		printf("waited: %d %#x\n", r, r > 0 ? out[0].events : 0u);
	}
	printf("child: %s\n", t_wait(pid));
	rd("it", fd, 128);
	return 0;
}
