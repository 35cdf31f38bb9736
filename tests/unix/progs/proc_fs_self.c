/* SPDX-License-Identifier: BSD-2-Clause */
/* /proc/self/{status,stat,statm,cmdline,environ,comm}: the fields that say
 * who the process is and what it set (ids, state, signal masks and
 * handlers, umask, nice, thread count, arguments, environment), checked
 * against what the calls say. */
#include "t.h"
#include <pthread.h>
#include <sys/resource.h>

static char text[8192];

static const char *slurp(const char *path, ssize_t *len)
{
	int fd = open(path, O_RDONLY);
	ssize_t n = 0, r;

	while (fd >= 0 && (r = read(fd, text + n, sizeof text - 1 - (size_t)n)) > 0)
		n += r;
	text[n] = 0;
	if (fd >= 0)
		close(fd);
	if (len)
		*len = fd < 0 ? -1 : n;
	return text;
}

/* the status line starting with key (the whole line, newline included) */
static void status_line(const char *key)
{
	const char *s = slurp("/proc/self/status", NULL);
	const char *l = strstr(s, key);

	if (l && (l == s || l[-1] == '\n'))
		printf("%.*s", (int)(strchr(l, '\n') - l + 1), l);
	else
		printf("%s missing\n", key);
}

/* field n (1-based) of /proc/self/stat, counting after the comm */
static long stat_field(int n)
{
	const char *s = slurp("/proc/self/stat", NULL), *p = strrchr(s, ')');

	for (int i = 2; p && i < n; i++)
		p = strchr(p + 1, ' ');
	return p ? atol(p + 1) : -99;
}

static void *idle(void *arg)
{
	(void)arg;
	pause();
	return NULL;
}

static void handler(int s)
{
	(void)s;
}

int main(int argc, char **argv)
{
	ssize_t n;

	if (argc > 2) {
		slurp("/proc/self/cmdline", &n);
		printf("cmdline %zd bytes:", n);
		for (ssize_t i = 0; i < n; i++)
			putchar(text[i] ? text[i] : '|');
		putchar('\n');
		slurp("/proc/self/environ", &n);
		printf("environ %zd bytes:", n);
		for (ssize_t i = 0; i < n; i++)
			putchar(text[i] ? text[i] : '|');
		putchar('\n');
		return 0;
	}
	status_line("Name:");
	status_line("State:");
	umask(022);
	status_line("Umask:");
	char want[64];
	snprintf(want, sizeof want, "Pid:\t%d\n", getpid());
	printf("Pid line right: %s\n", strstr(slurp("/proc/self/status", NULL), want) ? "yes" : "no");
	snprintf(want, sizeof want, "PPid:\t%d\n", getppid());
	printf("PPid line right: %s\n", strstr(slurp("/proc/self/status", NULL), want) ? "yes" : "no");
	status_line("Uid:");
	status_line("Gid:");
	status_line("Threads:");
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGRTMIN + 1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	signal(SIGINT, SIG_IGN);
	signal(SIGTERM, handler);
	status_line("SigBlk:");
	status_line("SigIgn:");
	status_line("SigCgt:");
	raise(SIGUSR1);
	status_line("SigPnd:");
	status_line("ShdPnd:");
	printf("stat: ppid %s, pgrp %s, session %s\n", stat_field(4) == getppid() ? "ok" : "wrong",
	       stat_field(5) == getpgrp() ? "ok" : "wrong", stat_field(6) == getsid(0) ? "ok" : "wrong");
	setpriority(PRIO_PROCESS, 0, 5);
	printf("stat: priority %ld nice %ld threads %ld exit_signal %ld\n", stat_field(18),
	       stat_field(19), stat_field(20), stat_field(38));
	pthread_t th;
	pthread_create(&th, NULL, idle, NULL);
	status_line("Threads:");
	printf("stat threads %ld\n", stat_field(20));
	long size = 0, rss = 0;
	sscanf(slurp("/proc/self/statm", NULL), "%ld %ld", &size, &rss);
	printf("statm: size >= rss > 0: %s\n", size >= rss && rss > 0 ? "yes" : "no");
	char exe_line[300];
	snprintf(exe_line, sizeof exe_line, " %s\n", argv[0]);
	const char *maps = slurp("/proc/self/maps", NULL);
	printf("maps: the program %s, [stack] %s, r-xp %s\n", strstr(maps, exe_line) ? "yes" : "no",
	       strstr(maps, " [stack]\n") ? "yes" : "no", strstr(maps, " r-xp ") ? "yes" : "no");
	struct rlimit rl = { 100, 200 };
	setrlimit(RLIMIT_NOFILE, &rl);
	rl.rlim_cur = rl.rlim_max = 0;
	setrlimit(RLIMIT_CORE, &rl);
	rl.rlim_cur = rl.rlim_max = RLIM_INFINITY;
	setrlimit(RLIMIT_AS, &rl);
	slurp("/proc/self/limits", NULL);
	for (char *l = text; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL)
		if (!strncmp(l, "Limit ", 6) || !strncmp(l, "Max open files", 14) ||
		    !strncmp(l, "Max core file size", 18) || !strncmp(l, "Max address space", 17) ||
		    !strncmp(l, "Max nice priority", 17))
			printf("limits: %.*s|\n", (int)strcspn(l, "\n"), l);
	int fd = open("/proc/self/comm", O_WRONLY);
	T_CHECK(write(fd, "renamed\n", 8));
	close(fd);
	printf("comm: %s", slurp("/proc/self/comm", NULL));
	status_line("Name:");
	fflush(stdout);
	pid_t pid = t_fork();
	if (pid == 0) {
		char *args[] = { argv[0], "one", "", "three four", NULL };
		char *env[] = { "A=1", "EMPTY=", NULL };
		execve(argv[0], args, env);
		_exit(127);
	}
	printf("child: %s\n", t_wait(pid));
	return 0;
}
