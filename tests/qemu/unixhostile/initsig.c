/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * initsig.c - process 1 cannot be killed by signals it does not handle
 * (tests/qemu/unixhostile, make unixhostile-test).  A Linux program
 * (musl-gcc -static), run by hinit, which is process 1 and handles none of
 * the signals sent here.
 *
 * Linux sends process 1 only the signals it has a handler for (kill(2):
 * SIGKILL and SIGSTOP included); the sender is not told: kill returns 0.
 * Before unixd did the same, a fuzzing child that joined init's process
 * group and killed its group ended init, and the orphans that init would
 * have reaped were given to a freed process.
 *
 * TEST lines:
 *   unixhostile/init/kill        kill(1, sig) returns 0 for SIGKILL, SIGSTOP,
 *                                SIGTERM, SIGINT, SIGHUP, SIGUSR1
 *   unixhostile/init/unharmed    afterwards process 1 is sleeping (/proc/1/stat)
 *                                with nothing pending (/proc/1/status)
 *   unixhostile/init/group-kill  a child that joined process group 1 and
 *                                sent SIGKILL to its group died of it;
 *                                process 1 is still unharmed
 * and at the end it sends SIGUSR2, which hinit blocks: a signal init
 * blocks is kept for it (busybox init takes its poweroff signal so, with
 * sigtimedwait); hinit checks it is pending (unixhostile/init/blocked-kept).
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "hostile.h"

static const int sigs[] = { SIGKILL, SIGSTOP, SIGTERM, SIGINT, SIGHUP, SIGUSR1 };

/* Process 1's state letter from /proc/1/stat ('?' if unreadable). */
static char init_state(void)
{
	char buf[256] = "";
	FILE *f = fopen("/proc/1/stat", "r");
	if (!f)
		return '?';
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = 0;
	char *p = strrchr(buf, ')');
	return p && p[1] == ' ' ? p[2] : '?';
}

/* Process 1's pending signals, process-wide and its thread's, OR-ed. */
static unsigned long long init_pending(void)
{
	char line[128];
	unsigned long long all = 0, v;
	FILE *f = fopen("/proc/1/status", "r");
	if (!f)
		return ~0ull;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "SigPnd: %llx", &v) == 1 || sscanf(line, "ShdPnd: %llx", &v) == 1)
			all |= v;
	fclose(f);
	return all;
}

/* "PASS" when process 1 sleeps with nothing pending; the detail in why. */
static const char *unharmed(char *why, size_t n)
{
	sleep_ms(50);           /* a signal that got through has taken effect */
	char st = init_state();
	unsigned long long pend = init_pending();
	snprintf(why, n, "process 1 state %c, pending %llx", st, pend);
	return st == 'S' && pend == 0 ? "PASS" : "FAIL";
}

static void test_kill(void)
{
	char bad[64] = "";
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		if (kill(1, sigs[i]) != 0 && !bad[0])
			snprintf(bad, sizeof(bad), "; kill(1, %d) failed", sigs[i]);
	printf("TEST unixhostile/init/kill: %s (%zu signals sent to process 1%s)\n",
	       bad[0] ? "FAIL" : "PASS", sizeof(sigs) / sizeof(sigs[0]), bad);
	char why[96];
	const char *r = unharmed(why, sizeof(why));
	printf("TEST unixhostile/init/unharmed: %s (%s)\n", r, why);
}

static void test_group_kill(void)
{
	pid_t c = fork();
	if (c == 0) {
		if (setpgid(0, 1) < 0)
			_exit(2);
		kill(0, SIGKILL);
		_exit(3);
	}
	int status = 0;
	waitpid(c, &status, 0);
	char why[96], buf[32];
	const char *r = unharmed(why, sizeof(why));
	bool died = WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
	printf("TEST unixhostile/init/group-kill: %s (the group's member: %s; %s)\n",
	       died ? r : "FAIL", status_text(status, buf, sizeof(buf)), why);
}

int main(void)
{
	if (getppid() != 1) {
		printf("TEST unixhostile/init/kill: FAIL (not a child of process 1)\n");
		return 1;
	}
	setpgid(0, 0);          /* out of process group 1, which the group kill ends */
	test_kill();
	test_group_kill();
	kill(1, SIGUSR2);
	return 0;
}
