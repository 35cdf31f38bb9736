/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * memhog.c - processes that take all the memory they can
 * (tests/qemu/unixhostile).
 *
 * Each hog runs in a child and grows, touching every page, until the
 * system says no: an allocation fails with ENOMEM, or a page it touches
 * cannot be had (SIGBUS or SIGSEGV, which the hog catches), or it is
 * killed (SIGKILL, or the fault signal it could not catch).  Ways:
 *   mmap       anonymous private mappings of 1 MiB, each page written
 *   brk        the heap, 1 MiB at a time, each page written
 *   populate   MAP_POPULATE mappings of 8 MiB, touched too (unixd may map
 *              lazily, which the flag allows)
 *   huge       one 64 GiB mapping (may be granted: nothing is touched
 *              yet), then its pages written one after another
 *   shared     MAP_SHARED anonymous mappings of 1 MiB, each page written
 * While the hog is at its limit (it waits before exiting), the system is
 * asked to run a program: it may refuse (EAGAIN, ENOMEM) but must not
 * fail otherwise.  After each hog, programs run again.  TEST lines:
 *   unixhostile/hog/WAY            ended by ENOMEM, a refused page or a kill,
 *                                  never another errno and never a hang
 *   unixhostile/hog/WAY-after      /bin/true and a static program run
 *   unixhostile/hog/heap-after     unixd's heap still grows after the hogs
 *                                  (64 pipes take 64 KiB each: 4 MiB)
 *   unixhostile/hog/while-full     a program run while a hog held all it
 *                                  could: it ran, or was refused (EAGAIN,
 *                                  ENOMEM) or killed for want of a page
 * The runner compares unixd's memory at the marks hog-before and hog-after.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "hostile.h"

#define MIB          (1ul << 20)
#define PAGE         4096ul
#define HOG_MS       60000      /* a hog that neither fails nor is killed by then hangs */
#define FULL_WAIT_MS 300        /* how long a full hog waits before exiting */
#define HUGE_BYTES   (64ul << 30)
#define STACK_TOUCH  (64 * 1024)
#define PIPES        64        /* 4 MiB of unixd's heap: more than it had before */
#define PIPE_BYTES   65536

enum way { WAY_MMAP, WAY_BRK, WAY_POPULATE, WAY_HUGE, WAY_SHARED, NWAYS };
static const char *const way_name[NWAYS] = { "mmap", "brk", "populate", "huge", "shared" };

/* What a hog tells its parent through shared memory. */
struct report {
	volatile uint64_t mib;          /* MiB it holds, touched */
	volatile int err;               /* the errno that stopped it (0: none) */
	volatile int fault;             /* the signal a page it touched gave it (0: none) */
	volatile int full;              /* it is at its limit, waiting */
	volatile int release;           /* the parent: exit now */
};

static sigjmp_buf fault_jump;
static volatile int fault_sig;

static void on_fault(int sig)
{
	fault_sig = sig;
	siglongjmp(fault_jump, 1);
}

static void touch(char *p, size_t len)
{
	for (size_t off = 0; off < len; off += PAGE)
		p[off] = 1;
}

