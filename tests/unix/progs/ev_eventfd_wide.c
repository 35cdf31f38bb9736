/* SPDX-License-Identifier: BSD-2-Clause */
/* Writes and reads of more than 8 bytes on an eventfd: Linux takes the
 * first 8 bytes of a write as its one value (returning 8) and gives 8 bytes
 * to a read however large its buffer; writev of two values adds the first. */
#include "t.h"
#include <stdint.h>
#include <sys/eventfd.h>
#include <sys/uio.h>

static void say(const char *what, ssize_t r)
{
	int e = errno;
	printf("%s: %zd %s\n", what, r, r < 0 ? t_errname(e) : "");
	errno = 0;
}

int main(void)
{
	int e = eventfd(0, EFD_NONBLOCK);
	uint64_t w[4] = { 1, 10, 100, 1000 }, r[4] = { 0 };
	say("write 16", write(e, w, 16));
	say("write 24", write(e, w + 1, 24));
	say("write 9", write(e, w + 2, 9));
	say("write 7", write(e, w, 7));
	/* writev: Linux's eventfd has no write_iter, each segment is one write */
	struct iovec iov[2] = { { &w[3], 8 }, { &w[0], 8 } };
	say("writev 8+8", writev(e, iov, 2));
	struct iovec iov2[2] = { { &w[3], 4 }, { &w[0], 8 } };
	say("writev 4+8", writev(e, iov2, 2));
	say("read 32", read(e, r, 32));
	printf("value %llu, then %llu\n", (unsigned long long)r[0], (unsigned long long)r[1]);
	say("read again", read(e, r, 32));
	/* a wide write that does not fit fails (here: EAGAIN) as a whole */
	uint64_t big[2] = { UINT64_MAX - 2, 5 };
	say("write big", write(e, big, 16));
	say("write 2 more", write(e, &w[1], 16));
	say("read", read(e, r, 8));
	printf("value %llu\n", (unsigned long long)r[0]);
	return 0;
}
