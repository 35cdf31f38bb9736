/* SPDX-License-Identifier: BSD-2-Clause */
/* A pending alarm and interval timer are not inherited by a forked child
 * but survive execve. */
#include "t.h"
#include <sys/time.h>

int main(int argc, char **argv)
{
	if (argc > 1) {
		printf("after exec, alarm left: %s\n", alarm(0) > 0 ? "yes" : "no");
		return 0;
	}
	alarm(30);
	struct itimerval it = { { 1, 0 }, { 20, 0 } }, cur;
	setitimer(ITIMER_VIRTUAL, &it, NULL);
	pid_t pid = t_fork();
	if (pid == 0) {
		printf("child alarm left: %u\n", alarm(0));
		getitimer(ITIMER_VIRTUAL, &cur);
		printf("child virtual timer: %ld\n", (long)cur.it_value.tv_sec);
		_exit(0);
	}
	t_wait(pid);
	pid = t_fork();
	if (pid == 0) {
		alarm(30);
		char *a[] = { argv[0], "exec", NULL };
		execv(argv[0], a);
		_exit(127);
	}
	printf("exec child: %s\n", t_wait(pid));
	printf("parent alarm still set: %s\n", alarm(0) > 0 ? "yes" : "no");
	return 0;
}
