/* SPDX-License-Identifier: BSD-2-Clause */
/* getgroups/setgroups: the count with size 0, EINVAL for a too small
 * buffer, more than NGROUPS_MAX EINVAL, non-root EPERM; groups survive
 * fork and exec and give group access to files. */
#include "t.h"
#include <grp.h>

int main(int argc, char **argv)
{
	gid_t g[8];

	if (argc > 1) {
		printf("after exec %d\n", getgroups(8, g));
		return 0;
	}
	gid_t set[] = { 10, 20, 30 };
	T_CHECK(setgroups(3, set));
	printf("count %d\n", getgroups(0, NULL));
	T_CHECK(getgroups(2, g));
	int n = getgroups(8, g);
	printf("groups %d: %d %d %d\n", n, (int)g[0], (int)g[1], (int)g[2]);
	T_CHECK(syscall(SYS_setgroups, 65537, set));
	T_CHECK(syscall(SYS_setgroups, 2, (void *)8));
	T_CHECK(setgroups(0, NULL));
	printf("count %d\n", getgroups(0, NULL));
	setgroups(3, set);
	const char *d = t_scratch("t2_groups");
	char p[300];
	snprintf(p, sizeof p, "%s/g20", d);
	close(open(p, O_CREAT | O_WRONLY, 0640));
	chown(p, 0, 20);
	chmod(d, 0755);
	pid_t c = t_fork();
	if (c == 0) {
		setgid(5);
		setuid(1000);
		T_CHECK(open(p, O_RDONLY));
		T_CHECK(open(p, O_WRONLY));
		T_CHECK(setgroups(0, NULL));
		execl(argv[0], argv[0], "x", (char *)NULL);
		_exit(1);
	}
	printf("child %s\n", t_wait(c));
	return 0;
}
