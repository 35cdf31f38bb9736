/* SPDX-License-Identifier: BSD-2-Clause */
/* file_append_procs: O_APPEND writes of several processes never overwrite
 * each other; pwrite on an O_APPEND descriptor appends as Linux does;
 * lseek then write without O_APPEND overwrites. */
#include "t.h"

int main(void)
{
	const char *dir = t_scratch("file_append_procs");
	char p[600];
	snprintf(p, sizeof p, "%s/log", dir);
	int fd = open(p, O_WRONLY | O_CREAT | O_APPEND, 0644);
	pid_t kids[3];
	for (int k = 0; k < 3; k++) {
		kids[k] = fork();
		if (kids[k] == 0) {
			int f = open(p, O_WRONLY | O_APPEND);
			char line[32];
			for (int i = 0; i < 200; i++) {
				int n = snprintf(line, sizeof line, "%c%04d\n", 'a' + k, i);
				write(f, line, (size_t)n);
			}
			_exit(0);
		}
	}
	for (int k = 0; k < 3; k++)
		t_wait(kids[k]);
	struct stat s;
	fstat(fd, &s);
	printf("size=%ld (3 x 200 x 6 = 3600)\n", (long)s.st_size);
	FILE *f = fopen(p, "r");
	char line[32];
	int count[3] = { 0 }, next[3] = { 0 }, order_ok = 1;
	while (fgets(line, sizeof line, f)) {
		int k = line[0] - 'a', i = atoi(line + 1);
		if (k < 0 || k > 2)
			continue;
		if (i != next[k])
			order_ok = 0;
		next[k] = i + 1;
		count[k]++;
	}
	fclose(f);
	printf("lines a=%d b=%d c=%d, each in order: %s\n", count[0], count[1], count[2],
	       order_ok ? "yes" : "no");
	/* pwrite with O_APPEND appends (Linux's documented bug) */
	T_CHECK(pwrite(fd, "PW", 2, 0));
	fstat(fd, &s);
	printf("after pwrite at 0: size=%ld\n", (long)s.st_size);
	char tail[3] = { 0 };
	int r = open(p, O_RDONLY);
	pread(r, tail, 2, s.st_size - 2);
	printf("tail=%s\n", tail);
	/* lseek on O_APPEND then write: still at the end */
	lseek(fd, 0, SEEK_SET);
	write(fd, "Z", 1);
	fstat(fd, &s);
	printf("after lseek 0 and write: size=%ld pos=%ld\n", (long)s.st_size,
	       (long)lseek(fd, 0, SEEK_CUR));
	/* F_SETFL drops O_APPEND: writes go where the offset is */
	fcntl(fd, F_SETFL, 0);
	lseek(fd, 0, SEEK_SET);
	write(fd, "Y", 1);
	char first;
	pread(r, &first, 1, 0);
	fstat(fd, &s);
	printf("without O_APPEND: first=%c size=%ld\n", first, (long)s.st_size);
	t_rmtree(dir);
	return 0;
}
