/* SPDX-License-Identifier: BSD-2-Clause */
/* file_sticky: in a sticky world-writable directory only a file's owner,
 * the directory's owner or root may remove or rename it. */
#include "t.h"
#include <grp.h>

static void user_op(uid_t uid, const char *what, const char *dir)
{
	pid_t pid = fork();
	if (pid == 0) {
		setgroups(0, NULL);
		setgid(100);
		setuid(uid);
		char a[700], b[700];
		snprintf(a, sizeof a, "%s/%s", dir, what);
		snprintf(b, sizeof b, "%s/%s.moved", dir, what);
		int r = rename(a, b);
		printf("uid %d renames %s: %s\n", uid, what, r == 0 ? "ok" : t_errname(errno));
		if (r == 0)
			rename(b, a);
		r = unlink(a);
		printf("uid %d unlinks %s: %s\n", uid, what, r == 0 ? "ok" : t_errname(errno));
		_exit(0);
	}
	t_wait(pid);
}

static void make_as(uid_t uid, const char *dir, const char *name)
{
	char p[700];
	snprintf(p, sizeof p, "%s/%s", dir, name);
	close(open(p, O_CREAT | O_WRONLY, 0666));
	chown(p, uid, 100);
}

int main(void)
{
	const char *top = t_scratch("file_sticky");
	char dir[600];
	snprintf(dir, sizeof dir, "%s/shared", top);
	mkdir(dir, 0777);
	chmod(dir, 01777);
	chown(dir, 2000, 100);
	struct stat s;
	stat(dir, &s);
	printf("mode=%o\n", s.st_mode & 07777);
	make_as(1000, dir, "a");
	make_as(1001, dir, "b");
	make_as(1000, dir, "c");
	user_op(1001, "a", dir);       /* not its file: EPERM */
	user_op(1000, "a", dir);       /* its own */
	user_op(2000, "b", dir);       /* the directory's owner */
	make_as(1001, dir, "b");
	user_op(0, "b", dir);          /* root */
	chmod(dir, 0777);              /* without the sticky bit anyone may */
	user_op(1001, "c", dir);
	/* a sticky directory replacing a target name owned by someone else */
	chmod(dir, 01777);
	make_as(1000, dir, "x");
	make_as(1001, dir, "y");
	pid_t pid = fork();
	if (pid == 0) {
		setgid(100);
		setuid(1001);
		char a[700], b[700];
		snprintf(a, sizeof a, "%s/y", dir);
		snprintf(b, sizeof b, "%s/x", dir);
		int r = rename(a, b);
		printf("replace another's file: %s\n", r == 0 ? "ok" : t_errname(errno));
		_exit(0);
	}
	t_wait(pid);
	t_rmtree(top);
	return 0;
}
