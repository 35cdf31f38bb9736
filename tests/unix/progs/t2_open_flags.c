/* SPDX-License-Identifier: BSD-2-Clause */
/* Unusual open flag combinations: O_TRUNC with O_RDONLY truncates, O_EXCL
 * without O_CREAT is ignored, O_CREAT through a dangling symlink makes its
 * target (but O_EXCL refuses), O_WRONLY on a directory is EISDIR. */
#include "t.h"

int main(void)
{
	const char *d = t_scratch("t2_open_flags");
	struct stat st;

	if (chdir(d) != 0)
		t_die("chdir");
	int fd = open("f", O_CREAT | O_WRONLY, 0644);
	write(fd, "hello", 5);
	close(fd);
	T_CHECK(open("f", O_RDONLY | O_TRUNC));
	stat("f", &st);
	printf("size after O_RDONLY|O_TRUNC %ld\n", (long)st.st_size);
	T_CHECK(open("f", O_RDONLY | O_EXCL));
	T_CHECK(open("f", O_RDONLY | O_CREAT | O_EXCL, 0644));
	T_CHECK(symlink("made", "dang"));
	T_CHECK(open("dang", O_WRONLY | O_CREAT | O_EXCL, 0644));
	T_CHECK(open("dang", O_WRONLY | O_CREAT | O_NOFOLLOW, 0644));
	T_CHECK(open("dang", O_WRONLY | O_CREAT, 0600));
	T_CHECK(lstat("made", &st));
	printf("made mode %o\n", st.st_mode & 07777);
	T_CHECK(symlink("sub/deeper", "dang2"));
	T_CHECK(open("dang2", O_WRONLY | O_CREAT, 0600));
	mkdir("dir", 0700);
	T_CHECK(open("dir", O_WRONLY));
	T_CHECK(open("dir", O_RDWR));
	T_CHECK(open("dir", O_RDONLY | O_TRUNC));
	T_CHECK(open("dir", O_RDONLY | O_CREAT, 0600));
	T_CHECK(open(".", O_RDONLY | O_CREAT | O_EXCL, 0600));
	T_CHECK(open("", O_RDONLY));
	fd = open("f", O_RDONLY);
	T_CHECK(write(fd, "x", 1));
	close(fd);
	fd = open("f", O_WRONLY);
	char c;
	T_CHECK(read(fd, &c, 1));
	T_CHECK(open("f", O_RDONLY | O_DIRECTORY | O_CREAT, 0600));
	return 0;
}
