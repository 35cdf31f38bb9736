/* SPDX-License-Identifier: BSD-2-Clause */
/* execve failures: a directory or a non-executable file EACCES, an empty
 * or unknown-format file ENOEXEC, a script whose interpreter is missing
 * ENOENT, a missing path ENOENT, a path through a file ENOTDIR. */
#include "t.h"

static void try(const char *p)
{
	char *argv[] = { (char *)p, NULL }, *envp[] = { NULL };

	execve(p, argv, envp);
	printf("%s: %s\n", p + sizeof "/tmp/t2_exec_errors", t_errname(errno));
}

static void mk(const char *p, const char *text, int mode)
{
	int fd = open(p, O_CREAT | O_WRONLY | O_TRUNC, mode);

	write(fd, text, strlen(text));
	close(fd);
	chmod(p, mode);
}

int main(void)
{
	const char *d = t_scratch("t2_exec_errors");

	if (chdir(d) != 0)
		t_die("chdir");
	mk("noexec", "#!/bin/sh\n", 0644);
	mk("empty", "", 0755);
	mk("junk", "\x7f" "ELFjunkjunkjunk", 0755);
	mk("text", "hello there\n", 0755);
	mk("nointerp", "#!/no/such/interp\n", 0755);
	mk("loop", "#!/tmp/t2_exec_errors/loop\n", 0755);
	mk("f", "", 0644);
	try("/tmp/t2_exec_errors");
	try("/tmp/t2_exec_errors/noexec");
	try("/tmp/t2_exec_errors/empty");
	try("/tmp/t2_exec_errors/junk");
	try("/tmp/t2_exec_errors/nointerp");
	try("/tmp/t2_exec_errors/loop");
	try("/tmp/t2_exec_errors/missing");
	try("/tmp/t2_exec_errors/f/x");
	pid_t c = t_fork();
	if (c == 0) {
		try("/tmp/t2_exec_errors/text");
		_exit(0);
	}
	printf("text %s\n", t_wait(c));
	return 0;
}
