/* SPDX-License-Identifier: BSD-2-Clause */
/* PR_SET_CHILD_SUBREAPER: an orphaned grandchild is reparented to the
 * subreaper (its getppid changes to it) and the subreaper can wait for it;
 * the flag is not inherited by fork. */
#include "t.h"
#include <sys/prctl.h>

int main(void)
{
	int p[2], v = -1;
	pid_t me = getpid();

	T_CHECK(prctl(PR_SET_CHILD_SUBREAPER, 1));
	pipe(p);
	pid_t c = t_fork();
	if (c == 0) {
		prctl(PR_GET_CHILD_SUBREAPER, &v);
		printf("child subreaper %d\n", v);
		pid_t g = t_fork();
		if (g == 0) {
			char ch;
			read(p[0], &ch, 1);
			printf("grandchild parent is subreaper %d\n", getppid() == me);
			_exit(5);
		}
		_exit(0);
	}
	printf("child %s\n", t_wait(c));
	write(p[1], "x", 1);
	int st;
	pid_t w = waitpid(-1, &st, 0);
	T_YES(w > 0 && w != c);
	printf("grandchild %s\n", t_statusname(st));
	T_CHECK(waitpid(-1, &st, WNOHANG));
	return 0;
}
