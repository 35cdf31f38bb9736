/* SPDX-License-Identifier: BSD-2-Clause */
/* lseek edges: negative results EINVAL, unknown whence EINVAL, pipes
 * ESPIPE, beyond the end fine; SEEK_DATA and SEEK_HOLE on a file with a
 * hole in the middle (page granular on tmpfs). */
#include "t.h"

int main(void)
{
	const char *d = t_scratch("t2_lseek");
	char p[300];
	int fds[2];

	snprintf(p, sizeof p, "%s/f", d);
	int fd = open(p, O_CREAT | O_RDWR, 0600);
	write(fd, "abc", 3);
	T_CHECK(lseek(fd, -1, SEEK_SET));
	T_CHECK(lseek(fd, -4, SEEK_CUR));
	printf("pos %ld\n", (long)lseek(fd, 0, SEEK_CUR));
	T_CHECK(lseek(fd, 0, 7));
	printf("end+10 %ld\n", (long)lseek(fd, 10, SEEK_END));
	printf("end-3 %ld\n", (long)lseek(fd, -3, SEEK_END));
	T_CHECK(lseek(fd, -4, SEEK_END));
	pipe(fds);
	T_CHECK(lseek(fds[0], 0, SEEK_CUR));
	T_CHECK(lseek(99, 0, SEEK_SET));
	pwrite(fd, "z", 1, 65536);
	printf("data from 0: %ld\n", (long)lseek(fd, 0, SEEK_DATA));
	printf("hole from 0: %ld\n", (long)lseek(fd, 0, SEEK_HOLE));
	printf("data from 5000: %ld\n", (long)lseek(fd, 5000, SEEK_DATA));
	printf("hole from 65536: %ld\n", (long)lseek(fd, 65536, SEEK_HOLE));
	T_CHECK(lseek(fd, 65537, SEEK_DATA));
	T_CHECK(lseek(fd, 70000, SEEK_HOLE));
	int dfd = open(d, O_RDONLY);
	printf("dir seek %ld\n", (long)lseek(dfd, 0, SEEK_SET));
	return 0;
}
