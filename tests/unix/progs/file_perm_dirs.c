/* SPDX-License-Identifier: BSD-2-Clause */
/* file_perm_dirs: what a user may do in directories by their mode bits -
 * read without search, search without read, write without search - and
 * the owner/group/other classes (the first that matches decides). */
#include "t.h"

static void as_user(const char *dir)
{
	char p[700];
	DIR *d = opendir(dir);
	printf("  opendir: %s\n", d ? "ok" : t_errname(errno));
	if (d) {
		int n = 0;
		while (readdir(d))
			n++;
		printf("  entries: %d\n", n);
		closedir(d);
	}
	snprintf(p, sizeof p, "%s/f", dir);
	int fd = open(p, O_RDONLY);
	printf("  open f: %s\n", fd >= 0 ? "ok" : t_errname(errno));
	if (fd >= 0)
		close(fd);
	struct stat s;
	printf("  stat f: %s\n", stat(p, &s) == 0 ? "ok" : t_errname(errno));
	snprintf(p, sizeof p, "%s/new", dir);
	fd = open(p, O_WRONLY | O_CREAT, 0644);
	printf("  create: %s\n", fd >= 0 ? "ok" : t_errname(errno));
	if (fd >= 0) {
		close(fd);
		unlink(p);
	}
	printf("  chdir: %s\n", chdir(dir) == 0 ? "ok" : t_errname(errno));
}

static void try_mode(const char *dir, mode_t mode, uid_t owner, gid_t group)
{
	chmod(dir, mode);
	chown(dir, owner, group);
	printf("mode %03o owner %d group %d:\n", mode, owner, group);
	pid_t pid = fork();
	if (pid == 0) {
		setgroups(0, NULL);
		setgid(100);
		setuid(1000);
		as_user(dir);
		_exit(0);
	}
	t_wait(pid);
}

int main(void)
{
	const char *dir = t_scratch("file_perm_dirs");
	char d[600], f[700];
	snprintf(d, sizeof d, "%s/d", dir);
	mkdir(d, 0755);
	snprintf(f, sizeof f, "%s/f", d);
	close(open(f, O_CREAT | O_WRONLY, 0644));
	chmod(dir, 0755);
	try_mode(d, 0777, 0, 0);
	try_mode(d, 0444, 0, 0);        /* read, no search */
	try_mode(d, 0111, 0, 0);        /* search, no read */
	try_mode(d, 0333, 0, 0);        /* write and search */
	try_mode(d, 0222, 0, 0);        /* write without search */
	try_mode(d, 0070, 0, 100);      /* the group's bits */
	try_mode(d, 0707, 0, 100);      /* group matches first: nothing */
	try_mode(d, 0077, 1000, 0);     /* owner matches first: nothing */
	try_mode(d, 0700, 1000, 0);
	chmod(d, 0755);
	chown(d, 0, 0);
	t_rmtree(dir);
	return 0;
}
