/* SPDX-License-Identifier: BSD-2-Clause */
/* O_APPEND: every write goes to the end whatever the offset, also from
 * two descriptors; pwrite on an O_APPEND descriptor appends too (Linux). */
#include "t.h"

int main(void)
{
	char buf[64] = { 0 };
	int a, b;

	t_scratch("file_append");
	a = open("/tmp/file_append/f", O_CREAT | O_WRONLY | O_APPEND, 0644);
	b = open("/tmp/file_append/f", O_WRONLY | O_APPEND);
	T_YES(write(a, "one.", 4) == 4);
	T_YES(write(b, "two.", 4) == 4);
	lseek(a, 0, SEEK_SET);
	T_YES(write(a, "three.", 6) == 6);
	printf("offset after append %ld\n", (long)lseek(a, 0, SEEK_CUR));
	T_YES(pwrite(b, "four.", 5, 0) == 5);
	int r = open("/tmp/file_append/f", O_RDONLY);
	T_YES(read(r, buf, sizeof buf - 1) > 0);
	printf("contents '%s'\n", buf);
	int c = open("/tmp/file_append/f", O_WRONLY);
	T_YES(write(c, "XX", 2) == 2);
	T_CHECK(fcntl(c, F_SETFL, O_APPEND));
	T_YES(write(c, "YY", 2) == 2);
	memset(buf, 0, sizeof buf);
	T_YES(pread(r, buf, sizeof buf - 1, 0) > 0);
	printf("contents '%s'\n", buf);
	return 0;
}
