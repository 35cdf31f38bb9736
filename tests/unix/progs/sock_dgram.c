/* SPDX-License-Identifier: BSD-2-Clause */
/* Datagram sockets on names: sendto a path or an abstract name, recvfrom
 * the sender's name (none when unbound), connect and its rules (EPERM to
 * a socket connected elsewhere, ECONNREFUSED then ENOTCONN once the peer
 * has gone, AF_UNSPEC disconnects), autobind, EMSGSIZE, a full receiver
 * (EAGAIN), SO_SNDBUF. */
#include "t.h"
#include <stddef.h>
#include <sys/socket.h>
#include <sys/un.h>

static socklen_t path_addr(struct sockaddr_un *a, const char *path)
{
	memset(a, 0, sizeof(*a));
	a->sun_family = AF_UNIX;
	strncpy(a->sun_path, path, sizeof(a->sun_path) - 1);
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + strlen(path) + 1);
}

static socklen_t abstract_addr(struct sockaddr_un *a, const char *name)
{
	memset(a, 0, sizeof(*a));
	a->sun_family = AF_UNIX;
	memcpy(a->sun_path + 1, name, strlen(name));
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + strlen(name));
}

static void recv_show(const char *what, int fd)
{
	char buf[64];
	struct sockaddr_un from;
	socklen_t len = sizeof(from);
	memset(&from, 0, sizeof(from));
	ssize_t n = recvfrom(fd, buf, sizeof(buf), MSG_DONTWAIT, (struct sockaddr *)&from, &len);
	if (n < 0) {
		printf("%s: errno=%s\n", what, t_errname(errno));
		return;
	}
	printf("%s: '%.*s' from len %d %s%s\n", what, (int)n, buf, (int)len,
	       len > 2 && from.sun_path[0] == 0 ? "@" : "", len > 2 ? from.sun_path + (from.sun_path[0] == 0) : "");
}

int main(void)
{
	const char *dir = t_scratch("sock_dgram");
	char path[300];
	snprintf(path, sizeof(path), "%s/d", dir);
	struct sockaddr_un pa, aa, tmp;
	socklen_t plen = path_addr(&pa, path), alen = abstract_addr(&aa, "sock_dgram-test");
	int r = socket(AF_UNIX, SOCK_DGRAM, 0), s = socket(AF_UNIX, SOCK_DGRAM, 0);
	int q = socket(AF_UNIX, SOCK_DGRAM, 0);
	T_CHECK(bind(r, (struct sockaddr *)&pa, plen));
	T_CHECK(bind(s, (struct sockaddr *)&aa, alen));
	T_CHECK(bind(q, (struct sockaddr *)&aa, alen));
	T_CHECK(sendto(q, "unbound", 7, 0, (struct sockaddr *)&pa, plen));
	recv_show("from an unbound socket", r);
	T_CHECK(sendto(s, "abstract", 8, 0, (struct sockaddr *)&pa, plen));
	recv_show("from an abstract name", r);
	T_CHECK(sendto(r, "to abstract", 11, 0, (struct sockaddr *)&aa, alen));
	recv_show("at the abstract name", s);
	T_CHECK(send(q, "nowhere", 7, 0));
	T_CHECK(sendto(q, "x", 1, 0, (struct sockaddr *)&tmp, path_addr(&tmp, "/nonexistent/x")));
	T_CHECK(sendto(q, "x", 1, 0, (struct sockaddr *)&tmp, abstract_addr(&tmp, "no-one-here")));

	T_CHECK(connect(r, (struct sockaddr *)&aa, alen));
	T_CHECK(sendto(q, "x", 1, 0, (struct sockaddr *)&pa, plen));
	T_CHECK(sendto(s, "from s", 6, 0, (struct sockaddr *)&pa, plen));
	recv_show("r connected to s hears s", r);
	T_CHECK(send(r, "via connect", 11, 0));
	recv_show("s", s);
	struct sockaddr unspec = { .sa_family = AF_UNSPEC };
	T_CHECK(connect(r, &unspec, sizeof(unspec)));
	T_CHECK(sendto(q, "again", 5, 0, (struct sockaddr *)&pa, plen));
	recv_show("after AF_UNSPEC", r);

	T_CHECK(connect(q, (struct sockaddr *)&pa, plen));
	close(r);
	T_CHECK(send(q, "x", 1, 0));
	T_CHECK(send(q, "x", 1, 0));

	int auto_ = socket(AF_UNIX, SOCK_DGRAM, 0);
	T_CHECK(bind(auto_, (struct sockaddr *)&tmp, sizeof(sa_family_t)));
	socklen_t len = sizeof(tmp);
	getsockname(auto_, (struct sockaddr *)&tmp, &len);
	printf("autobind: len %d abstract %d\n", (int)len, tmp.sun_path[0] == 0);

	int big = 1 << 20;
	char *huge = calloc(1, big);
	T_CHECK(sendto(auto_, huge, big, 0, (struct sockaddr *)&aa, alen));
	int sz = 0;
	len = sizeof(sz);
	getsockopt(auto_, SOL_SOCKET, SO_SNDBUF, &sz, &len);
	printf("sndbuf default > 100000: %s\n", sz > 100000 ? "yes" : "no");
	sz = 10000;
	T_CHECK(setsockopt(auto_, SOL_SOCKET, SO_SNDBUF, &sz, sizeof(sz)));
	getsockopt(auto_, SOL_SOCKET, SO_SNDBUF, &sz, &len);
	printf("sndbuf after setting 10000: %d\n", sz);
	T_CHECK(sendto(auto_, huge, 19000, 0, (struct sockaddr *)&aa, alen));
	T_CHECK(sendto(auto_, huge, 9000, MSG_DONTWAIT, (struct sockaddr *)&aa, alen));
	int full = socket(AF_UNIX, SOCK_DGRAM, 0), sender = socket(AF_UNIX, SOCK_DGRAM, 0);
	socklen_t flen = abstract_addr(&tmp, "sock_dgram-full");
	T_CHECK(bind(full, (struct sockaddr *)&tmp, flen));
	int sent = 0;
	while (sendto(sender, "m", 1, MSG_DONTWAIT, (struct sockaddr *)&tmp, flen) == 1 && sent < 10000)
		sent++;
	printf("a full receiver: errno=%s after some: %s\n", t_errname(errno), sent >= 5 ? "yes" : "no");
	free(huge);
	close(s);
	close(q);
	close(auto_);
	close(full);
	close(sender);
	t_rmtree(dir);
	return 0;
}
