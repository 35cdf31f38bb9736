/* SPDX-License-Identifier: BSD-2-Clause */
/* The test runs as root: every uid and gid is 0, no supplementary groups
 * beyond root's. */
#include "t.h"

int main(void)
{
	uid_t r, e, s;
	gid_t gr, ge, gs;

	printf("uid %d euid %d gid %d egid %d\n", (int)getuid(), (int)geteuid(), (int)getgid(),
	       (int)getegid());
	T_CHECK(getresuid(&r, &e, &s));
	printf("resuid %d %d %d\n", (int)r, (int)e, (int)s);
	T_CHECK(getresgid(&gr, &ge, &gs));
	printf("resgid %d %d %d\n", (int)gr, (int)ge, (int)gs);
	gid_t list[8];
	int n = getgroups(8, list);
	printf("groups %d:", n);
	for (int i = 0; i < n; i++)
		printf(" %d", (int)list[i]);
	printf("\n");
	T_CHECK(getresuid(NULL, &e, &s));
	return 0;
}
