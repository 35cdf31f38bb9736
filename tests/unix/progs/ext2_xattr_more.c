/* Extended attributes on ext2, further: sizes and ERANGE, listing, many
 * attributes and large values (past the inode into a block: st_blocks),
 * every namespace root may use, directories and symbolic links, the
 * descriptor calls, a read-only mount; all removed, the block goes. */
#include "ext2_t.h"
#include "xattr_t.h"

#define F E2_MNT "/xm"

static void blocks(const char *what, const char *path)
{
	struct stat st;
	T_CHECK(lstat(path, &st));
	printf("%s: blocks %lld\n", what, (long long)st.st_blocks);
}

int main(void)
{
	static char big[3000], got[4096];
	char name[32], small[4];

	memset(big, 'b', sizeof big);
	e2_mount(0);
	T_CHECK(e2_put(F, 'x', 10));
	blocks("none", F);
	xattr_names("none", F);
	T_CHECK(setxattr(F, "user.a", "1234567", 7, 0));
	T_CHECK(getxattr(F, "user.a", NULL, 0));
	T_CHECK(getxattr(F, "user.a", small, sizeof small));
	T_CHECK(setxattr(F, "user.empty", "", 0, 0));
	T_CHECK(getxattr(F, "user.empty", got, sizeof got));
	T_CHECK(setxattr(F, "trusted.t", "tv", 2, 0));
	T_CHECK(setxattr(F, "security.s", "sv", 2, 0));
	T_CHECK(setxattr(F, "user.a", "r", 1, XATTR_REPLACE));
	T_CHECK(setxattr(F, "user.none", "r", 1, XATTR_REPLACE));
	T_CHECK(setxattr(F, "other.x", "r", 1, 0));
	T_CHECK(setxattr(F, "user.", "r", 1, 0));
	blocks("four small", F);
	xattr_names("four small", F);
	T_CHECK(listxattr(F, NULL, 0));
	T_CHECK(listxattr(F, small, sizeof small));
	for (int i = 0; i < 12; i++) {
		snprintf(name, sizeof name, "user.many%02d", i);
		T_CHECK(setxattr(F, name, name, strlen(name), 0));
	}
	blocks("sixteen", F);
	xattr_names("sixteen", F);
	T_CHECK(setxattr(F, "user.big", big, sizeof big, 0));
	ssize_t n = getxattr(F, "user.big", got, sizeof got);
	printf("big back: %zd %s\n", n, n == sizeof big && !memcmp(got, big, sizeof big) ? "same" : "differs");
	T_CHECK(setxattr(F, "user.big2", big, sizeof big, 0));
	T_CHECK(getxattr(F, "user.many05", got, sizeof got));
	printf("many05: %.*s\n", 11, got);
	int fd = open(F, O_RDONLY);
	T_CHECK(fgetxattr(fd, "user.a", got, sizeof got));
	T_CHECK(fsetxattr(fd, "user.f", "fd", 2, XATTR_CREATE));
	T_CHECK(fremovexattr(fd, "user.f"));
	T_CHECK(flistxattr(fd, NULL, 0));
	close(fd);
	/* directories take user. names; symbolic links do not */
	T_CHECK(mkdir(E2_MNT "/xd", 0755));
	T_CHECK(setxattr(E2_MNT "/xd", "user.d", "dir", 3, 0));
	xattr_names("directory", E2_MNT "/xd");
	T_CHECK(symlink("xm", E2_MNT "/xl"));
	T_CHECK(lsetxattr(E2_MNT "/xl", "user.l", "l", 1, 0));
	T_CHECK(lsetxattr(E2_MNT "/xl", "trusted.l", "l", 1, 0));
	T_CHECK(lgetxattr(E2_MNT "/xl", "trusted.l", got, sizeof got));
	T_CHECK(getxattr(E2_MNT "/xl", "user.a", got, sizeof got));
	/* a read-only mount reads them, and refuses changes */
	e2_umount();
	e2_mount(MS_RDONLY);
	T_CHECK(getxattr(F, "user.many11", got, sizeof got));
	T_CHECK(setxattr(F, "user.ro", "x", 1, 0));
	T_CHECK(removexattr(F, "user.a"));
	xattr_names("read-only", E2_MNT "/xd");
	e2_umount();
	e2_mount(0);
	/* all of them removed: the block goes */
	n = listxattr(F, got, sizeof got);
	for (ssize_t i = 0; i < n; i += (ssize_t)strlen(got + i) + 1)
		if (removexattr(F, got + i))
			printf("removexattr %s: errno=%s\n", got + i, t_errname(errno));
	blocks("all removed", F);
	xattr_names("all removed", F);
	T_CHECK(unlink(F));
	T_CHECK(unlink(E2_MNT "/xl"));
	T_CHECK(rmdir(E2_MNT "/xd"));
	e2_umount();
	return 0;
}
