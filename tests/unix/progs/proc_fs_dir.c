/* SPDX-License-Identifier: BSD-2-Clause */
/* Listing /proc: pids as directories (ours and a child's), self and
 * thread-self as links; /proc/self/task lists each thread; ".." from
 * /proc/self/fd leads back to /proc/self; entries a process has. */
#include "t.h"
#include <stdbool.h>
#include <dirent.h>
#include <pthread.h>

static int count_dir(const char *path, int want_pid, int *saw)
{
	DIR *d = opendir(path);
	struct dirent *e;
	int n = 0;

	*saw = 0;
	while (d && (e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		n++;
		if (atoi(e->d_name) == want_pid && e->d_type == DT_DIR)
			*saw = 1;
	}
	if (d)
		closedir(d);
	return n;
}

static bool listed(const char *dir, const char *name, unsigned char type)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	bool found = false;

	while (d && (e = readdir(d)) != NULL)
		found |= !strcmp(e->d_name, name) && e->d_type == type;
	if (d)
		closedir(d);
	return found;
}

static void *idle(void *arg)
{
	(void)arg;
	pause();
	return NULL;
}

int main(void)
{
	int saw;
	pid_t pid = t_fork();

	if (pid == 0) {
		pause();
		_exit(0);
	}
	count_dir("/proc", getpid(), &saw);
	printf("our pid listed: %s\n", saw ? "yes" : "no");
	count_dir("/proc", pid, &saw);
	printf("child listed: %s\n", saw ? "yes" : "no");
	printf("self is a link: %s\n", listed("/proc", "self", DT_LNK) ? "yes" : "no");
	printf("thread-self is a link: %s\n", listed("/proc", "thread-self", DT_LNK) ? "yes" : "no");
	printf("sys is a directory: %s\n", listed("/proc", "sys", DT_DIR) ? "yes" : "no");
	printf("meminfo is a file: %s\n", listed("/proc", "meminfo", DT_REG) ? "yes" : "no");
	static const char *const mine[] = { "stat", "status", "cmdline", "environ", "comm", "maps",
					    "mounts", "mountinfo", "statm" };
	for (unsigned i = 0; i < sizeof mine / sizeof mine[0]; i++)
		printf("self/%s: %s\n", mine[i], listed("/proc/self", mine[i], DT_REG) ? "yes" : "no");
	static const char *const links[] = { "exe", "cwd", "root" };
	for (unsigned i = 0; i < 3; i++)
		printf("self/%s link: %s\n", links[i], listed("/proc/self", links[i], DT_LNK) ? "yes" : "no");
	static const char *const dirs[] = { "fd", "fdinfo", "task" };
	for (unsigned i = 0; i < 3; i++)
		printf("self/%s dir: %s\n", dirs[i], listed("/proc/self", dirs[i], DT_DIR) ? "yes" : "no");
	kill(pid, SIGKILL);
	t_wait(pid);
	count_dir("/proc", pid, &saw);
	printf("reaped child listed: %s\n", saw ? "yes" : "no");
	pthread_t th[2];
	pthread_create(&th[0], NULL, idle, NULL);
	pthread_create(&th[1], NULL, idle, NULL);
	printf("task entries: %d\n", count_dir("/proc/self/task", getpid(), &saw));
	printf("main thread listed: %s\n", saw ? "yes" : "no");
	char path[64];
	snprintf(path, sizeof path, "/proc/self/task/%d/stat", getpid());
	printf("task/PID/stat readable: %s\n", access(path, R_OK) == 0 ? "yes" : "no");
	struct stat a, b;
	stat("/proc/self/fd/..", &a);
	stat("/proc/self", &b);
	printf("fd/.. is self: %s\n", a.st_ino == b.st_ino ? "yes" : "no");
	stat("/proc/self/..", &a);
	stat("/proc", &b);
	printf("self/.. is /proc: %s\n", a.st_ino == b.st_ino && a.st_dev == b.st_dev ? "yes" : "no");
	stat("/proc/..", &a);
	stat("/", &b);
	printf("/proc/.. is /: %s\n", a.st_ino == b.st_ino && a.st_dev == b.st_dev ? "yes" : "no");
	chdir("/proc/self/fd");
	char cwd[128];
	getcwd(cwd, sizeof cwd);
	snprintf(path, sizeof path, "/proc/%d/fd", getpid());
	printf("getcwd in self/fd: %s\n", !strcmp(cwd, path) ? "/proc/PID/fd" : cwd);
	return 0;
}
