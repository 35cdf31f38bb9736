/* SPDX-License-Identifier: BSD-2-Clause */
/* chdir, fchdir and getcwd: relative paths, "..", ERANGE for a small
 * buffer, ENOTDIR, ENOENT, and getcwd after the cwd is removed. */
#include "t.h"

int main(void)
{
	char buf[256];
	int fd;

	t_scratch("file_cwd");
	T_CHECK(chdir("/tmp/file_cwd"));
	mkdir("a", 0755);
	mkdir("a/b", 0755);
	close(open("file", O_CREAT | O_WRONLY, 0644));
	T_CHECK(chdir("a/b"));
	printf("cwd %s\n", getcwd(buf, sizeof buf));
	T_CHECK(chdir("../.."));
	printf("cwd %s\n", getcwd(buf, sizeof buf));
	T_YES(getcwd(buf, 5) == NULL && errno == ERANGE);
	T_YES(getcwd(buf, 0) == NULL);
	printf("errno %s\n", t_errname(errno));
	T_CHECK(syscall(SYS_getcwd, buf, sizeof buf));
	printf("syscall getcwd returns the length with the NUL: %ld\n", syscall(SYS_getcwd, buf, sizeof buf));
	T_CHECK(chdir("file"));
	T_CHECK(chdir("missing"));
	T_CHECK(chdir(""));
	fd = open("a", O_RDONLY | O_DIRECTORY);
	chdir("/");
	T_CHECK(fchdir(fd));
	printf("after fchdir %s\n", getcwd(buf, sizeof buf));
	T_CHECK(fchdir(99));
	int f = open("/tmp/file_cwd/file", O_RDONLY);
	T_CHECK(fchdir(f));
	T_CHECK(chdir("b"));
	T_CHECK(rmdir("/tmp/file_cwd/a/b"));
	T_YES(getcwd(buf, sizeof buf) == NULL);
	printf("getcwd in a removed directory: %s\n", t_errname(errno));
	T_CHECK(open(".", O_RDONLY));
	T_CHECK(open("new", O_CREAT | O_WRONLY, 0644));
	T_CHECK(chdir(".."));
	printf("back in %s\n", getcwd(buf, sizeof buf));
	chdir("/");
	printf("root %s\n", getcwd(buf, sizeof buf));
	T_CHECK(chdir(".."));
	printf("/.. is %s\n", getcwd(buf, sizeof buf));
	return 0;
}
