/* SPDX-License-Identifier: BSD-2-Clause */
/* Symlinks while resolving: a loop in the middle of a path is ELOOP, a
 * chain of 40 links resolves and one of 41 does not, O_NOFOLLOW on a link
 * is ELOOP, a dangling link ENOENT. */
#include "t.h"

static void chain(int n)
{
	char a[32], b[32];
	struct stat st;

	for (int i = 0; i < n; i++) {
		snprintf(a, sizeof a, "c%d", i);
		snprintf(b, sizeof b, i + 1 < n ? "c%d" : "target", i + 1);
		unlink(a);
		symlink(b, a);
	}
	int r = stat("c0", &st);
	printf("chain of %d: %s\n", n, r == 0 ? "ok" : t_errname(errno));
}

int main(void)
{
	const char *d = t_scratch("t2_path_symloop");
	struct stat st;

	if (chdir(d) != 0)
		t_die("chdir");
	mkdir("target", 0700);
	T_CHECK(symlink("b", "a"));
	T_CHECK(symlink("a", "b"));
	T_CHECK(stat("a/x", &st));
	T_CHECK(stat("target/../a/x", &st));
	T_CHECK(lstat("a", &st));
	T_CHECK(open("a", O_RDONLY));
	T_CHECK(symlink("target", "t"));
	T_CHECK(open("t", O_RDONLY | O_NOFOLLOW));
	T_CHECK(open("t", O_RDONLY | O_NOFOLLOW | O_DIRECTORY));
	T_CHECK(open("t/", O_RDONLY | O_NOFOLLOW));
	T_CHECK(symlink("nowhere", "dang"));
	T_CHECK(stat("dang", &st));
	T_CHECK(stat("dang/x", &st));
	T_CHECK(symlink("t/../t/../target", "twisty"));
	T_CHECK(stat("twisty", &st));
	T_CHECK(symlink("/", "root"));
	T_CHECK(stat("root/tmp/t2_path_symloop/t", &st));
	chain(8);
	chain(40);
	chain(41);
	return 0;
}
