/* SPDX-License-Identifier: BSD-2-Clause */
/* mmap_shared_procs: two unrelated processes map one file MAP_SHARED and
 * see each other's stores; msync; a mapping outlives close and unlink. */
#include "t.h"
#include <sys/mman.h>

int main(void)
{
	const char *dir = t_scratch("mmap_shared_procs");
	char p[600];
	snprintf(p, sizeof p, "%s/f", dir);
	int fd = open(p, O_RDWR | O_CREAT, 0644);
	ftruncate(fd, 4096);
	volatile int *m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	int sync[2];
	pipe(sync);
	pid_t pid = fork();
	if (pid == 0) {
		/* not the inherited mapping: its own, from its own open */
		int f = open(p, O_RDWR);
		volatile int *c = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, f, 0);
		close(f);
		char x;
		read(sync[0], &x, 1);
		printf("child sees %d\n", c[0]);
		c[1] = 77;
		msync((void *)c, 4096, MS_SYNC);
		_exit(0);
	}
	m[0] = 42;
	write(sync[1], "x", 1);
	t_wait(pid);
	printf("parent sees %d\n", m[1]);
	T_CHECK(unlink(p));
	m[2] = 5;
	printf("after unlink still works: %d\n", m[2]);
	T_CHECK(msync((void *)m, 4096, MS_ASYNC));
	T_CHECK(msync((void *)m, 4096, MS_SYNC | MS_INVALIDATE));
	T_CHECK(msync((void *)m, 4096, MS_SYNC | MS_ASYNC));
	T_CHECK(msync((char *)m + 1, 4096, MS_SYNC));
	T_CHECK(msync((void *)m, 4096, 8));
	T_CHECK(munmap((void *)m, 4096));
	T_CHECK(msync((void *)m, 4096, MS_SYNC));
	t_rmtree(dir);
	return 0;
}
