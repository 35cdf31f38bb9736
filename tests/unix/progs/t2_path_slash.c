/* SPDX-License-Identifier: BSD-2-Clause */
/* Trailing slashes and dot names in paths: a file named with a slash is
 * ENOTDIR, O_CREAT with one EISDIR, mkdir accepts it, rmdir of "." EINVAL. */
#include "t.h"

int main(void)
{
	const char *d = t_scratch("t2_path_slash");
	struct stat st;

	if (chdir(d) != 0)
		t_die("chdir");
	close(open("file", O_CREAT | O_WRONLY, 0600));
	T_CHECK(open("file/", O_RDONLY));
	T_CHECK(stat("file/", &st));
	T_CHECK(open("new/", O_CREAT | O_WRONLY, 0600));
	T_CHECK(mkdir("dir/", 0700));
	T_CHECK(stat("dir/", &st));
	T_CHECK(stat("dir//.//", &st));
	T_CHECK(unlink("file/"));
	T_CHECK(rename("file/", "other"));
	T_CHECK(rename("file", "other/"));
	T_CHECK(rename("dir/", "dir2/"));
	T_CHECK(rmdir("dir2/."));
	T_CHECK(rmdir("dir2/.."));
	T_CHECK(rmdir("."));
	T_CHECK(mkdir("dir2/sub", 0700));
	T_CHECK(rmdir("dir2"));
	T_CHECK(link("file", "hard/"));
	T_CHECK(symlink("file", "sym/"));
	T_CHECK(symlink("file", "sym"));
	T_CHECK(open("sym/", O_RDONLY));
	T_CHECK(lstat("sym/", &st));
	T_CHECK(unlink("dir2"));
	T_CHECK(rmdir("file"));
	return 0;
}
