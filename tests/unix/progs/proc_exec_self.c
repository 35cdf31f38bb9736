/* SPDX-License-Identifier: BSD-2-Clause */
/* execve passes argv and envp exactly; the pid survives the exec. */
#include "t.h"

extern char **environ;

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "child") == 0) {
		printf("argc=%d\n", argc);
		for (int i = 1; i < argc; i++)
			if (i != 2)  /* argv[2] is the pid */
				printf("argv[%d]='%s'\n", i, argv[i]);
		for (char **e = environ; *e; e++)
			printf("env '%s'\n", *e);
		printf("pid kept: %s\n", atoi(argv[2]) == getpid() ? "yes" : "no");
		return 3;
	}
	pid_t pid = t_fork();
	if (pid == 0) {
		char num[24];

		snprintf(num, sizeof num, "%d", getpid());
		char *args[] = { argv[0], "child", num, "", "two words", "x=y", NULL };
		char *env[] = { "A=1", "B=two words", "EMPTY=", "NOEQUALS", NULL };
		execve(argv[0], args, env);
		t_die("execve");
	}
	printf("status: %s\n", t_wait(pid));
	pid = t_fork();
	if (pid == 0) {
		char num[24];

		snprintf(num, sizeof num, "%d", getpid());
		char *args[] = { argv[0], "child", num, NULL };
		char *env[] = { NULL };
		execve(argv[0], args, env);
		t_die("execve");
	}
	printf("status: %s\n", t_wait(pid));
	return 0;
}
