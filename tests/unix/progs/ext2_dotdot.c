/* Path lookup across the mount: ".." at the ext2 root is the directory it
 * covers, "." and ".." inside, the mount point's own directory hidden
 * while mounted and back after. */
#include "ext2_t.h"

static int same(const char *a, const char *b)
{
	struct stat x, y;

	return stat(a, &x) == 0 && stat(b, &y) == 0 && x.st_ino == y.st_ino && x.st_dev == y.st_dev;
}

int main(void)
{
	mkdir(E2_MNT, 0755);
	int fd = open(E2_MNT "/under", O_WRONLY | O_CREAT, 0644);
	close(fd);
	e2_mount(0);
	T_YES(same(E2_MNT "/..", "/tmp"));
	T_YES(same(E2_MNT "/etc/..", E2_MNT));
	T_YES(same(E2_MNT "/etc/../etc/./passwd", E2_MNT "/etc/passwd"));
	T_YES(same(E2_MNT, "/tmp"));
	T_CHECK(access(E2_MNT "/under", F_OK));
	T_CHECK(chdir(E2_MNT "/etc"));
	T_YES(access("../../e2/etc/passwd", R_OK) == 0);
	T_CHECK(chdir("/"));
	struct stat a, b;
	T_YES(stat(E2_MNT, &a) == 0 && stat("/tmp", &b) == 0 && a.st_dev != b.st_dev);
	e2_umount();
	T_CHECK(access(E2_MNT "/under", F_OK));
	T_CHECK(unlink(E2_MNT "/under"));
	return 0;
}
