/* SPDX-License-Identifier: BSD-2-Clause */
/* Exit codes as the parent sees them: only the low 8 bits survive, and
 * exit(), _exit() and returning from main agree. */
#include "t.h"

static void try_exit(int code, int how)
{
	pid_t pid = t_fork();

	if (pid == 0) {
		if (how == 0)
			exit(code);
		if (how == 1)
			_exit(code);
		syscall(SYS_exit_group, code);
	}
	printf("%s(%d): %s\n", how == 0 ? "exit" : how == 1 ? "_exit" : "exit_group",
	       code, t_wait(pid));
}

int main(void)
{
	static const int codes[] = { 0, 1, 42, 127, 255, 256, 257, -1 };

	for (unsigned i = 0; i < sizeof codes / sizeof codes[0]; i++)
		for (int how = 0; how < 3; how++)
			try_exit(codes[i], how);
	pid_t pid = t_fork();
	if (pid == 0)
		syscall(SYS_exit, 9);  /* the only thread: the process ends */
	printf("SYS_exit(9): %s\n", t_wait(pid));
	return 0;
}
