/* SPDX-License-Identifier: BSD-2-Clause */
/* fsync, fdatasync, sync and syncfs succeed on a file; fsync of a pipe
 * is EINVAL; data written is read back after a sync. */
#include "t.h"

int main(void)
{
	int fd, fds[2];
	char buf[8] = { 0 };

	t_scratch("file_sync");
	fd = open("/tmp/file_sync/f", O_CREAT | O_RDWR | O_SYNC, 0644);
	T_YES(write(fd, "synced", 6) == 6);
	T_CHECK(fsync(fd));
	T_CHECK(fdatasync(fd));
	sync();
	T_CHECK(syncfs(fd));
	T_YES(pread(fd, buf, 6, 0) == 6);
	printf("read back '%s'\n", buf);
	printf("O_SYNC kept: %s\n", fcntl(fd, F_GETFL) & O_SYNC ? "yes" : "no");
	if (pipe(fds) != 0)
		t_die("pipe");
	T_CHECK(fsync(fds[0]));
	T_CHECK(fsync(99));
	int d = open("/tmp/file_sync", O_RDONLY);
	T_CHECK(fsync(d));
	return 0;
}
