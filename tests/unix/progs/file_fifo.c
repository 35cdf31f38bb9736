/* SPDX-License-Identifier: BSD-2-Clause */
/* Named pipes: O_NONBLOCK read end opens at once, write end without a
 * reader is ENXIO; data flows between two processes through the name. */
#include "t.h"

int main(void)
{
	char buf[32] = { 0 };

	t_scratch("file_fifo");
	T_CHECK(mkfifo("/tmp/file_fifo/p", 0644));
	T_CHECK(mkfifo("/tmp/file_fifo/p", 0644));
	T_CHECK(open("/tmp/file_fifo/p", O_WRONLY | O_NONBLOCK));
	int r;
	T_CHECK(r = open("/tmp/file_fifo/p", O_RDONLY | O_NONBLOCK));
	T_CHECK(read(r, buf, sizeof buf));
	close(r);
	pid_t pid = t_fork();
	if (pid == 0) {
		int w = open("/tmp/file_fifo/p", O_WRONLY);

		_exit(write(w, "through the fifo", 16) == 16 ? 0 : 1);
	}
	r = open("/tmp/file_fifo/p", O_RDONLY);
	T_YES(read(r, buf, sizeof buf - 1) == 16);
	printf("read '%s'\n", buf);
	T_YES(read(r, buf, 1) == 0);
	printf("writer: %s\n", t_wait(pid));
	T_CHECK(lseek(r, 0, SEEK_SET));
	return 0;
}
