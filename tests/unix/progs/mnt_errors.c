/* SPDX-License-Identifier: BSD-2-Clause */
/* mount(2) and umount2(2) refused: a missing or non-directory target, an
 * unknown type, bad tmpfs options, no type, a non-root caller; umount2 of a
 * directory that is no mount, bad flags, a busy mount (open file, working
 * directory, a mount inside), MNT_EXPIRE's two steps, MNT_DETACH of a busy
 * mount (the open file still works), remount of a non-root directory. */
#include "t.h"
#include <sys/mount.h>

static char a[300], b[320], f[320];

static void as_user(void)
{
	pid_t pid = t_fork();

	if (pid == 0) {
		if (setuid(1000) < 0)
			_exit(1);
		T_CHECK(mount("none", a, "tmpfs", 0, NULL));
		T_CHECK(umount2(a, 0));
		T_CHECK(umount2("/tmp/mnt_errors/none", 0));
		_exit(0);
	}
	printf("user: %s\n", t_wait(pid));
}

int main(void)
{
	const char *dir = t_scratch("mnt_errors");
	char file[300];

	snprintf(a, sizeof a, "%s/a", dir);
	snprintf(file, sizeof file, "%s/file", dir);
	mkdir(a, 0755);
	close(open(file, O_CREAT | O_WRONLY, 0644));
	T_CHECK(mount("none", "/tmp/mnt_errors/none", "tmpfs", 0, NULL));
	T_CHECK(mount("none", file, "tmpfs", 0, NULL));
	T_CHECK(mount("none", a, "nosuchfs", 0, NULL));
	T_CHECK(mount("none", a, NULL, 0, NULL));
	T_CHECK(mount("none", a, "tmpfs", 0, "nosuchoption=1"));
	T_CHECK(mount("none", a, "tmpfs", 0, "size=12q"));
	T_CHECK(mount("none", a, "tmpfs", MS_REMOUNT, NULL));
	T_CHECK(umount2(a, 0));
	T_CHECK(umount2(dir, 0));
	T_CHECK(umount2("/tmp/mnt_errors/none", 0));
	T_CHECK(umount2(a, 0x100));
	T_CHECK(mount("none", a, "tmpfs", 0, NULL));
	as_user();
	T_CHECK(umount2(a, MNT_EXPIRE | MNT_DETACH));
	T_CHECK(umount2(a, MNT_EXPIRE));
	T_CHECK(umount2(a, MNT_EXPIRE));
	T_CHECK(mount("none", a, "tmpfs", 0, NULL));
	snprintf(b, sizeof b, "%s/b", a);
	snprintf(f, sizeof f, "%s/f", a);
	int fd = open(f, O_CREAT | O_RDWR, 0644);
	write(fd, "kept\n", 5);
	T_CHECK(umount2(a, 0));
	T_CHECK(umount2(a, MNT_FORCE));
	close(fd);
	T_CHECK(chdir(a));
	T_CHECK(umount2(a, 0));
	T_CHECK(chdir("/"));
	T_CHECK(mkdir(b, 0755));
	T_CHECK(mount("none", b, "tmpfs", 0, NULL));
	T_CHECK(umount2(a, 0));
	T_CHECK(mount("none", b, "tmpfs", MS_REMOUNT | MS_RDONLY, NULL));
	T_CHECK(mount("none", a, "tmpfs", MS_REMOUNT, NULL));
	T_CHECK(umount2(b, 0));
	fd = open(f, O_RDWR);
	T_CHECK(umount2(a, MNT_DETACH));
	char buf[16] = { 0 };
	printf("read after detach: %zd '%.4s'\n", pread(fd, buf, sizeof buf, 0), buf);
	printf("write after detach: %zd\n", pwrite(fd, "more", 4, 5));
	close(fd);
	T_CHECK(access(f, F_OK));
	T_CHECK(umount2(a, 0));
	t_rmtree(dir);
	return 0;
}
