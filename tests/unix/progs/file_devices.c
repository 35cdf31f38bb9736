/* SPDX-License-Identifier: BSD-2-Clause */
/* /dev/null, /dev/zero, /dev/full and /dev/urandom as programs use them. */
#include "t.h"

int main(void)
{
	char buf[256];
	int fd;

	T_CHECK(fd = open("/dev/null", O_RDWR));
	printf("read /dev/null: %zd\n", read(fd, buf, sizeof buf));
	printf("write /dev/null: %zd\n", write(fd, buf, sizeof buf));
	printf("lseek /dev/null: %ld\n", (long)lseek(fd, 100, SEEK_SET));
	close(fd);
	T_CHECK(fd = open("/dev/zero", O_RDWR));
	memset(buf, 'x', sizeof buf);
	printf("read /dev/zero: %zd\n", read(fd, buf, sizeof buf));
	int zero = 1;
	for (unsigned i = 0; i < sizeof buf; i++)
		zero &= buf[i] == 0;
	T_YES(zero);
	printf("write /dev/zero: %zd\n", write(fd, buf, 10));
	close(fd);
	T_CHECK(fd = open("/dev/full", O_RDWR));
	T_CHECK(write(fd, buf, 10));
	printf("read /dev/full: %zd\n", read(fd, buf, 10));
	close(fd);
	T_CHECK(fd = open("/dev/urandom", O_RDONLY));
	unsigned char r1[64], r2[64];
	T_YES(read(fd, r1, sizeof r1) == 64);
	T_YES(read(fd, r2, sizeof r2) == 64);
	T_YES(memcmp(r1, r2, sizeof r1) != 0);
	int nz = 0;
	for (int i = 0; i < 64; i++)
		nz += r1[i] != 0;
	T_YES(nz > 32);
	close(fd);
	T_CHECK(fd = open("/dev/random", O_RDONLY | O_NONBLOCK));
	T_YES(read(fd, r1, 16) == 16);
	T_CHECK(open("/dev/nonexistent", O_RDONLY));
	return 0;
}
