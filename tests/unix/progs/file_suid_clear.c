/* SPDX-License-Identifier: BSD-2-Clause */
/* file_suid_clear: Linux clears set-user-ID (and set-group-ID with group
 * execute) when a file is chowned, and when someone other than root writes
 * or truncates it. */
#include "t.h"

static void show(const char *what, const char *p)
{
	struct stat s;
	stat(p, &s);
	printf("%s: %04o\n", what, s.st_mode & 07777);
}

int main(void)
{
	const char *dir = t_scratch("file_suid_clear");
	char p[600];
	snprintf(p, sizeof p, "%s/f", dir);
	close(open(p, O_CREAT | O_WRONLY, 0644));
	chmod(dir, 0777);

	T_CHECK(chmod(p, 06777));
	show("set", p);
	T_CHECK(chown(p, 1000, 100));
	show("after chown by root", p);
	T_CHECK(chmod(p, 06777));
	show("set again", p);
	int fd = open(p, O_WRONLY);
	write(fd, "root", 4);
	close(fd);
	show("after a write by root", p);

	pid_t pid = fork();
	if (pid == 0) {
		setgid(200);
		setuid(2000);
		int w = open(p, O_WRONLY);
		write(w, "user", 4);
		close(w);
		_exit(0);
	}
	t_wait(pid);
	show("after a write by another user", p);

	T_CHECK(chmod(p, 02757));
	show("setgid with group exec", p);
	pid = fork();
	if (pid == 0) {
		setgid(200);
		setuid(2000);
		truncate(p, 1);
		_exit(0);
	}
	t_wait(pid);
	show("after a truncate by another user", p);
	T_CHECK(chmod(p, 02747));
	show("setgid without group exec", p);
	T_CHECK(chown(p, 1000, 100));
	show("after chown", p);
	/* chmod by an owner outside the file's group drops set-group-ID */
	T_CHECK(chown(p, 1000, 300));
	pid = fork();
	if (pid == 0) {
		setgid(100);
		setuid(1000);
		int r = chmod(p, 02755);
		printf("owner chmod 2755: %s\n", r == 0 ? "ok" : t_errname(errno));
		_exit(0);
	}
	t_wait(pid);
	show("after it", p);
	t_rmtree(dir);
	return 0;
}
