/* SPDX-License-Identifier: BSD-2-Clause */
/* Four children each rewrite their own slice of a shared-at-fork buffer
 * and check the others; grandchildren of a child copy again. */
#include "t.h"

#define SLICE (64 * 1024)
#define KIDS 4

static unsigned char buf[KIDS * SLICE];

static int slice_is(int k, unsigned char v)
{
	for (int i = 0; i < SLICE; i += 512)
		if (buf[k * SLICE + i] != v)
			return 0;
	return 1;
}

int main(void)
{
	pid_t pids[KIDS];

	for (int k = 0; k < KIDS; k++)
		memset(buf + k * SLICE, k, SLICE);
	for (int k = 0; k < KIDS; k++) {
		pids[k] = t_fork();
		if (pids[k] == 0) {
			int ok = 1;

			memset(buf + k * SLICE, 0xee, SLICE);
			for (int j = 0; j < KIDS; j++)
				ok &= slice_is(j, j == k ? 0xee : (unsigned char)j);
			pid_t g = fork();
			if (g == 0) {
				memset(buf, 0x11, sizeof buf);
				_exit(slice_is(KIDS - 1, 0x11) ? 0 : 1);
			}
			int st;
			waitpid(g, &st, 0);
			ok &= WIFEXITED(st) && WEXITSTATUS(st) == 0;
			ok &= slice_is(k, 0xee);
			_exit(ok ? 0 : 1);
		}
	}
	for (int k = 0; k < KIDS; k++)
		printf("child %d: %s\n", k, t_wait(pids[k]));
	int ok = 1;
	for (int k = 0; k < KIDS; k++)
		ok &= slice_is(k, (unsigned char)k);
	T_YES(ok);
	return 0;
}
