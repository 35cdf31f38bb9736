/* SPDX-License-Identifier: BSD-2-Clause */
/* pread and pwrite use their own offset and leave the file position
 * alone; negative offsets and pipes fail. */
#include "t.h"

int main(void)
{
	char buf[16] = { 0 };
	int fd, fds[2];

	t_scratch("file_pread_pwrite");
	fd = open("/tmp/file_pread_pwrite/f", O_RDWR | O_CREAT, 0644);
	T_YES(write(fd, "abcdefghij", 10) == 10);
	lseek(fd, 2, SEEK_SET);
	T_YES(pread(fd, buf, 3, 5) == 3);
	printf("pread '%s' pos %ld\n", buf, (long)lseek(fd, 0, SEEK_CUR));
	T_YES(pwrite(fd, "XY", 2, 8) == 2);
	T_YES(pwrite(fd, "!", 1, 15) == 1);
	printf("pos %ld\n", (long)lseek(fd, 0, SEEK_CUR));
	memset(buf, 0, sizeof buf);
	T_YES(pread(fd, buf, sizeof buf, 0) == 16);
	for (int i = 0; i < 16; i++)
		if (buf[i] == 0)
			buf[i] = '.';
	printf("contents '%.16s'\n", buf);
	T_YES(pread(fd, buf, 4, 100) == 0);
	T_CHECK(pread(fd, buf, 4, -1));
	T_CHECK(pwrite(fd, buf, 4, -1));
	if (pipe(fds) != 0)
		t_die("pipe");
	T_CHECK(pread(fds[0], buf, 1, 0));
	T_CHECK(pwrite(fds[1], buf, 1, 0));
	return 0;
}
