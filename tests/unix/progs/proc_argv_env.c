/* SPDX-License-Identifier: BSD-2-Clause */
/* What the runner hands every test: argv[0] is the path, the environment
 * is PATH=/bin HOME=/ TERM=vt100, cwd is /, umask 022, stdin /dev/null. */
#include "t.h"

extern char **environ;

int main(int argc, char **argv)
{
	char cwd[256];
	struct stat in, null;

	printf("argc=%d argv[0]='%s' argv[1]==NULL %s\n", argc, argv[0], argv[1] ? "no" : "yes");
	for (char **e = environ; *e; e++)
		printf("env '%s'\n", *e);
	printf("getenv(\"HOME\")='%s'\n", getenv("HOME"));
	T_YES(getenv("USER") == NULL);
	T_YES(getcwd(cwd, sizeof cwd) != NULL);
	printf("cwd='%s'\n", cwd);
	mode_t old = umask(0);
	printf("umask=%03o\n", (unsigned)old);
	T_CHECK(fstat(0, &in));
	T_CHECK(stat("/dev/null", &null));
	T_YES(in.st_rdev == null.st_rdev && S_ISCHR(in.st_mode));
	T_YES((fcntl(0, F_GETFL) & O_ACCMODE) == O_RDONLY);
	T_YES((fcntl(1, F_GETFL) & O_ACCMODE) == O_WRONLY);
	T_YES(fcntl(1, F_GETFD) == 0);
	for (int fd = 3; fd < 64; fd++)
		if (fcntl(fd, F_GETFD) != -1)
			printf("fd %d is open\n", fd);
	return 0;
}
