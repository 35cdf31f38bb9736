/* SPDX-License-Identifier: BSD-2-Clause */
/* Sticky directories: another user cannot remove or rename over a file it
 * does not own (EPERM) even with write permission on the directory; the
 * file's owner and the directory's owner can. */
#include "t.h"

static void as(uid_t uid, const char *what, int (*op)(void))
{
	pid_t c = t_fork();
	if (c == 0) {
		setuid(uid);
		int r = op();
		printf("uid %d %s: %s\n", (int)uid, what, r == 0 ? "ok" : t_errname(errno));
		_exit(0);
	}
	t_wait(c);
}

static int rm_a(void) { return unlink("a"); }
static int rm_b(void) { return unlink("b"); }
static int mv_c(void) { return rename("mine", "c"); }
static int rm_d(void) { return unlink("d"); }
static int mk_mine(void) { return close(open("mine", O_CREAT | O_WRONLY, 0666)); }

int main(void)
{
	const char *d = t_scratch("t2_sticky");

	if (chdir(d) != 0)
		t_die("chdir");
	chmod(".", 01777);
	chown(".", 1002, 1002);
	const char *names[] = { "a", "b", "c", "d" };
	uid_t owners[] = { 1000, 1001, 1000, 1000 };
	for (int i = 0; i < 4; i++) {
		close(open(names[i], O_CREAT | O_WRONLY, 0666));
		chown(names[i], owners[i], owners[i]);
	}
	as(1001, "unlink a (1000's)", rm_a);
	as(1001, "unlink b (its own)", rm_b);
	as(1001, "create mine", mk_mine);
	as(1001, "rename over c (1000's)", mv_c);
	as(1002, "unlink d (dir owner)", rm_d);
	as(1000, "unlink a (its own)", rm_a);
	return 0;
}
