/* SPDX-License-Identifier: BSD-2-Clause */
/* Symbolic links: readlink returns the target unterminated with its
 * length, open follows, O_NOFOLLOW and loops give ELOOP, dangling links
 * ENOENT, readlink of a non-link EINVAL. */
#include "t.h"

int main(void)
{
	char buf[64];
	ssize_t n;
	int fd;

	t_scratch("file_symlink");
	if (chdir("/tmp/file_symlink") != 0)
		t_die("chdir");
	fd = open("target", O_RDWR | O_CREAT, 0644);
	if (write(fd, "through", 7) != 7)
		t_die("write");
	close(fd);
	T_CHECK(symlink("target", "l1"));
	T_CHECK(symlink("l1", "l2"));
	T_CHECK(symlink("/tmp/file_symlink/target", "abs"));
	T_CHECK(symlink("nowhere", "dangling"));
	T_CHECK(symlink("loop", "loop"));
	T_CHECK(symlink("target", "l1"));
	memset(buf, 'x', sizeof buf);
	n = readlink("l1", buf, sizeof buf);
	printf("readlink l1: %zd '%.*s' then '%c'\n", n, (int)n, buf, buf[n]);
	n = readlink("abs", buf, 5);
	printf("readlink abs into 5 bytes: %zd '%.5s'\n", n, buf);
	memset(buf, 0, sizeof buf);
	fd = open("l2", O_RDONLY);
	T_YES(read(fd, buf, sizeof buf) == 7);
	printf("via l2: '%s'\n", buf);
	T_CHECK(open("l1", O_RDONLY | O_NOFOLLOW));
	T_CHECK(open("loop", O_RDONLY));
	T_CHECK(open("dangling", O_RDONLY));
	T_CHECK(open("dangling", O_RDONLY | O_CREAT | O_EXCL, 0644));
	T_CHECK(readlink("target", buf, sizeof buf));
	T_CHECK(readlink("missing", buf, sizeof buf));
	T_CHECK(readlink("l1", buf, 0));
	T_CHECK(fd = open("dangling", O_WRONLY | O_CREAT, 0644));
	T_CHECK(access("nowhere", F_OK));
	mkdir("dir", 0755);
	T_CHECK(symlink("dir", "dl"));
	T_CHECK(chdir("dl"));
	char cwd[128];
	printf("cwd through a link: %s\n", getcwd(cwd, sizeof cwd));
	chdir("..");
	/* a chain of 41 links: ELOOP */
	char a[16], b[16];
	for (int i = 0; i < 41; i++) {
		snprintf(a, sizeof a, "c%d", i);
		snprintf(b, sizeof b, "c%d", i + 1);
		symlink(b, a);
	}
	close(open("c41", O_CREAT | O_WRONLY, 0644));
	T_CHECK(open("c1", O_RDONLY));
	T_CHECK(open("c0", O_RDONLY));
	T_CHECK(unlink("l1"));
	T_CHECK(open("l2", O_RDONLY));
	return 0;
}
