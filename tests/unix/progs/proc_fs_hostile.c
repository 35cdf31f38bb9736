/* SPDX-License-Identifier: BSD-2-Clause */
/* Bad arguments to the /proc and mount calls get errors, never a hang:
 * bad pointers (EFAULT) to mount, umount2, statfs, readlink of /proc links;
 * names too long; pids out of range; one-byte reads and getdents with a
 * tiny buffer over /proc; seeking a /proc file; a write too big for comm. */
#include "t.h"
#include <dirent.h>
#include <sys/mount.h>
#include <sys/statfs.h>
#include <sys/syscall.h>

#define BAD ((void *)16)

int main(void)
{
	char buf[512], name[5000];

	T_CHECK(mount("none", BAD, "tmpfs", 0, NULL));
	T_CHECK(mount("none", "/tmp", BAD, 0, NULL));
	T_CHECK(umount2(BAD, 0));
	T_CHECK(syscall(SYS_statfs, BAD, buf));
	T_CHECK(syscall(SYS_statfs, "/proc", BAD));
	T_CHECK(syscall(SYS_fstatfs, 0, BAD));
	T_CHECK(syscall(SYS_fstatfs, 999, buf));
	T_CHECK(readlink("/proc/self/exe", BAD, 64));
	T_CHECK(readlink("/proc/self/cwd", buf, 0));
	memset(name, 'a', sizeof name);
	name[sizeof name - 1] = 0;
	T_CHECK(mount("none", name, "tmpfs", 0, NULL));
	T_CHECK(umount2(name, 0));
	T_CHECK(syscall(SYS_statfs, name, buf));
	T_CHECK(open("/proc/4294967296/stat", O_RDONLY));
	T_CHECK(open("/proc/-1/stat", O_RDONLY));
	T_CHECK(open("/proc/99999/stat", O_RDONLY));
	T_CHECK(open("/proc/self/fd/-1", O_RDONLY));
	T_CHECK(open("/proc/self/fd/4294967296", O_RDONLY));
	T_CHECK(open("/proc/self/task/1/stat", O_RDONLY));
	int fd = open("/proc/self/status", O_RDONLY), n = 0, bytes = 0;
	char c;
	while (read(fd, &c, 1) == 1 && bytes < 100000)
		bytes++, n += c == '\n';
	printf("status one byte at a time: lines > 20 %s\n", n > 20 ? "yes" : "no");
	T_CHECK(lseek(fd, 0, SEEK_SET));
	printf("read again from 0: %s\n", read(fd, buf, 5) == 5 && !strncmp(buf, "Name:", 5) ? "yes" : "no");
	T_CHECK(lseek(fd, -1, SEEK_SET));
	T_CHECK(read(fd, BAD, 10));
	close(fd);
	fd = open("/proc/self/fd", O_RDONLY | O_DIRECTORY);
	T_CHECK(syscall(SYS_getdents64, fd, buf, 8));
	T_CHECK(syscall(SYS_getdents64, fd, BAD, sizeof buf));
	close(fd);
	fd = open("/proc/self/comm", O_WRONLY);
	memset(buf, 'x', sizeof buf);
	T_CHECK(write(fd, buf, sizeof buf));
	close(fd);
	fd = open("/proc/self/comm", O_RDONLY);
	n = (int)read(fd, buf, sizeof buf);
	printf("comm after a long write: %d bytes\n", n);
	close(fd);
	fd = open("/proc/sys/kernel/hostname", O_WRONLY);
	T_CHECK(write(fd, BAD, 5));
	close(fd);
	return 0;
}
