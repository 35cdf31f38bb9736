/* SPDX-License-Identifier: BSD-2-Clause */
/* common.c - time, marks and running programs for the hostile tests (hostile.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "hostile.h"

#define MARK_WAIT_MS 500        /* the runner's `ps unixd` is answered within this */

uint64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

void sleep_ms(unsigned ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

void mark(const char *name)
{
	printf("HOSTILE MARK %s\n", name);
	fflush(stdout);
	sleep_ms(MARK_WAIT_MS);
}

void warm_up(void)
{
	sigset_t set, old;
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigprocmask(SIG_BLOCK, &set, &old);
	pid_t pid = fork();
	if (pid == 0)
		_exit(0);
	int status;
	if (pid > 0)
		waitpid(pid, &status, 0);
	sigprocmask(SIG_SETMASK, &old, NULL);
}

int run_program(const char *path, char *const argv[])
{
	pid_t pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		execv(path, argv);
		_exit(127);
	}
	int status;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -errno;
	return status;
}

const char *status_text(int status, char *buf, size_t n)
{
	if (WIFEXITED(status))
		snprintf(buf, n, "exit %d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(buf, n, "signal %d", WTERMSIG(status));
	else
		snprintf(buf, n, "status %#x", status);
	return buf;
}
