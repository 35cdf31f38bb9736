/* SPDX-License-Identifier: BSD-2-Clause */
/* A file unlinked while open lives on through its descriptors (nlink 0),
 * also across fork; the name can be reused for a new file. */
#include "t.h"

int main(void)
{
	struct stat st;
	char buf[32] = { 0 };
	int fd;

	t_scratch("file_unlinked_open");
	fd = open("/tmp/file_unlinked_open/f", O_CREAT | O_RDWR, 0644);
	T_YES(write(fd, "before", 6) == 6);
	T_CHECK(unlink("/tmp/file_unlinked_open/f"));
	T_CHECK(stat("/tmp/file_unlinked_open/f", &st));
	T_YES(write(fd, " after", 6) == 6);
	fstat(fd, &st);
	printf("nlink %ld size %ld\n", (long)st.st_nlink, (long)st.st_size);
	T_YES(pread(fd, buf, sizeof buf - 1, 0) == 12);
	printf("contents '%s'\n", buf);
	pid_t pid = t_fork();
	if (pid == 0) {
		char c[4] = { 0 };
		_exit(pread(fd, c, 3, 0) == 3 && strcmp(c, "bef") == 0 ? 0 : 1);
	}
	printf("child reads it: %s\n", t_wait(pid));
	int fd2 = open("/tmp/file_unlinked_open/f", O_CREAT | O_RDWR, 0644);
	struct stat st2;
	fstat(fd2, &st2);
	printf("new file is another inode: %s, size %ld\n", st.st_ino != st2.st_ino ? "yes" : "no",
	       (long)st2.st_size);
	T_CHECK(ftruncate(fd, 3));
	fstat(fd, &st);
	printf("unlinked file truncated to %ld\n", (long)st.st_size);
	return 0;
}
