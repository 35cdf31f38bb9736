/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tests/bench/unix/unixbench.c - system-call benchmarks of an unmodified
 * Linux x86-64 static program (musl-gcc -static), run the same on Darbat's
 * unixd and on Debian's Linux 6.1 in the same QEMU (docs/PERFORMANCE.md,
 * "UNIX system calls").
 *
 * Usage: unixbench PREFIX [getppid|getppid_timer|pipe|pty]...   (no test names: all)
 * prints, for PREFIX "unix" or "linux",
 *
 *   BENCH PREFIX_getppid  min=N median=N unit=insns calls=100000 rounds=9
 *   BENCH PREFIX_getppid_timer min=N median=N unit=insns calls=100000 rounds=9
 *   BENCH PREFIX_pipe_rtt min=N median=N unit=insns trips=5000 rounds=9
 *   BENCH PREFIX_pty_rtt  min=N median=N unit=insns trips=2000 rounds=9
 *
 * then `SUITE unixbench DONE` (also after a failure, so that the harness
 * stops at once; a failure prints `unixbench: FAIL ...` and no BENCH line).
 *
 * Under QEMU's -icount shift=0 the TSC counts executed instructions (the
 * program checks it: a 2001-instruction loop).  Method: a round times N
 * operations between two fenced rdtsc (lfence; rdtsc; lfence), subtracts
 * the median cost of an empty bracket and divides by N; a warm-up round
 * first (page faults, first touch), then ROUNDS timed rounds, of which the
 * minimum and the median are printed.  Everything the machine executes in
 * a round counts: the program, the kernel or unixd, the other process of
 * the pipe test, timer interrupts.
 *
 *   getppid   N calls of musl's getppid() (one `syscall` each), each
 *             result checked against the first.
 *   getppid_timer  the same with a timer pending: an interval timer
 *             (ITIMER_REAL) 1,000 s off, so it never fires.  On Darbat,
 *             unixd then receives every system call with a deadline, as it
 *             does in the default system (the disk root's write-back).
 *   pipe      two processes (fork) and two pipes: the parent writes one
 *             byte into the first and reads it back, incremented, from the
 *             second; the child reads and answers.  One round trip = two
 *             write(2)s, two read(2)s, each read waiting for its byte; the
 *             parent checks every byte it gets back.
 *   pty       the same through a pseudo-terminal in raw mode: the parent
 *             writes the master, the child reads and answers on the slave
 *             (each byte through the line discipline both ways).
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#define ROUNDS        9         /* timed rounds; the median is the middle one */
#define GETPPID_CALLS 100000
#define PIPE_TRIPS    5000
#define PTY_TRIPS     2000
#define EMPTY_SAMPLES 257

static const char *prefix;
static uint64_t overhead;       /* median instructions of an empty bracket */

static inline uint64_t tsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("lfence; rdtsc; lfence" : "=a"(lo), "=d"(hi) :: "memory");
	return ((uint64_t)hi << 32) | lo;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* The median cost of an empty bracket, and the clock check: a loop of
 * exactly 2001 instructions (mov + 1000 x dec/jnz). */
static void calibrate(void)
{
	static uint64_t s[EMPTY_SAMPLES];

	for (int i = 0; i < EMPTY_SAMPLES; i++) {
		uint64_t t0 = tsc();

		s[i] = tsc() - t0;
	}
	qsort(s, EMPTY_SAMPLES, sizeof s[0], cmp_u64);
	overhead = s[EMPTY_SAMPLES / 2];
	uint64_t t0 = tsc();
	__asm__ volatile("mov $1000, %%ecx\n1: dec %%ecx\n jnz 1b" ::: "ecx", "cc");
	uint64_t t1 = tsc();
	printf("unixbench: calibration: 2001 instructions took %llu TSC ticks; "
	       "empty bracket %llu (subtracted)\n",
	       (unsigned long long)(t1 - t0 - overhead), (unsigned long long)overhead);
}

/* Per-operation figure of one round of n operations from t0 to t1. */
static uint64_t per_op(uint64_t t0, uint64_t t1, unsigned n)
{
	uint64_t d = t1 - t0 > overhead ? t1 - t0 - overhead : 0;

	return (d + n / 2) / n;
}

static void report(const char *name, uint64_t *r, const char *what, unsigned n)
{
	qsort(r, ROUNDS, sizeof r[0], cmp_u64);
	printf("BENCH %s_%s min=%llu median=%llu unit=insns %s=%u rounds=%d\n", prefix, name,
	       (unsigned long long)r[0], (unsigned long long)r[ROUNDS / 2], what, n, ROUNDS);
}

/* ---- getppid ---- */

/* N getppid()s a round; reported as PREFIX_name. */
static int getppid_rounds(const char *name)
{
	uint64_t r[ROUNDS];
	pid_t want = getppid();

	for (int round = -1; round < ROUNDS; round++) {
		pid_t bad = want;
		uint64_t t0 = tsc();

		for (int i = 0; i < GETPPID_CALLS; i++) {
			pid_t p = getppid();

			if (p != want)
				bad = p;
		}
		uint64_t t1 = tsc();
		if (bad != want) {
			printf("unixbench: FAIL getppid returned %d, first %d\n", (int)bad, (int)want);
			return -1;
		}
		if (round >= 0)
			r[round] = per_op(t0, t1, GETPPID_CALLS);
	}
	report(name, r, "calls", GETPPID_CALLS);
	return 0;
}

static int bench_getppid(void)
{
	return getppid_rounds("getppid");
}

static int bench_getppid_timer(void)
{
	struct itimerval on = { { 0, 0 }, { 1000, 0 } }, off = { { 0, 0 }, { 0, 0 } };

	if (setitimer(ITIMER_REAL, &on, NULL) < 0) {
		printf("unixbench: FAIL setitimer\n");
		return -1;
	}
	int err = getppid_rounds("getppid_timer");
	setitimer(ITIMER_REAL, &off, NULL);
	return err;
}

/* ---- pipe ping-pong ---- */

/* The child: answer every byte with the byte + 1 until end of file. */
static void pipe_child(int in, int out)
{
	unsigned char b;
	ssize_t n;

	while ((n = read(in, &b, 1)) == 1) {
		b++;
		if (write(out, &b, 1) != 1)
			_exit(2);
	}
	_exit(n == 0 ? 0 : 3);
}

/* One round of n round trips; 0 and the failure printed if one went wrong. */
static uint64_t pipe_round(int out, int in, unsigned n)
{
	unsigned char b = 0, bad = 0;
	unsigned i;
	uint64_t t0 = tsc();

	for (i = 0; i < n; i++) {
		unsigned char sent = (unsigned char)i;

		if (write(out, &sent, 1) != 1 || read(in, &b, 1) != 1)
			break;
		bad |= (unsigned char)(b ^ (unsigned char)(sent + 1));
	}
	uint64_t t1 = tsc();
	if (i != n || bad) {
		printf("unixbench: FAIL pipe round trip %u of %u (answer %u)\n", i, n, b);
		return 0;
	}
	return per_op(t0, t1, n);
}

static int bench_pipe(void)
{
	int down[2], up[2];
	uint64_t r[ROUNDS];
	int status, err = 0;

	if (pipe(down) || pipe(up)) {
		perror("unixbench: FAIL pipe");
		return -1;
	}
	fflush(stdout);
	pid_t child = fork();
	if (child < 0) {
		perror("unixbench: FAIL fork");
		return -1;
	}
	if (child == 0) {
		close(down[1]);
		close(up[0]);
		pipe_child(down[0], up[1]);
	}
	close(down[0]);
	close(up[1]);
	for (int round = -1; round < ROUNDS && !err; round++) {
		uint64_t v = pipe_round(down[1], up[0], PIPE_TRIPS);

		if (!v)
			err = -1;
		else if (round >= 0)
			r[round] = v;
	}
	close(down[1]);
	if (waitpid(child, &status, 0) != child || !WIFEXITED(status) || WEXITSTATUS(status)) {
		printf("unixbench: FAIL child status %#x\n", status);
		err = -1;
	}
	close(up[0]);
	if (!err)
		report("pipe_rtt", r, "trips", PIPE_TRIPS);
	return err;
}

/* ---- pty ping-pong ---- */

/* The child on the slave: answer every byte with the byte + 1 until the
 * master goes (a waiting read then fails with EIO). */
static void pty_child(int s)
{
	unsigned char b;

	while (read(s, &b, 1) == 1) {
		b++;
		if (write(s, &b, 1) != 1)
			_exit(2);
	}
	_exit(0);
}

static int bench_pty(void)
{
	struct termios t;
	uint64_t r[ROUNDS];
	int status, err = 0, s = -1;
	int m = posix_openpt(O_RDWR | O_NOCTTY);

	if (m < 0 || unlockpt(m) || (s = open(ptsname(m), O_RDWR | O_NOCTTY)) < 0 ||
	    tcgetattr(s, &t)) {
		perror("unixbench: FAIL pty");
		return -1;
	}
	cfmakeraw(&t);
	tcsetattr(s, TCSANOW, &t);
	fflush(stdout);
	pid_t child = fork();
	if (child < 0) {
		perror("unixbench: FAIL fork");
		return -1;
	}
	if (child == 0) {
		close(m);
		pty_child(s);
	}
	close(s);
	for (int round = -1; round < ROUNDS && !err; round++) {
		uint64_t v = pipe_round(m, m, PTY_TRIPS);

		if (!v)
			err = -1;
		else if (round >= 0)
			r[round] = v;
	}
	close(m);
	if (waitpid(child, &status, 0) != child || !WIFEXITED(status) || WEXITSTATUS(status)) {
		printf("unixbench: FAIL pty child status %#x\n", status);
		err = -1;
	}
	if (!err)
		report("pty_rtt", r, "trips", PTY_TRIPS);
	return err;
}

static const struct {
	const char *name;
	int (*run)(void);
} benches[] = {
	{ "getppid", bench_getppid },
	{ "getppid_timer", bench_getppid_timer },
	{ "pipe", bench_pipe },
	{ "pty", bench_pty },
};
#define NBENCH (sizeof(benches) / sizeof(benches[0]))

int main(int argc, char **argv)
{
	int failed = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc < 2) {
		printf("unixbench: FAIL usage: unixbench PREFIX [getppid|pipe|pty]...\n");
		failed = 1;
	} else {
		prefix = argv[1];
		calibrate();
	}
	for (unsigned i = 0; i < NBENCH && !failed; i++) {
		int wanted = argc == 2;

		for (int a = 2; a < argc; a++)
			wanted |= !strcmp(argv[a], benches[i].name);
		if (wanted && benches[i].run() < 0)
			failed = 1;
	}
	printf("SUITE unixbench DONE\n");
	return failed;
}
