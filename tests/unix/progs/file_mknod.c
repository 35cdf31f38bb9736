/* SPDX-License-Identifier: BSD-2-Clause */
/* mknod: a fifo and a regular file for anyone, a device node for root
 * only (EPERM for nobody); the node's type and rdev. */
#include "t.h"
#include <sys/sysmacros.h>

int main(void)
{
	struct stat st;

	t_scratch("file_mknod");
	chmod("/tmp/file_mknod", 0777);
	T_CHECK(mknod("/tmp/file_mknod/fifo", S_IFIFO | 0644, 0));
	T_CHECK(mknod("/tmp/file_mknod/reg", S_IFREG | 0600, 0));
	T_CHECK(mknod("/tmp/file_mknod/null", S_IFCHR | 0666, makedev(1, 3)));
	stat("/tmp/file_mknod/null", &st);
	printf("null: chardev %s rdev %u:%u\n", S_ISCHR(st.st_mode) ? "yes" : "no", major(st.st_rdev),
	       minor(st.st_rdev));
	int fd = open("/tmp/file_mknod/null", O_WRONLY);
	printf("write to our /dev/null copy: %zd\n", write(fd, "gone", 4));
	stat("/tmp/file_mknod/reg", &st);
	printf("reg: file %s mode %04o\n", S_ISREG(st.st_mode) ? "yes" : "no", (unsigned)(st.st_mode & 07777));
	T_CHECK(mknod("/tmp/file_mknod/fifo", S_IFIFO | 0644, 0));
	T_CHECK(mknod("/tmp/file_mknod/dir", S_IFDIR | 0755, 0));
	pid_t pid = t_fork();
	if (pid == 0) {
		setuid(65534);
		T_CHECK(mknod("/tmp/file_mknod/null2", S_IFCHR | 0666, makedev(1, 3)));
		T_CHECK(mknod("/tmp/file_mknod/fifo2", S_IFIFO | 0644, 0));
		_exit(0);
	}
	printf("child: %s\n", t_wait(pid));
	return 0;
}
