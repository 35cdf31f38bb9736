/* mount(2) of ext2 refused: a missing source, one that is not a block
 * device, an unknown type, the device mounted read-write again read-only
 * (EBUSY); umount2 of a mount in use. */
#include "ext2_t.h"

int main(void)
{
	mkdir(E2_MNT, 0755);
	T_CHECK(mount("/dev/nosuch", E2_MNT, "ext2", 0, NULL));
	T_CHECK(mount("/dev/null", E2_MNT, "ext2", 0, NULL));
	T_CHECK(mount("/tmp", E2_MNT, "ext2", 0, NULL));
	T_CHECK(mount(E2_DEV, E2_MNT, "nosuchfs", 0, NULL));
	T_CHECK(mount(E2_DEV, "/tmp/nosuchdir", "ext2", 0, NULL));
	T_CHECK(mount("", E2_MNT, "ext2", 0, NULL));
	e2_mount(0);
	mkdir("/tmp/e2b", 0755);
	T_CHECK(mount(E2_DEV, "/tmp/e2b", "ext2", MS_RDONLY, NULL));
	int fd = open(E2_MNT "/etc/passwd", O_RDONLY);
	T_YES(fd >= 0);
	T_CHECK(umount(E2_MNT));
	close(fd);
	T_CHECK(chdir(E2_MNT "/etc"));
	T_CHECK(umount(E2_MNT));
	T_CHECK(chdir("/"));
	e2_umount();
	T_CHECK(umount(E2_MNT));
	rmdir("/tmp/e2b");
	return 0;
}
