/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tests/unix/progs/t.h - helpers shared by the differential UNIX tests.
 *
 * Every test prints what it observes, one fact a line, and exits 0; its
 * output on Linux is the expected output on Darbat (tests/unix/README.md).
 * So a line never holds an address, a pid, a time or anything else that
 * changes from run to run: it holds a relation ("pid>1: yes"), an errno
 * NAME, a signal NAME or a value both systems must agree on.
 *
 *   T_CHECK(expr)   evaluates a call that returns -1 on failure and prints
 *                   "expr: ok" or "expr: errno=ENAME"; yields the result
 *   T_YES(cond)     prints "cond: yes" or "cond: no"
 *   T_TRY(sig, stmt) runs stmt with a handler for sig (SA_SIGINFO) armed;
 *                   t_faulted is 1 if sig arrived (t_si holds its siginfo)
 *   t_errname, t_signame, t_sicode  names of errno values, signals, si_codes
 *   t_wait(pid)     waits for pid (again after EINTR) and returns "exit:N", "signal:SIG" or
 *                   "stopped:SIG" (static buffer)
 *   t_ms(start)     milliseconds since start (CLOCK_MONOTONIC)
 *   t_scratch(name) makes an empty directory /tmp/NAME and returns its path
 *   t_rmtree(path)  removes a file or a directory tree
 *   t_futex(...)    the raw futex system call (FUTEX_* below)
 *
 * stdout is unbuffered (set before main), so output written before a fork
 * is never printed twice and lines of cooperating processes keep the order
 * the test imposes on them.
 */
#ifndef UNIX_TEST_T_H
#define UNIX_TEST_T_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

__attribute__((constructor)) static void t_unbuffered(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	setvbuf(stderr, NULL, _IONBF, 0);
}

static inline const char *t_errname(int e)
{
	static const char *const names[] = {
		[0] = "0",
		[1] = "EPERM", [2] = "ENOENT", [3] = "ESRCH", [4] = "EINTR", [5] = "EIO", [6] = "ENXIO",
		[7] = "E2BIG", [8] = "ENOEXEC", [9] = "EBADF", [10] = "ECHILD", [11] = "EAGAIN",
		[12] = "ENOMEM", [13] = "EACCES", [14] = "EFAULT", [15] = "ENOTBLK", [16] = "EBUSY",
		[17] = "EEXIST", [18] = "EXDEV", [19] = "ENODEV", [20] = "ENOTDIR", [21] = "EISDIR",
		[22] = "EINVAL", [23] = "ENFILE", [24] = "EMFILE", [25] = "ENOTTY", [26] = "ETXTBSY",
		[27] = "EFBIG", [28] = "ENOSPC", [29] = "ESPIPE", [30] = "EROFS", [31] = "EMLINK",
		[32] = "EPIPE", [33] = "EDOM", [34] = "ERANGE", [35] = "EDEADLK", [36] = "ENAMETOOLONG",
		[37] = "ENOLCK", [38] = "ENOSYS", [39] = "ENOTEMPTY", [40] = "ELOOP", [42] = "ENOMSG",
		[43] = "EIDRM", [44] = "ECHRNG", [45] = "EL2NSYNC", [46] = "EL3HLT", [47] = "EL3RST",
		[48] = "ELNRNG", [49] = "EUNATCH", [50] = "ENOCSI", [51] = "EL2HLT", [52] = "EBADE",
		[53] = "EBADR", [54] = "EXFULL", [55] = "ENOANO", [56] = "EBADRQC", [57] = "EBADSLT",
		[59] = "EBFONT", [60] = "ENOSTR", [61] = "ENODATA", [62] = "ETIME", [63] = "ENOSR",
		[64] = "ENONET", [65] = "ENOPKG", [66] = "EREMOTE", [67] = "ENOLINK", [68] = "EADV",
		[69] = "ESRMNT", [70] = "ECOMM", [71] = "EPROTO", [72] = "EMULTIHOP", [73] = "EDOTDOT",
		[74] = "EBADMSG", [75] = "EOVERFLOW", [76] = "ENOTUNIQ", [77] = "EBADFD", [78] = "EREMCHG",
		[79] = "ELIBACC", [80] = "ELIBBAD", [81] = "ELIBSCN", [82] = "ELIBMAX", [83] = "ELIBEXEC",
		[84] = "EILSEQ", [85] = "ERESTART", [86] = "ESTRPIPE", [87] = "EUSERS", [88] = "ENOTSOCK",
		[89] = "EDESTADDRREQ", [90] = "EMSGSIZE", [91] = "EPROTOTYPE", [92] = "ENOPROTOOPT",
		[93] = "EPROTONOSUPPORT", [94] = "ESOCKTNOSUPPORT", [95] = "EOPNOTSUPP",
		[96] = "EPFNOSUPPORT", [97] = "EAFNOSUPPORT", [98] = "EADDRINUSE", [99] = "EADDRNOTAVAIL",
		[100] = "ENETDOWN", [101] = "ENETUNREACH", [102] = "ENETRESET", [103] = "ECONNABORTED",
		[104] = "ECONNRESET", [105] = "ENOBUFS", [106] = "EISCONN", [107] = "ENOTCONN",
		[108] = "ESHUTDOWN", [109] = "ETOOMANYREFS", [110] = "ETIMEDOUT", [111] = "ECONNREFUSED",
		[112] = "EHOSTDOWN", [113] = "EHOSTUNREACH", [114] = "EALREADY", [115] = "EINPROGRESS",
		[116] = "ESTALE", [117] = "EUCLEAN", [118] = "ENOTNAM", [119] = "ENAVAIL", [120] = "EISNAM",
		[121] = "EREMOTEIO", [122] = "EDQUOT", [123] = "ENOMEDIUM", [124] = "EMEDIUMTYPE",
		[125] = "ECANCELED", [126] = "ENOKEY", [127] = "EKEYEXPIRED", [128] = "EKEYREVOKED",
		[129] = "EKEYREJECTED", [130] = "EOWNERDEAD", [131] = "ENOTRECOVERABLE", [132] = "ERFKILL",
		[133] = "EHWPOISON",
	};
	static char other[24];

	if (e >= 0 && e < (int)(sizeof names / sizeof names[0]) && names[e])
		return names[e];
	snprintf(other, sizeof other, "E#%d", e);
	return other;
}

