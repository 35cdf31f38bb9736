/* SPDX-License-Identifier: BSD-2-Clause */
/* /proc/self/stat and /proc/PID for a child: pid, comm in parentheses,
 * state and ppid fields; a stopped child shows T, a zombie Z. */
#include "t.h"

static char state_of(pid_t pid, pid_t *ppid)
{
	char path[64], buf[512];
	int fd, n;

	snprintf(path, sizeof path, "/proc/%d/stat", pid);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return '?';
	n = (int)read(fd, buf, sizeof buf - 1);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	char *rp = strrchr(buf, ')');
	if (!rp)
		return '!';
	char st = rp[2];
	*ppid = atoi(rp + 4);
	return st;
}

int main(void)
{
	pid_t pp = 0;
	char buf[256];
	int fd = open("/proc/self/stat", O_RDONLY), n = (int)read(fd, buf, sizeof buf - 1);

	buf[n > 0 ? n : 0] = '\0';
	printf("pid field is ours: %s\n", atoi(buf) == getpid() ? "yes" : "no");
	char *lp = strchr(buf, '('), *rp = strrchr(buf, ')');
	printf("comm: %.*s\n", lp && rp ? (int)(rp - lp + 1) : 0, lp ? lp : "");
	printf("own state %c\n", state_of(getpid(), &pp));
	printf("ppid field right: %s\n", pp == getppid() ? "yes" : "no");
	pid_t pid = t_fork();
	if (pid == 0)
		for (;;)
			pause();
	kill(pid, SIGSTOP);
	int st;
	waitpid(pid, &st, WUNTRACED);
	char st_char = state_of(pid, &pp);
	printf("stopped child state %c, its ppid is us %s\n", st_char, pp == getpid() ? "yes" : "no");
	kill(pid, SIGKILL);
	siginfo_t si;
	waitid(P_PID, pid, &si, WEXITED | WNOWAIT);
	printf("killed child state %c\n", state_of(pid, &pp));
	t_wait(pid);
	printf("reaped child: %c\n", state_of(pid, &pp));
	return 0;
}
