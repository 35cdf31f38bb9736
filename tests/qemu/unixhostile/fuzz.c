/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz.c - random system calls against unixd (tests/qemu/unixhostile,
 * make unixhostile-test), while another process checks that ordinary work
 * still gets the right answers.  A Linux program (musl-gcc -static): it
 * runs under unixd; on a Linux host run it only with --print.
 *
 * Usage: fuzz SEED CALLS     fuzz (in the test)
 *        fuzz --print SEED INCARNATION FIRST COUNT
 *                            list the calls incarnation INCARNATION of that
 *                            seed makes, from its call FIRST on (a
 *                            reproducer, found without running them)
 *
 * The parent (this process) starts the worker, then a spawner: a process
 * set up once (its own session, /dev/null as its files, /tmp/fuzz as its
 * directory, the arena filled from the seed) that forks fuzzing children
 * one after another, each in a group of its own, until CALLS random calls
 * have been made.  A child makes calls with random numbers (0..459 mostly,
 * some beyond and some absurd) and random arguments (small integers, -1,
 * huge values, pointers into its arena, stack and code, unmapped, kernel
 * and non-canonical addresses, misaligned ones); a call may end it
 * (exit_group, a signal, a bad rt_sigreturn, an munmap of its stack): the
 * spawner forks the next one, whose calls come from the seed and its
 * incarnation number.  SIGALRM every 2 ms (no SA_RESTART) ends calls that
 * would block.  A child that makes no progress for HANG_MS (SIGALRM masked,
 * stopped) is killed with its spawner, counted as hung, and a new spawner
 * started; so is a spawner that a child killed or stopped through their
 * group.
 *
 * What a child may not do (the denylist, rewritten rather than skipped so
 * that the call is still made): signals to other processes (kill, tkill,
 * tgkill, rt_sigqueueinfo, rt_tgsigqueueinfo: a root kill(-1, SIGKILL)
 * would end the whole test) go to itself or its group; prlimit64,
 * process_vm_readv/writev and ptrace act on itself (as root they could
 * limit or corrupt the worker); pidfd_send_signal (a pidfd may name any
 * process) and reboot are never made.  The child is a
 * process of the spawner's session, has /dev/null as its only files and
 * /tmp/fuzz as its working directory, and its arena holds no path outside
 * /tmp/fuzz, so that the rest of the system is reachable only through
 * unixd's checks.  Afterwards whatever it made in /, /tmp and /tmp/fuzz
 * is removed.
 *
 * Output: "fuzz: seed S", progress, how children ended, where the time
 * went, the calls that hung, and TEST lines:
 *   unixhostile/fuzz-calls    CALLS calls made
 *   unixhostile/fuzz-worker   the worker's answers were all right and it
 *                             made progress while the fuzzer ran
 * and the marks "HOSTILE MARK fuzz-before" / "fuzz-after" at which the
 * runner reads unixd's memory (`ps unixd`), with the same processes alive.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "hostile.h"

#define ARENA_SIZE   (64 * 1024)
#define STACKBUF     4096
#define HANG_MS      200
#define SETUP_MS     5000       /* from a child's fork to its first call */
#define POLL_MS      10
#define STALL_MS     60000      /* no call at all for this long: the run ends, failed */
#define REARM_EVERY  256
#define NR_COMMON    460        /* 0..459: Linux 6.x's numbers */
#define NR_TIMED     NR_COMMON  /* calls whose time is kept */
#define WORKER_MIN_ROUNDS 50    /* the worker must get this far while fuzzing */

/* Shared by the parent, the spawner and the children (MAP_SHARED): their
 * progress, and what the last child did last. */
