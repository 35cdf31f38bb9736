/* SPDX-License-Identifier: BSD-2-Clause */
/* Hostile use of AF_UNIX sockets: writers that never get read fill only
 * their send buffers (EAGAIN, bounded), many at once; a datagram flood of
 * a receiver that never reads; a writer blocked on a reader that dies
 * (EPIPE); sockets sent over themselves and closed; a chain of sockets
 * each in flight inside the next; unixd still serves sockets after all. */
#include "t.h"
#include <sys/resource.h>
#include <sys/socket.h>

#define PAIRS 40

static int send_fds(int sock, const int *fds, int n)
{
	size_t clen = CMSG_SPACE(sizeof(int) * n);
	char *cbuf = calloc(1, clen);
	struct iovec iov = { "f", 1 };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = clen };
	struct cmsghdr *c = CMSG_FIRSTHDR(&m);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int) * n);
	memcpy(CMSG_DATA(c), fds, sizeof(int) * n);
	int r = (int)sendmsg(sock, &m, MSG_DONTWAIT);
	free(cbuf);
	return r;
}

static long fill(int fd)
{
	static char chunk[4096];
	long total = 0;
	ssize_t n;
	while ((n = send(fd, chunk, sizeof(chunk), MSG_DONTWAIT)) > 0)
		total += n;
	return n < 0 && errno == EAGAIN ? total : -1;
}

int main(void)
{
	signal(SIGPIPE, SIG_IGN);
	int sv[PAIRS][2];
	long least = -1, most = 0;
	for (int i = 0; i < PAIRS; i++) {
		if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv[i]) < 0)
			t_die("socketpair");
		long n = fill(sv[i][0]);
		least = least < 0 || n < least ? n : least;
		most = n > most ? n : most;
	}
	printf("%d writers filled: every one stopped with EAGAIN: %s, between 64 KiB and 1 MiB: %s\n",
	       PAIRS, least > 0 ? "yes" : "no", least >= 65536 && most <= (1 << 20) ? "yes" : "no");
	char buf[4096];
	T_YES(read(sv[0][1], buf, sizeof(buf)) == sizeof(buf));
	for (int i = 0; i < PAIRS; i++) {
		close(sv[i][0]);
		close(sv[i][1]);
	}

	/* more than unixd lets all sockets hold together (Linux: its memory) */
	static int bigs[150][2];
	int stopped = 0;
	for (int i = 0; i < 150; i++) {
		int sz = 1 << 20;
		if (socketpair(AF_UNIX, SOCK_STREAM, 0, bigs[i]) < 0)
			t_die("socketpair");
		setsockopt(bigs[i][0], SOL_SOCKET, SO_SNDBUF, &sz, sizeof(sz));
		static char chunk[65536];
		while (send(bigs[i][0], chunk, sizeof(chunk), MSG_DONTWAIT) > 0)
			;
		stopped += errno == EAGAIN || errno == ENOBUFS;
	}
	printf("150 big writers stopped with EAGAIN or ENOBUFS: %d\n", stopped);
	for (int i = 0; i < 150; i++) {
		close(bigs[i][0]);
		close(bigs[i][1]);
	}

	int r[2] = { socket(AF_UNIX, SOCK_DGRAM, 0), socket(AF_UNIX, SOCK_DGRAM, 0) };
	int flood = socket(AF_UNIX, SOCK_DGRAM, 0);
	struct sockaddr_un { sa_family_t f; char p[108]; } a = { AF_UNIX, "\0sock_hostile" };
	socklen_t alen = 2 + 13;
	T_CHECK(bind(r[1], (struct sockaddr *)&a, alen));
	int sent = 0;
	while (sendto(flood, buf, 1000, MSG_DONTWAIT, (struct sockaddr *)&a, alen) > 0 && sent < 100000)
		sent++;
	printf("a flood stops: errno=%s, after fewer than 1000: %s\n", t_errname(errno), sent < 1000 ? "yes" : "no");
	close(flood);
	close(r[0]);
	close(r[1]);

	int w[2];
	socketpair(AF_UNIX, SOCK_STREAM, 0, w);
	pid_t pid = fork();
	if (pid == 0) {
		close(w[0]);
		struct timespec d = { 0, 200 * 1000 * 1000 };
		nanosleep(&d, NULL);
		_exit(0);       /* never reads */
	}
	close(w[1]);
	char *big = calloc(1, 4 << 20);
	ssize_t n = write(w[0], big, 4 << 20);
	printf("a blocked writer whose reader died: %s\n", n < 0 ? t_errname(errno) : "some");
	n = write(w[0], big, 1);
	printf("then: %s\n", n < 0 ? t_errname(errno) : "ok");
	free(big);
	t_wait(pid);
	close(w[0]);

	for (int i = 0; i < 50; i++) {
		int s[2];
		socketpair(AF_UNIX, SOCK_DGRAM, 0, s);
		send_fds(s[0], s, 2);
		send_fds(s[1], s, 2);
		close(s[0]);
		close(s[1]);
	}
	printf("sockets sent over themselves and closed: done\n");

	int first[2], prev[2];
	socketpair(AF_UNIX, SOCK_DGRAM, 0, first);
	prev[0] = first[0], prev[1] = first[1];
	for (int i = 0; i < 300; i++) {
		int s[2];
		socketpair(AF_UNIX, SOCK_DGRAM, 0, s);
		if (send_fds(s[0], prev, 2) < 0)
			break;
		close(prev[0]);
		close(prev[1]);
		prev[0] = s[0], prev[1] = s[1];
	}
	close(prev[0]);
	close(prev[1]);
	printf("a chain of 300 sockets in flight, closed: done\n");

	/* a user may have at most RLIMIT_NOFILE descriptors in flight */
	pid = fork();
	if (pid == 0) {
		int s[2], n = 0;
		socketpair(AF_UNIX, SOCK_DGRAM, 0, s);
		struct rlimit rl = { 16, 16 };
		setgid(1000);
		setuid(1000);
		setrlimit(RLIMIT_NOFILE, &rl);
		while (n < 100 && send_fds(s[0], s, 1) > 0)
			n++;
		printf("a user's descriptors in flight: %d, then %s\n", n, t_errname(errno));
		_exit(0);
	}
	t_wait(pid);

	int ok[2];
	T_CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, ok));
	T_CHECK(write(ok[0], "alive", 5));
	T_YES(read(ok[1], buf, 5) == 5);
	return 0;
}
