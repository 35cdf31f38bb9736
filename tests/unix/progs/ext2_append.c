/* O_APPEND on ext2 from two descriptors interleaves whole writes at the
 * end; pwrite on an O_APPEND descriptor appends too (Linux). */
#include "ext2_t.h"

int main(void)
{
	char buf[64];

	e2_mount(0);
	int a = open(E2_MNT "/ap", O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0644);
	int b = open(E2_MNT "/ap", O_WRONLY | O_APPEND);
	for (int i = 0; i < 3; i++) {
		T_YES(write(a, "AA", 2) == 2);
		T_YES(write(b, "bbb", 3) == 3);
	}
	T_YES(pwrite(a, "P", 1, 0) == 1);
	close(a);
	close(b);
	e2_umount();
	e2_mount(0);
	int fd = open(E2_MNT "/ap", O_RDONLY);
	ssize_t n = read(fd, buf, sizeof buf);
	printf("read %zd: %.*s\n", n, (int)(n > 0 ? n : 0), buf);
	close(fd);
	T_CHECK(unlink(E2_MNT "/ap"));
	e2_umount();
	return 0;
}
