/* SPDX-License-Identifier: BSD-2-Clause */
/* Threads and waiting on many things: a thread blocked in epoll_wait is
 * woken by another thread's epoll_ctl of a ready file and by its write to
 * an eventfd; closing the epoll fd's other descriptor does not disturb it;
 * a signalfd reads the signals sent to the reading thread (tgkill) and
 * not those sent to another thread. */
#include "t.h"
#include <pthread.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>

static int ep, efd, sfd;
static pid_t main_tid;

static void *adder(void *arg)
{
	(void)arg;
	usleep(100000);
	struct epoll_event ev = { .events = EPOLLIN, .data.u64 = 1 };
	epoll_ctl(ep, EPOLL_CTL_ADD, efd, &ev);
	return NULL;
}

static void *writer(void *arg)
{
	(void)arg;
	usleep(100000);
	uint64_t v = 5;
	write(efd, &v, 8);
	return NULL;
}

static void *reader(void *arg)
{
	(void)arg;
	struct signalfd_siginfo si;
	syscall(SYS_tgkill, getpid(), main_tid, SIGUSR2);
	syscall(SYS_tgkill, getpid(), syscall(SYS_gettid), SIGUSR1);
	ssize_t n = read(sfd, &si, sizeof(si));
	printf("thread reads: %zd %s\n", n, t_signame((int)si.ssi_signo));
	n = read(sfd, &si, sizeof(si));
	printf("thread again: %s\n", n < 0 ? t_errname(errno) : "a signal");
	return NULL;
}

int main(void)
{
	struct epoll_event out[2];
	pthread_t th;
	ep = epoll_create1(0);
	efd = eventfd(3, EFD_NONBLOCK);
	pthread_create(&th, NULL, adder, NULL);
	int n = epoll_wait(ep, out, 2, 5000);
	printf("woken by the add: %d data %llu\n", n, n > 0 ? (unsigned long long)out[0].data.u64 : 0ull);
	pthread_join(th, NULL);
	uint64_t v;
	read(efd, &v, 8);
	printf("now empty: %d\n", epoll_wait(ep, out, 2, 0));
	int dup_ep = dup(ep);
	pthread_create(&th, NULL, writer, NULL);
	close(dup_ep);
	n = epoll_wait(ep, out, 2, 5000);
	printf("woken by the write: %d\n", n);
	pthread_join(th, NULL);
	read(efd, &v, 8);
	printf("value %llu\n", (unsigned long long)v);

	sigset_t m;
	sigemptyset(&m);
	sigaddset(&m, SIGUSR1);
	sigaddset(&m, SIGUSR2);
	sigprocmask(SIG_BLOCK, &m, NULL);
	sfd = signalfd(-1, &m, SFD_NONBLOCK);
	main_tid = (pid_t)syscall(SYS_gettid);
	pthread_create(&th, NULL, reader, NULL);
	pthread_join(th, NULL);
	struct signalfd_siginfo si;
	n = (int)read(sfd, &si, sizeof(si));
	printf("main reads: %d %s code %d\n", n, t_signame((int)si.ssi_signo), si.ssi_code);
	n = (int)read(sfd, &si, sizeof(si));
	printf("main again: %s\n", n < 0 ? t_errname(errno) : "a signal");
	return 0;
}
