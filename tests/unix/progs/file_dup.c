/* SPDX-License-Identifier: BSD-2-Clause */
/* dup gives the lowest free descriptor sharing the offset; dup2 onto an
 * open descriptor closes it; dup3 sets O_CLOEXEC and refuses the same fd;
 * the errors. */
#include "t.h"

int main(void)
{
	int fd, d, other;
	char c;

	t_scratch("file_dup");
	fd = open("/tmp/file_dup/f", O_RDWR | O_CREAT, 0644);
	if (write(fd, "abcdef", 6) != 6)
		t_die("write");
	lseek(fd, 1, SEEK_SET);
	d = dup(fd);
	printf("dup gave fd %d (lowest free is 4) cloexec %d\n", d, fcntl(d, F_GETFD));
	T_YES(read(d, &c, 1) == 1 && c == 'b');
	printf("offset shared: %ld\n", (long)lseek(fd, 0, SEEK_CUR));
	other = open("/dev/null", O_RDONLY);
	printf("dup2 onto an open fd: %d\n", dup2(fd, other));
	T_YES(read(other, &c, 1) == 1 && c == 'c');
	printf("dup2 to itself: %d\n", dup2(fd, fd));
	printf("dup2 to 100: %d\n", dup2(fd, 100));
	int nfd = dup3(fd, 101, O_CLOEXEC);
	printf("dup3 O_CLOEXEC: %d flags %d\n", nfd, fcntl(nfd, F_GETFD));
	T_CHECK(dup3(fd, fd, 0));
	T_CHECK(dup3(fd, 102, 0x1234));
	T_CHECK(dup(99));
	T_CHECK(dup2(99, 5));
	T_CHECK(dup2(fd, -1));
	T_CHECK(dup2(fd, 1 << 20));
	close(fd);
	T_YES(read(d, &c, 1) == 1 && c == 'd');
	printf("dup after closing 3: %d\n", dup(d));
	return 0;
}
