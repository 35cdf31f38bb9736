/* SPDX-License-Identifier: BSD-2-Clause */
/* execvp searches PATH (/bin) for a bare name; a missing name is ENOENT,
 * a name with a slash is not searched. */
#include "t.h"

static void run(char *const argv[])
{
	pid_t pid = t_fork();

	if (pid == 0) {
		execvp(argv[0], argv);
		printf("execvp %s: %s\n", argv[0], t_errname(errno));
		_exit(127);
	}
	printf("%s: %s\n", argv[0], t_wait(pid));
}

int main(void)
{
	char *echo[] = { "echo", "found", "in", "PATH", NULL };
	char *missing[] = { "no-such-program", NULL };
	char *rel[] = { "bin/echo", "relative", NULL };
	char *tr[] = { "true", NULL };

	run(echo);
	run(missing);
	run(rel);
	run(tr);
	setenv("PATH", "/nonexistent:/bin", 1);
	run(echo);
	return 0;
}
