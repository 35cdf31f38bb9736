/* SPDX-License-Identifier: BSD-2-Clause */
/* chown by a non-root owner: only to a group it is in, never to another
 * user; -1 keeps a field; a non-owner gets EPERM; a successful chown
 * clears the set-user-ID and set-group-ID bits. */
#include "t.h"
#include <grp.h>

static void show(const char *p)
{
	struct stat st;

	stat(p, &st);
	printf("uid %d gid %d mode %o\n", (int)st.st_uid, (int)st.st_gid, st.st_mode & 07777);
}

int main(void)
{
	const char *d = t_scratch("t2_chown_user");
	char p[300], q[300];

	chmod(d, 0777);
	snprintf(p, sizeof p, "%s/mine", d);
	snprintf(q, sizeof q, "%s/theirs", d);
	close(open(p, O_CREAT | O_WRONLY, 0755));
	close(open(q, O_CREAT | O_WRONLY, 0644));
	chown(p, 1000, 1000);
	chmod(p, 06755);
	show(p);
	pid_t pid = t_fork();
	if (pid == 0) {
		gid_t g[] = { 1000, 300 };
		setgroups(2, g);
		setgid(1000);
		setuid(1000);
		T_CHECK(chown(p, 1001, -1));
		T_CHECK(chown(p, -1, 400));
		T_CHECK(chown(p, -1, -1));
		show(p);
		T_CHECK(chown(p, 1000, 300));
		show(p);
		T_CHECK(chown(q, -1, -1));
		T_CHECK(chown(q, -1, 300));
		T_CHECK(lchown(p, 1000, 1000));
		show(p);
		_exit(0);
	}
	printf("child %s\n", t_wait(pid));
	T_CHECK(chown(p, 0, 0));
	show(p);
	return 0;
}
