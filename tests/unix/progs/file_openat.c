/* SPDX-License-Identifier: BSD-2-Clause */
/* The *at calls: a directory descriptor as the base of relative paths,
 * AT_FDCWD, absolute paths ignore it, AT_REMOVEDIR, ENOTDIR for a file
 * descriptor, EBADF. */
#include "t.h"

int main(void)
{
	struct stat st;
	int d, f;

	t_scratch("file_openat");
	mkdir("/tmp/file_openat/d", 0755);
	d = open("/tmp/file_openat/d", O_RDONLY | O_DIRECTORY);
	T_CHECK(f = openat(d, "f", O_CREAT | O_WRONLY, 0644));
	T_CHECK(stat("/tmp/file_openat/d/f", &st));
	T_CHECK(mkdirat(d, "sub", 0755));
	T_CHECK(fstatat(d, "sub", &st, 0));
	T_YES(S_ISDIR(st.st_mode));
	T_CHECK(symlinkat("f", d, "l"));
	char buf[16] = { 0 };
	T_CHECK(readlinkat(d, "l", buf, sizeof buf));
	printf("readlinkat '%s'\n", buf);
	T_CHECK(linkat(d, "f", d, "g", 0));
	T_CHECK(renameat(d, "g", d, "h"));
	T_CHECK(fchmodat(d, "h", 0600, 0));
	T_CHECK(fchownat(d, "h", 65534, 65534, 0));
	T_CHECK(faccessat(d, "h", R_OK, 0));
	T_CHECK(unlinkat(d, "sub", 0));
	T_CHECK(unlinkat(d, "sub", AT_REMOVEDIR));
	T_CHECK(unlinkat(d, "h", AT_REMOVEDIR));
	T_CHECK(unlinkat(d, "h", 0));
	T_CHECK(openat(f, "x", O_RDONLY));
	T_CHECK(openat(99, "x", O_RDONLY));
	T_CHECK(openat(99, "/tmp/file_openat/d/f", O_RDONLY));
	T_CHECK(openat(AT_FDCWD, "tmp/file_openat/d/f", O_RDONLY));
	T_CHECK(fstatat(d, "", &st, 0));
	T_CHECK(fstatat(d, "", &st, AT_EMPTY_PATH));
	T_CHECK(unlinkat(d, "f", 0x1234));
	return 0;
}
