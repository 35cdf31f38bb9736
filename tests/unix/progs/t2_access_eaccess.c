/* SPDX-License-Identifier: BSD-2-Clause */
/* access checks the real IDs, faccessat with AT_EACCESS the effective ones:
 * a set-user-ID-like process (real 1000, effective 0) sees the difference.
 * faccessat2 rejects unknown flags. */
#include "t.h"

int main(void)
{
	const char *d = t_scratch("t2_access_eaccess");
	char p[300], q[300];

	snprintf(p, sizeof p, "%s/root600", d);
	snprintf(q, sizeof q, "%s/user600", d);
	close(open(p, O_CREAT | O_WRONLY, 0600));
	close(open(q, O_CREAT | O_WRONLY, 0600));
	chown(q, 1000, 1000);
	chmod(d, 0755);
	pid_t pid = t_fork();
	if (pid == 0) {
		if (setresuid(1000, 0, 0) != 0)
			t_die("setresuid");
		T_CHECK(access(p, R_OK));
		T_CHECK(faccessat(AT_FDCWD, p, R_OK, AT_EACCESS));
		T_CHECK(access(q, R_OK | W_OK));
		T_CHECK(faccessat(AT_FDCWD, q, R_OK | W_OK, AT_EACCESS));
		T_CHECK(access(q, X_OK));
		T_CHECK(faccessat(AT_FDCWD, q, X_OK, AT_EACCESS));
		T_CHECK(syscall(439, AT_FDCWD, p, R_OK, AT_EACCESS));
		T_CHECK(syscall(439, AT_FDCWD, p, R_OK, 0));
		T_CHECK(syscall(439, AT_FDCWD, p, R_OK, 0x1));
		T_CHECK(syscall(439, AT_FDCWD, p, 8, 0));
		T_CHECK(syscall(439, AT_FDCWD, "", R_OK, 0));
		int fd = open(d, O_RDONLY);
		T_CHECK(syscall(439, fd, "", F_OK, AT_EMPTY_PATH));
		_exit(0);
	}
	printf("child %s\n", t_wait(pid));
	return 0;
}
