/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * hinit.c - process 1 of the hostile-process tests (hostile.comp): runs
 * each test program in turn and reaps every process that ends up its child
 * (the orphans of fork bombs and random forks), so that none is left as a
 * zombie when memory is compared.
 *
 * Usage: hinit SEED CALLS [ONLY [LO HI]]
 *   SEED "auto": from the clock; ONLY: run just the tests whose path holds
 *   it; LO HI: the fuzzer makes only calls numbered LO..HI-1 (debugging)
 * Marks "start" and "end" (hinit alone) frame the whole run; the runner
 * compares unixd's memory at the two.  Ends with "HOSTILE FINISHED".
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "hostile.h"

#define SETTLE_MS 300

/* Reap until pid ends (its status), reaping any other child on the way. */
static int reap_until(pid_t pid)
{
	for (;;) {
		int status;
		pid_t r = wait(&status);
		if (r == pid)
			return status;
		if (r < 0 && errno == ECHILD)
			return -1;
	}
}

static void reap_stragglers(void)
{
	sleep_ms(SETTLE_MS);
	int status;
	while (waitpid(-1, &status, WNOHANG) > 0)
		;
}

static void run_test(char *const argv[])
{
	printf("hinit: running %s\n", argv[0]);
	pid_t pid = fork();
	if (pid == 0) {
		execv(argv[0], argv);
		printf("hinit: cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	char buf[32];
	int status = pid > 0 ? reap_until(pid) : -1;
	printf("hinit: %s ended: %s\n", argv[0], status < 0 ? "lost" : status_text(status, buf, sizeof(buf)));
	reap_stragglers();
}

/* After initsig: the SIGUSR2 it sent, which hinit blocks, waits for hinit
 * (a blocked signal is kept for init); taken, so nothing stays pending. */
static void check_blocked_kept(void)
{
	sigset_t set, usr2;
	sigemptyset(&usr2);
	sigaddset(&usr2, SIGUSR2);
	bool kept = sigpending(&set) == 0 && sigismember(&set, SIGUSR2);
	struct timespec none = { 0, 0 };
	bool taken = sigtimedwait(&usr2, NULL, &none) == SIGUSR2;
	printf("TEST unixhostile/init/blocked-kept: %s (SIGUSR2 from initsig %s, %s)\n",
	       kept && taken ? "PASS" : "FAIL", kept ? "pending" : "not pending",
	       taken ? "taken by sigtimedwait" : "not taken");
}

static unsigned long long auto_seed(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	unsigned lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((unsigned long long)ts.tv_nsec * 2654435761u ^ ((unsigned long long)hi << 32 | lo)) % 1000000007u;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	sigset_t usr2;
	sigemptyset(&usr2);
	sigaddset(&usr2, SIGUSR2);
	sigprocmask(SIG_BLOCK, &usr2, NULL);    /* for initsig's last signal */
	char seed[24], calls[24] = "1000000";
	snprintf(seed, sizeof(seed), "%s", argc > 1 ? argv[1] : "auto");
	if (!strcmp(seed, "auto"))
		snprintf(seed, sizeof(seed), "%llu", auto_seed());
	if (argc > 2)
		snprintf(calls, sizeof(calls), "%s", argv[2]);
	warm_up();              /* its table of pending siginfo, which initsig's SIGUSR2 needs */
	mark("start");
	char *initsig[] = { "/hostile/bin/initsig", NULL };
	char *execbad[] = { "/hostile/bin/execbad", NULL };
	char *forkbomb[] = { "/hostile/bin/forkbomb", NULL };
	char *memhog[] = { "/hostile/bin/memhog", NULL };
	char *fuzz[] = { "/hostile/bin/fuzz", seed, calls, argc > 5 ? argv[4] : NULL,
	                 argc > 5 ? argv[5] : NULL, NULL };
	char *const *tests[] = { initsig, execbad, forkbomb, memhog, fuzz };
	const char *only = argc > 3 ? argv[3] : NULL;
	for (size_t i = 0; i < sizeof(tests) / sizeof(tests[0]); i++)
		if (!only || strstr(tests[i][0], only)) {
			run_test(tests[i]);
			if (tests[i] == initsig)
				check_blocked_kept();
		}
	reap_stragglers();
	mark("end");
	printf("HOSTILE FINISHED\n");
	for (;;)
		pause();
}
