/* SPDX-License-Identifier: BSD-2-Clause */
/* A pipe crosses execve: the new image writes into it, the parent reads. */
#include "t.h"

int main(int argc, char **argv)
{
	if (argc > 1) {
		int fd = atoi(argv[1]);

		if (write(fd, "from the new image", 18) != 18)
			return 1;
		return 0;
	}
	int fds[2];
	char buf[32] = { 0 };

	if (pipe(fds) != 0)
		t_die("pipe");
	pid_t pid = t_fork();
	if (pid == 0) {
		char num[16];

		close(fds[0]);
		snprintf(num, sizeof num, "%d", fds[1]);
		char *args[] = { argv[0], num, NULL };
		execv(argv[0], args);
		t_die("execv");
	}
	close(fds[1]);
	T_YES(read(fds[0], buf, sizeof buf - 1) == 18);
	printf("read '%s'\n", buf);
	T_YES(read(fds[0], buf, 1) == 0);
	printf("child: %s\n", t_wait(pid));
	return 0;
}
