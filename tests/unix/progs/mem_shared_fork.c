/* SPDX-License-Identifier: BSD-2-Clause */
/* MAP_SHARED memory (anonymous and /dev/zero) is shared with a forked
 * child; MAP_PRIVATE memory is copied. */
#include "t.h"
#include <sys/mman.h>

int main(void)
{
	int *shared = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	int *private = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int zfd = open("/dev/zero", O_RDWR);
	int *zshared = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, zfd, 0);

	T_YES(shared != MAP_FAILED && private != MAP_FAILED && zshared != MAP_FAILED);
	shared[0] = 1;
	private[0] = 1;
	zshared[0] = 1;
	pid_t pid = t_fork();
	if (pid == 0) {
		shared[0] = 2;
		private[0] = 2;
		zshared[0] = 2;
		shared[1000] = 77;
		_exit(0);
	}
	printf("child: %s\n", t_wait(pid));
	printf("shared anon: %d (and %d)\n", shared[0], shared[1000]);
	printf("private anon: %d\n", private[0]);
	printf("shared /dev/zero: %d\n", zshared[0]);

	/* a counter incremented by 4 children in turn */
	shared[2] = 0;
	for (int i = 0; i < 4; i++) {
		pid = t_fork();
		if (pid == 0) {
			for (int j = 0; j < 1000; j++)
				shared[2]++;
			_exit(0);
		}
		t_wait(pid);
	}
	printf("counter: %d\n", shared[2]);
	return 0;
}
