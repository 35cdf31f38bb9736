/* SPDX-License-Identifier: BSD-2-Clause */
/* The main stack grows on demand: a 4 MiB deep recursion works, the
 * stack limit is 8 MiB. */
#include "t.h"
#include <sys/resource.h>

#define FRAME 1024
#define DEPTH 4000

static unsigned long dive(int depth)
{
	volatile char buf[FRAME];
	unsigned long sum;

	for (int i = 0; i < FRAME; i += 64)
		buf[i] = (char)depth;
	if (depth == 0)
		return 0;
	sum = dive(depth - 1);
	return sum + (unsigned char)buf[0] + (unsigned char)buf[FRAME - 64];
}

int main(void)
{
	struct rlimit rl;
	unsigned long want = 0;

	T_CHECK(getrlimit(RLIMIT_STACK, &rl));
	printf("RLIMIT_STACK soft %ld MiB, hard infinite %s\n", (long)(rl.rlim_cur >> 20),
	       rl.rlim_max == RLIM_INFINITY ? "yes" : "no");
	for (int d = 1; d <= DEPTH; d++)
		want += 2 * (unsigned char)d;
	T_YES(dive(DEPTH) == want);
	T_YES(dive(DEPTH) == want);
	return 0;
}
