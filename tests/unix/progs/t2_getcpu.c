/* SPDX-License-Identifier: BSD-2-Clause */
/* getcpu: CPU 0 and node 0 on a one-CPU machine; NULL pointers are
 * allowed; a bad pointer is EFAULT. */
#include "t.h"

int main(void)
{
	unsigned cpu = 77, node = 77;

	T_CHECK(syscall(SYS_getcpu, &cpu, &node, NULL));
	printf("cpu %u node %u\n", cpu, node);
	T_CHECK(syscall(SYS_getcpu, NULL, NULL, NULL));
	cpu = 77;
	T_CHECK(syscall(SYS_getcpu, &cpu, NULL, NULL));
	printf("cpu %u\n", cpu);
	T_CHECK(syscall(SYS_getcpu, (void *)8, NULL, NULL));
	T_CHECK(syscall(SYS_getcpu, NULL, (void *)8, NULL));
	return 0;
}
