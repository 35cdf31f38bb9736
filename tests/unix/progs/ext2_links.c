/* Hard links and link counts on ext2: files, directories (.. counts),
 * link to a directory refused, counts after umount and mount. */
#include "ext2_t.h"

int main(void)
{
	e2_mount(0);
	T_CHECK(e2_put(E2_MNT "/f", 'x', 5));
	T_CHECK(link(E2_MNT "/f", E2_MNT "/g"));
	T_CHECK(link(E2_MNT "/f", E2_MNT "/g"));
	T_CHECK(mkdir(E2_MNT "/d", 0755));
	T_CHECK(link(E2_MNT "/f", E2_MNT "/d/h"));
	e2_stat(E2_MNT "/f");
	T_CHECK(mkdir(E2_MNT "/d/s1", 0755));
	T_CHECK(mkdir(E2_MNT "/d/s2", 0755));
	e2_stat(E2_MNT "/d");
	T_CHECK(link(E2_MNT "/d", E2_MNT "/dl"));
	e2_umount();
	e2_mount(0);
	e2_stat(E2_MNT "/d/h");
	e2_stat(E2_MNT "/d");
	T_CHECK(unlink(E2_MNT "/f"));
	T_CHECK(unlink(E2_MNT "/g"));
	e2_stat(E2_MNT "/d/h");
	T_CHECK(rmdir(E2_MNT "/d"));
	T_CHECK(unlink(E2_MNT "/d/h"));
	T_CHECK(rmdir(E2_MNT "/d/s1"));
	T_CHECK(rmdir(E2_MNT "/d/s2"));
	e2_stat(E2_MNT "/d");
	T_CHECK(rmdir(E2_MNT "/d"));
	e2_stat(E2_MNT);
	e2_umount();
	return 0;
}
