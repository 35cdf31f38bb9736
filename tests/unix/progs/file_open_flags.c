/* SPDX-License-Identifier: BSD-2-Clause */
/* open's flags: O_CREAT, O_EXCL, O_TRUNC, O_DIRECTORY, access modes and
 * the errors they give. */
#include "t.h"

int main(void)
{
	char buf[16];
	int fd;

	t_scratch("file_open_flags");
	if (chdir("/tmp/file_open_flags") != 0)
		t_die("chdir");
	T_CHECK(open("f", O_RDONLY));
	T_CHECK(fd = open("f", O_WRONLY | O_CREAT, 0644));
	T_YES(write(fd, "hello", 5) == 5);
	close(fd);
	T_CHECK(open("f", O_WRONLY | O_CREAT | O_EXCL, 0644));
	T_CHECK(fd = open("f", O_RDONLY));
	T_CHECK(write(fd, "x", 1));
	close(fd);
	T_CHECK(fd = open("f", O_WRONLY));
	T_CHECK(read(fd, buf, 1));
	close(fd);
	T_CHECK(fd = open("f", O_RDWR | O_TRUNC));
	T_YES(read(fd, buf, sizeof buf) == 0);
	close(fd);
	T_CHECK(open("f", O_RDONLY | O_DIRECTORY));
	T_CHECK(open(".", O_RDONLY | O_DIRECTORY));
	T_CHECK(open(".", O_WRONLY));
	T_CHECK(open(".", O_RDWR));
	T_CHECK(open("f/x", O_RDONLY));
	T_CHECK(open("missing/x", O_RDONLY | O_CREAT, 0644));
	T_CHECK(open("", O_RDONLY));
	T_CHECK(open("f", O_RDONLY | O_CREAT | O_EXCL, 0644));
	T_CHECK(open("/proc/nonexistent", O_RDONLY));
	T_CHECK(fd = open("g", O_RDWR | O_CREAT | O_CLOEXEC, 0600));
	printf("O_CLOEXEC gives FD_CLOEXEC: %s\n", fcntl(fd, F_GETFD) == FD_CLOEXEC ? "yes" : "no");
	T_YES(fd == 3 || fd == 4);
	T_CHECK(close(fd));
	T_CHECK(close(fd));
	int lowest = open("f", O_RDONLY);
	printf("lowest free descriptor: %d\n", lowest);
	return 0;
}
