/* Extended attributes on tmpfs (/dev/shm) as Linux 6.1 keeps them:
 * "trusted." and "security." names in memory, "user." refused; the flags,
 * sizes, listing (trusted. for root only), a directory and a symbolic link. */
#include "t.h"
#include "xattr_t.h"
#include <sys/wait.h>

#define F "/dev/shm/xa"

int main(void)
{
	char got[64], small[2];

	int fd = open(F, O_RDWR | O_CREAT | O_TRUNC, 0644);
	T_YES(fd >= 0);
	xattr_names("none", F);
	T_CHECK(setxattr(F, "trusted.a", "alpha", 5, 0));
	T_CHECK(setxattr(F, "security.s", "sec", 3, XATTR_CREATE));
	T_CHECK(setxattr(F, "security.s", "sec", 3, XATTR_CREATE));
	T_CHECK(setxattr(F, "trusted.b", "b", 1, XATTR_REPLACE));
	T_CHECK(setxattr(F, "trusted.a", "A", 1, XATTR_REPLACE));
	T_CHECK(setxattr(F, "trusted.e", "", 0, 0));
	T_CHECK(setxattr(F, "user.u", "u", 1, 0));
	T_CHECK(setxattr(F, "trusted.", "x", 1, 0));
	ssize_t n = getxattr(F, "trusted.a", got, sizeof got);
	printf("trusted.a: %zd %.*s\n", n, (int)(n > 0 ? n : 0), got);
	T_CHECK(getxattr(F, "security.s", small, sizeof small));
	T_CHECK(getxattr(F, "security.s", NULL, 0));
	T_CHECK(getxattr(F, "trusted.e", got, sizeof got));
	T_CHECK(getxattr(F, "user.u", got, sizeof got));
	T_CHECK(getxattr(F, "trusted.none", got, sizeof got));
	xattr_names("three", F);
	T_CHECK(listxattr(F, small, sizeof small));
	T_CHECK(fsetxattr(fd, "trusted.f", "fd", 2, 0));
	T_CHECK(fgetxattr(fd, "trusted.f", got, sizeof got));
	T_CHECK(fremovexattr(fd, "trusted.f"));
	T_CHECK(removexattr(F, "trusted.f"));
	T_CHECK(removexattr(F, "user.u"));
	/* another user sees no trusted. names and may not set them */
	pid_t child = fork();
	if (child == 0) {
		if (setuid(65534))
			_exit(1);
		xattr_names("nobody", F);
		T_CHECK(getxattr(F, "trusted.a", got, sizeof got));
		T_CHECK(getxattr(F, "security.s", got, sizeof got));
		T_CHECK(setxattr(F, "trusted.n", "n", 1, 0));
		_exit(0);
	}
	int st;
	T_YES(waitpid(child, &st, 0) == child && WIFEXITED(st) && WEXITSTATUS(st) == 0);
	T_CHECK(mkdir("/dev/shm/xd", 0755));
	T_CHECK(setxattr("/dev/shm/xd", "trusted.d", "dir", 3, 0));
	xattr_names("directory", "/dev/shm/xd");
	T_CHECK(symlink("xa", "/dev/shm/xl"));
	T_CHECK(lsetxattr("/dev/shm/xl", "trusted.l", "link", 4, 0));
	xattr_names("symlink", "/dev/shm/xl");
	xattr_names("its target", F);
	close(fd);
	T_CHECK(unlink(F));
	T_CHECK(unlink("/dev/shm/xl"));
	T_CHECK(rmdir("/dev/shm/xd"));
	return 0;
}
