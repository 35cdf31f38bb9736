/* SPDX-License-Identifier: BSD-2-Clause */
/* mknod: FIFOs and regular files for anyone, devices for root only
 * (EPERM), directories EPERM, unknown types EINVAL, existing names EEXIST;
 * st_rdev of a device node. */
#include "t.h"
#include <sys/sysmacros.h>

int main(void)
{
	const char *d = t_scratch("t2_mknod");
	struct stat st;

	if (chdir(d) != 0)
		t_die("chdir");
	chmod(".", 0777);
	T_CHECK(mknod("fifo", S_IFIFO | 0644, 0));
	T_CHECK(mknod("reg", 0644, 0));
	T_CHECK(mknod("reg", S_IFREG | 0644, 0));
	T_CHECK(mknod("chr", S_IFCHR | 0600, makedev(1, 3)));
	stat("chr", &st);
	printf("chr rdev %u:%u\n", major(st.st_rdev), minor(st.st_rdev));
	T_CHECK(mknod("blk", S_IFBLK | 0600, makedev(7, 0)));
	T_CHECK(mknod("dir", S_IFDIR | 0755, 0));
	T_CHECK(mknod("odd", 0170000 | 0644, 0));
	T_CHECK(mknod("sock", S_IFSOCK | 0644, 0));
	stat("sock", &st);
	printf("sock %d\n", S_ISSOCK(st.st_mode));
	T_CHECK(mknod("chr/x", S_IFIFO | 0644, 0));
	pid_t c = t_fork();
	if (c == 0) {
		setuid(1000);
		T_CHECK(mknod("ufifo", S_IFIFO | 0644, 0));
		T_CHECK(mknod("uchr", S_IFCHR | 0600, makedev(1, 3)));
		T_CHECK(mknod("ureg", S_IFREG | 0600, 0));
		_exit(0);
	}
	t_wait(c);
	int fd = open("chr", O_RDWR);
	printf("write to null %zd\n", write(fd, "abc", 3));
	return 0;
}
