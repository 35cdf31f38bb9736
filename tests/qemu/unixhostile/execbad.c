/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * execbad.c - execve of bad executables (tests/qemu/unixhostile): the
 * files mkelves.py put in /hostile/elf, listed with what execve must do in
 * /hostile/elf/EXPECT ("NAME PATH LINUX DARBAT DESCRIPTION").
 *
 * Usage: execbad            under unixd: the DARBAT column, marks for the
 *                           runner's memory check
 *        execbad --host     on Linux, in the test's tree as its root (linux.py
 *                           boots Debian's kernel with it: make
 *                           unixhostile-linux-test): the LINUX column
 *
 * Each case runs in a child first: it calls execve and, if that returns,
 * writes its errno to a close-on-exec pipe; EOF on the pipe means the exec
 * went through, and the child's wait status says how the program ended.
 * A case whose expected result is an errno is then made again by this
 * process itself, which must get the same errno and go on (the caller
 * survives a failed execve unchanged).  TEST lines:
 *   unixhostile/exec/NAME            the result is the expected one
 *   unixhostile/exec/caller-intact   after every failed execve of its own,
 *                                    this process's memory, files and pid are
 *                                    as before and it still runs programs
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "hostile.h"

#define EXPECT_FILE "/hostile/elf/EXPECT"
#define MAX_LINE 512

static const struct { const char *name; int value; } errnos[] = {
	{ "ENOEXEC", ENOEXEC }, { "EACCES", EACCES }, { "ENOENT", ENOENT }, { "ELOOP", ELOOP },
	{ "EINVAL", EINVAL }, { "EIO", EIO }, { "ELIBBAD", ELIBBAD }, { "ENOTDIR", ENOTDIR },
	{ "ENAMETOOLONG", ENAMETOOLONG }, { "EFAULT", EFAULT }, { "ENOMEM", ENOMEM },
	{ "E2BIG", E2BIG }, { "EPERM", EPERM },
};

static const char *errno_name(int e, char *buf, size_t n)
{
	for (size_t i = 0; i < sizeof(errnos) / sizeof(errnos[0]); i++)
		if (errnos[i].value == e)
			return errnos[i].name;
	snprintf(buf, n, "errno%d", e);
	return buf;
}

static const char *sig_name(int sig, char *buf, size_t n)
{
	static const char *const names[] = { [SIGSEGV] = "SIGSEGV", [SIGBUS] = "SIGBUS",
		[SIGKILL] = "SIGKILL", [SIGILL] = "SIGILL", [SIGABRT] = "SIGABRT", [SIGTRAP] = "SIGTRAP" };
	if (sig > 0 && sig < (int)(sizeof(names) / sizeof(names[0])) && names[sig])
		return names[sig];
	snprintf(buf, n, "SIG%d", sig);
	return buf;
}

/* The path argument of a case: a file, or a bad pointer. */
static const char *case_path(const char *spec)
{
	static char longpath[5000];
	if (!strcmp(spec, "@long")) {
		memset(longpath, 'x', sizeof(longpath) - 1);
		longpath[0] = '/';
		return longpath;
	}
	if (!strcmp(spec, "@null"))
		return NULL;
	if (!strcmp(spec, "@kernel"))
		return (const char *)0xffffffff81000000ull;
	return spec;
}

static long do_execve(const char *path)
{
	char *argv[] = { "execbad-case", NULL };
	char *envp[] = { "HOSTILE=1", NULL };
	/* the raw call: musl's execve would not pass a NULL or kernel path on */
	return syscall(SYS_execve, path, argv, envp);
}

/* Run the case in a child: "errno NAME", "SIGNAME" or "exit:N". */
static void probe(const char *path, char *out, size_t n)
{
	int p[2];
	if (pipe2(p, O_CLOEXEC) < 0) {
		snprintf(out, n, "pipe failed");
		return;
	}
	pid_t pid = fork();
	if (pid == 0) {
		close(p[0]);
		do_execve(path);
		int e = errno;
		write(p[1], &e, sizeof(e));
		_exit(127);
	}
	close(p[1]);
	int e = 0, status = 0;
	ssize_t got = read(p[0], &e, sizeof(e));
	close(p[0]);
	if (pid < 0 || waitpid(pid, &status, 0) < 0) {
		snprintf(out, n, "fork or wait failed");
		return;
	}
	char buf[32];
	if (got == sizeof(e))
		snprintf(out, n, "%s", errno_name(e, buf, sizeof(buf)));
	else if (WIFSIGNALED(status))
		snprintf(out, n, "%s", sig_name(WTERMSIG(status), buf, sizeof(buf)));
	else
		snprintf(out, n, "exit:%d", WEXITSTATUS(status));
}

