/* SPDX-License-Identifier: BSD-2-Clause */
/* What the nameless files look like: fstat of an epoll fd, an eventfd, a
 * timerfd and a signalfd (mode 0600, no file type, one inode), their
 * /proc/self/fd links, and ftruncate, pread and pwrite failing as on Linux.
 * (lseek: ev_lseek.) */
#include "t.h"
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>

static void show(const char *what, int fd)
{
	struct stat st;
	char path[64], link[64];
	fstat(fd, &st);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	ssize_t n = readlink(path, link, sizeof(link) - 1);
	link[n > 0 ? n : 0] = 0;
	printf("%s: mode %o, link %s\n", what, st.st_mode, n > 0 ? link : t_errname(errno));
}

int main(void)
{
	sigset_t m;
	sigemptyset(&m);
	sigaddset(&m, SIGUSR1);
	int fds[4] = { epoll_create1(0), eventfd(0, 0), timerfd_create(CLOCK_MONOTONIC, 0),
	               signalfd(-1, &m, 0) };
	const char *names[4] = { "epoll", "eventfd", "timerfd", "signalfd" };
	for (int i = 0; i < 4; i++)
		show(names[i], fds[i]);
	struct stat a, b;
	fstat(fds[0], &a);
	fstat(fds[1], &b);
	T_YES(a.st_ino == b.st_ino && a.st_dev == b.st_dev);
	T_CHECK(ftruncate(fds[1], 0));
	int e = eventfd(1, EFD_NONBLOCK);
	uint64_t v = 2;
	T_CHECK(pwrite(e, &v, 8, 0));
	T_CHECK(pread(e, &v, 8, 0));
	T_CHECK(read(e, &v, 8));
	printf("value %llu\n", (unsigned long long)v);
	return 0;
}
