/* SPDX-License-Identifier: BSD-2-Clause */
/* Mount flags as a program meets them: MS_RDONLY (EROFS for every change,
 * reading still works), remounted read-write and back; MS_NOEXEC (execve
 * EACCES), MS_NODEV (opening a device node EACCES), MS_NOSUID; the option
 * words /proc/self/mounts and statfs's f_flags show for each. */
#include "t.h"
#include <sys/mount.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>

static char a[300], f[320], d[320], dev[320], prog[320];

/* open(2) that closes what it opened */
static void t_open_close(const char *args, int fd)
{
	if (fd < 0)
		printf("open(%s): errno=%s\n", args, t_errname(errno));
	else
		printf("open(%s): ok\n", args);
	if (fd >= 0)
		close(fd);
}
#define T_OPEN(...) t_open_close(#__VA_ARGS__, open(__VA_ARGS__))

static void show(const char *what)
{
	char line[512];
	FILE *m = fopen("/proc/self/mounts", "r");
	struct statfs s;

	while (m && fgets(line, sizeof line, m))
		if (strstr(line, "/tmp/mnt_flags/a "))
			printf("%s: %s", what, line);
	if (m)
		fclose(m);
	if (statfs(a, &s) == 0)
		printf("%s: f_flags %#lx\n", what, (unsigned long)s.f_flags);
}

static void copy_self(const char *to)
{
	char buf[4096];
	int in = open("/proc/self/exe", O_RDONLY), out = open(to, O_CREAT | O_WRONLY, 0755);
	ssize_t n;

	while ((n = read(in, buf, sizeof buf)) > 0)
		write(out, buf, (size_t)n);
	close(in);
	close(out);
}

static void try_exec(void)
{
	pid_t pid = t_fork();

	if (pid == 0) {
		char *args[] = { prog, "child", NULL };
		execv(prog, args);
		printf("execv: errno=%s\n", t_errname(errno));
		_exit(0);
	}
	t_wait(pid);
}

int main(int argc, char **argv)
{
	if (argc > 1) {
		printf("the copy runs\n");
		return 0;
	}
	(void)argv;
	const char *dir = t_scratch("mnt_flags");
	snprintf(a, sizeof a, "%s/a", dir);
	snprintf(f, sizeof f, "%s/f", a);
	snprintf(d, sizeof d, "%s/d", a);
	snprintf(dev, sizeof dev, "%s/null", a);
	snprintf(prog, sizeof prog, "%s/prog", a);
	mkdir(a, 0755);
	T_CHECK(mount("none", a, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL));
	show("nosuid,nodev,noexec");
	close(open(f, O_CREAT | O_WRONLY, 0644));
	T_CHECK(mknod(dev, S_IFCHR | 0666, makedev(1, 3)));
	T_OPEN(dev, O_RDONLY);
	copy_self(prog);
	try_exec();
	T_CHECK(mount("none", a, NULL, MS_REMOUNT | MS_RDONLY, NULL));
	show("ro");
	T_OPEN(f, O_RDONLY);
	T_OPEN(f, O_WRONLY);
	T_OPEN(f, O_RDONLY | O_TRUNC);
	T_OPEN(d, O_CREAT | O_WRONLY, 0644);
	T_CHECK(mkdir(d, 0755));
	T_CHECK(unlink(f));
	T_CHECK(chmod(f, 0600));
	T_CHECK(truncate(f, 0));
	T_CHECK(access(f, W_OK));
	T_CHECK(symlink("f", d));
	T_CHECK(mount("none", a, NULL, MS_REMOUNT | MS_NOATIME, NULL));
	show("rw,noatime");
	T_CHECK(unlink(f));
	T_OPEN(dev, O_RDONLY);
	try_exec();
	T_CHECK(umount(a));
	t_rmtree(dir);
	return 0;
}
