/* Holes: a write far past the end leaves a hole that reads as zeros and
 * takes no blocks; st_blocks counts the data and the indirect block. */
#include "ext2_t.h"

int main(void)
{
	char buf[8];

	e2_mount(0);
	int fd = open(E2_MNT "/h", O_RDWR | O_CREAT | O_TRUNC, 0644);
	T_YES(pwrite(fd, "end", 3, 1 << 20) == 3);
	T_CHECK(fsync(fd));
	e2_stat(E2_MNT "/h");
	T_YES(pread(fd, buf, 4, 4096 * 20) == 4 && !memcmp(buf, "\0\0\0\0", 4));
	T_YES(pwrite(fd, "start", 5, 0) == 5);
	T_CHECK(fsync(fd));
	e2_stat(E2_MNT "/h");
	T_YES(pwrite(fd, "mid", 3, 40000) == 3);
	T_CHECK(fsync(fd));
	e2_stat(E2_MNT "/h");
	close(fd);
	T_CHECK(unlink(E2_MNT "/h"));
	e2_umount();
	return 0;
}
