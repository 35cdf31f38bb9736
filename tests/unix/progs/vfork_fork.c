/* SPDX-License-Identifier: BSD-2-Clause */
/* fork after vfork: a vfork child that forks gives the grandchild a
 * copy-on-write copy of the memory it shares with its parent (the
 * grandchild's writes reach neither); a vfork child's own vfork shares
 * the memory with both; the parent forks and vforks again afterwards. */
#include "t.h"

static volatile int value = 1;

int main(void)
{
	int p[2];
	T_CHECK(pipe(p));
	pid_t pid = vfork();
	if (pid == 0) {
		value = 2;
		pid_t g = fork();
		if (g == 0) {
			value = 100;
			char c = value == 100 ? 'y' : 'n';
			write(p[1], &c, 1);
			_exit(0);
		}
		int st;
		waitpid(g, &st, 0);
		if (value == 2)
			value = 3;
		pid_t g2 = vfork();
		if (g2 == 0) {
			value = 4;
			_exit(0);
		}
		waitpid(g2, &st, 0);
		_exit(value);
	}
	char c = 0;
	read(p[0], &c, 1);
	printf("grandchild wrote its copy: %c\n", c);
	printf("value: %d\n", value);
	printf("vfork child: %s\n", t_wait(pid));

	pid = fork();
	if (pid == 0) {
		value = 50;
		_exit(value);
	}
	printf("fork child: %s\n", t_wait(pid));
	T_YES(value == 4);
	pid = vfork();
	if (pid == 0) {
		value = 6;
		_exit(0);
	}
	printf("vfork again: %s value %d\n", t_wait(pid), value);
	return 0;
}
