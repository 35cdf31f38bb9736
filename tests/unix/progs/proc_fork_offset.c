/* SPDX-License-Identifier: BSD-2-Clause */
/* A file description is shared across fork: offsets move for both, and
 * fd flags are copied. */
#include "t.h"

int main(void)
{
	int fd;
	char buf[8] = { 0 };

	t_scratch("proc_fork_offset");
	fd = open("/tmp/proc_fork_offset/f", O_RDWR | O_CREAT, 0644);
	if (fd < 0 || write(fd, "0123456789", 10) != 10)
		t_die("file");
	lseek(fd, 2, SEEK_SET);
	pid_t pid = t_fork();
	if (pid == 0) {
		if (read(fd, buf, 3) != 3)
			_exit(1);
		_exit(0);
	}
	printf("child: %s\n", t_wait(pid));
	printf("offset after the child read: %ld\n", (long)lseek(fd, 0, SEEK_CUR));
	T_YES(read(fd, buf, 2) == 2);
	printf("parent read '%s'\n", buf);
	pid = t_fork();
	if (pid == 0) {
		close(fd);
		_exit(0);
	}
	printf("child: %s\n", t_wait(pid));
	T_CHECK(fcntl(fd, F_GETFD));
	return 0;
}
