/* SPDX-License-Identifier: BSD-2-Clause */
/* Group ids: setgid, setregid, setresgid/getresgid as root and as a
 * user; setgroups/getgroups, and setgroups needs privilege. */
#include "t.h"
#include <grp.h>

static void show(void)
{
	gid_t r, e, s, list[16];
	int n;

	getresgid(&r, &e, &s);
	n = getgroups(16, list);
	printf("  resgid %d %d %d groups", (int)r, (int)e, (int)s);
	for (int i = 0; i < n; i++)
		printf(" %d", (int)list[i]);
	printf("\n");
}

int main(void)
{
	pid_t pid = t_fork();

	if (pid == 0) {
		gid_t g[3] = { 5, 6, 7 };

		T_CHECK(setgroups(3, g));
		printf("getgroups(0) counts %d\n", getgroups(0, NULL));
		gid_t small[1];
		T_CHECK(getgroups(1, small));
		T_CHECK(setgid(100));
		show();
		T_CHECK(setresgid(10, 20, 30));
		show();
		T_CHECK(setregid(40, -1));
		show();
		T_CHECK(setgroups(0, NULL));
		show();
		T_CHECK(setuid(65534));
		T_CHECK(setgroups(3, g));
		T_CHECK(setgid(0));
		T_CHECK(setegid(20));
		show();
		T_CHECK(setgid(40));
		show();
		_exit(0);
	}
	printf("child: %s\n", t_wait(pid));
	return 0;
}
