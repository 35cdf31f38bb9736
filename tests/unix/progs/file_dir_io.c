/* SPDX-License-Identifier: BSD-2-Clause */
/* A directory cannot be read or written like a file: read is EISDIR,
 * opening it for writing is EISDIR, O_CREAT on it too. */
#include "t.h"

int main(void)
{
	char buf[16];
	int d;

	t_scratch("file_dir_io");
	T_CHECK(d = open("/tmp/file_dir_io", O_RDONLY));
	T_CHECK(read(d, buf, sizeof buf));
	T_CHECK(write(d, buf, 1));
	T_CHECK(open("/tmp/file_dir_io", O_WRONLY));
	T_CHECK(open("/tmp/file_dir_io", O_RDONLY | O_CREAT, 0644));
	T_CHECK(open("/tmp/file_dir_io/", O_CREAT | O_WRONLY, 0644));
	T_CHECK(ftruncate(d, 0));
	T_CHECK(lseek(d, 0, SEEK_SET));
	T_CHECK(pread(d, buf, 1, 0));
	return 0;
}
