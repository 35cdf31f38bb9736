/* SPDX-License-Identifier: BSD-2-Clause */
/* A fork tree three levels deep: each process waits for its two children
 * and exits with the sum of their exit codes plus one; the root sees 7. */
#include "t.h"

static int node(int depth)
{
	int sum = 1;

	if (depth == 0)
		return 1;
	for (int i = 0; i < 2; i++) {
		pid_t pid = fork();
		int st;

		if (pid == 0)
			_exit(node(depth - 1));
		if (pid < 0 || waitpid(pid, &st, 0) != pid || !WIFEXITED(st))
			return 100;
		sum += WEXITSTATUS(st);
	}
	return sum;
}

int main(void)
{
	pid_t pid = t_fork();

	if (pid == 0)
		_exit(node(2));
	printf("tree of depth 2: %s\n", t_wait(pid));
	pid = t_fork();
	if (pid == 0)
		_exit(node(3));
	printf("tree of depth 3: %s\n", t_wait(pid));
	T_CHECK(wait(NULL));
	return 0;
}
