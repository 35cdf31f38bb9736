/* SPDX-License-Identifier: BSD-2-Clause */
/* New files belong to the effective uid and gid; a set-gid directory
 * passes its group on. */
#include "t.h"

static void owner(const char *path)
{
	struct stat st;

	if (stat(path, &st) != 0)
		printf("%s: %s\n", path, t_errname(errno));
	else
		printf("%s: %d:%d mode %04o\n", path, (int)st.st_uid, (int)st.st_gid,
		       (unsigned)(st.st_mode & 07777));
}

int main(void)
{
	t_scratch("cred_file_owner");
	chmod("/tmp/cred_file_owner", 0777);
	mkdir("/tmp/cred_file_owner/sg", 0777);
	chown("/tmp/cred_file_owner/sg", 0, 50);
	chmod("/tmp/cred_file_owner/sg", 02777);
	pid_t pid = t_fork();
	if (pid == 0) {
		setegid(1234);
		seteuid(4321);
		close(open("/tmp/cred_file_owner/f", O_CREAT | O_WRONLY, 0644));
		mkdir("/tmp/cred_file_owner/d", 0755);
		close(open("/tmp/cred_file_owner/sg/g", O_CREAT | O_WRONLY, 0644));
		mkdir("/tmp/cred_file_owner/sg/sub", 0755);
		_exit(0);
	}
	printf("child: %s\n", t_wait(pid));
	owner("/tmp/cred_file_owner/f");
	owner("/tmp/cred_file_owner/d");
	owner("/tmp/cred_file_owner/sg/g");
	owner("/tmp/cred_file_owner/sg/sub");
	return 0;
}
