/* SPDX-License-Identifier: BSD-2-Clause */
/* setuid as root sets real, effective and saved ids: no way back; as a
 * user, setuid only to the real or saved id. */
#include "t.h"

static void show(void)
{
	uid_t r, e, s;

	getresuid(&r, &e, &s);
	printf("  resuid %d %d %d\n", (int)r, (int)e, (int)s);
}

int main(void)
{
	pid_t pid = t_fork();

	if (pid == 0) {
		T_CHECK(setuid(65534));
		show();
		T_CHECK(setuid(0));
		T_CHECK(seteuid(0));
		T_CHECK(setuid(65534));
		_exit(0);
	}
	printf("child: %s\n", t_wait(pid));
	pid = t_fork();
	if (pid == 0) {
		T_CHECK(seteuid(1000));
		show();
		T_CHECK(seteuid(0));
		show();
		T_CHECK(setresuid(1000, 2000, 3000));
		show();
		T_CHECK(seteuid(3000));
		T_CHECK(seteuid(1000));
		T_CHECK(seteuid(4000));
		T_CHECK(setuid(2000));
		show();
		T_CHECK(setreuid(-1, 1000));
		show();
		T_CHECK(setresuid(-1, -1, -1));
		T_CHECK(setresuid(5, -1, -1));
		_exit(0);
	}
	printf("child: %s\n", t_wait(pid));
	return 0;
}
