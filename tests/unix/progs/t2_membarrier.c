/* SPDX-License-Identifier: BSD-2-Clause */
/* membarrier: QUERY lists the private expedited commands, which need a
 * registration first (EPERM), then succeed; bad commands and flags are
 * EINVAL. */
#include "t.h"

static long mb(int cmd, unsigned flags)
{
	return syscall(SYS_membarrier, cmd, flags, 0);
}

int main(void)
{
	long q = T_CHECK(mb(0, 0));
	printf("private expedited %ld, register %ld\n", (q >> 3) & 1, (q >> 4) & 1);
	T_CHECK(mb(8, 0));
	T_CHECK(mb(16, 0));
	T_CHECK(mb(16, 0));
	T_CHECK(mb(8, 0));
	T_CHECK(mb(0, 1));
	T_CHECK(mb(8, 1));
	T_CHECK(mb(3, 0));
	T_CHECK(mb(1 << 20, 0));
	pid_t c = t_fork();
	if (c == 0) {
		T_CHECK(mb(8, 0));
		_exit(0);
	}
	t_wait(c);
	return 0;
}
