/* SPDX-License-Identifier: BSD-2-Clause */
/* vfork: the parent waits until the child exits or execs, and the child
 * borrowed the parent's memory meanwhile. */
#include "t.h"

static volatile int shared;

int main(int argc, char **argv)
{
	if (argc > 1) {
		printf("exec'd after vfork: %s\n", argv[1]);
		return 0;
	}
	shared = 1;
	pid_t pid = vfork();
	if (pid == 0) {
		shared = 2;
		_exit(6);
	}
	T_YES(pid > 0);
	T_YES(shared == 2);
	printf("child: %s\n", t_wait(pid));

	pid = vfork();
	if (pid == 0) {
		char *args[] = { argv[0], "hello", NULL };

		execv(argv[0], args);
		_exit(99);
	}
	printf("second child: %s\n", t_wait(pid));
	return 0;
}
