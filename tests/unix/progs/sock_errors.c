/* SPDX-License-Identifier: BSD-2-Clause */
/* The errors of the socket calls: families, types and protocols refused,
 * descriptors that are no sockets, bad address lengths and pointers,
 * options of other levels or unknown, calls in the wrong state. */
#include "t.h"
#include <stddef.h>
#include <sys/socket.h>
#include <sys/un.h>

static int *volatile bad_sv = (int *)8;

int main(void)
{
	T_CHECK(socket(46, SOCK_STREAM, 0));
	T_CHECK(socket(AF_UNIX, 99, 0));
	T_CHECK(socket(AF_UNIX, SOCK_STREAM | 0x100000, 0));
	T_CHECK(socket(AF_UNIX, SOCK_STREAM, 5));
	T_CHECK(socket(AF_UNIX, SOCK_STREAM, PF_UNIX));
	int sv[2];
	T_CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, bad_sv));
	T_CHECK(socketpair(46, SOCK_STREAM, 0, sv));
	int fd = open("/dev/null", O_RDONLY);
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	T_CHECK(bind(fd, (struct sockaddr *)&a, sizeof(a)));
	T_CHECK(bind(1000, (struct sockaddr *)&a, sizeof(a)));
	T_CHECK(listen(fd, 1));
	T_CHECK(accept(fd, NULL, NULL));
	T_CHECK(connect(fd, (struct sockaddr *)&a, sizeof(a)));
	T_CHECK(send(fd, "x", 1, 0));
	T_CHECK(recv(fd, &a, 1, 0));
	T_CHECK(shutdown(fd, SHUT_RD));
	int v = 1;
	socklen_t len = sizeof(v);
	T_CHECK(getsockopt(fd, SOL_SOCKET, SO_TYPE, &v, &len));
	int s = socket(AF_UNIX, SOCK_STREAM, 0);
	T_CHECK(bind(s, (struct sockaddr *)&a, 1));
	T_CHECK(bind(s, (struct sockaddr *)&a, sizeof(a) + 1));
	T_CHECK(bind(s, (struct sockaddr *)8, sizeof(a)));
	struct sockaddr_un inet = { .sun_family = 2 };
	T_CHECK(bind(s, (struct sockaddr *)&inet, sizeof(inet)));
	T_CHECK(connect(s, (struct sockaddr *)&a, offsetof(struct sockaddr_un, sun_path)));
	T_CHECK(connect(s, (struct sockaddr *)&inet, sizeof(inet)));
	T_CHECK(getsockopt(s, SOL_SOCKET, 12345, &v, &len));
	T_CHECK(getsockopt(s, 6 /* IPPROTO_TCP */, 1, &v, &len));
	T_CHECK(setsockopt(s, SOL_SOCKET, SO_SNDBUF, &v, 2));
	T_CHECK(setsockopt(s, SOL_SOCKET, 12345, &v, sizeof(v)));
	T_CHECK(getsockopt(s, SOL_SOCKET, SO_TYPE, &v, (socklen_t *)8));
	len = 2;
	v = 0;
	T_CHECK(getsockopt(s, SOL_SOCKET, SO_TYPE, &v, &len));
	printf("short SO_TYPE: len %d value %d\n", (int)len, v);
	struct ucred cr;
	len = sizeof(cr);
	T_CHECK(getsockopt(s, SOL_SOCKET, SO_PEERCRED, &cr, &len));
	printf("unconnected peercred: pid %d uid %d gid %d\n", cr.pid, (int)cr.uid, (int)cr.gid);
	T_CHECK(getsockopt(s, SOL_SOCKET, SO_ERROR, &v, &len));
	T_CHECK(getpeername(s, (struct sockaddr *)&a, &len));
	T_CHECK(shutdown(s, SHUT_RDWR));
	T_CHECK(send(s, "x", 1, MSG_NOSIGNAL));
	char c;
	T_CHECK(recv(s, &c, 1, 0));
	T_CHECK(read(s, &c, 1));
	T_CHECK(sendto(s, "x", 1, MSG_NOSIGNAL, (struct sockaddr *)&a, sizeof(a)));
	int d = socket(AF_UNIX, SOCK_DGRAM, 0);
	T_CHECK(listen(d, 1));
	T_CHECK(accept(d, NULL, NULL));
	T_CHECK(send(d, "x", 1, 0));
	T_CHECK(recv(d, &c, 1, MSG_DONTWAIT));
	T_CHECK(getsockname(d, (struct sockaddr *)&a, NULL));
	T_CHECK(recv(d, (void *)8, 1, MSG_DONTWAIT));
	struct msghdr m = { 0 };
	T_CHECK(sendmsg(d, &m, 0));
	struct iovec iov = { "x", 1 };
	m.msg_iov = &iov;
	m.msg_iovlen = 2000;
	T_CHECK(sendmsg(d, &m, 0));
	m.msg_iovlen = 1;
	char cbuf[64] = { 0 };
	m.msg_control = cbuf;
	m.msg_controllen = 8;
	T_CHECK(sendmsg(d, &m, 0));
	struct cmsghdr *cm = (struct cmsghdr *)cbuf;
	cm->cmsg_len = 200;
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	m.msg_controllen = sizeof(cbuf);
	T_CHECK(sendmsg(d, &m, 0));
	cm->cmsg_len = CMSG_LEN(4);
	cm->cmsg_type = 77;
	T_CHECK(sendmsg(d, &m, 0));
	close(d);
	close(s);
	close(fd);
	return 0;
}
