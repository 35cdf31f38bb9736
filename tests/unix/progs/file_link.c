/* SPDX-License-Identifier: BSD-2-Clause */
/* Hard links: nlink counts, data shared, the file lives while a name
 * remains; links to directories and existing names fail. */
#include "t.h"

int main(void)
{
	struct stat st;
	char buf[8] = { 0 };
	int fd;

	t_scratch("file_link");
	if (chdir("/tmp/file_link") != 0)
		t_die("chdir");
	fd = open("a", O_RDWR | O_CREAT, 0644);
	if (write(fd, "data", 4) != 4)
		t_die("write");
	close(fd);
	T_CHECK(link("a", "b"));
	T_CHECK(link("a", "c"));
	stat("a", &st);
	printf("nlink %ld\n", (long)st.st_nlink);
	fd = open("b", O_WRONLY);
	if (pwrite(fd, "DA", 2, 0) != 2)
		t_die("pwrite");
	close(fd);
	fd = open("c", O_RDONLY);
	T_YES(read(fd, buf, 4) == 4);
	printf("through c: '%s'\n", buf);
	close(fd);
	T_CHECK(unlink("a"));
	stat("b", &st);
	printf("nlink after unlink %ld\n", (long)st.st_nlink);
	T_CHECK(link("b", "c"));
	T_CHECK(link("missing", "x"));
	mkdir("dir", 0755);
	T_CHECK(link("dir", "dirlink"));
	T_CHECK(link("b", "nodir/x"));
	T_CHECK(link("b", "dir/b"));
	stat("dir", &st);
	printf("directory nlink %ld\n", (long)st.st_nlink);
	mkdir("dir/sub", 0755);
	stat("dir", &st);
	printf("with a subdirectory %ld\n", (long)st.st_nlink);
	return 0;
}
