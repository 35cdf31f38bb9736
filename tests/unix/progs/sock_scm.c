/* SPDX-License-Identifier: BSD-2-Clause */
/* Descriptors and credentials through a socket: SCM_RIGHTS carries open
 * files to another process (they share the file offset), MSG_CTRUNC when
 * the control buffer is short, bad descriptors refused; SCM_CREDENTIALS
 * with SO_PASSCRED, the sender's own by default, checked when given. */
#include "t.h"
#include <sys/socket.h>

static int send_fds(int sock, const int *fds, int n, const char *data)
{
	char cbuf[CMSG_SPACE(sizeof(int) * 8)];
	memset(cbuf, 0, sizeof(cbuf));
	struct iovec iov = { (void *)data, strlen(data) };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf,
	                    .msg_controllen = CMSG_SPACE(sizeof(int) * n) };
	struct cmsghdr *c = CMSG_FIRSTHDR(&m);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int) * n);
	memcpy(CMSG_DATA(c), fds, sizeof(int) * n);
	return (int)sendmsg(sock, &m, 0);
}

/* Receive with a control buffer of clen bytes; prints what came. */
static int recv_fds(int sock, size_t clen, int *fd_out)
{
	char cbuf[256], data[64];
	struct iovec iov = { data, sizeof(data) };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = clen };
	ssize_t n = recvmsg(sock, &m, 0);
	if (n < 0) {
		printf("recvmsg: errno=%s\n", t_errname(errno));
		return -1;
	}
	int nfds = 0;
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c))
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
			nfds = (int)((c->cmsg_len - CMSG_LEN(0)) / sizeof(int));
			memcpy(fd_out, CMSG_DATA(c), sizeof(int) * nfds);
		}
	printf("got '%.*s' with %d descriptors, ctrunc %d\n", (int)n, data, nfds,
	       !!(m.msg_flags & MSG_CTRUNC));
	return nfds;
}

static void creds(void)
{
	int sv[2], on = 1;
	socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
	T_CHECK(setsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &on, sizeof(on)));
	T_CHECK(send(sv[0], "plain", 5, 0));
	char cbuf[CMSG_SPACE(sizeof(struct ucred))], data[16];
	struct iovec iov = { data, sizeof(data) };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf,
	                    .msg_controllen = sizeof(cbuf) };
	T_CHECK(recvmsg(sv[1], &m, 0));
	struct cmsghdr *c = CMSG_FIRSTHDR(&m);
	struct ucred u;
	if (c && c->cmsg_type == SCM_CREDENTIALS) {
		memcpy(&u, CMSG_DATA(c), sizeof(u));
		printf("credentials: pid mine %d uid %d gid %d\n", u.pid == getpid(), (int)u.uid, (int)u.gid);
	} else {
		printf("no credentials\n");
	}
	memset(cbuf, 0, sizeof(cbuf));
	struct msghdr s = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf,
	                    .msg_controllen = sizeof(cbuf) };
	iov.iov_len = 4;
	c = CMSG_FIRSTHDR(&s);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_CREDENTIALS;
	c->cmsg_len = CMSG_LEN(sizeof(u));
	u = (struct ucred){ getpid(), 5, 6 };
	memcpy(CMSG_DATA(c), &u, sizeof(u));
	T_CHECK(sendmsg(sv[0], &s, 0));
	u.pid = 999999;
	memcpy(CMSG_DATA(c), &u, sizeof(u));
	T_CHECK(sendmsg(sv[0], &s, 0));
	pid_t pid = fork();
	if (pid == 0) {
		setgid(1000);
		setuid(1000);
		u = (struct ucred){ getpid(), 0, 0 };
		memcpy(CMSG_DATA(c), &u, sizeof(u));
		_exit(sendmsg(sv[0], &s, 0) < 0 && errno == EPERM ? 0 : 1);
	}
	printf("a user claiming root: %s\n", t_wait(pid));
	iov.iov_len = sizeof(data);
	m.msg_controllen = sizeof(cbuf);
	T_CHECK(recvmsg(sv[1], &m, 0));
	c = CMSG_FIRSTHDR(&m);
	memcpy(&u, CMSG_DATA(c), sizeof(u));
	printf("given credentials: pid mine %d uid %d gid %d\n", u.pid == getpid(), (int)u.uid, (int)u.gid);
	close(sv[0]);
	close(sv[1]);
}

int main(void)
{
	int sv[2], p[2];
	T_CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	T_CHECK(pipe(p));
	const char *dir = t_scratch("sock_scm");
	char path[300];
	snprintf(path, sizeof(path), "%s/f", dir);
	int f = open(path, O_CREAT | O_RDWR, 0644);
	write(f, "0123456789", 10);
	lseek(f, 3, SEEK_SET);
	pid_t pid = fork();
	if (pid == 0) {
		close(sv[0]);
		int got[8];
		if (recv_fds(sv[1], 256, got) != 2)
			_exit(1);
		char c;
		read(got[1], &c, 1);
		write(got[0], &c, 1);
		_exit(0);
	}
	close(sv[1]);
	int fds[2] = { p[1], f };
	T_CHECK(send_fds(sv[0], fds, 2, "two files"));
	char c = 0;
	read(p[0], &c, 1);
	printf("the child read through the passed file: %c\n", c);
	printf("child: %s\n", t_wait(pid));
	printf("the offset is shared: %ld\n", (long)lseek(f, 0, SEEK_CUR));

	int sv2[2];
	socketpair(AF_UNIX, SOCK_DGRAM, 0, sv2);
	int three[3] = { p[0], p[1], f };
	T_CHECK(send_fds(sv2[0], three, 3, "three"));
	int got[8];
	recv_fds(sv2[1], CMSG_SPACE(sizeof(int)), got);
	T_CHECK(send_fds(sv2[0], three, 3, "none fit"));
	recv_fds(sv2[1], 8, got);
	int bad[1] = { 999 };
	T_CHECK(send_fds(sv2[0], bad, 1, "bad"));
	T_CHECK(send_fds(sv2[0], three, 1, "one"));
	int n = recv_fds(sv2[1], 256, got);
	if (n == 1) {
		T_YES(got[0] != p[0]);
		T_CHECK(fcntl(got[0], F_GETFD));
		close(got[0]);
	}
	close(sv2[0]);
	close(sv2[1]);

	/* a stream read stops after a message that carries descriptors */
	int st[2];
	socketpair(AF_UNIX, SOCK_STREAM, 0, st);
	T_CHECK(send(st[0], "plain ", 6, 0));
	T_CHECK(send_fds(st[0], three, 1, "with a file"));
	T_CHECK(send(st[0], "after", 5, 0));
	char buf[64];
	ssize_t k = read(st[1], buf, sizeof(buf));
	printf("first read: %zd\n", k);
	k = read(st[1], buf, sizeof(buf));
	printf("second read: %zd\n", k);
	close(st[0]);
	close(st[1]);
	creds();
	close(sv[0]);
	t_rmtree(dir);
	return 0;
}