/* Signals 32..64 are named SIGRT+N, N counted from 32 (the kernel's view:
 * musl keeps 32..34 for itself and calls 35 SIGRTMIN). */
static inline const char *t_signame(int s)
{
	static const char *const names[] = {
		"0", "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT",
		"SIGBUS", "SIGFPE", "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2",
		"SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT", "SIGCHLD", "SIGCONT",
		"SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU",
		"SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO", "SIGPWR",
		"SIGSYS",
	};
	static char other[24];

	if (s >= 0 && s < (int)(sizeof names / sizeof names[0]))
		return names[s];
	if (s >= 32 && s <= 64)
		snprintf(other, sizeof other, "SIGRT+%d", s - 32);
	else
		snprintf(other, sizeof other, "SIG#%d", s);
	return other;
}

/* The name of si_code CODE for signal SIGNO (the generic SI_ codes first). */
static inline const char *t_sicode(int signo, int code)
{
	static char other[32];

	switch (code) {
	case SI_USER: return "SI_USER";
	case SI_KERNEL: return "SI_KERNEL";
	case SI_QUEUE: return "SI_QUEUE";
	case SI_TIMER: return "SI_TIMER";
	case SI_MESGQ: return "SI_MESGQ";
	case SI_ASYNCIO: return "SI_ASYNCIO";
	case SI_SIGIO: return "SI_SIGIO";
	case SI_TKILL: return "SI_TKILL";
	}
	if (signo == SIGSEGV && code == SEGV_MAPERR) return "SEGV_MAPERR";
	if (signo == SIGSEGV && code == SEGV_ACCERR) return "SEGV_ACCERR";
	if (signo == SIGBUS && code == BUS_ADRALN) return "BUS_ADRALN";
	if (signo == SIGBUS && code == BUS_ADRERR) return "BUS_ADRERR";
	if (signo == SIGBUS && code == BUS_OBJERR) return "BUS_OBJERR";
	if (signo == SIGFPE && code == FPE_INTDIV) return "FPE_INTDIV";
	if (signo == SIGFPE && code == FPE_INTOVF) return "FPE_INTOVF";
	if (signo == SIGFPE && code == FPE_FLTDIV) return "FPE_FLTDIV";
	if (signo == SIGILL && code == ILL_ILLOPN) return "ILL_ILLOPN";
	if (signo == SIGILL && code == ILL_ILLOPC) return "ILL_ILLOPC";
	if (signo == SIGILL && code == ILL_PRVOPC) return "ILL_PRVOPC";
	if (signo == SIGTRAP && code == TRAP_BRKPT) return "TRAP_BRKPT";
	if (signo == SIGTRAP && code == TRAP_TRACE) return "TRAP_TRACE";
	if (signo == SIGCHLD && code == CLD_EXITED) return "CLD_EXITED";
	if (signo == SIGCHLD && code == CLD_KILLED) return "CLD_KILLED";
	if (signo == SIGCHLD && code == CLD_DUMPED) return "CLD_DUMPED";
	if (signo == SIGCHLD && code == CLD_STOPPED) return "CLD_STOPPED";
	if (signo == SIGCHLD && code == CLD_CONTINUED) return "CLD_CONTINUED";
	if (signo == SIGCHLD && code == CLD_TRAPPED) return "CLD_TRAPPED";
	snprintf(other, sizeof other, "code#%d", code);
	return other;
}

