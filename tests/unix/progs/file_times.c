/* SPDX-License-Identifier: BSD-2-Clause */
/* file_times: which calls change a file's atime, mtime and ctime (and its
 * directory's), told as relations to a time set just before. */
#include "t.h"

static struct timespec past = { 1000000000, 0 };

static void reset(const char *p)
{
	struct timespec ts[2] = { past, past };
	utimensat(AT_FDCWD, p, ts, AT_SYMLINK_NOFOLLOW);
}

static void show(const char *what, const char *p)
{
	struct stat s;
	lstat(p, &s);
	printf("%-22s atime %s mtime %s ctime-after-utimens %s\n", what,
	       s.st_atim.tv_sec == past.tv_sec ? "kept" : "new",
	       s.st_mtim.tv_sec == past.tv_sec ? "kept" : "new",
	       s.st_ctim.tv_sec >= past.tv_sec ? "yes" : "no");
}

int main(void)
{
	t_scratch("file_times");
	chdir("/tmp/file_times");
	int fd = open("f", O_CREAT | O_RDWR, 0644);
	write(fd, "x", 1);
	mkdir("d", 0755);

	reset("f");
	write(fd, "y", 1);
	show("write", "f");
	reset("f");
	ftruncate(fd, 10);
	show("ftruncate", "f");
	reset("f");
	ftruncate(fd, 10);
	show("ftruncate same size", "f");
	reset("f");
	chmod("f", 0600);
	show("chmod", "f");
	reset("f");
	char c;
	pread(fd, &c, 1, 0);
	show("read (relatime)", "f");
	reset("f");
	struct timespec t[2] = { { 0, UTIME_NOW }, { 0, UTIME_OMIT } };
	utimensat(AT_FDCWD, "f", t, 0);
	show("utimens now/omit", "f");
	reset("d");
	close(open("d/new", O_CREAT | O_WRONLY, 0644));
	show("dir: create in it", "d");
	reset("d");
	rename("d/new", "d/new2");
	show("dir: rename in it", "d");
	reset("d");
	unlink("d/new2");
	show("dir: unlink in it", "d");
	reset("d");
	DIR *dd = opendir("d");
	while (readdir(dd))
		;
	closedir(dd);
	show("dir: readdir", "d");
	symlink("f", "l");
	reset("l");
	show("symlink own times", "l");
	struct stat s;
	stat("f", &s);
	printf("utimensat far future: %s\n",
	       utimensat(AT_FDCWD, "f", (struct timespec[2]){ { 4102444800, 5 }, { 4102444800, 7 } }, 0) == 0 &&
	       stat("f", &s) == 0 && s.st_mtim.tv_sec == 4102444800 && s.st_mtim.tv_nsec == 7 ? "kept" : "lost");
	printf("before 1970: %s\n",
	       utimensat(AT_FDCWD, "f", (struct timespec[2]){ { -1, 0 }, { -86400, 500 } }, 0) == 0 &&
	       stat("f", &s) == 0 && s.st_mtim.tv_sec == -86400 && s.st_atim.tv_sec == -1 ? "kept" : "lost");
	T_CHECK(utimensat(AT_FDCWD, "f", (struct timespec[2]){ { 0, 1000000000 }, { 0, 0 } }, 0));
	T_CHECK(utimensat(AT_FDCWD, "f", (struct timespec[2]){ { 0, -5 }, { 0, 0 } }, 0));
	chdir("/");
	t_rmtree("/tmp/file_times");
	return 0;
}
