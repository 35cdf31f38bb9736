/* SPDX-License-Identifier: BSD-2-Clause */
/* Permission checks: root passes read/write checks on any mode and
 * execute only with an x bit; nobody gets EACCES by mode bits, including
 * search permission on directories; access() and open() agree. */
#include "t.h"

int main(void)
{
	t_scratch("file_access");
	if (chdir("/tmp/file_access") != 0)
		t_die("chdir");
	close(open("none", O_CREAT | O_WRONLY, 0000));
	close(open("ro", O_CREAT | O_WRONLY, 0444));
	close(open("rw", O_CREAT | O_WRONLY, 0666));
	close(open("x", O_CREAT | O_WRONLY, 0100));
	mkdir("locked", 0700);
	close(open("locked/inner", O_CREAT | O_WRONLY, 0666));
	mkdir("noexec", 0666);
	chmod("/tmp/file_access", 0755);
	T_CHECK(access("none", R_OK | W_OK));
	T_CHECK(access("none", X_OK));
	T_CHECK(access("x", X_OK));
	T_CHECK(open("none", O_RDWR));
	pid_t pid = t_fork();
	if (pid == 0) {
		setgid(65534);
		setuid(65534);
		T_CHECK(access("none", R_OK));
		T_CHECK(access("ro", R_OK));
		T_CHECK(access("ro", W_OK));
		T_CHECK(access("rw", R_OK | W_OK));
		T_CHECK(access("x", X_OK));
		T_CHECK(open("ro", O_WRONLY));
		T_CHECK(open("none", O_RDONLY));
		T_CHECK(open("locked/inner", O_RDONLY));
		T_CHECK(access("locked/inner", F_OK));
		T_CHECK(open("noexec/x", O_RDONLY));
		T_CHECK(open("new", O_CREAT | O_WRONLY, 0644));
		T_CHECK(unlink("rw"));
		T_CHECK(mkdir("sub", 0755));
		T_CHECK(access("rw", 8));
		T_CHECK(faccessat(AT_FDCWD, "ro", W_OK, AT_EACCESS));
		_exit(0);
	}
	printf("child: %s\n", t_wait(pid));
	return 0;
}
