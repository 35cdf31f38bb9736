/* SPDX-License-Identifier: BSD-2-Clause */
/* truncate and ftruncate: negative EINVAL, a directory EISDIR, a read-only
 * descriptor EINVAL (ftruncate) or EBADF... growing reads zeros, shrinking
 * keeps the offset. */
#include "t.h"

int main(void)
{
	const char *d = t_scratch("t2_truncate");
	struct stat st;
	char buf[16];

	if (chdir(d) != 0)
		t_die("chdir");
	int fd = open("f", O_CREAT | O_RDWR, 0600);
	write(fd, "abcdefgh", 8);
	T_CHECK(truncate("f", -1));
	T_CHECK(ftruncate(fd, -1));
	T_CHECK(truncate(".", 0));
	T_CHECK(truncate("missing", 0));
	int ro = open("f", O_RDONLY);
	T_CHECK(ftruncate(ro, 0));
	T_CHECK(ftruncate(99, 0));
	int p[2];
	pipe(p);
	T_CHECK(ftruncate(p[1], 0));
	T_CHECK(ftruncate(fd, 3));
	printf("offset %ld\n", (long)lseek(fd, 0, SEEK_CUR));
	T_CHECK(ftruncate(fd, 12));
	fstat(fd, &st);
	printf("size %ld\n", (long)st.st_size);
	memset(buf, 'x', sizeof buf);
	printf("pread %zd\n", pread(fd, buf, sizeof buf, 0));
	for (int i = 0; i < 12; i++)
		putchar(buf[i] ? buf[i] : '0');
	putchar('\n');
	T_CHECK(truncate("f", 1 << 20));
	fstat(fd, &st);
	printf("size %ld\n", (long)st.st_size);
	int ap = open("f", O_WRONLY | O_APPEND);
	T_CHECK(ftruncate(ap, 5));
	T_CHECK(truncate("f/", 0));
	return 0;
}
