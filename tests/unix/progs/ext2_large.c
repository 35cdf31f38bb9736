/* Files over 4 GiB (large_file): ftruncate to 5 GiB, a write near the
 * end through triple indirect blocks, read back, after umount and mount. */
#include "ext2_t.h"

int main(void)
{
	const off_t big = 5LL << 30;
	char buf[8] = { 0 };

	e2_mount(0);
	int fd = open(E2_MNT "/big", O_RDWR | O_CREAT | O_TRUNC, 0644);
	T_CHECK(ftruncate(fd, big));
	e2_stat(E2_MNT "/big");
	T_YES(pwrite(fd, "high", 4, big - 4096) == 4);
	T_CHECK(fsync(fd));
	e2_stat(E2_MNT "/big");
	close(fd);
	e2_umount();
	e2_mount(0);
	fd = open(E2_MNT "/big", O_RDONLY);
	T_YES(pread(fd, buf, 4, big - 4096) == 4 && !memcmp(buf, "high", 4));
	T_YES(pread(fd, buf, 4, 3LL << 30) == 4 && !memcmp(buf, "\0\0\0\0", 4));
	T_YES(pread(fd, buf, 4, big) == 0);
	close(fd);
	T_CHECK(truncate(E2_MNT "/big", 4096));
	e2_stat(E2_MNT "/big");
	T_CHECK(unlink(E2_MNT "/big"));
	e2_umount();
	return 0;
}
