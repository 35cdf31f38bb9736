/* fsync, fdatasync, syncfs and sync on ext2 succeed; on a read-only mount
 * too; on a directory. */
#include "ext2_t.h"

int main(void)
{
	e2_mount(0);
	int fd = open(E2_MNT "/sy", O_RDWR | O_CREAT | O_TRUNC, 0644);
	T_YES(write(fd, "data", 4) == 4);
	T_CHECK(fdatasync(fd));
	T_CHECK(fsync(fd));
	T_CHECK(syncfs(fd));
	close(fd);
	sync();
	fd = open(E2_MNT, O_RDONLY | O_DIRECTORY);
	T_CHECK(fsync(fd));
	close(fd);
	T_CHECK(unlink(E2_MNT "/sy"));
	e2_umount();
	e2_mount(MS_RDONLY);
	fd = open(E2_MNT "/etc/passwd", O_RDONLY);
	T_CHECK(fsync(fd));
	T_CHECK(syncfs(fd));
	close(fd);
	e2_umount();
	return 0;
}
