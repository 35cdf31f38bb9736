/* SPDX-License-Identifier: BSD-2-Clause */
/* /proc/self: exe links to the program (argv[0]'s path), cwd to the cwd,
 * fd/N to the file open on N; /proc/self is this process. */
#include "t.h"

int main(int argc, char **argv)
{
	char buf[256];
	ssize_t n;

	(void)argc;
	n = readlink("/proc/self/exe", buf, sizeof buf - 1);
	buf[n > 0 ? n : 0] = '\0';
	printf("exe equals argv[0]: %s\n", strcmp(buf, argv[0]) == 0 ? "yes" : "no");
	t_scratch("file_proc_self");
	chdir("/tmp/file_proc_self");
	n = readlink("/proc/self/cwd", buf, sizeof buf - 1);
	buf[n > 0 ? n : 0] = '\0';
	printf("cwd: %s\n", buf);
	int fd = open("/tmp/file_proc_self/f", O_CREAT | O_RDWR, 0644);
	char link[64];
	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	n = readlink(link, buf, sizeof buf - 1);
	buf[n > 0 ? n : 0] = '\0';
	printf("fd link: %s\n", buf);
	n = readlink("/proc/self", buf, sizeof buf - 1);
	buf[n > 0 ? n : 0] = '\0';
	printf("/proc/self names this pid: %s\n", atoi(buf) == getpid() ? "yes" : "no");
	unlink("/tmp/file_proc_self/f");
	n = readlink(link, buf, sizeof buf - 1);
	buf[n > 0 ? n : 0] = '\0';
	printf("after unlink: %s\n", buf);
	int r = open(link, O_RDONLY);
	T_YES(r >= 0);
	T_CHECK(readlink("/proc/self/fd/99", buf, sizeof buf));
	return 0;
}
