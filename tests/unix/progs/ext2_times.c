/* utimensat(2) on ext2: times set, UTIME_OMIT, kept after umount and mount
 * with their nanoseconds (the test disk's inodes are 256 bytes: room for
 * them). */
#include "ext2_t.h"

static void show(const char *path)
{
	struct stat st;

	if (stat(path, &st) == 0)
		printf("atime %lld.%09ld mtime %lld.%09ld\n", (long long)st.st_atim.tv_sec,
		       st.st_atim.tv_nsec, (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
}

int main(void)
{
	struct timespec ts[2] = { { 1000000000, 123456789 }, { 1200000000, 5 } };

	e2_mount(0);
	T_CHECK(e2_put(E2_MNT "/tm", 't', 1));
	T_CHECK(utimensat(AT_FDCWD, E2_MNT "/tm", ts, 0));
	show(E2_MNT "/tm");
	ts[0].tv_nsec = UTIME_OMIT;
	ts[1].tv_sec = 1300000000;
	T_CHECK(utimensat(AT_FDCWD, E2_MNT "/tm", ts, 0));
	show(E2_MNT "/tm");
	T_CHECK(symlink("tm", E2_MNT "/tl"));
	ts[0].tv_nsec = 0;
	T_CHECK(utimensat(AT_FDCWD, E2_MNT "/tl", ts, AT_SYMLINK_NOFOLLOW));
	e2_umount();
	e2_mount(0);
	show(E2_MNT "/tm");
	show(E2_MNT "/tl");
	T_CHECK(unlink(E2_MNT "/tm"));
	T_CHECK(unlink(E2_MNT "/tl"));
	e2_umount();
	return 0;
}
