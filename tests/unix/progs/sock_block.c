/* SPDX-License-Identifier: BSD-2-Clause */
/* Blocking sockets: a read waits for a writer, a write of more than the
 * buffers hold waits for a reader (and all of it arrives in order), poll
 * waits for a socket, a connect waits for room in a full backlog, a
 * signal interrupts a blocked recv (EINTR without SA_RESTART). */
#include "t.h"
#include <poll.h>
#include <stddef.h>
#include <sys/time.h>
#include <sys/socket.h>
#include <sys/un.h>

#define BIG (1 << 20)

static void on_alarm(int s)
{
	(void)s;
}

static void pause_ms(long ms)
{
	struct timespec d = { 0, ms * 1000 * 1000 };
	nanosleep(&d, NULL);
}

int main(void)
{
	int sv[2];
	T_CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid_t pid = fork();
	if (pid == 0) {
		pause_ms(150);
		write(sv[1], "late", 4);
		unsigned char *b = malloc(BIG);
		for (int i = 0; i < BIG; i++)
			b[i] = (unsigned char)(i * 7);
		ssize_t n = write(sv[1], b, BIG);
		_exit(n == BIG ? 0 : 1);
	}
	char buf[16];
	ssize_t n = read(sv[0], buf, sizeof(buf));
	printf("read waited: %zd %s\n", n, t_ms(t0) >= 150 ? "yes" : "no");
	pause_ms(200);  /* the writer fills the buffers and waits */
	unsigned char *b = malloc(65536);
	long total = 0, bad = 0;
	while (total < BIG && (n = read(sv[0], b, 65536)) > 0) {
		for (ssize_t i = 0; i < n; i++)
			bad += b[i] != (unsigned char)((total + i) * 7);
		total += n;
	}
	printf("got %ld bytes, %ld wrong\n", total, bad);
	printf("writer: %s\n", t_wait(pid));

	pid = fork();
	if (pid == 0) {
		pause_ms(100);
		write(sv[1], "p", 1);
		_exit(0);
	}
	struct pollfd p = { sv[0], POLLIN, 0 };
	int ready = poll(&p, 1, 5000);
	printf("poll: %d revents %x\n", ready, p.revents);
	read(sv[0], buf, 1);
	t_wait(pid);

	struct sigaction sa = { .sa_handler = on_alarm };
	sigaction(SIGALRM, &sa, NULL);
	alarm(1);
	T_CHECK(recv(sv[0], buf, 1, 0));

	struct timeval tv = { 0, 200 * 1000 };
	T_CHECK(setsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)));
	struct timeval back;
	socklen_t blen = sizeof(back);
	T_CHECK(getsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &back, &blen));
	printf("SO_RCVTIMEO: %ld.%06ld len %d\n", (long)back.tv_sec, (long)back.tv_usec, (int)blen);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	T_CHECK(recv(sv[0], buf, 1, 0));
	printf("timed out after 200 ms: %s\n", t_ms(t0) >= 200 ? "yes" : "no");
	tv.tv_usec = 2000000;
	T_CHECK(setsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)));
	T_CHECK(setsockopt(sv[0], SOL_SOCKET, SO_SNDTIMEO, &tv, 4));
	tv = (struct timeval){ 0, 0 };
	T_CHECK(setsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)));

	pid = fork();
	if (pid == 0) {
		write(sv[1], "hello", 5);
		pause_ms(100);
		write(sv[1], "world", 5);
		_exit(0);
	}
	n = recv(sv[0], buf, 10, MSG_WAITALL);
	printf("MSG_WAITALL: %zd %.*s\n", n, (int)(n > 0 ? n : 0), buf);
	t_wait(pid);

	t_scratch("sock_block");
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	strcpy(a.sun_path, "/tmp/sock_block/l");
	int l = socket(AF_UNIX, SOCK_STREAM, 0);
	bind(l, (struct sockaddr *)&a, sizeof(a));
	T_CHECK(listen(l, 0));
	int c1 = socket(AF_UNIX, SOCK_STREAM, 0);
	T_CHECK(connect(c1, (struct sockaddr *)&a, sizeof(a)));
	int c2 = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
	T_CHECK(connect(c2, (struct sockaddr *)&a, sizeof(a)));
	pid = fork();
	if (pid == 0) {
		pause_ms(150);
		int s = accept(l, NULL, NULL);
		_exit(s >= 0 ? 0 : 1);
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	int c3 = socket(AF_UNIX, SOCK_STREAM, 0);
	T_CHECK(connect(c3, (struct sockaddr *)&a, sizeof(a)));
	printf("connect waited for an accept: %s\n", t_ms(t0) >= 150 ? "yes" : "no");
	printf("acceptor: %s\n", t_wait(pid));
	close(c1);
	close(c2);
	close(c3);
	close(l);
	close(sv[0]);
	close(sv[1]);
	t_rmtree("/tmp/sock_block");
	return 0;
}
