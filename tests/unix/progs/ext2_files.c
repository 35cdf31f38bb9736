/* Files on ext2: written, read back, sizes and blocks, and still there
 * after umount and mount. */
#include "ext2_t.h"

int main(void)
{
	char buf[64];

	e2_mount(0);
	T_CHECK(e2_put(E2_MNT "/a", 'a', 10));
	T_CHECK(e2_put(E2_MNT "/b", 'b', 4096));
	T_CHECK(e2_put(E2_MNT "/c", 'c', 100000));
	e2_stat(E2_MNT "/a");
	e2_stat(E2_MNT "/b");
	e2_stat(E2_MNT "/c");
	e2_umount();
	e2_mount(0);
	e2_stat(E2_MNT "/c");
	int fd = open(E2_MNT "/c", O_RDONLY);
	ssize_t n = pread(fd, buf, sizeof buf, 99990);
	printf("read %zd: %.*s\n", n, (int)(n > 0 ? n : 0), buf);
	close(fd);
	fd = open(E2_MNT "/a", O_RDONLY);
	n = read(fd, buf, sizeof buf);
	printf("read %zd: %.*s\n", n, (int)(n > 0 ? n : 0), buf);
	close(fd);
	T_CHECK(unlink(E2_MNT "/a"));
	T_CHECK(unlink(E2_MNT "/b"));
	T_CHECK(unlink(E2_MNT "/c"));
	e2_umount();
	return 0;
}
