/* SPDX-License-Identifier: BSD-2-Clause */
/* A regular file in the middle of a path: ENOTDIR for every kind of call;
 * "file/.." too; mkdir over a file EEXIST, missing parents ENOENT. */
#include "t.h"

int main(void)
{
	const char *d = t_scratch("t2_path_enotdir");
	struct stat st;

	if (chdir(d) != 0)
		t_die("chdir");
	close(open("f", O_CREAT | O_WRONLY, 0600));
	symlink("f", "lf");
	T_CHECK(stat("f/x", &st));
	T_CHECK(stat("f/..", &st));
	T_CHECK(stat("lf/.", &st));
	T_CHECK(open("f/x", O_CREAT | O_WRONLY, 0600));
	T_CHECK(mkdir("f/x", 0700));
	T_CHECK(mkdir("f", 0700));
	T_CHECK(mkdir("no/x", 0700));
	T_CHECK(unlink("f/x"));
	T_CHECK(rmdir("f"));
	T_CHECK(chdir("f"));
	T_CHECK(opendir("f") ? 0 : -1);
	T_CHECK(open("f", O_RDONLY | O_DIRECTORY));
	T_CHECK(open("lf", O_RDONLY | O_DIRECTORY));
	int fd = open("f", O_RDONLY);
	T_CHECK(openat(fd, "x", O_RDONLY));
	T_CHECK(mkdirat(fd, "x", 0700));
	T_CHECK(fchdir(fd));
	T_CHECK(access("f/", F_OK));
	T_CHECK(rename("f", "f/g"));
	return 0;
}
