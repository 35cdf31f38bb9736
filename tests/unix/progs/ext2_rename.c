/* rename(2) on ext2: across directories, over a file, a directory over an
 * empty and a non-empty one, into itself, RENAME_NOREPLACE (RENAME_EXCHANGE:
 * ext2_rename_exchange); link counts of the parents after a directory moves. */
#include "ext2_t.h"

#ifndef RENAME_NOREPLACE
#define RENAME_NOREPLACE 1
#endif

int main(void)
{
	e2_mount(0);
	T_CHECK(mkdir(E2_MNT "/p", 0755));
	T_CHECK(mkdir(E2_MNT "/q", 0755));
	T_CHECK(e2_put(E2_MNT "/p/a", 'a', 1));
	T_CHECK(e2_put(E2_MNT "/q/b", 'b', 2));
	T_CHECK(rename(E2_MNT "/p/a", E2_MNT "/q/a"));
	T_CHECK(rename(E2_MNT "/q/a", E2_MNT "/q/b"));
	e2_stat(E2_MNT "/q/b");
	T_CHECK(mkdir(E2_MNT "/p/d", 0755));
	T_CHECK(rename(E2_MNT "/p/d", E2_MNT "/q/d"));
	e2_stat(E2_MNT "/p");
	e2_stat(E2_MNT "/q");
	T_CHECK(rename(E2_MNT "/q/d", E2_MNT "/q/d/e"));
	T_CHECK(mkdir(E2_MNT "/p/full", 0755));
	T_CHECK(e2_put(E2_MNT "/p/full/x", 'x', 1));
	T_CHECK(rename(E2_MNT "/q/d", E2_MNT "/p/full"));
	T_CHECK(rename(E2_MNT "/q/b", E2_MNT "/p/full"));
	T_CHECK(rename(E2_MNT "/p/full", E2_MNT "/q/b"));
	T_CHECK(syscall(SYS_renameat2, AT_FDCWD, E2_MNT "/q/b", AT_FDCWD, E2_MNT "/p/full/x",
			RENAME_NOREPLACE));
	e2_stat(E2_MNT "/q/b");
	e2_stat(E2_MNT "/p/full/x");
	T_CHECK(rename(E2_MNT "/p/full/x", E2_MNT "/q/d/x"));
	T_CHECK(rmdir(E2_MNT "/p/full"));
	T_CHECK(rename(E2_MNT "/q/d", E2_MNT "/p/d"));
	e2_umount();
	e2_mount(0);
	e2_stat(E2_MNT "/p/d/x");
	e2_stat(E2_MNT "/p");
	T_CHECK(unlink(E2_MNT "/p/d/x"));
	T_CHECK(unlink(E2_MNT "/q/b"));
	T_CHECK(rmdir(E2_MNT "/p/d"));
	T_CHECK(rmdir(E2_MNT "/p"));
	T_CHECK(rmdir(E2_MNT "/q"));
	e2_umount();
	return 0;
}
