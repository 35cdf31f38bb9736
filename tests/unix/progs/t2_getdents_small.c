/* SPDX-License-Identifier: BSD-2-Clause */
/* getdents64 with tiny buffers: too small for one entry is EINVAL, room for
 * one gives one, and many small reads still see every name once. */
#include "t.h"

struct d64 {
	unsigned long long ino;
	long long off;
	unsigned short reclen;
	unsigned char type;
	char name[];
};

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(void)
{
	const char *d = t_scratch("t2_getdents_small");
	char p[400], buf[4096];
	char *names[64];
	int count = 0;

	for (int i = 0; i < 20; i++) {
		snprintf(p, sizeof p, "%s/entry%02d", d, i);
		close(open(p, O_CREAT | O_WRONLY, 0600));
	}
	int fd = open(d, O_RDONLY | O_DIRECTORY);
	T_CHECK(syscall(SYS_getdents64, fd, buf, 10));
	long n = syscall(SYS_getdents64, fd, buf, 24);
	printf("24 bytes: %ld\n", n);
	n = syscall(SYS_getdents64, fd, buf, 32);
	printf("32 bytes: %ld\n", n);
	lseek(fd, 0, SEEK_SET);
	while ((n = syscall(SYS_getdents64, fd, buf, 40)) > 0) {
		for (long o = 0; o < n;) {
			struct d64 *e = (struct d64 *)(buf + o);
			if (count < 64)
				names[count++] = strdup(e->name);
			o += e->reclen;
		}
	}
	printf("end %ld, names %d\n", n, count);
	qsort(names, count, sizeof names[0], cmp);
	for (int i = 0; i < count; i++)
		printf("%s%s", names[i], i + 1 < count ? " " : "\n");
	T_CHECK(syscall(SYS_getdents64, 999, buf, sizeof buf));
	int f = open("/t/list", O_RDONLY);
	T_CHECK(syscall(SYS_getdents64, f, buf, sizeof buf));
	T_CHECK(syscall(SYS_getdents64, fd, (void *)8, sizeof buf));
	return 0;
}
