/* SPDX-License-Identifier: BSD-2-Clause */
/* Hostile: vfork in a loop (every child exits at once, or is killed by
 * its own SIGKILL, or crashes); a chain of vfork children each vforking
 * the next; the parent's memory comes out right and nothing is left. */
#include "t.h"

#define ROUNDS 300
#define DEPTH  20

static volatile int counter;
static volatile int *volatile null_pointer;
static int ok, killed, crashed, i;

static int chain(int depth)
{
	if (depth == 0)
		return 0;
	pid_t pid = vfork();
	if (pid == 0) {
		counter++;
		_exit(chain(depth - 1) + 1);
	}
	int st;
	if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st))
		return 0;
	return WEXITSTATUS(st);
}

int main(void)
{
	for (i = 0; i < ROUNDS; i++) {
		pid_t pid = vfork();
		if (pid == 0) {
			counter++;
			if (i % 3 == 1)
				kill(getpid(), SIGKILL);
			if (i % 3 == 2)
				*null_pointer = 0;
			_exit(i & 0x7f);
		}
		if (pid < 0) {
			printf("vfork %d: errno=%s\n", i, t_errname(errno));
			break;
		}
		int st;
		if (waitpid(pid, &st, 0) != pid)
			break;
		ok += WIFEXITED(st) && WEXITSTATUS(st) == (i & 0x7f);
		killed += WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL;
		crashed += WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV;
	}
	printf("exited %d, killed %d, crashed %d, counter %d\n", ok, killed, crashed, counter);
	counter = 0;
	int deep = chain(DEPTH);
	printf("chain of %d: %d deep, counter %d\n", DEPTH, deep, counter);
	T_YES(wait(NULL) == -1 && errno == ECHILD);
	return 0;
}
