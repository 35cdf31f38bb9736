/* SPDX-License-Identifier: BSD-2-Clause */
/* dup, dup2, dup3 edges: dup2 onto itself returns it (EBADF if closed),
 * dup3 onto itself EINVAL, unknown dup3 flags EINVAL, O_CLOEXEC only
 * through dup3 and F_DUPFD_CLOEXEC, negative targets EBADF. */
#include "t.h"

int main(void)
{
	int fd = open("/dev/null", O_RDONLY);

	printf("dup2 self %d\n", dup2(fd, fd) == fd);
	T_CHECK(dup2(50, 50));
	T_CHECK(dup3(fd, fd, 0));
	T_CHECK(dup3(fd, 20, 0x1));
	T_CHECK(dup3(fd, 20, O_CLOEXEC));
	printf("dup3 cloexec %d\n", fcntl(20, F_GETFD));
	T_CHECK(dup2(fd, 20));
	printf("dup2 clears %d\n", fcntl(20, F_GETFD));
	T_CHECK(dup2(fd, -1));
	T_CHECK(dup3(fd, -1, 0));
	T_CHECK(dup(-1));
	T_CHECK(dup2(-1, 21));
	T_CHECK(fcntl(20, F_SETFD, FD_CLOEXEC));
	int d = dup(20);
	printf("dup clears %d, lowest %d\n", fcntl(d, F_GETFD), d == fd + 1);
	T_CHECK(fcntl(fd, F_DUPFD_CLOEXEC, 30));
	printf("at 30 %d\n", fcntl(30, F_GETFD));
	off_t o = lseek(fd, 0, SEEK_CUR);
	int f2 = open("/t/list", O_RDONLY);
	dup2(f2, 40);
	lseek(40, 5, SEEK_SET);
	printf("shared offset %ld, unrelated %ld\n", (long)lseek(f2, 0, SEEK_CUR), (long)o);
	return 0;
}
