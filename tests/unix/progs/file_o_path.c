/* SPDX-License-Identifier: BSD-2-Clause */
/* file_o_path: descriptors opened with O_PATH name a file without opening
 * it: stat, fchdir, *at and dup work; reading, writing and most fcntls not. */
#include "t.h"
#include <sys/ioctl.h>

int main(void)
{
	const char *dir = t_scratch("file_o_path");
	char f[600], l[600];
	snprintf(f, sizeof f, "%s/f", dir);
	snprintf(l, sizeof l, "%s/l", dir);
	int w = open(f, O_CREAT | O_WRONLY, 0600);
	write(w, "data", 4);
	close(w);
	symlink("f", l);
	chmod(f, 0);    /* O_PATH needs no permission on the file */

	int fd = open(f, O_PATH);
	T_YES(fd >= 0);
	char buf[8];
	T_CHECK(read(fd, buf, 4));
	T_CHECK(write(fd, buf, 4));
	struct stat s;
	T_CHECK(fstat(fd, &s));
	printf("size=%ld\n", (long)s.st_size);
	T_CHECK(fstatat(fd, "", &s, AT_EMPTY_PATH));
	printf("getfl has O_PATH: %s\n", (fcntl(fd, F_GETFL) & O_PATH) ? "yes" : "no");
	T_CHECK(fcntl(fd, F_GETFD));
	T_CHECK(fcntl(fd, F_SETFD, FD_CLOEXEC));
	int d = fcntl(fd, F_DUPFD, 10);
	T_YES(d >= 10);
	T_CHECK(fcntl(fd, F_SETFL, O_NONBLOCK));
	struct flock fl = { .l_type = F_RDLCK };
	T_CHECK(fcntl(fd, F_SETLK, &fl));
	T_CHECK(ftruncate(fd, 0));
	T_CHECK(lseek(fd, 0, SEEK_SET));
	T_CHECK(fsync(fd));
	T_CHECK(ioctl(fd, FIONREAD, &d));
	T_CHECK(close(fd));

	/* a symlink itself, with O_NOFOLLOW */
	fd = open(l, O_PATH | O_NOFOLLOW);
	T_YES(fd >= 0);
	T_CHECK(fstat(fd, &s));
	printf("is a link: %s\n", S_ISLNK(s.st_mode) ? "yes" : "no");
	char t[16] = { 0 };
	T_CHECK(readlinkat(fd, "", t, sizeof t));
	printf("target=%s\n", t);
	close(fd);

	/* a directory: fchdir and *at work */
	int dfd = open(dir, O_PATH | O_DIRECTORY);
	T_CHECK(fchdir(dfd));
	T_CHECK(fstatat(dfd, "f", &s, 0));
	T_CHECK(openat(dfd, "g", O_CREAT | O_WRONLY, 0644));
	T_CHECK(syscall(SYS_getdents64, dfd, buf, sizeof buf));
	T_CHECK(open(f, O_PATH | O_DIRECTORY));
	chdir("/");
	t_rmtree(dir);
	return 0;
}
