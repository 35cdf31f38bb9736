/* SPDX-License-Identifier: BSD-2-Clause */
/* file_rename2: renameat and linkat between two directory descriptors,
 * renameat2's RENAME_NOREPLACE and its flag errors, linkat AT_EMPTY_PATH. */
#include "t.h"

#define RENAME_NOREPLACE 1
#define RENAME_EXCHANGE 2
#define RENAME_WHITEOUT 4

static int r2(int od, const char *o, int nd, const char *n, unsigned flags)
{
	return (int)syscall(SYS_renameat2, od, o, nd, n, flags);
}

static const char *has(const char *dir, const char *name)
{
	char p[700];
	snprintf(p, sizeof p, "%s/%s", dir, name);
	return access(p, F_OK) == 0 ? "yes" : "no";
}

int main(void)
{
	const char *dir = t_scratch("file_rename2");
	char a[600], b[600];
	snprintf(a, sizeof a, "%s/a", dir);
	snprintf(b, sizeof b, "%s/b", dir);
	mkdir(a, 0755);
	mkdir(b, 0755);
	int da = open(a, O_RDONLY | O_DIRECTORY), db = open(b, O_RDONLY | O_DIRECTORY);
	close(openat(da, "f", O_CREAT | O_WRONLY, 0644));
	close(openat(db, "g", O_CREAT | O_WRONLY, 0644));

	T_CHECK(renameat(da, "f", db, "f2"));
	printf("a/f=%s b/f2=%s\n", has(a, "f"), has(b, "f2"));
	T_CHECK(linkat(db, "f2", da, "h", 0));
	struct stat s;
	fstatat(da, "h", &s, 0);
	printf("nlink=%ld\n", (long)s.st_nlink);
	T_CHECK(renameat(da, "h", AT_FDCWD, "/tmp/file_rename2/top"));
	T_CHECK(r2(db, "f2", db, "g", RENAME_NOREPLACE));
	T_CHECK(r2(db, "f2", da, "new", RENAME_NOREPLACE));
	printf("b/f2=%s a/new=%s\n", has(b, "f2"), has(a, "new"));
	T_CHECK(r2(da, "new", da, "new", RENAME_NOREPLACE));
	T_CHECK(r2(da, "missing", da, "g", RENAME_NOREPLACE));
	T_CHECK(r2(da, "new", db, "g", 0));
	printf("a/new=%s b/g=%s\n", has(a, "new"), has(b, "g"));
	T_CHECK(r2(db, "g", da, "x", RENAME_NOREPLACE | RENAME_EXCHANGE));
	T_CHECK(r2(db, "g", da, "x", RENAME_WHITEOUT | RENAME_EXCHANGE));
	T_CHECK(r2(db, "g", da, "x", 8));
	T_CHECK(r2(db, "g", 99, "x", 0));
	T_CHECK(renameat(da, "x", 99, "y"));

	/* linkat AT_EMPTY_PATH: a name for an open file (root only) */
	int fd = openat(db, "g", O_RDONLY);
	T_CHECK(linkat(fd, "", da, "byfd", AT_EMPTY_PATH));
	fstat(fd, &s);
	printf("nlink=%ld a/byfd=%s\n", (long)s.st_nlink, has(a, "byfd"));
	T_CHECK(linkat(da, "byfd", db, "again", AT_EMPTY_PATH));
	T_CHECK(linkat(da, "", db, "dir", AT_EMPTY_PATH));
	T_CHECK(linkat(77, "", db, "bad", AT_EMPTY_PATH));
	T_CHECK(linkat(fd, "", db, "x", 0));
	T_CHECK(linkat(fd, "", db, "x", 0x2));
	pid_t pid = fork();
	if (pid == 0) {
		setuid(1000);
		int r = linkat(fd, "", db, "user", AT_EMPTY_PATH);
		printf("as a user: %s\n", r == 0 ? "ok" : t_errname(errno));
		_exit(0);
	}
	printf("child: %s\n", t_wait(pid));
	t_rmtree(dir);
	return 0;
}
