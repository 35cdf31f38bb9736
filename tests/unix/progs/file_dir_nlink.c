/* SPDX-License-Identifier: BSD-2-Clause */
/* file_dir_nlink: a directory's link count is 2 plus its subdirectories;
 * rename and rmdir keep it exact; ".." of a moved directory follows it. */
#include "t.h"

static long nl(const char *p)
{
	struct stat s;
	return stat(p, &s) == 0 ? (long)s.st_nlink : -1;
}

static int same(const char *a, const char *b)
{
	struct stat x, y;
	return stat(a, &x) == 0 && stat(b, &y) == 0 && x.st_ino == y.st_ino && x.st_dev == y.st_dev;
}

int main(void)
{
	t_scratch("file_dir_nlink");
	chdir("/tmp/file_dir_nlink");
	mkdir("a", 0755);
	printf("empty: %ld\n", nl("a"));
	mkdir("a/b", 0755);
	mkdir("a/c", 0755);
	close(open("a/f", O_CREAT | O_WRONLY, 0644));
	printf("two subdirs and a file: %ld\n", nl("a"));
	mkdir("d", 0755);
	T_CHECK(rename("a/b", "d/b"));
	printf("after moving b: a=%ld d=%ld\n", nl("a"), nl("d"));
	printf("d/b/.. is d: %s\n", same("d/b/..", "d") ? "yes" : "no");
	T_CHECK(rename("a/c", "d/b/c"));
	printf("nested: d/b=%ld a=%ld\n", nl("d/b"), nl("a"));
	printf("d/b/c/../.. is d: %s\n", same("d/b/c/../..", "d") ? "yes" : "no");
	mkdir("e", 0755);
	T_CHECK(rename("d/b", "e"));          /* over an empty directory */
	printf("replaced e: d=%ld e=%ld\n", nl("d"), nl("e"));
	T_CHECK(rename("e/c", "a/f"));        /* a directory over a file */
	T_CHECK(rename("a/f", "e/c"));        /* a file over a directory */
	T_CHECK(rename("e", "e/c/x"));        /* into itself */
	mkdir("full", 0755);
	mkdir("full/x", 0755);
	mkdir("g", 0755);
	T_CHECK(rename("g", "full"));         /* over a non-empty directory */
	T_CHECK(rmdir("full"));
	T_CHECK(rmdir("full/x"));
	printf("full after rmdir x: %ld\n", nl("full"));
	T_CHECK(rmdir("full"));
	T_CHECK(rmdir("e/c/."));
	T_CHECK(rmdir("e/c/.."));
	T_CHECK(rmdir("e/c"));
	printf("e: %ld\n", nl("e"));
	int fd = open("e", O_RDONLY | O_DIRECTORY);
	T_CHECK(rmdir("e"));
	struct stat s;
	fstat(fd, &s);
	printf("removed but open: nlink=%ld\n", (long)s.st_nlink);
	T_CHECK(openat(fd, "new", O_CREAT | O_WRONLY, 0644));
	T_CHECK(mkdirat(fd, "sub", 0755));
	close(fd);
	chdir("/");
	t_rmtree("/tmp/file_dir_nlink");
	return 0;
}
