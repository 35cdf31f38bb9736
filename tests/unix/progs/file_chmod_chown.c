/* SPDX-License-Identifier: BSD-2-Clause */
/* chmod/fchmod/chown/fchown as root, and as nobody: only the owner may
 * chmod, nobody may not give files away; chown clears set-uid bits. */
#include "t.h"

static void show(const char *path)
{
	struct stat st;

	if (stat(path, &st) != 0)
		printf("%s: %s\n", path, t_errname(errno));
	else
		printf("%s: %04o %d:%d\n", path, (unsigned)(st.st_mode & 07777), (int)st.st_uid,
		       (int)st.st_gid);
}

int main(void)
{
	int fd;

	t_scratch("file_chmod_chown");
	if (chdir("/tmp/file_chmod_chown") != 0)
		t_die("chdir");
	fd = open("f", O_CREAT | O_RDWR, 0644);
	close(open("mine", O_CREAT | O_WRONLY, 0644));
	T_CHECK(chmod("f", 0600));
	show("f");
	T_CHECK(fchmod(fd, 04755));
	show("f");
	T_CHECK(chown("f", 65534, 65534));
	show("f");
	T_CHECK(fchown(fd, 0, -1));
	show("f");
	T_CHECK(chown("mine", 65534, -1));
	T_CHECK(chmod("missing", 0644));
	T_CHECK(lchown("f", -1, -1));
	chmod("/tmp/file_chmod_chown", 0777);
	pid_t pid = t_fork();
	if (pid == 0) {
		setgid(65534);
		setuid(65534);
		T_CHECK(chmod("f", 0666));
		T_CHECK(chown("f", 65534, 65534));
		T_CHECK(chmod("mine", 0600));
		T_CHECK(chown("mine", 0, -1));
		T_CHECK(chown("mine", 65534, 0));
		T_CHECK(chown("mine", -1, 65534));
		show("mine");
		_exit(0);
	}
	printf("child: %s\n", t_wait(pid));
	return 0;
}
