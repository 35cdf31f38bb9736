/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * forkbomb.c - fork bombs against unixd (tests/qemu/unixhostile).
 *
 * Two bombs, each a process group whose every member forks without end:
 *   bomb       as root (no RLIMIT_NPROC applies): unixd's own limits stop
 *              it (its process, slot and kernel-memory budgets)
 *   bomb-user  as uid 1000 with RLIMIT_NPROC 64: the limit stops it
 * A member whose fork fails counts the errno and tries again a little
 * later.  Once the bomb has met its limit BOMB_FAILS times (or after
 * BOMB_MS), the group is killed with kill(-pgid, SIGKILL) and the orphans
 * are reaped by init; then the process count must come back to what it was,
 * and the system must still run programs.  The runner compares unixd's
 * memory at the marks NAME-before and NAME-after.  TEST lines, for each
 * bomb NAME:
 *   unixhostile/NAME/stopped-by-limit  fork failed only with EAGAIN or ENOMEM
 *                                      (never another errno, never a crash)
 *   unixhostile/bomb-user/nproc        the bomb grew to exactly RLIMIT_NPROC
 *                                      processes (the user's, as Linux counts)
 *   unixhostile/NAME/killed            the group is gone, the process count
 *                                      is back to its baseline
 *   unixhostile/NAME/runs-programs     /bin/true and a static program run
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/sysinfo.h>
#include <sys/wait.h>
#include <unistd.h>
#include "hostile.h"

#define BOMB_FAILS   300        /* failed forks that show the limit holds */
#define BOMB_MS      20000      /* at most this long */
#define RETRY_MS     5          /* a member whose fork failed waits this long */
#define SETTLE_MS    15000      /* for the orphans to be reaped */
#define USER_NPROC   64
#define USER_UID     1000

struct bomb_stats {
	volatile uint64_t forks, eagain, enomem, other;
	volatile int other_errno;
	volatile int peak;              /* most processes seen by a member (sysinfo) */
};

static int processes(void)
{
	struct sysinfo si;
	return sysinfo(&si) == 0 ? si.procs : -1;
}

static __attribute__((noreturn)) void member(struct bomb_stats *st)
{
	for (;;) {
		pid_t pid = fork();
		if (pid > 0) {
			__atomic_add_fetch(&st->forks, 1, __ATOMIC_RELAXED);
			continue;
		}
		if (pid == 0)
			continue;       /* the child bombs too */
		int e = errno;
		if (e == EAGAIN)
			__atomic_add_fetch(&st->eagain, 1, __ATOMIC_RELAXED);
		else if (e == ENOMEM)
			__atomic_add_fetch(&st->enomem, 1, __ATOMIC_RELAXED);
		else {
			__atomic_add_fetch(&st->other, 1, __ATOMIC_RELAXED);
			st->other_errno = e;
		}
		int n = processes();
		if (n > st->peak)
			st->peak = n;
		sleep_ms(RETRY_MS);
	}
}

static pid_t bomb_start(struct bomb_stats *st, bool user)
{
	pid_t leader = fork();
	if (leader != 0)
		return leader;
	setpgid(0, 0);
	if (user) {
		struct rlimit rl = { USER_NPROC, USER_NPROC };
		if (setrlimit(RLIMIT_NPROC, &rl) < 0 || setresuid(USER_UID, USER_UID, USER_UID) < 0)
			_exit(1);
	}
	member(st);
}

/* Kill the group until it is gone; true if it went. */
static bool bomb_kill(pid_t leader)
{
	uint64_t t0 = now_ms();
	while (now_ms() - t0 < SETTLE_MS) {
		if (kill(-leader, SIGKILL) < 0 && errno == ESRCH)
			return true;
		int status;
		waitpid(leader, &status, WNOHANG);
		sleep_ms(20);
	}
	return false;
}

/* Wait for the process count to come back to n (init reaps the orphans). */
static int settle(int n)
{
	uint64_t t0 = now_ms();
	int now;
	while ((now = processes()) != n && now_ms() - t0 < SETTLE_MS)
		sleep_ms(50);
	return now;
}

static bool runs_programs(char *why, size_t n)
{
	char *t[] = { "true", NULL }, *g[] = { "good", NULL };
	int a = run_program("/bin/true", t), b = run_program("/hostile/elf/good", g);
	char x[32], y[32];
	snprintf(why, n, "/bin/true: %s, /hostile/elf/good: %s",
	         a < 0 ? strerror(-a) : status_text(a, x, sizeof(x)),
	         b < 0 ? strerror(-b) : status_text(b, y, sizeof(y)));
	return a == 0 && WIFEXITED(b) && WEXITSTATUS(b) == 42;
}

static void bomb(const char *name, bool user, struct bomb_stats *st)
{
	char before[32], after[32], why[128];
	memset((void *)st, 0, sizeof(*st));
	int base = processes();
	snprintf(before, sizeof(before), "%s-before", name);
	snprintf(after, sizeof(after), "%s-after", name);
	warm_up();
	mark(before);
	pid_t leader = bomb_start(st, user);
	uint64_t t0 = now_ms();
	while (leader > 0 && st->eagain + st->enomem + st->other < BOMB_FAILS && now_ms() - t0 < BOMB_MS)
		sleep_ms(50);
	uint64_t ms = now_ms() - t0;
	bool gone = leader > 0 && bomb_kill(leader);
	int status;
	waitpid(leader, &status, 0);
	int now = settle(base);
	uint64_t fails = st->eagain + st->enomem + st->other;
	printf("TEST unixhostile/%s/stopped-by-limit: %s (%llu forks in %llu ms, at most %d processes; "
	       "fork failed %llu times: EAGAIN %llu, ENOMEM %llu, other %llu%s%s)\n", name,
	       fails && !st->other ? "PASS" : "FAIL", (unsigned long long)st->forks,
	       (unsigned long long)ms, st->peak, (unsigned long long)fails,
	       (unsigned long long)st->eagain, (unsigned long long)st->enomem,
	       (unsigned long long)st->other, st->other ? ": " : "",
	       st->other ? strerror(st->other_errno) : "");
	if (user)       /* Linux: a user's processes, not all, count against the limit */
		printf("TEST unixhostile/%s/nproc: %s (at most %d processes of uid %d, RLIMIT_NPROC %d)\n",
		       name, st->peak - base == USER_NPROC ? "PASS" : "FAIL", st->peak - base, USER_UID,
		       USER_NPROC);
	printf("TEST unixhostile/%s/killed: %s (kill -9 of the group: %s; %d processes, %d before)\n",
	       name, gone && now == base ? "PASS" : "FAIL", gone ? "gone" : "still there", now, base);
	bool ok = runs_programs(why, sizeof(why));
	printf("TEST unixhostile/%s/runs-programs: %s (%s)\n", name, ok ? "PASS" : "FAIL", why);
	mark(after);
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	struct bomb_stats *st = mmap(NULL, sizeof(*st), PROT_READ | PROT_WRITE,
	                             MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	char why[128];
	if (st == MAP_FAILED || !runs_programs(why, sizeof(why))) {  /* also: memory in place */
		printf("TEST unixhostile/bomb/setup: FAIL %s\n", st == MAP_FAILED ? "no shared memory" : why);
		return 1;
	}
	bomb("bomb", false, st);
	bomb("bomb-user", true, st);
	return 0;
}
