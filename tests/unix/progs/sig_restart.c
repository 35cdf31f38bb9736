/* SPDX-License-Identifier: BSD-2-Clause */
/* A signal arriving during a blocking read of a pipe: with SA_RESTART
 * the read goes on and returns the data; without, it fails with EINTR. */
#include "t.h"
#include <sys/time.h>

static volatile int alarms;

static void on_alrm(int sig)
{
	(void)sig;
	alarms++;
}

static void try_read(int flags)
{
	struct sigaction sa;
	struct itimerval it = { { 0, 0 }, { 0, 100000 } };
	int fds[2];
	char buf[8] = { 0 };

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_alrm;
	sa.sa_flags = flags;
	sigaction(SIGALRM, &sa, NULL);
	if (pipe(fds) != 0)
		t_die("pipe");
	pid_t pid = t_fork();
	if (pid == 0) {
		t_sleep_ms(400);
		_exit(write(fds[1], "late", 4) == 4 ? 0 : 1);
	}
	alarms = 0;
	setitimer(ITIMER_REAL, &it, NULL);
	ssize_t r = read(fds[0], buf, sizeof buf - 1);
	printf("%s: read %s '%s' alarms %d\n", flags ? "SA_RESTART" : "no SA_RESTART",
	       r < 0 ? t_errname(errno) : "ok", buf, alarms);
	printf("writer: %s\n", t_wait(pid));
	close(fds[0]);
	close(fds[1]);
}

int main(void)
{
	try_read(SA_RESTART);
	try_read(0);
	return 0;
}
