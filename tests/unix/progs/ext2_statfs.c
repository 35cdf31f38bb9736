/* statfs(2) free counts on ext2 change by known amounts: a file takes an
 * inode, 4 KiB of data one block, a directory an inode and a block; all
 * come back when they go. */
#include "ext2_t.h"

static struct statfs base;

static void delta(const char *what)
{
	struct statfs s;

	sync();
	statfs(E2_MNT, &s);
	printf("%s: files %ld blocks %ld avail %ld\n", what, (long)(base.f_ffree - s.f_ffree),
	       (long)(base.f_bfree - s.f_bfree), (long)(base.f_bavail - s.f_bavail));
}

int main(void)
{
	e2_mount(0);
	sync();
	T_CHECK(statfs(E2_MNT, &base));
	T_YES(base.f_bfree >= base.f_bavail && base.f_blocks > base.f_bfree);
	T_CHECK(e2_put(E2_MNT "/s0", 0, 0));
	delta("empty file");
	T_CHECK(e2_put(E2_MNT "/s1", 1, 4096));
	delta("4 KiB file");
	T_CHECK(mkdir(E2_MNT "/sd", 0755));
	delta("directory");
	T_CHECK(unlink(E2_MNT "/s0"));
	T_CHECK(unlink(E2_MNT "/s1"));
	T_CHECK(rmdir(E2_MNT "/sd"));
	delta("all gone");
	e2_umount();
	return 0;
}
