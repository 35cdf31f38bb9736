/* Permissions on ext2 as an ordinary user (uid 65534): owner/other bits,
 * a sticky directory (others' files cannot be removed), chown by root,
 * kept after umount and mount. */
#include "ext2_t.h"
#include <sys/wait.h>

static void as_nobody(void)
{
	pid_t pid = t_fork();
	int st;

	if (pid == 0) {
		if (setgid(65534) || setuid(65534))
			t_die("setuid");
		T_CHECK(open(E2_MNT "/sk/root600", O_RDONLY));
		T_CHECK(open(E2_MNT "/sk/root644", O_WRONLY));
		T_CHECK(open(E2_MNT "/sk/root644", O_RDONLY) >= 0 ? 0 : -1);
		T_CHECK(unlink(E2_MNT "/sk/root644"));
		T_CHECK(rename(E2_MNT "/sk/root644", E2_MNT "/sk/mine"));
		T_CHECK(e2_put(E2_MNT "/sk/mine", 'm', 1));
		T_CHECK(unlink(E2_MNT "/sk/mine"));
		T_CHECK(e2_put(E2_MNT "/locked/f", 'm', 1));
		T_CHECK(chmod(E2_MNT "/sk/root644", 0666));
		fflush(stdout);
		_exit(0);
	}
	waitpid(pid, &st, 0);
	printf("child %s\n", t_statusname(st));
}

int main(void)
{
	fflush(stdout);
	e2_mount(0);
	T_CHECK(mkdir(E2_MNT "/sk", 01777));
	T_CHECK(chmod(E2_MNT "/sk", 01777));
	T_CHECK(mkdir(E2_MNT "/locked", 0755));
	T_CHECK(e2_put(E2_MNT "/sk/root600", 'r', 1));
	T_CHECK(chmod(E2_MNT "/sk/root600", 0600));
	T_CHECK(e2_put(E2_MNT "/sk/root644", 'r', 1));
	T_CHECK(e2_put(E2_MNT "/sk/other", 'o', 1));
	T_CHECK(chown(E2_MNT "/sk/other", 65534, 65534));
	e2_umount();
	e2_mount(0);
	e2_stat(E2_MNT "/sk");
	e2_stat(E2_MNT "/sk/other");
	fflush(stdout);
	as_nobody();
	T_CHECK(unlink(E2_MNT "/sk/other"));
	T_CHECK(unlink(E2_MNT "/sk/root600"));
	T_CHECK(unlink(E2_MNT "/sk/root644"));
	T_CHECK(rmdir(E2_MNT "/sk"));
	T_CHECK(rmdir(E2_MNT "/locked"));
	e2_umount();
	return 0;
}
