/* SPDX-License-Identifier: BSD-2-Clause */
/* wait(-1) collects every child once, whatever order they end in. */
#include "t.h"

int main(void)
{
	pid_t pids[5];
	int seen[5] = { 0 };

	for (int i = 0; i < 5; i++) {
		pids[i] = t_fork();
		if (pids[i] == 0) {
			t_sleep_ms(10 * (5 - i));
			_exit(10 + i);
		}
	}
	for (int n = 0; n < 5; n++) {
		int st;
		pid_t pid = wait(&st);

		for (int i = 0; i < 5; i++)
			if (pid == pids[i] && WIFEXITED(st) && WEXITSTATUS(st) == 10 + i)
				seen[i]++;
	}
	for (int i = 0; i < 5; i++)
		printf("child %d reaped with its code: %d time(s)\n", i, seen[i]);
	T_CHECK(wait(NULL));
	return 0;
}
