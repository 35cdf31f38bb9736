/* SPDX-License-Identifier: BSD-2-Clause */
/* glibc's vfork, posix_spawn and system (built with gcc -static against
 * glibc, tests/unix/unix.mk): glibc spawns with clone(CLONE_VM|CLONE_VFORK)
 * on a stack it maps, and reports an exec error through the memory it
 * shares with the child. */
#include "t.h"
#include <spawn.h>

extern char **environ;
static volatile int shared;

int main(int argc, char **argv)
{
	if (argc > 1) {
		printf("spawned: %s\n", argv[1]);
		return 6;
	}
	pid_t pid = vfork();
	if (pid == 0) {
		shared = 9;
		_exit(2);
	}
	printf("vfork: %s shared %d\n", t_wait(pid), shared);

	char *args[] = { argv[0], "by glibc", NULL };
	int r = posix_spawn(&pid, argv[0], NULL, NULL, args, environ);
	printf("posix_spawn: %d %s\n", r, t_wait(pid));
	char *args2[] = { "/nonexistent", NULL };
	r = posix_spawn(&pid, "/nonexistent", NULL, NULL, args2, environ);
	printf("missing: %s\n", t_errname(r));
	if (r == 0)
		printf("missing child: %s\n", t_wait(pid));
	r = posix_spawnp(&pid, "no-such-program-anywhere", NULL, NULL, args2, environ);
	printf("missing in PATH: %s\n", t_errname(r));

	printf("system exit 0: %s\n", t_statusname(system("exit 0")));
	printf("system exit 5: %s\n", t_statusname(system("exit 5")));
	printf("system echo: ");
	system("echo from sh");
	return 0;
}
