/* SPDX-License-Identifier: BSD-2-Clause */
/* link/symlink/readlink edges: a directory cannot be linked (EPERM), an
 * existing name EEXIST; linkat follows a symlink only with
 * AT_SYMLINK_FOLLOW; empty targets ENOENT; readlink truncates silently. */
#include "t.h"

int main(void)
{
	const char *d = t_scratch("t2_link_edges");
	struct stat a, b;
	char buf[64];

	if (chdir(d) != 0)
		t_die("chdir");
	mkdir("dir", 0700);
	close(open("f", O_CREAT | O_WRONLY, 0600));
	symlink("f", "s");
	T_CHECK(link("dir", "dir2"));
	T_CHECK(link("f", "s"));
	T_CHECK(link("missing", "m"));
	T_CHECK(linkat(AT_FDCWD, "s", AT_FDCWD, "nofollow", 0));
	T_CHECK(linkat(AT_FDCWD, "s", AT_FDCWD, "follow", AT_SYMLINK_FOLLOW));
	lstat("nofollow", &a);
	lstat("follow", &b);
	printf("nofollow is link %d, follow is reg %d\n", S_ISLNK(a.st_mode), S_ISREG(b.st_mode));
	stat("f", &a);
	printf("f nlink %ld\n", (long)a.st_nlink);
	T_CHECK(linkat(AT_FDCWD, "f", AT_FDCWD, "x", 0x1));
	T_CHECK(symlink("", "empty"));
	T_CHECK(symlink("f", ""));
	T_CHECK(readlink("f", buf, sizeof buf));
	T_CHECK(readlink("dir", buf, sizeof buf));
	memset(buf, 0, sizeof buf);
	symlink("abcdefgh", "long");
	printf("readlink 3: %zd '%s'\n", readlink("long", buf, 3), buf);
	T_CHECK(readlink("long", buf, 0));
	T_CHECK(readlink("missing", buf, sizeof buf));
	T_CHECK(readlink("", buf, sizeof buf));
	lstat("long", &a);
	printf("symlink size %ld\n", (long)a.st_size);
	T_CHECK(unlink("dir"));
	return 0;
}