/* One step of growth: 0, or the errno that refused it. */
static int grow(enum way w, struct report *r, char **huge)
{
	char *p;
	switch (w) {
	case WAY_MMAP:
	case WAY_SHARED:
		p = mmap(NULL, MIB, PROT_READ | PROT_WRITE,
		         (w == WAY_SHARED ? MAP_SHARED : MAP_PRIVATE) | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			return errno;
		touch(p, MIB);
		r->mib++;
		return 0;
	case WAY_BRK: {         /* the system call: musl's sbrk grows nothing */
		char *end = (char *)syscall(SYS_brk, 0);
		p = (char *)syscall(SYS_brk, end + MIB);
		if (p != end + MIB)
			return ENOMEM;  /* brk says no by not moving */
		touch(end, MIB);
		r->mib++;
		return 0;
	}
	case WAY_POPULATE:      /* unixd may map lazily: the pages are touched too */
		p = mmap(NULL, 8 * MIB, PROT_READ | PROT_WRITE,
		         MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
		if (p == MAP_FAILED)
			return errno;
		touch(p, 8 * MIB);
		r->mib += 8;
		return 0;
	default:
		if (!*huge) {
			*huge = mmap(NULL, HUGE_BYTES, PROT_READ | PROT_WRITE,
			             MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
			if (*huge == MAP_FAILED)
				return errno;
		}
		if (r->mib * MIB >= HUGE_BYTES)
			return ENOMEM;
		touch(*huge + r->mib * MIB, MIB);
		r->mib++;
		return 0;
	}
}

/* Grow until refused; a page that cannot be had (SIGBUS, SIGSEGV) ends
 * the growth too, caught, so that the hog keeps what it has while its
 * parent tries to run a program. */
static __attribute__((noreturn)) void hog(enum way w, struct report *r)
{
	static char *huge;
	signal(SIGBUS, on_fault);
	signal(SIGSEGV, on_fault);
	if (sigsetjmp(fault_jump, 1) == 0) {
		int e;
		while ((e = grow(w, r, &huge)) == 0)
			;
		r->err = e;
	} else {
		r->fault = fault_sig;
	}
	r->full = 1;
	uint64_t t0 = now_ms();
	while (!r->release && now_ms() - t0 < HOG_MS)
		sleep_ms(10);
	_exit(0);
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

/* unixd's own heap can still grow: PIPES pipes, each filled with its
 * 64 KiB (unixd allocates a pipe's ring at its first write); the count of
 * pipes that took all of it. */
static char pipe_data[PIPE_BYTES];

static int pipes_filled(void)
{
	int fds[PIPES][2], full = 0, made = 0;
	for (; made < PIPES; made++) {
		if (pipe2(fds[made], O_NONBLOCK) < 0)
			break;
		ssize_t n, sum = 0;
		while (sum < PIPE_BYTES && (n = write(fds[made][1], pipe_data, PIPE_BYTES - sum)) > 0)
			sum += n;
		full += sum == PIPE_BYTES;
	}
	while (made--) {
		close(fds[made][0]);
		close(fds[made][1]);
	}
	return full;
}

struct full_check { unsigned tries, worked, refused, wrong; char first[96]; };

/* A program run while the memory is full: it works, or fork or execve says
 * EAGAIN or ENOMEM, or the new process is killed for want of a page.
 * vfork: this process waits while the child runs, so that it never has to
 * copy a page of its own then (unixd has no page to give it: it would be
 * the one to take SIGBUS, as whoever faults does). */
static void while_full(struct full_check *f)
{
	int st;
	pid_t pid = vfork();
	if (pid == 0) {
		char *t[] = { "true", NULL };
		execv("/bin/true", t);
		_exit(errno == ENOMEM || errno == EAGAIN ? 200 : 127);
	}
	if (pid < 0)
		st = -errno;
	else
		waitpid(pid, &st, 0);
	bool killed = pid > 0 && WIFSIGNALED(st) &&
	              (WTERMSIG(st) == SIGKILL || WTERMSIG(st) == SIGBUS || WTERMSIG(st) == SIGSEGV);
	f->tries++;
	if (pid > 0 && st == 0)
		f->worked++;
	else if (st == -EAGAIN || st == -ENOMEM || killed || (WIFEXITED(st) && WEXITSTATUS(st) == 200))
		f->refused++;
	else if (!f->wrong++) {
		char b[32];
		snprintf(f->first, sizeof(f->first), "/bin/true: %s",
		         st < 0 ? strerror(-st) : status_text(st, b, sizeof(b)));
	}
}

static void run_hog(enum way w, struct report *r, struct full_check *f)
{
	memset((void *)r, 0, sizeof(*r));
	pid_t pid = fork();
	if (pid == 0)
		hog(w, r);
	uint64_t t0 = now_ms();
	int status = 0;
	bool ended = false;
	while (!ended && !r->full && now_ms() - t0 < HOG_MS) {
		ended = waitpid(pid, &status, WNOHANG) == pid;
		if (!ended)
			sleep_ms(20);
	}
	bool hung = !ended && !r->full;
	if (r->full) {
		while_full(f);
		sleep_ms(FULL_WAIT_MS);
		r->release = 1;
	}
	if (hung)
		kill(pid, SIGKILL);
	if (!ended)
		waitpid(pid, &status, 0);
	uint64_t ms = now_ms() - t0;
	char how[64], b[32];
	bool killed = WIFSIGNALED(status) &&
	              (WTERMSIG(status) == SIGKILL || WTERMSIG(status) == SIGBUS ||
	               WTERMSIG(status) == SIGSEGV);
	bool ok = !hung && (((r->err == ENOMEM || r->fault) && WIFEXITED(status)) ||
	                    (!r->err && !r->full && killed));
	if (hung)
		snprintf(how, sizeof(how), "no end in %d ms", HOG_MS);
	else if (r->err)
		snprintf(how, sizeof(how), "%s", strerror(r->err));
	else if (r->fault)
		snprintf(how, sizeof(how), "a page refused: signal %d", r->fault);
	else
		snprintf(how, sizeof(how), "%s", status_text(status, b, sizeof(b)));
	printf("TEST unixhostile/hog/%s: %s (%s after %llu MiB, %llu ms)\n", way_name[w],
	       ok ? "PASS" : "FAIL", how, (unsigned long long)r->mib, (unsigned long long)ms);
	char why[128];
	ok = runs_programs(why, sizeof(why));
	printf("TEST unixhostile/hog/%s-after: %s (%s)\n", way_name[w], ok ? "PASS" : "FAIL", why);
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	struct report *r = mmap(NULL, sizeof(*r), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
	                        -1, 0);
	char why[128];
	if (r == MAP_FAILED || !runs_programs(why, sizeof(why))) {
		printf("TEST unixhostile/hog/setup: FAIL %s\n", r == MAP_FAILED ? "no shared memory" : why);
		return 1;
	}
	struct full_check f;
	memset(&f, 0, sizeof(f));
	volatile char stack[STACK_TOUCH];       /* its stack, in place before memory runs out */
	for (size_t i = 0; i < sizeof(stack); i += PAGE)
		stack[i] = 0;
	memset((void *)r, 0, sizeof(*r));       /* and the shared page (its page tables), */
	memset(pipe_data, 1, sizeof(pipe_data));        /* the pipes' data, */
	close(dup2(0, 2 * PIPES + 3));          /* a descriptor table as large as they need */
	warm_up();
	mark("hog-before");
	for (enum way w = 0; w < NWAYS; w++)
		run_hog(w, r, &f);
	printf("TEST unixhostile/hog/while-full: %s (%u programs tried while a hog held the memory: "
	       "%u ran, %u refused with EAGAIN or ENOMEM%s%s)\n", f.wrong ? "FAIL" : "PASS", f.tries,
	       f.worked, f.refused, f.wrong ? "; " : "", f.first);
	int pipes = pipes_filled();
	printf("TEST unixhostile/hog/heap-after: %s (%d of %d pipes took 64 KiB each after the hogs: "
	       "unixd's heap can still grow by %d KiB)\n", pipes == PIPES ? "PASS" : "FAIL", pipes,
	       PIPES, PIPES * PIPE_BYTES / 1024);
	mark("hog-after");
	return 0;
}
