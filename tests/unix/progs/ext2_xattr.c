/* Extended attributes on ext2 (user_xattr): set, get, list, remove. */
#include "ext2_t.h"
#include <sys/xattr.h>

int main(void)
{
	char buf[64];

	e2_mount(0);
	T_CHECK(e2_put(E2_MNT "/xa", 'x', 1));
	T_CHECK(setxattr(E2_MNT "/xa", "user.k", "v1", 2, 0));
	ssize_t n = getxattr(E2_MNT "/xa", "user.k", buf, sizeof buf);
	printf("get %zd %.*s\n", n, (int)(n > 0 ? n : 0), buf);
	T_CHECK(setxattr(E2_MNT "/xa", "user.k", "v2", 2, XATTR_CREATE));
	T_CHECK(getxattr(E2_MNT "/xa", "user.none", buf, sizeof buf));
	T_CHECK(removexattr(E2_MNT "/xa", "user.k"));
	T_CHECK(removexattr(E2_MNT "/xa", "user.k"));
	T_CHECK(unlink(E2_MNT "/xa"));
	e2_umount();
	return 0;
}
