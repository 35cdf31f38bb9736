/* SPDX-License-Identifier: BSD-2-Clause */
/* file_hardlinks: names of one inode - counts, shared data and attributes,
 * the inode living on while a name or an open file has it, ctime on link. */
#include "t.h"

int main(void)
{
	t_scratch("file_hardlinks");
	chdir("/tmp/file_hardlinks");
	int fd = open("a", O_CREAT | O_RDWR, 0640);
	write(fd, "shared", 6);
	struct stat s0, s1, s2;
	fstat(fd, &s0);
	mkdir("d", 0755);
	usleep(20000);                          /* past the clock's tick: ctime can move */
	T_CHECK(link("a", "b"));
	T_CHECK(link("a", "d/c"));
	stat("b", &s1);
	stat("d/c", &s2);
	printf("nlink=%ld same ino: %s\n", (long)s1.st_nlink,
	       s1.st_ino == s0.st_ino && s2.st_ino == s0.st_ino ? "yes" : "no");
	printf("ctime moved on link: %s\n",
	       s1.st_ctim.tv_sec > s0.st_ctim.tv_sec || s1.st_ctim.tv_nsec != s0.st_ctim.tv_nsec ? "yes" : "no");
	chmod("b", 0600);
	stat("d/c", &s2);
	printf("mode through another name: %o\n", s2.st_mode & 0777);
	int g = open("d/c", O_WRONLY | O_APPEND);
	write(g, "+more", 5);
	close(g);
	char buf[32] = { 0 };
	pread(fd, buf, sizeof buf - 1, 0);
	printf("data through a: %s\n", buf);
	T_CHECK(unlink("a"));
	T_CHECK(unlink("b"));
	fstat(fd, &s1);
	printf("one name left: nlink=%ld\n", (long)s1.st_nlink);
	T_CHECK(unlink("d/c"));
	fstat(fd, &s1);
	printf("no name left, still open: nlink=%ld size=%ld\n", (long)s1.st_nlink, (long)s1.st_size);
	memset(buf, 0, sizeof buf);
	pread(fd, buf, sizeof buf - 1, 0);
	printf("still readable: %s\n", buf);
	/* the errors */
	T_CHECK(link("d", "d2"));                 /* directories: EPERM */
	T_CHECK(link("nope", "x"));
	T_CHECK(link("d", "d"));
	close(open("f", O_CREAT | O_WRONLY, 0644));
	T_CHECK(link("f", "f"));
	T_CHECK(link("f", "d/"));
	T_CHECK(link("f", "nodir/x"));
	T_CHECK(link("f/", "x"));
	symlink("f", "sl");
	T_CHECK(link("sl", "hl"));                /* the symlink itself */
	struct stat l;
	lstat("hl", &l);
	printf("link of a symlink is a symlink: %s\n", S_ISLNK(l.st_mode) ? "yes" : "no");
	T_CHECK(linkat(AT_FDCWD, "sl", AT_FDCWD, "hl2", AT_SYMLINK_FOLLOW));
	lstat("hl2", &l);
	printf("with AT_SYMLINK_FOLLOW a file: %s\n", S_ISREG(l.st_mode) ? "yes" : "no");
	chdir("/");
	t_rmtree("/tmp/file_hardlinks");
	return 0;
}
