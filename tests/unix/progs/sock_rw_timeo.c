/* SPDX-License-Identifier: BSD-2-Clause */
/* SO_RCVTIMEO and SO_SNDTIMEO bound read(2), readv, write(2) and writev on
 * a socket as they bound recv and send: EAGAIN when nothing moved in time,
 * and a stream write that filled the buffer part way returns what it put. */
#include "t.h"
#include <sys/socket.h>
#include <sys/uio.h>

static void timeo(int fd, int name, long ms)
{
	struct timeval tv = { ms / 1000, (ms % 1000) * 1000 };
	setsockopt(fd, SOL_SOCKET, name, &tv, sizeof(tv));
}

static void reads(const char *what, int type)
{
	int sv[2];
	char buf[16];
	socketpair(AF_UNIX, type, 0, sv);
	timeo(sv[0], SO_RCVTIMEO, 150);
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	errno = 0;
	ssize_t r = read(sv[0], buf, sizeof(buf));
	long ms = t_ms(t0);
	printf("%s read: %zd %s waited >=140ms: %s <2s: %s\n", what, r, t_errname(errno),
	       ms >= 140 ? "yes" : "no", ms < 2000 ? "yes" : "no");
	struct iovec iov = { buf, sizeof(buf) };
	errno = 0;
	r = readv(sv[0], &iov, 1);
	printf("%s readv: %zd %s\n", what, r, t_errname(errno));
	write(sv[1], "hi", 2);
	r = read(sv[0], buf, sizeof(buf));
	printf("%s read after write: %zd\n", what, r);
	close(sv[0]);
	close(sv[1]);
}

static void writes(const char *what, int type)
{
	int sv[2];
	socketpair(AF_UNIX, type, 0, sv);
	int small = 4096;
	setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &small, sizeof(small));
	timeo(sv[0], SO_SNDTIMEO, 150);
	static char buf[65536];
	ssize_t r;
	size_t total = 0;
	int n = 0;
	/* fill: datagrams of 512 bytes until one times out */
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (n < 10000 && (r = write(sv[0], buf, type == SOCK_STREAM ? sizeof(buf) : 512)) > 0) {
		total += (size_t)r;
		n++;
		if (type == SOCK_STREAM && (size_t)r < sizeof(buf))
			break;
	}
	long ms = t_ms(t0);
	printf("%s filled: wrote something %s, partial then stop or timeout waited >=140ms: %s\n",
	       what, total ? "yes" : "no", ms >= 140 ? "yes" : "no");
	errno = 0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	r = write(sv[0], buf, 512);
	ms = t_ms(t0);
	printf("%s write when full: %zd %s waited >=140ms: %s <2s: %s\n", what, r,
	       t_errname(errno), ms >= 140 ? "yes" : "no", ms < 2000 ? "yes" : "no");
	struct iovec iov = { buf, 512 };
	errno = 0;
	r = writev(sv[0], &iov, 1);
	printf("%s writev when full: %zd %s\n", what, r, t_errname(errno));
	close(sv[0]);
	close(sv[1]);
}

int main(void)
{
	reads("stream", SOCK_STREAM);
	reads("dgram", SOCK_DGRAM);
	reads("seqpacket", SOCK_SEQPACKET);
	writes("stream", SOCK_STREAM);
	writes("dgram", SOCK_DGRAM);
	writes("seqpacket", SOCK_SEQPACKET);
	return 0;
}
