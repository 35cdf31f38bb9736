/* SPDX-License-Identifier: BSD-2-Clause */
/* Credentials survive execve; a set-uid-root file run by nobody grants
 * euid 0 (and AT_SECURE), a plain one does not. */
#include "t.h"
#include <sys/auxv.h>

int main(int argc, char **argv)
{
	if (argc > 1) {
		uid_t r, e, s;

		getresuid(&r, &e, &s);
		printf("%s: resuid %d %d %d gid %d AT_SECURE %lu\n", argv[1], (int)r, (int)e, (int)s,
		       (int)getgid(), getauxval(AT_SECURE));
		return 0;
	}
	t_scratch("cred_exec");
	chmod("/tmp/cred_exec", 0755);
	int in = open(argv[0], O_RDONLY), out = open("/tmp/cred_exec/suid", O_CREAT | O_WRONLY, 0755);
	char buf[8192];
	ssize_t n;
	while ((n = read(in, buf, sizeof buf)) > 0)
		if (write(out, buf, (size_t)n) != n)
			t_die("copy");
	close(out);
	T_CHECK(chmod("/tmp/cred_exec/suid", 04755));
	pid_t pid = t_fork();
	if (pid == 0) {
		setgid(65534);
		setuid(65534);
		char *a[] = { argv[0], "plain", NULL };
		execv(argv[0], a);
		_exit(127);
	}
	printf("plain: %s\n", t_wait(pid));
	pid = t_fork();
	if (pid == 0) {
		setgid(65534);
		setuid(65534);
		char *a[] = { "/tmp/cred_exec/suid", "setuid", NULL };
		execv(a[0], a);
		_exit(127);
	}
	printf("setuid: %s\n", t_wait(pid));
	pid = t_fork();
	if (pid == 0) {
		setresuid(1000, 1000, 1000);
		char *a[] = { argv[0], "as 1000", NULL };
		execv(argv[0], a);
		_exit(127);
	}
	printf("as 1000: %s\n", t_wait(pid));
	return 0;
}
