/* A partition that holds no ext2 file system (the raw second one, its
 * superblock's place zeroed first: ext2_mke2fs may have made one there)
 * is refused with EINVAL, read-write or read-only. */
#include "ext2_t.h"

int main(void)
{
	char zero[1024] = { 0 };
	int fd = open("/dev/vda2", O_WRONLY);

	T_YES(fd >= 0 && pwrite(fd, zero, sizeof zero, 1024) == sizeof zero && fsync(fd) == 0);
	close(fd);
	mkdir(E2_MNT, 0755);
	T_CHECK(mount("/dev/vda2", E2_MNT, "ext2", 0, NULL));
	T_CHECK(mount("/dev/vda2", E2_MNT, "ext2", MS_RDONLY, NULL));
	return 0;
}
