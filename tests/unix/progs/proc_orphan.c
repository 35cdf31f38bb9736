/* SPDX-License-Identifier: BSD-2-Clause */
/* A process whose parent exits is reparented to process 1. */
#include "t.h"

int main(void)
{
	int fds[2];
	char line[64];

	if (pipe(fds) != 0)
		t_die("pipe");
	pid_t pid = t_fork();
	if (pid == 0) {
		pid_t mid = getpid();

		if (fork() == 0) {
			/* the grandchild: waits until its parent is gone */
			while (getppid() == mid)
				t_sleep_ms(5);
			snprintf(line, sizeof line, "new parent is 1: %s\n", getppid() == 1 ? "yes" : "no");
			if (write(fds[1], line, strlen(line)) < 0)
				_exit(1);
			_exit(0);
		}
		_exit(0);
	}
	close(fds[1]);
	printf("middle: %s\n", t_wait(pid));
	ssize_t n = read(fds[0], line, sizeof line - 1);
	if (n > 0) {
		line[n] = '\0';
		fputs(line, stdout);
	}
	T_YES(read(fds[0], line, 1) == 0);  /* EOF: the grandchild is gone */
	T_CHECK(wait(NULL));
	return 0;
}
