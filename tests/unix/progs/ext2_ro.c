/* A read-only mount (MS_RDONLY): reads work, every write is EROFS, statfs
 * says ST_RDONLY; a read-write mount remounted read-only refuses writes. */
#include "ext2_t.h"

static void writes(void)
{
	T_CHECK(open(E2_MNT "/new", O_WRONLY | O_CREAT, 0644));
	T_CHECK(open(E2_MNT "/etc/passwd", O_WRONLY));
	T_CHECK(mkdir(E2_MNT "/nd", 0755));
	T_CHECK(unlink(E2_MNT "/etc/group"));
	T_CHECK(chmod(E2_MNT "/etc/passwd", 0600));
	T_CHECK(truncate(E2_MNT "/etc/passwd", 0));
	T_CHECK(symlink("x", E2_MNT "/sl"));
	T_CHECK(rename(E2_MNT "/etc/group", E2_MNT "/g"));
}

int main(void)
{
	struct statfs sf;

	e2_mount(MS_RDONLY);
	int fd = open(E2_MNT "/etc/passwd", O_RDONLY);
	T_YES(fd >= 0);
	close(fd);
	writes();
	T_YES(statfs(E2_MNT, &sf) == 0 && (sf.f_flags & ST_RDONLY));
	e2_umount();
	e2_mount(0);
	T_CHECK(e2_put(E2_MNT "/keep", 'k', 3));
	T_CHECK(mount(NULL, E2_MNT, NULL, MS_REMOUNT | MS_RDONLY, NULL));
	T_YES(statfs(E2_MNT, &sf) == 0 && (sf.f_flags & ST_RDONLY));
	writes();
	T_YES(access(E2_MNT "/keep", F_OK) == 0);
	e2_umount();
	e2_mount(0);
	T_CHECK(unlink(E2_MNT "/keep"));
	e2_umount();
	return 0;
}
