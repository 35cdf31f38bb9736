/* SPDX-License-Identifier: BSD-2-Clause */
/* chroot(2): its errors (not a directory, missing, not root), then a process
 * inside: ".." stops at its root, /proc mounted inside shows the paths from
 * there (root and cwd links, /proc/self/mounts), statfs of the new root. */
#include "t.h"
#include <sys/mount.h>
#include <sys/statfs.h>

static void show_link(const char *path)
{
	char target[256];
	ssize_t n = readlink(path, target, sizeof target - 1);

	target[n > 0 ? n : 0] = 0;
	printf("%s -> %s\n", path, n < 0 ? t_errname(errno) : target);
}

int main(void)
{
	const char *dir = t_scratch("mnt_chroot");
	char path[300], line[512];

	snprintf(path, sizeof path, "%s/file", dir);
	close(open(path, O_CREAT | O_WRONLY, 0644));
	T_CHECK(chroot(path));
	T_CHECK(chroot("/tmp/mnt_chroot/none"));
	pid_t pid = t_fork();
	if (pid == 0) {
		setuid(1000);
		T_CHECK(chroot(dir));
		_exit(0);
	}
	t_wait(pid);
	snprintf(path, sizeof path, "%s/proc", dir);
	mkdir(path, 0555);
	snprintf(path, sizeof path, "%s/sub", dir);
	mkdir(path, 0755);
	pid = t_fork();
	if (pid == 0) {
		T_CHECK(chroot(dir));
		T_CHECK(chdir("/../../sub/.."));
		T_CHECK(mount("proc", "/proc", "proc", 0, NULL));
		show_link("/proc/self/root");
		show_link("/proc/self/cwd");
		T_CHECK(chdir("/sub"));
		show_link("/proc/self/cwd");
		FILE *m = fopen("/proc/self/mounts", "r");
		while (m && fgets(line, sizeof line, m))
			if (strstr(line, " proc "))
				printf("mounts: %s", strstr(line, " /proc ") ? line : "(outside)\n");
		if (m)
			fclose(m);
		T_CHECK(access("/file", F_OK));
		T_CHECK(umount("/proc"));
		_exit(0);
	}
	printf("chrooted child: %s\n", t_wait(pid));
	t_rmtree(dir);
	return 0;
}
