/* SPDX-License-Identifier: BSD-2-Clause */
/* Close-on-exec: descriptors marked FD_CLOEXEC are gone after execve,
 * the others stay open with their offset. */
#include "t.h"

int main(int argc, char **argv)
{
	if (argc == 4) {
		int keep = atoi(argv[2]), gone = atoi(argv[3]);
		char buf[8] = { 0 };

		T_YES(fcntl(keep, F_GETFD) == 0);
		T_CHECK(fcntl(gone, F_GETFD));
		T_YES(read(keep, buf, 3) == 3);
		printf("read after exec: '%s'\n", buf);
		return 0;
	}
	int fds[2];
	if (pipe(fds) != 0)
		t_die("pipe");
	if (write(fds[1], "abcdefghij", 10) != 10)
		t_die("write");
	char one[2];
	if (read(fds[0], one, 1) != 1)
		t_die("read");
	int gone = open("/dev/null", O_RDONLY | O_CLOEXEC);
	int gone2 = dup(fds[0]);
	T_CHECK(fcntl(gone2, F_SETFD, FD_CLOEXEC));
	T_YES(fcntl(gone, F_GETFD) == FD_CLOEXEC);
	pid_t pid = t_fork();
	if (pid == 0) {
		char k[16], g[16];

		snprintf(k, sizeof k, "%d", fds[0]);
		snprintf(g, sizeof g, "%d", gone);
		char *args[] = { argv[0], "child", k, g, NULL };
		execv(argv[0], args);
		t_die("execv");
	}
	printf("child: %s\n", t_wait(pid));
	pid = t_fork();
	if (pid == 0) {
		char k[16], g[16];

		snprintf(k, sizeof k, "%d", fds[0]);
		snprintf(g, sizeof g, "%d", gone2);
		char *args[] = { argv[0], "child", k, g, NULL };
		execv(argv[0], args);
		t_die("execv");
	}
	printf("child: %s\n", t_wait(pid));
	return 0;
}
