/* getdents on ext2 (filetype): d_type of a file, directory, symlink, FIFO
 * and the names in the order a fresh directory lists them. */
#include "ext2_t.h"

int main(void)
{
	e2_mount(0);
	T_CHECK(mkdir(E2_MNT "/dt", 0755));
	T_CHECK(e2_put(E2_MNT "/dt/reg", 'r', 1));
	T_CHECK(mkdir(E2_MNT "/dt/dir", 0755));
	T_CHECK(symlink("reg", E2_MNT "/dt/lnk"));
	T_CHECK(mkfifo(E2_MNT "/dt/fifo", 0644));
	e2_umount();
	e2_mount(0);
	DIR *d = opendir(E2_MNT "/dt");
	struct dirent *e;
	while (d && (e = readdir(d)))
		printf("%s type=%d\n", e->d_name, e->d_type);
	if (d)
		closedir(d);
	T_CHECK(unlink(E2_MNT "/dt/reg"));
	T_CHECK(rmdir(E2_MNT "/dt/dir"));
	T_CHECK(unlink(E2_MNT "/dt/lnk"));
	T_CHECK(unlink(E2_MNT "/dt/fifo"));
	T_CHECK(rmdir(E2_MNT "/dt"));
	e2_umount();
	return 0;
}
