/* SPDX-License-Identifier: BSD-2-Clause */
/* truncate and ftruncate: shrink, grow with zeros, errors for a read-only
 * descriptor, a directory, a negative length. */
#include "t.h"

int main(void)
{
	struct stat st;
	char buf[16];
	int fd;

	t_scratch("file_truncate");
	fd = open("/tmp/file_truncate/f", O_CREAT | O_RDWR, 0644);
	T_YES(write(fd, "0123456789", 10) == 10);
	T_CHECK(ftruncate(fd, 4));
	fstat(fd, &st);
	printf("size %ld offset %ld\n", (long)st.st_size, (long)lseek(fd, 0, SEEK_CUR));
	T_CHECK(truncate("/tmp/file_truncate/f", 8));
	memset(buf, 'x', sizeof buf);
	printf("pread %zd:", pread(fd, buf, sizeof buf, 0));
	for (int i = 0; i < 8; i++)
		printf(" %02x", (unsigned char)buf[i]);
	printf("\n");
	T_CHECK(ftruncate(fd, 0));
	T_YES(write(fd, "A", 1) == 1);  /* the offset stayed at 10 */
	fstat(fd, &st);
	printf("size after write past the end %ld\n", (long)st.st_size);
	int ro = open("/tmp/file_truncate/f", O_RDONLY);
	T_CHECK(ftruncate(ro, 0));
	T_CHECK(ftruncate(fd, -1));
	T_CHECK(truncate("/tmp/file_truncate", 0));
	T_CHECK(truncate("/tmp/file_truncate/missing", 0));
	T_CHECK(ftruncate(99, 0));
	int o = open("/tmp/file_truncate/f", O_WRONLY | O_TRUNC);
	fstat(o, &st);
	printf("O_TRUNC size %ld\n", (long)st.st_size);
	return 0;
}
