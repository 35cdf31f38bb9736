/* SPDX-License-Identifier: BSD-2-Clause */
/* posix_spawn and system, which musl builds on clone(CLONE_VM|CLONE_VFORK)
 * with a stack of its own: file actions, attributes, the exec error
 * reported to the caller, exit statuses. */
#include "t.h"
#include <spawn.h>

extern char **environ;

int main(int argc, char **argv)
{
	if (argc > 1) {
		printf("spawned: %s pgrp==pid: %s\n", argv[1], getpgrp() == getpid() ? "yes" : "no");
		return 4;
	}
	pid_t pid;
	char *args[] = { argv[0], "plain", NULL };
	int r = posix_spawn(&pid, argv[0], NULL, NULL, args, environ);
	printf("posix_spawn: %d %s\n", r, t_wait(pid));

	posix_spawnattr_t at;
	posix_spawnattr_init(&at);
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETPGROUP);
	posix_spawnattr_setpgroup(&at, 0);
	char *args2[] = { argv[0], "own-group", NULL };
	r = posix_spawn(&pid, argv[0], NULL, &at, args2, environ);
	printf("with a group: %d %s\n", r, t_wait(pid));
	posix_spawnattr_destroy(&at);

	const char *dir = t_scratch("vfork_spawn");
	char path[600];
	snprintf(path, sizeof(path), "%s/out", dir);
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	char *args3[] = { argv[0], "to-a-file", NULL };
	r = posix_spawn(&pid, argv[0], &fa, NULL, args3, environ);
	printf("to a file: %d %s\n", r, t_wait(pid));
	posix_spawn_file_actions_destroy(&fa);
	char buf[128] = { 0 };
	int fd = open(path, O_RDONLY);
	read(fd, buf, sizeof(buf) - 1);
	close(fd);
	printf("file says: %s", buf);

	char *args4[] = { "/nonexistent", NULL };
	r = posix_spawn(&pid, "/nonexistent", NULL, NULL, args4, environ);
	printf("missing: %s\n", t_errname(r));
	r = posix_spawnp(&pid, "no-such-program-anywhere", NULL, NULL, args4, environ);
	printf("missing in PATH: %s\n", t_errname(r));

	printf("system true: %d\n", system("exit 0"));
	printf("system exit 3: %s\n", t_statusname(system("exit 3")));
	printf("system echo: ");
	fflush(stdout);
	system("echo from sh");
	t_rmtree(dir);
	return 0;
}
