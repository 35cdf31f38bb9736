/* SPDX-License-Identifier: BSD-2-Clause */
/* mkdir, rmdir and unlink and their errors: EEXIST, ENOENT, ENOTDIR,
 * ENOTEMPTY, EISDIR, EINVAL, EBUSY-free cases. */
#include "t.h"

int main(void)
{
	t_scratch("file_dir_errors");
	if (chdir("/tmp/file_dir_errors") != 0)
		t_die("chdir");
	close(open("file", O_CREAT | O_WRONLY, 0644));
	T_CHECK(mkdir("d", 0755));
	T_CHECK(mkdir("d", 0755));
	T_CHECK(mkdir("file", 0755));
	T_CHECK(mkdir("missing/d", 0755));
	T_CHECK(mkdir("file/d", 0755));
	T_CHECK(mkdir("d/e", 0755));
	T_CHECK(mkdir("d/e/", 0755));
	T_CHECK(rmdir("d"));
	T_CHECK(rmdir("d/e/."));
	T_CHECK(rmdir("d/e/.."));
	T_CHECK(rmdir("file"));
	T_CHECK(rmdir("missing"));
	T_CHECK(unlink("d"));
	T_CHECK(unlink("missing"));
	T_CHECK(unlink("file/x"));
	T_CHECK(rmdir("d/e"));
	T_CHECK(rmdir("d/"));
	T_CHECK(unlink("file"));
	T_CHECK(unlink("file"));
	T_CHECK(mkdir("", 0755));
	T_CHECK(rmdir(""));
	T_CHECK(mkdir("/", 0755));
	T_CHECK(rmdir("/tmp/file_dir_errors/."));
	return 0;
}
