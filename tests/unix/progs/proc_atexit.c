/* SPDX-License-Identifier: BSD-2-Clause */
/* atexit handlers run in reverse order on exit() and return from main,
 * not on _exit(); stdio buffers are flushed by exit() only. */
#include "t.h"

static void first(void) { printf("first handler\n"); }
static void second(void) { printf("second handler\n"); }

int main(void)
{
	for (int how = 0; how < 2; how++) {
		pid_t pid = t_fork();

		if (pid == 0) {
			atexit(first);
			atexit(second);
			setvbuf(stdout, NULL, _IOFBF, 4096);
			printf("buffered text (%s)\n", how ? "_exit" : "exit");
			if (how)
				_exit(0);
			exit(0);
		}
		printf("child %d: %s\n", how, t_wait(pid));
	}
	return 0;
}
