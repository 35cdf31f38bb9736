/* SPDX-License-Identifier: BSD-2-Clause */
/* SOCK_SEQPACKET: connected like a stream (listen, connect, accept, a
 * socketpair), messages kept whole like datagrams (truncation, MSG_TRUNC,
 * empty messages), an address given to send is ignored, the end of the
 * peer is end of file for a reader and EPIPE for a writer. */
#include "t.h"
#include <stddef.h>
#include <sys/socket.h>
#include <sys/un.h>

int main(void)
{
	signal(SIGPIPE, SIG_IGN);
	int sv[2];
	char buf[64];
	T_CHECK(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv));
	T_CHECK(send(sv[0], "first", 5, 0));
	T_CHECK(send(sv[0], "", 0, 0));
	T_CHECK(send(sv[0], "second", 6, 0));
	printf("one message: %zd\n", recv(sv[1], buf, sizeof(buf), 0));
	printf("empty: %zd\n", recv(sv[1], buf, sizeof(buf), 0));
	printf("truncated: %zd\n", recv(sv[1], buf, 3, MSG_TRUNC));
	T_CHECK(recv(sv[1], buf, sizeof(buf), MSG_DONTWAIT));
	struct sockaddr_un a = { .sun_family = AF_UNIX, .sun_path = "\0nowhere" };
	T_CHECK(sendto(sv[1], "addr", 4, 0, (struct sockaddr *)&a, 10));
	printf("sent with an address: %zd\n", recv(sv[0], buf, sizeof(buf), 0));
	int type;
	socklen_t len = sizeof(type);
	getsockopt(sv[0], SOL_SOCKET, SO_TYPE, &type, &len);
	printf("SO_TYPE %d\n", type);
	close(sv[1]);
	printf("after the peer closed: %zd\n", recv(sv[0], buf, sizeof(buf), 0));
	T_CHECK(send(sv[0], "x", 1, 0));
	close(sv[0]);

	int l = socket(AF_UNIX, SOCK_SEQPACKET, 0), c = socket(AF_UNIX, SOCK_SEQPACKET, 0);
	T_CHECK(send(c, "x", 1, 0));
	T_CHECK(recv(c, buf, 1, MSG_DONTWAIT));
	T_CHECK(bind(l, (struct sockaddr *)&a, 10));
	T_CHECK(listen(l, 2));
	T_CHECK(recv(l, buf, 1, MSG_DONTWAIT));
	int st = socket(AF_UNIX, SOCK_STREAM, 0);
	T_CHECK(connect(st, (struct sockaddr *)&a, 10));
	T_CHECK(connect(c, (struct sockaddr *)&a, 10));
	int s = accept(l, NULL, NULL);
	T_YES(s >= 0);
	T_CHECK(send(c, "over a connection", 17, 0));
	T_CHECK(send(c, "two", 3, 0));
	printf("accepted side: %zd\n", recv(s, buf, sizeof(buf), 0));
	printf("then: %zd\n", recv(s, buf, sizeof(buf), 0));
	T_CHECK(shutdown(c, SHUT_WR));
	printf("after SHUT_WR: %zd\n", recv(s, buf, sizeof(buf), 0));
	close(s);
	close(c);
	close(l);
	close(st);
	return 0;
}
