/* SPDX-License-Identifier: BSD-2-Clause */
/* utimensat sets chosen times exactly; UTIME_OMIT keeps one; writing
 * moves mtime forward. */
#include "t.h"

int main(void)
{
	struct stat st;
	int fd;

	t_scratch("file_utimes");
	fd = open("/tmp/file_utimes/f", O_CREAT | O_RDWR, 0644);
	struct timespec t[2] = { { 1000000000, 123456789 }, { 1500000000, 5 } };
	T_CHECK(utimensat(AT_FDCWD, "/tmp/file_utimes/f", t, 0));
	stat("/tmp/file_utimes/f", &st);
	printf("atime %ld.%09ld mtime %ld.%09ld\n", (long)st.st_atim.tv_sec, st.st_atim.tv_nsec,
	       (long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
	struct timespec omit[2] = { { 0, UTIME_OMIT }, { 1600000000, 0 } };
	T_CHECK(futimens(fd, omit));
	fstat(fd, &st);
	printf("atime %ld mtime %ld\n", (long)st.st_atim.tv_sec, (long)st.st_mtim.tv_sec);
	T_YES(write(fd, "x", 1) == 1);
	fstat(fd, &st);
	printf("mtime moved to after 2020: %s\n", st.st_mtim.tv_sec > 1577836800 ? "yes" : "no");
	T_YES(st.st_ctim.tv_sec > 1577836800);
	struct timespec bad[2] = { { 0, 2000000000 }, { 0, 0 } };
	T_CHECK(utimensat(AT_FDCWD, "/tmp/file_utimes/f", bad, 0));
	T_CHECK(utimensat(AT_FDCWD, "/tmp/file_utimes/missing", t, 0));
	T_CHECK(utimensat(AT_FDCWD, "/tmp/file_utimes/f", NULL, 0));
	return 0;
}
