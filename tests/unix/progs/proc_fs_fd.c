/* SPDX-License-Identifier: BSD-2-Clause */
/* /proc/self/fd and fdinfo: the links of files, directories, devices and
 * pipes, the listing, fdinfo's pos and flags, opening a file again through
 * its link (a new open file description: its own offset), and a renamed
 * and an unlinked file. */
#include "t.h"
#include <dirent.h>
#include <sys/socket.h>

static void show_link(int fd)
{
	char path[64], target[256];
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	ssize_t n = readlink(path, target, sizeof target - 1);

	target[n > 0 ? n : 0] = 0;
	if (n < 0)
		printf("fd %d: errno=%s\n", fd, t_errname(errno));
	else if (strncmp(target, "pipe:[", 6) == 0 || strncmp(target, "socket:[", 8) == 0)
		printf("fd %d: %.*s[...]\n", fd, (int)strcspn(target, "["), target);
	else
		printf("fd %d: %s\n", fd, target);
}

static void show_fdinfo(int fd)
{
	char path[64], buf[512];
	snprintf(path, sizeof path, "/proc/self/fdinfo/%d", fd);
	int in = open(path, O_RDONLY);
	ssize_t n = read(in, buf, sizeof buf - 1);

	close(in);
	buf[n > 0 ? n : 0] = 0;
	char *pos = strstr(buf, "pos:"), *flags = strstr(buf, "flags:");
	printf("fdinfo %d: %.*s %.*s\n", fd, pos ? (int)strcspn(pos, "\n") : 0, pos ? pos : "",
	       flags ? (int)strcspn(flags, "\n") : 0, flags ? flags : "");
}

int main(void)
{
	const char *dir = t_scratch("proc_fs_fd");
	char f[300], g[300];
	int p[2];

	snprintf(f, sizeof f, "%s/file", dir);
	snprintf(g, sizeof g, "%s/renamed", dir);
	int fd = open(f, O_CREAT | O_RDWR | O_APPEND, 0644);
	write(fd, "0123456789", 10);
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int nul = open("/dev/null", O_WRONLY);
	pipe(p);
	show_link(fd);
	show_link(dfd);
	show_link(nul);
	show_link(p[0]);
	int sv[2];
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	show_link(sv[0]);
	close(sv[0]);
	close(sv[1]);
	show_link(99);
	show_fdinfo(fd);
	show_fdinfo(dfd);
	show_fdinfo(p[1]);
	lseek(fd, 3, SEEK_SET);
	show_fdinfo(fd);
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int count = 0, sawfd = 0, types_ok = 1;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		count++;
		sawfd |= atoi(e->d_name) == fd;
		types_ok &= e->d_type == DT_LNK;
	}
	closedir(d);
	printf("listing: %d entries, ours there %s, all links %s\n", count, sawfd ? "yes" : "no",
	       types_ok ? "yes" : "no");
	char link[64], buf[16] = { 0 };
	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	int again = open(link, O_RDONLY);
	printf("reopened: %s, reads '%.*s' from 0\n", again >= 0 ? "yes" : "no",
	       (int)read(again, buf, 4), buf);
	printf("the first keeps offset %ld\n", (long)lseek(fd, 0, SEEK_CUR));
	struct stat a, b;
	fstat(fd, &a);
	stat(link, &b);
	printf("stat through the link is the file: %s\n", a.st_ino == b.st_ino ? "yes" : "no");
	lstat(link, &b);
	printf("lstat: link %s\n", S_ISLNK(b.st_mode) ? "yes" : "no");
	rename(f, g);
	show_link(fd);
	unlink(g);
	show_link(fd);
	close(again);
	again = open(link, O_RDONLY);
	printf("reopened unlinked: %s\n", again >= 0 ? "yes" : t_errname(errno));
	snprintf(link, sizeof link, "/proc/self/fd/%d", p[1]);
	int w = open(link, O_WRONLY);
	T_CHECK(write(w, "via link", 8));
	close(w);
	memset(buf, 0, sizeof buf);
	printf("pipe read: %zd '%s'\n", read(p[0], buf, sizeof buf - 1), buf);
	snprintf(link, sizeof link, "/proc/self/fd/%d", p[0]);
	int r = open(link, O_RDONLY | O_NONBLOCK);
	write(p[1], "xy", 2);
	memset(buf, 0, sizeof buf);
	printf("pipe read through a new end: %zd '%s'\n", read(r, buf, sizeof buf - 1), buf);
	close(r);
	t_rmtree(dir);
	return 0;
}
