/* open(2) flags on ext2: O_APPEND, O_CREAT|O_EXCL, O_DIRECTORY,
 * O_NOFOLLOW, O_TRUNC. */
#include "ext2_t.h"

int main(void)
{
	char buf[32];

	e2_mount(0);
	int fd = open(E2_MNT "/o", O_WRONLY | O_CREAT | O_EXCL, 0644);
	T_YES(fd >= 0 && write(fd, "one", 3) == 3);
	close(fd);
	T_CHECK(open(E2_MNT "/o", O_WRONLY | O_CREAT | O_EXCL, 0644));
	fd = open(E2_MNT "/o", O_WRONLY | O_APPEND);
	T_YES(lseek(fd, 0, SEEK_SET) == 0 && write(fd, "two", 3) == 3);
	close(fd);
	fd = open(E2_MNT "/o", O_RDONLY);
	ssize_t n = read(fd, buf, sizeof buf);
	printf("read %zd: %.*s\n", n, (int)(n > 0 ? n : 0), buf);
	close(fd);
	T_CHECK(open(E2_MNT "/o", O_RDONLY | O_DIRECTORY));
	T_CHECK(open(E2_MNT "/o/", O_RDONLY));
	T_CHECK(symlink("o", E2_MNT "/ol"));
	T_CHECK(open(E2_MNT "/ol", O_RDONLY | O_NOFOLLOW));
	T_CHECK(open(E2_MNT "/ol", O_WRONLY | O_CREAT | O_EXCL, 0644));
	fd = open(E2_MNT "/ol", O_WRONLY | O_TRUNC);
	T_YES(fd >= 0);
	close(fd);
	e2_stat(E2_MNT "/o");
	fd = open(E2_MNT "/etc", O_RDONLY | O_DIRECTORY);
	T_YES(fd >= 0);
	close(fd);
	T_CHECK(open(E2_MNT "/etc", O_WRONLY));
	T_CHECK(unlink(E2_MNT "/ol"));
	T_CHECK(unlink(E2_MNT "/o"));
	e2_umount();
	return 0;
}
