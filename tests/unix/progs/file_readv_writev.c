/* SPDX-License-Identifier: BSD-2-Clause */
/* readv and writev gather and scatter in order; preadv/pwritev; empty
 * and invalid vectors. */
#include "t.h"
#include <sys/uio.h>

int main(void)
{
	char a[4] = { 0 }, b[8] = { 0 }, c[32] = { 0 };
	struct iovec out[3] = { { "one ", 4 }, { "", 0 }, { "two three", 9 } };
	struct iovec in[2] = { { a, 3 }, { b, 7 } };
	int fd;

	t_scratch("file_readv_writev");
	fd = open("/tmp/file_readv_writev/f", O_RDWR | O_CREAT, 0644);
	printf("writev %zd\n", writev(fd, out, 3));
	lseek(fd, 0, SEEK_SET);
	printf("readv %zd '%s' '%s'\n", readv(fd, in, 2), a, b);
	struct iovec p[1] = { { c, sizeof c - 1 } };
	printf("preadv at 4: %zd '%s'\n", preadv(fd, p, 1, 4), c);
	struct iovec w[2] = { { "AB", 2 }, { "CD", 2 } };
	printf("pwritev at 0: %zd\n", pwritev(fd, w, 2, 0));
	memset(c, 0, sizeof c);
	printf("pread: %zd '%s'\n", pread(fd, c, sizeof c - 1, 0), c);
	T_CHECK(writev(fd, out, 0));
	T_CHECK(writev(fd, out, -1));
	T_CHECK(writev(fd, out, 1025));
	struct iovec bad[1] = { { (void *)8, 4 } };
	T_CHECK(writev(fd, bad, 1));
	return 0;
}
