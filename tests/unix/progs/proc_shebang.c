/* SPDX-License-Identifier: BSD-2-Clause */
/* execve of a "#!" script runs the interpreter with the script path and
 * the optional argument. */
#include "t.h"

static void put(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0755);

	if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		t_die(path);
	close(fd);
}

static void run(const char *path)
{
	pid_t pid = t_fork();

	if (pid == 0) {
		char *args[] = { (char *)path, "arg1", "arg 2", NULL };
		char *env[] = { "PATH=/bin", NULL };

		execve(path, args, env);
		t_die("execve");
	}
	printf("%s: %s\n", path, t_wait(pid));
}

int main(void)
{
	t_scratch("proc_shebang");
	put("/tmp/proc_shebang/a", "#!/bin/sh\necho \"script: $0 args: $# [$1] [$2]\"\nexit 4\n");
	put("/tmp/proc_shebang/b", "#!/bin/echo  first-arg  \nignored\n");
	put("/tmp/proc_shebang/c", "#! /bin/sh\necho spaced\n");
	run("/tmp/proc_shebang/a");
	run("/tmp/proc_shebang/b");
	run("/tmp/proc_shebang/c");
	return 0;
}
