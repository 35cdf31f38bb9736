/* SPDX-License-Identifier: BSD-2-Clause */
/* socketpair(AF_UNIX): a stream pair carries bytes both ways, shutdown
 * and close end each direction (EOF, EPIPE), poll says so; a datagram pair
 * keeps message boundaries (truncation, MSG_TRUNC, empty datagrams); the
 * options a pair answers; fstat says socket. */
#include "t.h"
#include <poll.h>
#include <sys/socket.h>

static void show_poll(const char *what, int fd)
{
	struct pollfd p = { fd, POLLIN | POLLOUT | POLLRDHUP, 0 };
	poll(&p, 1, 0);
	printf("%s: in %d out %d hup %d rdhup %d\n", what, !!(p.revents & POLLIN),
	       !!(p.revents & POLLOUT), !!(p.revents & POLLHUP), !!(p.revents & POLLRDHUP));
}

static void stream(void)
{
	int sv[2];
	char buf[64];
	T_CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	struct stat st;
	fstat(sv[0], &st);
	T_YES(S_ISSOCK(st.st_mode));
	show_poll("fresh", sv[0]);
	T_CHECK(write(sv[0], "hello", 5));
	T_CHECK(write(sv[0], " world", 6));
	show_poll("with data", sv[1]);
	ssize_t n = read(sv[1], buf, sizeof(buf));
	printf("read %zd: %.*s\n", n, (int)n, buf);
	T_CHECK(send(sv[1], "back", 4, 0));
	n = recv(sv[0], buf, 2, MSG_PEEK);
	printf("peek %zd: %.*s\n", n, (int)n, buf);
	n = recv(sv[0], buf, sizeof(buf), 0);
	printf("recv %zd: %.*s\n", n, (int)n, buf);
	T_CHECK(recv(sv[0], buf, sizeof(buf), MSG_DONTWAIT));
	printf("a read of nothing does not wait: %zd\n", read(sv[0], buf, 0));
	T_CHECK(shutdown(sv[0], SHUT_WR));
	show_poll("peer shut its writing", sv[1]);
	printf("read after peer's SHUT_WR: %zd\n", read(sv[1], buf, sizeof(buf)));
	T_CHECK(write(sv[0], "x", 1));
	T_CHECK(write(sv[1], "still", 5));
	n = read(sv[0], buf, sizeof(buf));
	printf("the other way still works: %zd\n", n);
	T_CHECK(close(sv[1]));
	show_poll("peer closed", sv[0]);
	printf("read after close: %zd\n", read(sv[0], buf, sizeof(buf)));
	T_CHECK(send(sv[0], "x", 1, MSG_NOSIGNAL));
	T_CHECK(shutdown(sv[0], 7));
	close(sv[0]);
}

static void dgram(void)
{
	int sv[2];
	char buf[64];
	T_CHECK(socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, sv));
	T_YES(fcntl(sv[0], F_GETFD) == FD_CLOEXEC);
	T_CHECK(send(sv[0], "one", 3, 0));
	T_CHECK(send(sv[0], "", 0, 0));
	T_CHECK(send(sv[0], "three", 5, 0));
	printf("first: %zd\n", recv(sv[1], buf, sizeof(buf), 0));
	printf("empty: %zd\n", recv(sv[1], buf, sizeof(buf), 0));
	printf("truncated: %zd\n", recv(sv[1], buf, 2, 0));
	T_CHECK(send(sv[0], "four!", 5, 0));
	printf("MSG_TRUNC gives the length: %zd\n", recv(sv[1], buf, 2, MSG_TRUNC));
	T_CHECK(recv(sv[1], buf, sizeof(buf), MSG_DONTWAIT));
	int type = 0;
	socklen_t len = sizeof(type);
	T_CHECK(getsockopt(sv[0], SOL_SOCKET, SO_TYPE, &type, &len));
	printf("SO_TYPE %d len %d\n", type, (int)len);
	struct ucred cr;
	len = sizeof(cr);
	T_CHECK(getsockopt(sv[1], SOL_SOCKET, SO_PEERCRED, &cr, &len));
	printf("peercred: pid is mine %d uid %d gid %d len %d\n", cr.pid == getpid(), (int)cr.uid,
	       (int)cr.gid, (int)len);
	close(sv[0]);
	close(sv[1]);
}

int main(void)
{
	signal(SIGPIPE, SIG_IGN);
	stream();
	dgram();
	int sv[2];
	T_CHECK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv));
	char c;
	T_CHECK(read(sv[0], &c, 1));
	T_YES(fcntl(sv[0], F_GETFL) & O_NONBLOCK);
	close(sv[0]);
	close(sv[1]);
	return 0;
}
