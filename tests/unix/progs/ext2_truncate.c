/* truncate(2) and ftruncate(2) on ext2, up and down: sizes, blocks, the
 * bytes past a shrink read as zeros after growing again. */
#include "ext2_t.h"

int main(void)
{
	char buf[8];

	e2_mount(0);
	T_CHECK(e2_put(E2_MNT "/t", 'z', 50000));
	e2_stat(E2_MNT "/t");
	T_CHECK(truncate(E2_MNT "/t", 100));
	e2_stat(E2_MNT "/t");
	int fd = open(E2_MNT "/t", O_RDWR);
	T_CHECK(ftruncate(fd, 200000));
	T_CHECK(fsync(fd));
	e2_stat(E2_MNT "/t");
	T_YES(pread(fd, buf, 4, 98) == 4 && !memcmp(buf, "zz\0\0", 4));
	T_CHECK(ftruncate(fd, 0));
	e2_stat(E2_MNT "/t");
	T_CHECK(ftruncate(fd, -1));
	close(fd);
	T_CHECK(unlink(E2_MNT "/t"));
	e2_umount();
	return 0;
}
