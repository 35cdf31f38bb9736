/* fallocate(2) on ext2: Linux's ext2 has no fallocate (EOPNOTSUPP), even
 * mode 0; posix_fallocate's emulation is libc's business. */
#include "ext2_t.h"

int main(void)
{
	e2_mount(0);
	int fd = open(E2_MNT "/fa", O_RDWR | O_CREAT | O_TRUNC, 0644);
	T_CHECK(fallocate(fd, 0, 0, 8192));
	T_CHECK(fallocate(fd, FALLOC_FL_KEEP_SIZE, 0, 8192));
	T_CHECK(fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 0, 4096));
	close(fd);
	e2_stat(E2_MNT "/fa");
	T_CHECK(unlink(E2_MNT "/fa"));
	e2_umount();
	return 0;
}
