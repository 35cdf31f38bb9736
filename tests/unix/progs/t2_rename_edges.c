/* SPDX-License-Identifier: BSD-2-Clause */
/* rename edge cases: into its own subtree EINVAL, file over directory
 * EISDIR, directory over file ENOTDIR, over a non-empty directory
 * ENOTEMPTY, two links of one file a no-op; renameat2 flags (RENAME_EXCHANGE
 * itself: t2_rename_exchange). */
#include "t.h"

#define RENAME_NOREPLACE (1 << 0)
#define RENAME_EXCHANGE (1 << 1)

static long renameat2(int a, const char *o, int b, const char *n, unsigned f)
{
	return syscall(SYS_renameat2, a, o, b, n, f);
}

int main(void)
{
	const char *d = t_scratch("t2_rename_edges");
	struct stat st;

	if (chdir(d) != 0)
		t_die("chdir");
	mkdir("a", 0700);
	mkdir("a/b", 0700);
	mkdir("e", 0700);
	mkdir("full", 0700);
	close(open("full/x", O_CREAT | O_WRONLY, 0600));
	close(open("f", O_CREAT | O_WRONLY, 0600));
	link("f", "g");
	T_CHECK(rename("a", "a/b/c"));
	T_CHECK(rename("a", "a/b"));
	T_CHECK(rename("f", "e"));
	T_CHECK(rename("e", "f"));
	T_CHECK(rename("e", "full"));
	T_CHECK(rename("f", "g"));
	T_CHECK(stat("f", &st));
	printf("nlink %ld\n", (long)st.st_nlink);
	T_CHECK(rename("e", "a/b"));
	T_CHECK(stat("e", &st));
	T_CHECK(rename(".", "x"));
	T_CHECK(rename("a/..", "x"));
	T_CHECK(rename("missing", "x"));
	T_CHECK(rename("f", "missing/x"));
	T_CHECK(renameat2(AT_FDCWD, "f", AT_FDCWD, "g", RENAME_NOREPLACE));
	T_CHECK(renameat2(AT_FDCWD, "f", AT_FDCWD, "h", RENAME_NOREPLACE));
	T_CHECK(renameat2(AT_FDCWD, "h", AT_FDCWD, "a", RENAME_EXCHANGE | RENAME_NOREPLACE));
	T_CHECK(renameat2(AT_FDCWD, "h", AT_FDCWD, "a", 0x100));
	return 0;
}
