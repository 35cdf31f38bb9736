/* SPDX-License-Identifier: BSD-2-Clause */
/* waitpid(0) waits only for children in the caller's group, waitpid(-g)
 * for children in group g. */
#include "t.h"

int main(void)
{
	int go[2];
	char c;
	int st;

	if (pipe(go) != 0)
		t_die("pipe");
	pid_t other = t_fork();
	if (other == 0) {
		setpgid(0, 0);
		if (read(go[0], &c, 1) != 1)
			_exit(1);
		_exit(21);
	}
	setpgid(other, other);
	pid_t same = t_fork();
	if (same == 0)
		_exit(22);
	T_YES(waitpid(0, &st, 0) == same);
	printf("waitpid(0): %s\n", t_statusname(st));
	T_YES(waitpid(0, &st, WNOHANG) == -1 && errno == ECHILD);
	T_YES(waitpid(-other, &st, WNOHANG) == 0);
	T_YES(write(go[1], "g", 1) == 1);
	T_YES(waitpid(-other, &st, 0) == other);
	printf("waitpid(-g): %s\n", t_statusname(st));
	T_CHECK(waitpid(-other, &st, 0));
	return 0;
}
