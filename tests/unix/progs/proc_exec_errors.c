/* SPDX-License-Identifier: BSD-2-Clause */
/* execve's errors: missing file, no execute bit, a directory, not an
 * executable format, a bad path component, too long an argument. */
#include "t.h"

static void put(const char *path, const char *text, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);

	if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		t_die(path);
	close(fd);
	chmod(path, mode);
}

int main(void)
{
	char *args[] = { "x", NULL }, *env[] = { NULL };
	const char *dir = t_scratch("proc_exec_errors");

	if (chdir(dir) != 0)
		t_die("chdir");
	put("noexec", "#!/bin/sh\necho hi\n", 0644);
	put("garbage", "\x01\x02\x03 not a program at all\n", 0755);
	put("empty", "", 0755);
	put("badelf", "\177ELF\2\1\1\0\0\0\0\0\0\0\0\0", 0755);
	put("badinterp", "#!/nonexistent/interp\n", 0755);
	T_CHECK(execve("/nonexistent", args, env));
	T_CHECK(execve("noexec", args, env));
	T_CHECK(execve(".", args, env));
	T_CHECK(execve("garbage", args, env));
	T_CHECK(execve("empty", args, env));
	T_CHECK(execve("badelf", args, env));
	T_CHECK(execve("badinterp", args, env));
	T_CHECK(execve("noexec/x", args, env));
	T_CHECK(execve("", args, env));

	static char big[200 * 1024];
	memset(big, 'a', sizeof big - 1);
	char *bigargs[] = { "x", big, NULL };
	T_CHECK(execve("/bin/true", bigargs, env));
	char *bigenv[] = { big, NULL };
	T_CHECK(execve("/bin/true", args, bigenv));
	T_CHECK(syscall(SYS_execve, "/bin/true", (char **)1, env));
	return 0;
}
