/* SPDX-License-Identifier: BSD-2-Clause */
/* Calls on descriptors that are not open, or open the wrong way: EBADF;
 * descriptor numbers that are negative or huge. */
#include "t.h"

int main(void)
{
	char c = 'x';
	struct stat st;

	T_CHECK(read(42, &c, 1));
	T_CHECK(write(42, &c, 1));
	T_CHECK(close(42));
	T_CHECK(close(-1));
	T_CHECK(fstat(-5, &st));
	T_CHECK(read(0x7fffffff, &c, 1));
	T_CHECK(fsync(42));
	T_CHECK(fchdir(-1));
	T_CHECK(fchmod(42, 0644));
	T_CHECK(ftruncate(42, 0));
	T_CHECK(write(0, &c, 1));
	int fd = open("/dev/null", O_RDONLY);
	close(fd);
	T_CHECK(read(fd, &c, 1));
	T_CHECK(write(1, &c, 0));
	return 0;
}
