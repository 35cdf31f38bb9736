/* getdents on ext2 (filetype): d_type of a file, directory, symlink, FIFO,
 * "." and "..", sorted by name (Linux lists a dir_index file system's
 * directories in hash order, unixd in the order of the entries). */
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
	struct dirent **list;
	int n = scandir(E2_MNT "/dt", &list, NULL, alphasort);
	for (int i = 0; i < n; i++) {
		printf("%s type=%d\n", list[i]->d_name, list[i]->d_type);
		free(list[i]);
	}
	if (n >= 0)
		free(list);
	T_CHECK(unlink(E2_MNT "/dt/reg"));
	T_CHECK(rmdir(E2_MNT "/dt/dir"));
	T_CHECK(unlink(E2_MNT "/dt/lnk"));
	T_CHECK(unlink(E2_MNT "/dt/fifo"));
	T_CHECK(rmdir(E2_MNT "/dt"));
	e2_umount();
	return 0;
}
