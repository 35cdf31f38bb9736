/* SPDX-License-Identifier: BSD-2-Clause */
/* /proc/PID of another process: its state as it sleeps, stops and dies,
 * its cmdline and comm, its exe and fd links; after it is reaped, ENOENT
 * and ESRCH for an entry still open; another user's process: stat and
 * status readable, environ, fd/ and the links EACCES. */
#include "t.h"
#include <dirent.h>

static char path[128], buf[4096];

static const char *get(pid_t pid, const char *what, int *err)
{
	snprintf(path, sizeof path, "/proc/%d/%s", pid, what);
	int fd = open(path, O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof buf - 1);

	*err = n < 0 ? errno : 0;
	buf[n > 0 ? n : 0] = 0;
	if (fd >= 0)
		close(fd);
	return buf;
}

static char state(pid_t pid)
{
	int err;
	const char *s = strrchr(get(pid, "stat", &err), ')');

	return s ? s[2] : '?';
}

static void link_of(pid_t pid, const char *what)
{
	char target[256];
	snprintf(path, sizeof path, "/proc/%d/%s", pid, what);
	ssize_t n = readlink(path, target, sizeof target - 1);

	target[n > 0 ? n : 0] = 0;
	if (n < 0)
		printf("readlink %s: errno=%s\n", what, t_errname(errno));
	else
		printf("readlink %s: %s\n", what, target);
}

int main(int argc, char **argv)
{
	int p[2], err;

	if (argc > 1) {
		read(0, buf, 1);	/* sleeps until the parent writes */
		return 0;
	}
	pipe(p);
	pid_t pid = t_fork();
	if (pid == 0) {
		dup2(p[0], 0);
		chdir("/tmp");
		char *args[] = { argv[0], "sleeper", "x y", NULL };
		execv(argv[0], args);
		_exit(127);
	}
	while (state(pid) != 'S')
		t_sleep_ms(10);
	printf("sleeping: %c\n", state(pid));
	get(pid, "cmdline", &err);
	printf("cmdline: %s|%s|%s\n", buf, buf + strlen(buf) + 1,
	       buf + strlen(buf) + strlen(buf + strlen(buf) + 1) + 2);
	printf("comm: %s", get(pid, "comm", &err));
	link_of(pid, "exe");
	link_of(pid, "cwd");
	link_of(pid, "root");
	kill(pid, SIGSTOP);
	waitpid(pid, NULL, WUNTRACED);
	printf("stopped: %c\n", state(pid));
	kill(pid, SIGCONT);
	snprintf(path, sizeof path, "/proc/%d/status", pid);
	int keep = open(path, O_RDONLY);
	write(p[1], "x", 1);
	siginfo_t si;
	waitid(P_PID, pid, &si, WEXITED | WNOWAIT);
	printf("zombie: %c\n", state(pid));
	get(pid, "cmdline", &err);
	printf("zombie cmdline: %zu bytes %s\n", strlen(buf), err ? t_errname(err) : "ok");
	link_of(pid, "exe");
	printf("child: %s\n", t_wait(pid));
	get(pid, "stat", &err);
	printf("reaped: stat errno=%s\n", t_errname(err));
	ssize_t got = read(keep, buf, 10);
	printf("old status read: %zd %s\n", got, got < 0 ? t_errname(errno) : "");
	close(keep);
	snprintf(path, sizeof path, "/proc/%d", pid);
	T_CHECK(access(path, F_OK));
	pid_t me = getpid();
	pid = t_fork();
	if (pid == 0) {
		setuid(1000);
		get(me, "stat", &err);
		printf("user: stat %s\n", err ? t_errname(err) : "ok");
		get(me, "status", &err);
		printf("user: status %s\n", err ? t_errname(err) : "ok");
		get(me, "cmdline", &err);
		printf("user: cmdline %s\n", err ? t_errname(err) : "ok");
		get(me, "environ", &err);
		printf("user: environ %s\n", err ? t_errname(err) : "ok");
		snprintf(path, sizeof path, "/proc/%d/fd", me);
		printf("user: opendir fd %s\n", opendir(path) ? "ok" : t_errname(errno));
		link_of(me, "exe");
		link_of(me, "cwd");
		_exit(0);
	}
	printf("user child: %s\n", t_wait(pid));
	return 0;
}
