/* SPDX-License-Identifier: BSD-2-Clause */
/* A vfork child that execs: a failed execve (no file, not executable, not
 * a program, a bad pointer) returns its error in the child, which still
 * runs in the parent's memory and can _exit; a successful one lets the
 * parent go on while the new program runs, and does not touch the
 * parent's memory. */
#include "t.h"

static volatile int child_errno;
static volatile int marker;

static void try_exec(const char *what, const char *path)
{
	char *args[] = { (char *)path, "run", NULL };
	pid_t pid = vfork();
	if (pid == 0) {
		execve(path, args, NULL);
		child_errno = errno;
		marker = 1;
		_exit(127);
	}
	printf("%s: errno=%s marker=%d %s\n", what, t_errname(child_errno), marker, t_wait(pid));
	child_errno = 0;
	marker = 0;
}

int main(int argc, char **argv)
{
	if (argc > 1) {
		printf("new program runs: %s\n", argv[1]);
		return 3;
	}
	const char *dir = t_scratch("vfork_exec");
	char path[600];
	snprintf(path, sizeof(path), "%s/plain", dir);
	int fd = open(path, O_CREAT | O_WRONLY, 0644);
	write(fd, "not a program\n", 14);
	close(fd);
	try_exec("missing", "/nonexistent/prog");
	try_exec("not executable", path);
	chmod(path, 0755);
	try_exec("not a program", path);
	try_exec("a directory", dir);

	pid_t pid = vfork();
	if (pid == 0) {
		execve((char *)8, NULL, NULL);
		child_errno = errno;
		_exit(1);
	}
	printf("bad pointer: errno=%s %s\n", t_errname(child_errno), t_wait(pid));

	int p[2];
	T_CHECK(pipe(p));
	pid = vfork();
	if (pid == 0) {
		char *args[] = { argv[0], "hello", NULL };
		dup2(p[1], 1);
		execv(argv[0], args);
		_exit(99);
	}
	close(p[1]);
	marker = 5;
	char buf[128];
	ssize_t n = read(p[0], buf, sizeof(buf) - 1);
	buf[n > 0 ? n : 0] = 0;
	printf("from the new program: %s", buf);
	printf("exec'd child: %s\n", t_wait(pid));
	T_YES(marker == 5);
	t_rmtree(dir);
	return 0;
}
