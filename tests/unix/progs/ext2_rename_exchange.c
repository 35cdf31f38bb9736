/* renameat2(RENAME_EXCHANGE) on ext2: two files swap names, a file and a
 * directory across directories swap (the parents' link counts follow). */
#include "ext2_t.h"

#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE 2
#endif

static long xchg(const char *a, const char *b)
{
	return syscall(SYS_renameat2, AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE);
}

int main(void)
{
	char buf[4];

	e2_mount(0);
	T_CHECK(mkdir(E2_MNT "/xa", 0755));
	T_CHECK(mkdir(E2_MNT "/xa/sub", 0755));
	T_CHECK(e2_put(E2_MNT "/one", '1', 1));
	T_CHECK(e2_put(E2_MNT "/two", '2', 2));
	T_CHECK(xchg(E2_MNT "/one", E2_MNT "/two"));
	int fd = open(E2_MNT "/one", O_RDONLY);
	T_YES(read(fd, buf, 4) == 2);
	close(fd);
	T_CHECK(xchg(E2_MNT "/one", E2_MNT "/xa/sub"));
	T_CHECK(xchg(E2_MNT "/one", E2_MNT "/nosuch"));
	e2_umount();
	e2_mount(0);
	e2_stat(E2_MNT "/one");
	e2_stat(E2_MNT "/xa/sub");
	e2_stat(E2_MNT "/xa");
	T_CHECK(rmdir(E2_MNT "/one"));
	T_CHECK(unlink(E2_MNT "/xa/sub"));
	T_CHECK(unlink(E2_MNT "/two"));
	T_CHECK(rmdir(E2_MNT "/xa"));
	e2_umount();
	return 0;
}
