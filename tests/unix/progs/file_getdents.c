/* SPDX-License-Identifier: BSD-2-Clause */
/* getdents64 on a directory the test made: every entry once, with the
 * right d_type, "." and ".." included; printed sorted. */
#include "t.h"
#include <dirent.h>

struct linux_dirent64 {
	unsigned long long d_ino;
	long long d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(void)
{
	char buf[256], *names[64];
	int n = 0, fd, calls = 0;
	long r;

	t_scratch("file_getdents");
	if (chdir("/tmp/file_getdents") != 0)
		t_die("chdir");
	for (int i = 0; i < 12; i++) {
		char name[32];

		snprintf(name, sizeof name, "file%02d", i);
		close(open(name, O_CREAT | O_WRONLY, 0644));
	}
	mkdir("subdir", 0755);
	symlink("file00", "link");
	mkfifo("fifo", 0644);
	unlink("file05");
	fd = open(".", O_RDONLY | O_DIRECTORY);
	while ((r = syscall(SYS_getdents64, fd, buf, sizeof buf)) > 0) {
		calls++;
		for (long off = 0; off < r;) {
			struct linux_dirent64 *d = (void *)(buf + off);
			const char *t = d->d_type == DT_REG ? "reg" : d->d_type == DT_DIR ? "dir" :
					d->d_type == DT_LNK ? "lnk" : d->d_type == DT_FIFO ? "fifo" : "?";

			names[n] = malloc(64);
			snprintf(names[n++], 64, "%s %s", d->d_name, t);
			off += d->d_reclen;
		}
	}
	printf("last getdents64 returned %ld, several calls %s\n", r, calls > 1 ? "yes" : "no");
	qsort(names, (size_t)n, sizeof names[0], cmp);
	for (int i = 0; i < n; i++)
		printf("%s\n", names[i]);
	lseek(fd, 0, SEEK_SET);
	T_YES(syscall(SYS_getdents64, fd, buf, sizeof buf) > 0);
	T_CHECK(syscall(SYS_getdents64, fd, buf, 10));
	int f = open("file00", O_RDONLY);
	T_CHECK(syscall(SYS_getdents64, f, buf, sizeof buf));
	T_CHECK(syscall(SYS_getdents64, 99, buf, sizeof buf));
	return 0;
}
