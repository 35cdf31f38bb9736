/* chmod and chown on ext2, kept after umount and mount; a set-group-ID
 * directory passes its group to what is made in it (and the bit to
 * subdirectories); chown clears set-user-ID. */
#include "ext2_t.h"

static void show(const char *path)
{
	struct stat st;

	if (lstat(path, &st) == 0)
		printf("%s: mode=%o uid=%u gid=%u\n", path, (unsigned)st.st_mode, (unsigned)st.st_uid,
		       (unsigned)st.st_gid);
}

int main(void)
{
	e2_mount(0);
	T_CHECK(mkdir(E2_MNT "/sg", 0755));
	T_CHECK(chown(E2_MNT "/sg", 0, 100));
	T_CHECK(chmod(E2_MNT "/sg", 02775));
	T_CHECK(e2_put(E2_MNT "/sg/f", 'f', 1));
	T_CHECK(mkdir(E2_MNT "/sg/d", 0755));
	T_CHECK(chmod(E2_MNT "/sg/f", 04755));
	T_CHECK(chown(E2_MNT "/sg/f", 1000, 100));
	T_CHECK(lchown(E2_MNT "/sg/d", 2000, 3000));
	e2_umount();
	e2_mount(0);
	show(E2_MNT "/sg");
	show(E2_MNT "/sg/f");
	show(E2_MNT "/sg/d");
	T_CHECK(unlink(E2_MNT "/sg/f"));
	T_CHECK(rmdir(E2_MNT "/sg/d"));
	T_CHECK(rmdir(E2_MNT "/sg"));
	e2_umount();
	return 0;
}
