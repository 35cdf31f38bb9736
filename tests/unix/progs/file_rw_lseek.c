/* SPDX-License-Identifier: BSD-2-Clause */
/* read, write and lseek: positions, SEEK_SET/CUR/END, holes read as
 * zeros, errors for bad whence, negative offsets and pipes. */
#include "t.h"

int main(void)
{
	char buf[32] = { 0 };
	int fd, fds[2];
	struct stat st;

	t_scratch("file_rw_lseek");
	fd = open("/tmp/file_rw_lseek/f", O_RDWR | O_CREAT, 0644);
	T_YES(write(fd, "0123456789", 10) == 10);
	printf("pos %ld\n", (long)lseek(fd, 0, SEEK_CUR));
	printf("SEEK_SET 3 -> %ld\n", (long)lseek(fd, 3, SEEK_SET));
	T_YES(read(fd, buf, 4) == 4);
	printf("read '%s' pos %ld\n", buf, (long)lseek(fd, 0, SEEK_CUR));
	printf("SEEK_CUR -2 -> %ld\n", (long)lseek(fd, -2, SEEK_CUR));
	printf("SEEK_END -1 -> %ld\n", (long)lseek(fd, -1, SEEK_END));
	printf("SEEK_END +5 -> %ld\n", (long)lseek(fd, 5, SEEK_END));
	T_YES(write(fd, "Z", 1) == 1);
	fstat(fd, &st);
	printf("size with a hole %ld\n", (long)st.st_size);
	lseek(fd, 8, SEEK_SET);
	memset(buf, 'x', sizeof buf);
	ssize_t n = read(fd, buf, sizeof buf);
	printf("read %zd:", n);
	for (ssize_t i = 0; i < n; i++)
		printf(" %02x", (unsigned char)buf[i]);
	printf("\n");
	T_YES(read(fd, buf, 1) == 0);
	T_CHECK(lseek(fd, -1, SEEK_SET));
	T_CHECK(lseek(fd, 0, 7));
	T_CHECK(lseek(99, 0, SEEK_SET));
	if (pipe(fds) != 0)
		t_die("pipe");
	T_CHECK(lseek(fds[0], 0, SEEK_CUR));
	T_YES(read(fd, buf, 0) == 0);
	T_YES(write(fd, buf, 0) == 0);
	lseek(fd, 0, SEEK_SET);
	T_CHECK(read(fd, (void *)8, 4));
	T_CHECK(write(fd, (void *)8, 4));
	return 0;
}
