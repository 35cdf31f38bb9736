/* SPDX-License-Identifier: BSD-2-Clause */
/* sendfile from a file into a pipe, with and without an offset pointer;
 * a pipe as the source is EINVAL, a write-only source EBADF. */
#include "t.h"
#include <sys/sendfile.h>

int main(void)
{
	const char *d = t_scratch("t2_sendfile_pipe");
	char p[300], buf[64] = { 0 };
	int fds[2];

	snprintf(p, sizeof p, "%s/f", d);
	int fd = open(p, O_RDWR | O_CREAT, 0600);
	write(fd, "0123456789abcdef", 16);
	if (pipe(fds) != 0)
		t_die("pipe");
	off_t off = 4;
	printf("with offset %zd\n", sendfile(fds[1], fd, &off, 6));
	printf("offset now %ld, file pos %ld\n", (long)off, (long)lseek(fd, 0, SEEK_CUR));
	lseek(fd, 10, SEEK_SET);
	printf("from pos %zd\n", sendfile(fds[1], fd, NULL, 100));
	printf("file pos %ld\n", (long)lseek(fd, 0, SEEK_CUR));
	printf("at end %zd\n", sendfile(fds[1], fd, NULL, 100));
	ssize_t n = read(fds[0], buf, sizeof buf);
	printf("pipe holds %zd '%s'\n", n, buf);
	int other[2];
	pipe(other);
	write(fds[1], "zz", 2);
	T_CHECK(sendfile(other[1], fds[0], NULL, 2));
	int wo = open(p, O_WRONLY);
	T_CHECK(sendfile(other[1], wo, NULL, 2));
	T_CHECK(sendfile(other[1], fd, &off, 0));
	off = -1;
	T_CHECK(sendfile(other[1], fd, &off, 1));
	return 0;
}
