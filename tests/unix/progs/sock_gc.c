/* SPDX-License-Identifier: BSD-2-Clause */
/* The collector of sockets in flight (Linux 6.1's unix_gc, run when any
 * AF_UNIX socket is released while descriptors are in flight; Debian's
 * kernel has the later collector of 6.10 backported, run by a work queue): a socket
 * whose every reference is in flight in the queues of such sockets is
 * closed with what its queue holds; one reachable from an open socket is
 * not.  The collection shows as the peer's end of file, a pipe's writer
 * gone, an abstract name free again. */
#include "t.h"
#include <sys/socket.h>
#include <stddef.h>
#include <sys/un.h>

static void send_fds(int via, int a, int b)
{
	char c = 'f';
	struct iovec iov = { &c, 1 };
	union { struct cmsghdr h; char buf[CMSG_SPACE(2 * sizeof(int))]; } u;
	int n = b >= 0 ? 2 : 1, fds[2] = { a, b };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf,
	                    .msg_controllen = CMSG_SPACE(n * sizeof(int)) };
	struct cmsghdr *h = CMSG_FIRSTHDR(&m);
	h->cmsg_level = SOL_SOCKET;
	h->cmsg_type = SCM_RIGHTS;
	h->cmsg_len = CMSG_LEN(n * sizeof(int));
	memcpy(CMSG_DATA(h), fds, n * sizeof(int));
	if (sendmsg(via, &m, 0) != 1)
		printf("sendmsg: %s\n", t_errname(errno));
}

/* send_fds of one descriptor without a word: 0, or -1 and errno */
static int send_fds_quiet(int via, int a)
{
	char c = 'f';
	struct iovec iov = { &c, 1 };
	union { struct cmsghdr h; char buf[CMSG_SPACE(sizeof(int))]; } u;
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf,
	                    .msg_controllen = sizeof(u.buf) };
	struct cmsghdr *h = CMSG_FIRSTHDR(&m);
	h->cmsg_level = SOL_SOCKET;
	h->cmsg_type = SCM_RIGHTS;
	h->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(h), &a, sizeof(a));
	return sendmsg(via, &m, 0) == 1 ? 0 : -1;
}

/* Release an unrelated socket: the collector runs (Debian's 6.1 runs it
 * from a work queue: give it time). */
static void trigger(void)
{
	int p[2];
	socketpair(AF_UNIX, SOCK_STREAM, 0, p);
	close(p[0]);
	close(p[1]);
	usleep(300000);
}

static void look(const char *what, int fd)
{
	char buf[8];
	ssize_t r = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
	if (r < 0 && errno == ENOTSOCK)
		r = read(fd, buf, sizeof(buf));
	printf("%s: %zd %s\n", what, r, r < 0 ? t_errname(errno) : r ? "data" : "end");
}

int main(void)
{
	int a, b, sv[2], sw[2];
	/* a socket in its own queue, closed */
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	send_fds(sv[1], sv[0], -1);
	close(sv[0]);
	look("self, before", sv[1]);
	trigger();
	look("self, collected", sv[1]);
	close(sv[1]);

	/* two sockets, each in the other's queue */
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sw);
	send_fds(sw[1], sv[0], -1);
	send_fds(sv[1], sw[0], -1);
	close(sv[0]);
	close(sw[0]);
	look("pair stream, before", sv[1]);
	trigger();
	look("pair stream, collected", sv[1]);
	look("pair seqpacket, collected", sw[1]);
	close(sv[1]);
	close(sw[1]);

	/* a pipe's writer in the queue of a garbage socket is closed with it */
	int pp[2];
	pipe(pp);
	fcntl(pp[0], F_SETFL, O_NONBLOCK);
	socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
	send_fds(sv[1], sv[0], pp[1]);
	close(pp[1]);
	close(sv[0]);
	look("pipe, before", pp[0]);
	trigger();
	look("pipe, collected", pp[0]);
	close(pp[0]);
	close(sv[1]);

	/* reachable: in the queue of a socket that is open */
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	socketpair(AF_UNIX, SOCK_STREAM, 0, sw);
	send_fds(sw[1], sv[0], -1);
	close(sv[0]);
	trigger();
	look("reachable, peer", sv[1]);
	char buf[CMSG_SPACE(sizeof(int))], c;
	struct iovec iov = { &c, 1 };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = buf,
	                    .msg_controllen = sizeof(buf) };
	T_CHECK(recvmsg(sw[0], &m, 0));
	memcpy(&a, CMSG_DATA(CMSG_FIRSTHDR(&m)), sizeof(a));
	T_CHECK(write(a, "hi", 2));
	look("reachable, works", sv[1]);
	close(a);
	look("reachable, closed", sv[1]);
	close(sv[1]);
	close(sw[0]);
	close(sw[1]);

	/* a cycle reachable from an open socket's queue stays; dropping that
	 * socket (its own release runs the collector) takes the cycle too */
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	socketpair(AF_UNIX, SOCK_STREAM, 0, sw);
	send_fds(sv[1], sv[0], -1);     /* sv[0] in its own queue */
	send_fds(sw[1], sv[1], -1);     /* sv[1] in sw[0]'s queue */
	close(sv[0]);
	close(sv[1]);
	trigger();
	look("chain, open holder", sw[1]);
	close(sw[0]);
	usleep(300000);
	look("chain, holder closed", sw[1]);
	close(sw[1]);

	/* rings of 300 sockets, each in the next one's queue, 15 times: more
	 * than unixd's 4096 descriptors in flight unless rings are collected */
	enum { RING = 300, ROUNDS = 15 };
	static int ra[RING], rb[RING];
	int ok = 0;
	for (int round = 0; round < ROUNDS; round++) {
		for (int i = 0; i < RING; i++) {
			socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
			ra[i] = sv[0], rb[i] = sv[1];
		}
		int bad = 0;
		for (int i = 0; i < RING; i++)
			bad |= send_fds_quiet(rb[(i + 1) % RING], ra[i]);
		for (int i = 0; i < RING; i++)
			close(ra[i]);
		for (int i = 0; i < RING; i++)
			close(rb[i]);
		ok += !bad;
	}
	printf("rings sent: %d of %d\n", ok, ROUNDS);

	/* an abstract name of a datagram socket sent to itself */
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	memcpy(sa.sun_path, "\0darbat-gc", 10);
	socklen_t len = offsetof(struct sockaddr_un, sun_path) + 10;
	a = socket(AF_UNIX, SOCK_DGRAM, 0);
	T_CHECK(bind(a, (struct sockaddr *)&sa, len));
	T_CHECK(connect(a, (struct sockaddr *)&sa, len));
	send_fds(a, a, -1);
	close(a);
	b = socket(AF_UNIX, SOCK_DGRAM, 0);
	T_CHECK(bind(b, (struct sockaddr *)&sa, len));
	close(b);       /* its release collects a */
	usleep(300000);
	b = socket(AF_UNIX, SOCK_DGRAM, 0);
	T_CHECK(bind(b, (struct sockaddr *)&sa, len));
	close(b);
	return 0;
}
