/* A file unlinked while open lives on until the last close: reads and
 * writes work, its link count is 0, and its inode and blocks come back. */
#include "ext2_t.h"

int main(void)
{
	struct statfs a, b, c;
	struct stat st;
	char buf[8];

	e2_mount(0);
	T_CHECK(statfs(E2_MNT, &a));
	int fd = open(E2_MNT "/u", O_RDWR | O_CREAT | O_TRUNC, 0644);
	T_YES(write(fd, "gone", 4) == 4);
	T_CHECK(fsync(fd));
	T_CHECK(unlink(E2_MNT "/u"));
	T_YES(fstat(fd, &st) == 0 && st.st_nlink == 0 && st.st_size == 4);
	T_YES(pread(fd, buf, 4, 0) == 4 && !memcmp(buf, "gone", 4));
	T_CHECK(statfs(E2_MNT, &b));
	printf("in use: files %ld\n", (long)(a.f_ffree - b.f_ffree));
	T_CHECK(access(E2_MNT "/u", F_OK));
	T_CHECK(umount(E2_MNT));
	close(fd);
	T_CHECK(statfs(E2_MNT, &c));
	printf("after close: files %ld blocks %ld\n", (long)(a.f_ffree - c.f_ffree),
	       (long)(a.f_bfree - c.f_bfree));
	e2_umount();
	return 0;
}