struct shared {
	volatile uint64_t done;         /* random calls made, all children */
	volatile uint64_t incarnations; /* children started */
	volatile uint64_t running;      /* the last child to start its calls: incarnation + 1 */
	volatile int64_t child;         /* its pid */
	volatile uint64_t exits, signals[64];   /* how children ended */
	volatile uint64_t cycles[NR_TIMED], calls[NR_TIMED];   /* time (TSC) in each call */
	volatile uint64_t call_start;
	volatile uint64_t last_nr;      /* its last call */
	volatile uint64_t last_arg[6];
};

/* ---- random numbers: the same sequence everywhere for a seed ---- */

static uint64_t splitmix(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static uint64_t below(uint64_t *s, uint64_t n)
{
	return splitmix(s) % n;
}

/* The arena's contents come from the seed, each child's calls from the
 * seed and its incarnation number. */
static uint64_t arena_seed(uint64_t seed)
{
	return seed ^ 0x5bd1e9955bd1e995ull;
}

static uint64_t child_seed(uint64_t seed, uint64_t incarnation)
{
	return seed ^ (incarnation * 0xd1b54a32d192ed03ull);
}

/* ---- the child's memory: what its pointers point into ---- */

struct target {
	char *arena;            /* ARENA_SIZE bytes, read-write */
	char *stack;            /* STACKBUF bytes on the child's stack */
	const char *code;       /* its own code: readable, not writable */
};

/* Paths the child may name: all under its working directory /tmp/fuzz. */
static const char *const fuzz_paths[] = {
	"/tmp/fuzz/a", "/tmp/fuzz/s", "/tmp/fuzz/d", "/tmp/fuzz/d/e", "/tmp/fuzz/l",
	"/tmp/fuzz/new", "a", "s", "d", "l", "x", ".", "", "d/../a", "/tmp/fuzz/a/",
	"/tmp/fuzz/loop",
};
#define NPATHS (sizeof(fuzz_paths) / sizeof(fuzz_paths[0]))
#define PATH_SLOT 64            /* arena bytes per path */

/* The arena: the paths at the start, small integers, timespecs, iovecs
 * pointing back into it, random bytes for the rest. */
static void arena_fill(struct target *t, uint64_t *s)
{
	char *a = t->arena;
	for (size_t i = 0; i < ARENA_SIZE; i += 8) {
		uint64_t v = splitmix(s);
		memcpy(a + i, &v, 8);
	}
	for (size_t i = 0; i < NPATHS; i++)
		strcpy(a + i * PATH_SLOT, fuzz_paths[i]);
	memset(a + 2048, 'n', 4095);                    /* a name too long */
	a[2048 + 4095] = 0;
	uint64_t *w = (uint64_t *)(a + 8192);           /* timespecs: 0..9 ms */
	for (int i = 0; i < 64; i += 2) {
		w[i] = 0;
		w[i + 1] = below(s, 10) * 1000000;
	}
	uint64_t *iov = (uint64_t *)(a + 9216);         /* iovecs into the arena */
	for (int i = 0; i < 32; i += 2) {
		iov[i] = (uint64_t)(a + 16384 + below(s, 16384));
		iov[i + 1] = below(s, 512);
	}
	memset(a + 12288, 0, 1024);                     /* zeros: empty sets, NULL lists */
}

static uint64_t pick_pointer(const struct target *t, uint64_t *s)
{
	switch (below(s, 10)) {
	case 0: case 1: return (uint64_t)(t->arena + below(s, NPATHS) * PATH_SLOT);
	case 2: return (uint64_t)(t->arena + 2048);
	case 3: return (uint64_t)(t->arena + 8192 + below(s, 32) * 16);
	case 4: return (uint64_t)(t->arena + 9216 + below(s, 16) * 16);
	case 5: return (uint64_t)(t->arena + 12288);
	case 6: return (uint64_t)(t->arena + ARENA_SIZE - below(s, 64));  /* runs off the end */
	case 7: return (uint64_t)(t->stack + below(s, STACKBUF));
	case 8: return (uint64_t)(t->code + below(s, 4096));
	default: return (uint64_t)(t->arena + below(s, ARENA_SIZE));
	}
}

static const uint64_t bad_addresses[] = {
	0, 1, 0x1000, 0xfff, 0x10000, 0x400000 - 4096, 0x7fffffffe000ull, 0x7ffffffff000ull,
	0x7fffffffffffull, 0x7fffff000000ull /* Darbat's UTCB area */, 0x7ffffe000000ull - 8,
	0x800000000000ull, 0x8000000000000000ull, 0xffff800000000000ull,
	0xffffffff80000000ull, 0xfffffffffffff000ull, 0xffffffffffffffffull, 0xdead0000beefull,
};
#define NBAD (sizeof(bad_addresses) / sizeof(bad_addresses[0]))

static uint64_t pick_arg(const struct target *t, uint64_t *s)
{
	unsigned k = (unsigned)below(s, 100);
	if (k < 22)
		return below(s, 16);                            /* fds, flags, small counts */
	if (k < 30)
		return (uint64_t)(int64_t)(below(s, 3) - 1);    /* -1, 0, 1 */
	if (k < 38)
		return splitmix(s);                             /* anything */
	if (k < 44) {                                       /* 2^n, 2^n - 1, -2^n */
		uint64_t v = 1ull << below(s, 64);
		unsigned w = (unsigned)below(s, 3);
		return w == 0 ? v : w == 1 ? v - 1 : -v;
	}
	if (k < 66)
		return pick_pointer(t, s);
	if (k < 72)
		return pick_pointer(t, s) + 1 + below(s, 7);    /* misaligned */
	if (k < 82)
		return bad_addresses[below(s, NBAD)] + (below(s, 2) ? 0 : below(s, 4096));
	if (k < 90)
		return splitmix(s) & 0xffffffffull;             /* 32-bit values */
	return 1ull << below(s, 32) | below(s, 256);        /* flag-like */
}

/* Only numbers in [nr_lo, nr_hi) when set (fuzz SEED CALLS LO HI: to find
 * which calls a fault needs). */
static uint64_t nr_lo, nr_hi;

static uint64_t pick_number(uint64_t *s)
{
	if (nr_hi)
		return nr_lo + below(s, nr_hi - nr_lo);
	unsigned k = (unsigned)below(s, 100);
	if (k < 92)
		return below(s, NR_COMMON);
	if (k < 96)
		return NR_COMMON + below(s, 600);               /* numbers nobody has */
	if (k < 98)
		return 0x40000000ull | below(s, 548);           /* the x32 ABI bit */
	return splitmix(s);                                 /* absurd: -1, 2^63... */
}

/* The denylist: calls that could reach other processes are pointed at the
 * caller itself (see the file's comment); false: do not make the call. */
static bool deny_rewrite(uint64_t nr, uint64_t *a, int self)
{
	switch (nr) {
	case SYS_kill:
		if (a[0] != (uint64_t)self && a[0] != 0 && a[0] != (uint64_t)-self)
			a[0] = self;
		return true;
	case SYS_tgkill:
		a[0] = self;
		a[1] = self;
		return true;
	case SYS_tkill:
	case SYS_rt_sigqueueinfo:
	case SYS_rt_tgsigqueueinfo:
	case SYS_process_vm_readv:
	case SYS_process_vm_writev:
		a[0] = self;
		if (nr == SYS_rt_tgsigqueueinfo)
			a[1] = self;
		return true;
	case SYS_prlimit64:
		a[0] = 0;
		return true;
	case SYS_ptrace:
		a[1] = self;
		return true;
	case SYS_pidfd_send_signal:
	case SYS_reboot:
		return false;
	}
	return true;
}

/* One random call: its number and arguments. */
static void pick_call(const struct target *t, uint64_t *s, uint64_t *nr, uint64_t *a)
{
	*nr = pick_number(s);
	for (int i = 0; i < 6; i++)
		a[i] = pick_arg(t, s);
}

/* ---- the child ---- */

/* The raw call.  A child made by a random fork, vfork or clone (rax 0 in
 * the new process or thread) ends at once, before it touches its stack,
 * which may be any address the call was given. */
static long raw_call(uint64_t nr, const uint64_t *a)
{
	register uint64_t r10 __asm__("r10") = a[3];
	register uint64_t r8 __asm__("r8") = a[4];
	register uint64_t r9 __asm__("r9") = a[5];
	uint64_t is_clone = nr == SYS_clone || nr == SYS_fork || nr == SYS_vfork ||
	                    nr == SYS_clone3;
	long ret;
	__asm__ volatile("syscall\n\t"
	                 "test %%rax, %%rax\n\t"
	                 "jnz 1f\n\t"
	                 "test %[c], %[c]\n\t"
	                 "jz 1f\n\t"
	                 "mov $60, %%eax\n\t"
	                 "xor %%edi, %%edi\n\t"
	                 "syscall\n\t"
	                 "ud2\n"
	                 "1:"
	                 : "=a"(ret)
	                 : "a"(nr), "D"(a[0]), "S"(a[1]), "d"(a[2]), "r"(r10), "r"(r8), "r"(r9),
	                   [c] "r"(is_clone)
	                 : "rcx", "r11", "memory");
	return ret;
}

static uint64_t cycles(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

/* Calls after which SIGALRM may no longer come or be caught. */
static bool may_stop_alarm(uint64_t nr)
{
	return nr == SYS_rt_sigaction || nr == SYS_rt_sigprocmask || nr == SYS_rt_sigreturn ||
	       nr == SYS_alarm || nr == SYS_setitimer || nr == SYS_rt_sigsuspend ||
	       nr == SYS_timer_settime || nr == SYS_execve || nr == SYS_signalfd4 ||
	       nr == SYS_signalfd || nr == SYS_sigaltstack;
}

void fuzz_restorer(void);
__asm__(".text\n.globl fuzz_restorer\nfuzz_restorer:\n\tmov $15, %eax\n\tsyscall\n\tud2\n");

static void on_alarm(int sig)
{
	(void)sig;
}

/* SIGALRM every 2 ms, caught without SA_RESTART: a call that blocks ends
 * with EINTR.  Made again after each call that may have reset the handler,
 * masked the signal or stopped the timer, and every REARM_EVERY calls. */
static void alarm_arm(void)
{
	struct { uint64_t handler, flags, restorer, mask; } sa = {
		(uint64_t)on_alarm, 0x04000000 /* SA_RESTORER */, (uint64_t)fuzz_restorer, 0 };
	uint64_t set = 1ull << (SIGALRM - 1);
	uint64_t itv[4] = { 0, 2000, 0, 2000 };
	uint64_t a1[6] = { SIGALRM, (uint64_t)&sa, 0, 8, 0, 0 };
	uint64_t a2[6] = { SIG_UNBLOCK, (uint64_t)&set, 0, 8, 0, 0 };
	uint64_t a3[6] = { 0 /* ITIMER_REAL */, (uint64_t)itv, 0, 0, 0, 0 };
	raw_call(SYS_rt_sigaction, a1);
	raw_call(SYS_rt_sigprocmask, a2);
	raw_call(SYS_setitimer, a3);
}

/* The spawner's files: /dev/null as 0, 1, 2; its own session; the files
 * of /tmp/fuzz that the calls may name. */
static void spawner_setup(void)
{
	setsid();
	for (int fd = 0; fd < 64; fd++)          /* the parent's: 0-2, the worker's pipes */
		close(fd);
	int fd = open("/dev/null", O_RDWR);
	dup2(fd, 1);
	dup2(fd, 2);
	if (chdir("/tmp/fuzz") < 0)
		_exit(3);
	/* O_NONBLOCK | O_NOFOLLOW: what a child left in their place (a FIFO
	 * without a reader, a symbolic link) is refused, never waited on */
	int f = open("/tmp/fuzz/a", O_WRONLY | O_CREAT | O_TRUNC | O_NONBLOCK | O_NOFOLLOW, 0777);
	if (f >= 0) {
		write(f, "\177ELF junk", 9);
		close(f);
	}
	f = open("/tmp/fuzz/s", O_WRONLY | O_CREAT | O_TRUNC | O_NONBLOCK | O_NOFOLLOW, 0755);
	if (f >= 0) {
		write(f, "#!/tmp/fuzz/s\n", 14);       /* a script that is its own interpreter */
		close(f);
	}
	mkdir("/tmp/fuzz/d", 0755);
	symlink("/tmp/fuzz/a", "/tmp/fuzz/l");
	symlink("/tmp/fuzz/loop", "/tmp/fuzz/loop");
}

/* The calls themselves.  Its frame lies below the caller's stack buffer:
 * a call writing past the buffer's end reaches only the frames above it,
 * which are never returned to, never this loop's state. */
static __attribute__((noinline, noreturn)) void fuzz_loop(struct target tv, uint64_t s,
                                                        struct shared *sh, uint64_t incarnation)
{
	const struct target *t = &tv;
	int self = getpid();
	sh->running = incarnation + 1;
	bool rearm = true;
	for (uint64_t i = 0;; i++) {
		if (rearm || i % REARM_EVERY == 0)
			alarm_arm();
		uint64_t nr, a[6];
		pick_call(t, &s, &nr, a);
		if (!deny_rewrite(nr, a, self))
			continue;
		sh->last_nr = nr;
		for (int k = 0; k < 6; k++)
			sh->last_arg[k] = a[k];
		sh->call_start = cycles();      /* not on the stack: a call may zero it */
		raw_call(nr, a);
		if (nr < NR_TIMED) {
			sh->cycles[nr] += cycles() - sh->call_start;
			sh->calls[nr]++;
		}
		sh->done++;
		rearm = may_stop_alarm(nr);
	}
}

/* A fuzzing child, in a group of its own (kill(0, sig) is its own). */
static __attribute__((noreturn)) void fuzz_child(uint64_t seed, uint64_t incarnation,
                                                 struct shared *sh, char *arena)
{
	char stackbuf[STACKBUF];
	uint64_t s = child_seed(seed, incarnation);
	struct target t = { arena, stackbuf, (const char *)(uintptr_t)fuzz_child };
	setpgid(0, 0);
	memset(stackbuf, 0x5a, sizeof(stackbuf));
	fuzz_loop(t, s, sh, incarnation);
}

/* The spawner: set up once, then forks one fuzzing child after another,
 * each as soon as the one before ends, and counts how they ended. */
static __attribute__((noreturn)) void spawner(uint64_t seed, struct shared *sh)
{
	spawner_setup();
	/* the arena and a page no call can write after it (its end is a
	 * pointer the calls get), so that they never reach the shared page */
	char *arena = mmap(NULL, ARENA_SIZE + 4096, PROT_READ | PROT_WRITE,
	                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (arena == MAP_FAILED || mprotect(arena + ARENA_SIZE, 4096, PROT_NONE) < 0)
		_exit(4);
	struct target t = { arena, NULL, NULL };
	uint64_t as = arena_seed(seed);
	arena_fill(&t, &as);            /* once: each child gets a fresh copy of it */
	for (;;) {
		uint64_t k = sh->incarnations;
		pid_t c = fork();
		if (c < 0) {
			sleep_ms(20);   /* the worker may hold what fork needs */
			continue;
		}
		if (c == 0)
			fuzz_child(seed, k, sh, arena);
		sh->child = c;
		sh->incarnations = k + 1;
		int status;
		while (waitpid(c, &status, 0) < 0)
			if (errno != EINTR)
				_exit(5);
		if (WIFSIGNALED(status))
			sh->signals[WTERMSIG(status) & 63]++;
		else
			sh->exits++;
	}
}

/* --print: the calls an incarnation makes, without making them. */
static int print_calls(uint64_t seed, uint64_t incarnation, uint64_t first, uint64_t count)
{
	static char arena[ARENA_SIZE];
	char stackbuf[STACKBUF];
	uint64_t s = child_seed(seed, incarnation), as = arena_seed(seed);
	struct target t = { arena, stackbuf, (const char *)(uintptr_t)fuzz_child };
	arena_fill(&t, &as);
	uint64_t made = 0;
	bool rearm = true;
	for (uint64_t i = 0; made < first + count; i++) {
		uint64_t nr, a[6];
		if ((rearm || i % REARM_EVERY == 0) && made >= first)
			printf("    (SIGALRM armed again)\n");
		pick_call(&t, &s, &nr, a);
		if (!deny_rewrite(nr, a, 1000))
			continue;
		rearm = may_stop_alarm(nr);
		if (made++ >= first)
			printf("%8llu syscall(%llu, %#llx, %#llx, %#llx, %#llx, %#llx, %#llx)\n",
			       (unsigned long long)made - 1, (unsigned long long)nr,
			       (unsigned long long)a[0], (unsigned long long)a[1], (unsigned long long)a[2],
			       (unsigned long long)a[3], (unsigned long long)a[4], (unsigned long long)a[5]);
	}
	printf("(pointers are relative to arena %p, stack %p, code %p of this run)\n",
	       (void *)arena, (void *)stackbuf, (void *)(uintptr_t)fuzz_child);
	return 0;
}

/* ---- the parent ---- */

struct watch {
	pid_t spawner;
	unsigned spawners;              /* started: one more each time one died */
	uint64_t hung, hung_nr[8];
	unsigned nhung_nr;
	unsigned setup_hangs;           /* spawners or children that never began their calls */
	bool stalled;                   /* no call for STALL_MS: given up */
};

static void rm_tree(const char *path);

static void spawner_start(struct watch *w, struct shared *sh, uint64_t seed)
{
	w->spawner = fork();
	if (w->spawner == 0)
		spawner(seed, sh);
	w->spawners++;
}

/* Kill pid and its group. */
static void kill_group(pid_t pid)
{
	if (pid > 0) {
		kill(-pid, SIGKILL);
		kill(pid, SIGKILL);
	}
}

/* Watch the children until the total is reached.  No progress for HANG_MS
 * while a child makes its calls (SETUP_MS while none does) is a hang: the
 * child and its spawner are killed (a child may have joined the spawner's
 * group and stopped it) and a new spawner started, as when a spawner dies
 * (a child killed its group); when no child got as far as its calls,
 * /tmp/fuzz is made afresh first (a FIFO a child left where the setup
 * writes would stop every spawner).  No call at all for STALL_MS ends the
 * run: the test fails rather than waits for ever. */
static void watch(struct watch *w, struct shared *sh, uint64_t seed, uint64_t calls)
{
	uint64_t seen = sh->done, next_report = 100000, t0 = now_ms();
	uint64_t seen_total = sh->done, last_call = t0;
	unsigned still = 0;
	spawner_start(w, sh, seed);
	while (sh->done < calls) {
		sleep_ms(POLL_MS);
		still = sh->done == seen ? still + 1 : 0;
		seen = sh->done;
		bool calling = sh->running == sh->incarnations;
		unsigned limit = calling ? HANG_MS : SETUP_MS;
		if (still * POLL_MS >= limit) {
			if (w->nhung_nr < 8)
				w->hung_nr[w->nhung_nr++] = sh->last_nr;
			w->hung++;
			kill_group((pid_t)sh->child);
			kill_group(w->spawner);
			if (!calling) {         /* what a child left may trip the setup: start afresh */
				w->setup_hangs++;
				rm_tree("/tmp/fuzz");
				mkdir("/tmp/fuzz", 0777);
			}
			still = 0;
		}
		if (now_ms() - last_call >= STALL_MS) {
			w->stalled = true;
			break;
		}
		if (sh->done != seen_total)
			seen_total = sh->done, last_call = now_ms();
		int status;
		if (waitpid(w->spawner, &status, WNOHANG) == w->spawner) {
			kill_group((pid_t)sh->child);
			spawner_start(w, sh, seed);
		}
		if (sh->done >= next_report) {
			printf("fuzz: %llu calls, %llu children, %llu s\n", (unsigned long long)sh->done,
			       (unsigned long long)sh->incarnations,
			       (unsigned long long)(now_ms() - t0) / 1000);
			next_report += 100000;
		}
	}
	kill_group(w->spawner);
	kill_group((pid_t)sh->child);
	int status;
	waitpid(w->spawner, &status, 0);
}

/* Everything the fuzzer made outside /tmp/fuzz goes: entries of / and
 * /tmp that were not there before (names is the list from before). */
static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *f)
{
	(void)st, (void)f;
	if (flag == FTW_DP)
		rmdir(path);
	else
		unlink(path);
	return 0;
}

static void rm_tree(const char *path)
{
	nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	unlink(path);
}

#define MAX_NAMES 128
struct names { unsigned n; char name[MAX_NAMES][256]; };

static void names_read(const char *dir, struct names *nm)
{
	nm->n = 0;
	DIR *d = opendir(dir);
	struct dirent *e;
	while (d && (e = readdir(d)) && nm->n < MAX_NAMES)
		snprintf(nm->name[nm->n++], sizeof(nm->name[0]), "%s", e->d_name);
	if (d)
		closedir(d);
}

static unsigned names_clean(const char *dir, const struct names *before)
{
	unsigned removed = 0;
	char path[4200];
	DIR *d = opendir(dir);
	struct dirent *e;
	while (d && (e = readdir(d))) {
		bool known = false;
		for (unsigned i = 0; i < before->n && !known; i++)
			known = !strcmp(before->name[i], e->d_name);
		if (known)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		rm_tree(path);
		removed++;
		rewinddir(d);
	}
	if (d)
		closedir(d);
	return removed;
}

/* The calls that took the most time in all, ten of them. */
static void slowest(const struct shared *sh)
{
	bool shown[NR_TIMED] = { false };
	for (int k = 0; k < 10; k++) {
		int best = -1;
		for (int nr = 0; nr < NR_TIMED; nr++)
			if (!shown[nr] && sh->calls[nr] && (best < 0 || sh->cycles[nr] > sh->cycles[best]))
				best = nr;
		if (best < 0)
			break;
		shown[best] = true;
		printf(" %d:%llu,%llu", best, (unsigned long long)sh->calls[best],
		       (unsigned long long)(sh->cycles[best] / sh->calls[best] / 1000));
	}
}

/* What the run did: how it went, then the TEST lines. */
static void report(const struct shared *sh, const struct watch *wt, uint64_t seed,
                   uint64_t calls, uint64_t ms, uint64_t all_cycles, unsigned stray)
{
	uint64_t in_calls = 0;
	for (int nr = 0; nr < NR_TIMED; nr++)
		in_calls += sh->cycles[nr];
	printf("fuzz: %llu calls in %llu ms by %llu children (%u spawners): %llu exited, %llu hung; "
	       "%u stray files removed\n", (unsigned long long)sh->done, (unsigned long long)ms,
	       (unsigned long long)sh->incarnations, wt->spawners, (unsigned long long)sh->exits,
	       (unsigned long long)wt->hung, stray);
	printf("fuzz: %llu%% of the time in the calls numbered below %d\n",
	       (unsigned long long)(all_cycles ? in_calls * 100 / all_cycles : 0), NR_TIMED);
	printf("fuzz: children killed by signal:");
	for (int i = 1; i < 64; i++)
		if (sh->signals[i])
			printf(" %d:%llu", i, (unsigned long long)sh->signals[i]);
	printf("\nfuzz: most time in calls (number: calls, mean kilocycles):");
	slowest(sh);
	printf("\nfuzz: hung in calls:");
	for (unsigned i = 0; i < wt->nhung_nr; i++)
		printf(" %llu", (unsigned long long)wt->hung_nr[i]);
	printf("\nfuzz: %u times no child began its calls (/tmp/fuzz made afresh)\n", wt->setup_hangs);
	printf("TEST unixhostile/fuzz-calls: %s (%llu calls, seed %llu, %llu children",
	       sh->done >= calls ? "PASS" : "FAIL", (unsigned long long)sh->done,
	       (unsigned long long)seed, (unsigned long long)sh->incarnations);
	if (wt->stalled)
		printf("; stopped: no call for %u s", STALL_MS / 1000);
	printf(")\n");
}

static void report_worker(bool ended, const struct worker_result *r)
{
	bool progress = r->rounds >= WORKER_MIN_ROUNDS && r->programs >= WORKER_MIN_ROUNDS / 16;
	printf("TEST unixhostile/fuzz-worker: %s (%llu pipe round trips, %llu programs run, "
	       "%llu files checked, %llu forks refused, %llu wrong answers%s%s)\n",
	       ended && progress && !r->wrong ? "PASS" : "FAIL", (unsigned long long)r->rounds,
	       (unsigned long long)r->programs, (unsigned long long)r->files,
	       (unsigned long long)r->refused, (unsigned long long)r->wrong,
	       r->first_error[0] ? ": " : "", r->first_error);
}

static int fuzz_main(uint64_t seed, uint64_t calls)
{
	printf("fuzz: seed %llu, %llu calls\n", (unsigned long long)seed, (unsigned long long)calls);
	mkdir("/tmp/fuzz", 0777);
	struct shared *sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
	                         -1, 0);
	struct worker w;
	if (sh == MAP_FAILED || worker_start(&w) < 0) {
		printf("TEST unixhostile/fuzz-calls: FAIL %s\n",
		       sh == MAP_FAILED ? "no shared memory" : "the worker did not start");
		return 1;
	}
	static struct names root_before, tmp_before;
	names_read("/", &root_before);
	names_read("/tmp", &tmp_before);
	warm_up();
	mark("fuzz-before");
	worker_command(&w, 'g');
	struct watch wt;
	memset(&wt, 0, sizeof(wt));
	uint64_t t0 = now_ms(), c0 = cycles();
	watch(&wt, sh, seed, calls);
	uint64_t ms = now_ms() - t0, all = cycles() - c0;
	sleep_ms(200);          /* the children of random forks: reaped by init */
	worker_command(&w, 'p');
	unsigned stray = names_clean("/", &root_before) + names_clean("/tmp", &tmp_before);
	rm_tree("/tmp/fuzz");
	mkdir("/tmp/fuzz", 0777);
	sleep_ms(100);
	mark("fuzz-after");
	struct worker_result r;
	bool ended = worker_stop(&w, &r);
	rm_tree("/tmp/fuzz");
	rm_tree("/tmp/work");
	report(sh, &wt, seed, calls, ms, all, stray);
	report_worker(ended, &r);
	return 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 6 && !strcmp(argv[1], "--print"))
		return print_calls(strtoull(argv[2], NULL, 0), strtoull(argv[3], NULL, 0),
		                   strtoull(argv[4], NULL, 0), strtoull(argv[5], NULL, 0));
	if (argc == 5) {
		nr_lo = strtoull(argv[3], NULL, 0);
		nr_hi = strtoull(argv[4], NULL, 0);
		argc = 3;
	}
	if (argc != 3) {
		fprintf(stderr, "usage: fuzz SEED CALLS | fuzz --print SEED INCARNATION FIRST COUNT\n");
		return 2;
	}
	return fuzz_main(strtoull(argv[1], NULL, 0), strtoull(argv[2], NULL, 0));
}
