/* Fast symlinks (the target in the inode: no blocks) and slow ones (a
 * block), read back after umount and mount; O_NOFOLLOW, ELOOP. */
#include "ext2_t.h"

static void show(const char *path)
{
	char buf[256];
	ssize_t n = readlink(path, buf, sizeof buf);

	printf("readlink %s: %zd %.*s\n", path, n, (int)(n > 0 ? n : 0), buf);
	e2_stat(path);
}

int main(void)
{
	char slow[200];

	memset(slow, 's', sizeof slow - 1);
	slow[sizeof slow - 1] = 0;
	memcpy(slow, "etc/", 4);
	e2_mount(0);
	T_CHECK(symlink("etc/passwd", E2_MNT "/fast"));
	T_CHECK(symlink(slow, E2_MNT "/slow"));
	T_CHECK(symlink("0123456789012345678901234567890123456789012345678901234567890", E2_MNT "/l60"));
	T_CHECK(symlink("loop", E2_MNT "/loop"));
	e2_umount();
	e2_mount(0);
	show(E2_MNT "/fast");
	show(E2_MNT "/slow");
	show(E2_MNT "/l60");
	T_YES(access(E2_MNT "/fast", R_OK) == 0);
	T_CHECK(open(E2_MNT "/fast", O_RDONLY | O_NOFOLLOW));
	T_CHECK(open(E2_MNT "/loop", O_RDONLY));
	T_CHECK(open(E2_MNT "/slow", O_RDONLY));
	T_CHECK(unlink(E2_MNT "/fast"));
	T_CHECK(unlink(E2_MNT "/slow"));
	T_CHECK(unlink(E2_MNT "/l60"));
	T_CHECK(unlink(E2_MNT "/loop"));
	e2_umount();
	return 0;
}