static inline long t_check(const char *text, long r)
{
	int e = errno;

	if (r == -1)
		printf("%s: errno=%s\n", text, t_errname(e));
	else
		printf("%s: ok\n", text);
	errno = e;
	return r;
}

#define T_CHECK(expr) t_check(#expr, (long)(expr))
#define T_YES(cond) t_yes(#cond, (cond) ? 1 : 0)

static inline int t_yes(const char *text, int holds)
{
	printf("%s: %s\n", text, holds ? "yes" : "no");
	return holds;
}

/* Ends the test when a precondition fails: the line says which. */
static inline void t_die(const char *what)
{
	printf("FATAL %s: errno=%s\n", what, t_errname(errno));
	exit(1);
}

static inline pid_t t_fork(void)
{
	pid_t pid = fork();

	if (pid < 0)
		t_die("fork");
	return pid;
}

/* "exit:N", "signal:SIG", "stopped:SIG" or "continued" for a wait status. */
static inline const char *t_statusname(int st)
{
	static char buf[48];

	if (WIFEXITED(st))
		snprintf(buf, sizeof buf, "exit:%d", WEXITSTATUS(st));
	else if (WIFSIGNALED(st))
		snprintf(buf, sizeof buf, "signal:%s", t_signame(WTERMSIG(st)));
	else if (WIFSTOPPED(st))
		snprintf(buf, sizeof buf, "stopped:%s", t_signame(WSTOPSIG(st)));
	else if (WIFCONTINUED(st))
		snprintf(buf, sizeof buf, "continued");
	else
		snprintf(buf, sizeof buf, "status#%#x", st);
	return buf;
}

static inline const char *t_wait(pid_t pid)
{
	int st;

	pid_t r;

	while ((r = waitpid(pid, &st, 0)) < 0 && errno == EINTR)
		;
	if (r != pid)
		return t_errname(errno);
	return t_statusname(st);
}

static inline struct timespec t_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts;
}

static inline long t_ms(struct timespec start)
{
	struct timespec now = t_now();

	return (now.tv_sec - start.tv_sec) * 1000 + (now.tv_nsec - start.tv_nsec) / 1000000;
}

static inline void t_sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* The futex operations (linux/futex.h is not in musl's include path). */
#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_REQUEUE 3
#define FUTEX_CMP_REQUEUE 4
#define FUTEX_WAIT_BITSET 9
#define FUTEX_WAKE_BITSET 10
#define FUTEX_PRIVATE_FLAG 128

static inline long t_futex(int *uaddr, int op, int val, const struct timespec *ts,
			   int *uaddr2, int val3)
{
	return syscall(SYS_futex, uaddr, op, val, ts, uaddr2, val3);
}

/* Removes PATH and everything below it (a missing PATH is fine). */
static inline void t_rmtree(const char *path)
{
	struct stat st;
	DIR *d;
	struct dirent *e;
	char sub[512];

	if (lstat(path, &st) != 0)
		return;
	if (!S_ISDIR(st.st_mode)) {
		unlink(path);
		return;
	}
	d = opendir(path);
	while (d && (e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (snprintf(sub, sizeof sub, "%s/%s", path, e->d_name) < (int)sizeof sub)
			t_rmtree(sub);
	}
	if (d)
		closedir(d);
	rmdir(path);
}

/* An empty scratch directory /tmp/NAME (what a former run left is removed). */
static inline const char *t_scratch(const char *name)
{
	static char path[256];

	snprintf(path, sizeof path, "/tmp/%s", name);
	t_rmtree(path);
	if (mkdir(path, 0755) != 0)
		t_die("mkdir scratch");
	return path;
}

/* Fault catching: after T_TRY(SIGSEGV, *p = 1), t_faulted says if the store faulted. */
static sigjmp_buf t_jump __attribute__((unused));
static siginfo_t t_si __attribute__((unused));
static volatile int t_faulted __attribute__((unused));

static inline void t_fault_handler(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	t_si = *si;
	siglongjmp(t_jump, 1);
}

static inline void t_arm(int sig)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = t_fault_handler;
	sa.sa_flags = SA_SIGINFO | SA_NODEFER;
	if (sigaction(sig, &sa, NULL) != 0)
		t_die("sigaction");
}

/* Sets t_faulted to 1 if SIG arrived while STMT ran, else 0. */
#define T_TRY(sig, stmt) do { \
		t_arm(sig); \
		if (sigsetjmp(t_jump, 1) == 0) { \
			stmt; \
			t_faulted = 0; \
		} else { \
			t_faulted = 1; \
		} \
		signal((sig), SIG_DFL); \
	} while (0)

#endif
