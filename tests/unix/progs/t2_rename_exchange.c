/* SPDX-License-Identifier: BSD-2-Clause */
/* renameat2(RENAME_EXCHANGE) on tmpfs: both names must exist (ENOENT),
 * a file and a directory swap places atomically, each keeps its inode. */
#include "t.h"

#define RENAME_EXCHANGE (1 << 1)

static long xchg(const char *a, const char *b)
{
	return syscall(SYS_renameat2, AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE);
}

int main(void)
{
	const char *d = t_scratch("t2_rename_exchange");
	struct stat a0, b0, a1, b1;

	if (chdir(d) != 0)
		t_die("chdir");
	mkdir("dir", 0700);
	close(open("file", O_CREAT | O_WRONLY, 0600));
	stat("dir", &a0);
	stat("file", &b0);
	T_CHECK(xchg("file", "nothere"));
	T_CHECK(xchg("nothere", "file"));
	T_CHECK(xchg("file", "dir"));
	stat("dir", &a1);
	stat("file", &b1);
	T_YES(a1.st_ino == b0.st_ino && S_ISREG(a1.st_mode));
	T_YES(b1.st_ino == a0.st_ino && S_ISDIR(b1.st_mode));
	T_CHECK(xchg("file", "file"));
	T_CHECK(xchg("file", "file/x"));
	return 0;
}
