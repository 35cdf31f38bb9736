/* SPDX-License-Identifier: BSD-2-Clause */
/* prctl options busybox and libc use: names truncated to 15 bytes and
 * inherited by fork, dumpable, the parent-death signal (reset on fork),
 * no_new_privs (sticky), the child subreaper flag, unknown options EINVAL. */
#include "t.h"
#include <sys/prctl.h>

int main(void)
{
	char name[32] = { 0 };
	int v = -1;

	T_CHECK(prctl(PR_SET_NAME, "a-rather-long-thread-name"));
	T_CHECK(prctl(PR_GET_NAME, name));
	printf("name '%s'\n", name);
	printf("dumpable %d\n", prctl(PR_GET_DUMPABLE));
	T_CHECK(prctl(PR_SET_DUMPABLE, 2));
	T_CHECK(prctl(PR_SET_DUMPABLE, 0));
	printf("dumpable %d\n", prctl(PR_GET_DUMPABLE));
	T_CHECK(prctl(PR_SET_DUMPABLE, 1));
	T_CHECK(prctl(PR_SET_PDEATHSIG, 65));
	T_CHECK(prctl(PR_SET_PDEATHSIG, SIGUSR1));
	T_CHECK(prctl(PR_GET_PDEATHSIG, &v));
	printf("pdeathsig %s\n", t_signame(v));
	printf("no_new_privs %d\n", prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
	T_CHECK(prctl(PR_SET_NO_NEW_PRIVS, 1, 1, 0, 0));
	T_CHECK(prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0));
	printf("no_new_privs %d\n", prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
	T_CHECK(prctl(PR_SET_NO_NEW_PRIVS, 0, 0, 0, 0));
	T_CHECK(prctl(PR_GET_CHILD_SUBREAPER, &v));
	printf("subreaper %d\n", v);
	T_CHECK(prctl(PR_SET_CHILD_SUBREAPER, 1));
	T_CHECK(prctl(PR_GET_CHILD_SUBREAPER, &v));
	printf("subreaper %d\n", v);
	pid_t c = t_fork();
	if (c == 0) {
		prctl(PR_GET_NAME, name);
		printf("child name '%s'\n", name);
		prctl(PR_GET_PDEATHSIG, &v);
		printf("child pdeathsig %d\n", v);
		printf("child no_new_privs %d\n", prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
		_exit(0);
	}
	t_wait(c);
	T_CHECK(prctl(12345));
	T_CHECK(prctl(PR_GET_NAME, (char *)8));
	return 0;
}