struct caller {
	pid_t pid;
	char canary[4096];
	int fd;                 /* a file it keeps open across the failures */
	unsigned failures;      /* execve calls it made that failed */
	bool broken;
	char first[160];
};

static void caller_broken(struct caller *c, const char *fmt, const char *what)
{
	if (!c->broken)
		snprintf(c->first, sizeof(c->first), fmt, what);
	c->broken = true;
}

/* The same execve in this process: the same errno, and nothing changed. */
static void direct(struct caller *c, const char *name, const char *path, const char *expected)
{
	errno = 0;
	long r = do_execve(path);
	char buf[32];
	const char *got = errno_name(errno, buf, sizeof(buf));
	c->failures++;
	if (r != -1 || strcmp(got, expected))
		caller_broken(c, "%s: its own execve gave another errno", name);
	for (size_t i = 0; i < sizeof(c->canary); i++)
		if (c->canary[i] != (char)(i * 7))
			caller_broken(c, "%s: its memory changed", name);
	if (getpid() != c->pid || fcntl(c->fd, F_GETFD) < 0)
		caller_broken(c, "%s: its pid or files changed", name);
}

static void caller_init(struct caller *c)
{
	c->pid = getpid();
	for (size_t i = 0; i < sizeof(c->canary); i++)
		c->canary[i] = (char)(i * 7);
	c->fd = open("/hostile/elf/good", O_RDONLY);
}

static int run(bool host, struct caller *c, bool report)
{
	FILE *f = fopen(EXPECT_FILE, "r");
	if (!f) {
		printf("TEST unixhostile/exec/expect-file: FAIL cannot open %s: %s\n", EXPECT_FILE,
		       strerror(errno));
		return 1;
	}
	char line[MAX_LINE];
	while (fgets(line, sizeof(line), f)) {
		char name[64], path[256], linux_r[32], darbat_r[32], got[64];
		int off = 0;
		if (sscanf(line, "%63s %255s %31s %31s %n", name, path, linux_r, darbat_r, &off) < 4)
			continue;
		char *desc = line + off;
		desc[strcspn(desc, "\n")] = 0;
		const char *expected = host ? linux_r : darbat_r;
		probe(case_path(path), got, sizeof(got));
		bool ok = !strcmp(got, expected);
		if (ok && expected[0] == 'E')
			direct(c, name, case_path(path), expected);
		if (report)
			printf("TEST unixhostile/exec/%s: %s %s (%s)%s%s\n", name, ok ? "PASS" : "FAIL", got,
			       desc, ok ? "" : ", expected ", ok ? "" : expected);
	}
	fclose(f);
	if (!report)
		return 0;
	char *argv[] = { "true", NULL };
	int st = run_program("/bin/true", argv);
	if (st != 0)
		caller_broken(c, "%s", "it cannot run /bin/true any more");
	printf("TEST unixhostile/exec/caller-intact: %s (%u failed execve calls of its own%s%s)\n",
	       c->broken ? "FAIL" : "PASS", c->failures, c->broken ? "; " : "", c->first);
	close(c->fd);
	return 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	bool host = argc > 1 && !strcmp(argv[1], "--host");
	static struct caller c;
	caller_init(&c);
	if (!host) {
		/* every case once, unreported: what the process itself keeps
		 * (its first child's, its first signal's state) is made before
		 * the baseline, so that the second round shows only leaks */
		run(host, &c, false);
		c.failures = 0;
		c.broken = false;
		warm_up();
		mark("execbad-before");
	}
	int r = run(host, &c, true);
	if (!host)
		mark("execbad-after");
	return r;
}
