/* SPDX-License-Identifier: BSD-2-Clause */
/* Which writes to a shut-down or orphaned socket raise SIGPIPE: write(2),
 * send(2) and send with MSG_NOSIGNAL on stream, datagram and seqpacket
 * pairs (Linux: only stream sockets, and never with MSG_NOSIGNAL). */
#include "t.h"
#include <sys/socket.h>
#include <sys/uio.h>

static volatile int pipes;
static void on_pipe(int s) { (void)s; pipes++; }

static void try(const char *what, int type, int how, int call)
{
	int sv[2];
	socketpair(AF_UNIX, type, 0, sv);
	if (how)
		close(sv[1]);
	else
		shutdown(sv[0], SHUT_WR);
	pipes = 0;
	errno = 0;
	char c = 'x';
	struct iovec iov = { &c, 1 };
	ssize_t r = call == 0 ? write(sv[0], &c, 1) : call == 1 ? send(sv[0], &c, 1, 0) :
	            call == 2 ? send(sv[0], &c, 1, MSG_NOSIGNAL) : writev(sv[0], &iov, 1);
	static const char *calls[] = { "write", "send", "send NOSIGNAL", "writev" };
	printf("%s %s %s: %zd %s SIGPIPE %d\n", what, how ? "closed peer" : "shut wr", calls[call],
	       r, r < 0 ? t_errname(errno) : "", pipes);
	close(sv[0]);
	if (!how)
		close(sv[1]);
}

int main(void)
{
	signal(SIGPIPE, on_pipe);
	static const int types[] = { SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET };
	static const char *names[] = { "stream", "dgram", "seqpacket" };
	for (int i = 0; i < 3; i++)
		for (int how = 0; how < 2; how++)
			for (int call = 0; call < 4; call++)
				try(names[i], types[i], how, call);
	return 0;
}
