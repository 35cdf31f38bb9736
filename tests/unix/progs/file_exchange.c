/* SPDX-License-Identifier: BSD-2-Clause */
/* file_exchange: renameat2 RENAME_EXCHANGE on tmpfs - directories trading
 * parents (".." and link counts follow), a directory and its own child,
 * trailing slashes, permissions. */
#include "t.h"

#define RENAME_EXCHANGE 2

static int xchg(const char *a, const char *b)
{
	return (int)syscall(SYS_renameat2, AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE);
}

static long nl(const char *p)
{
	struct stat s;
	return stat(p, &s) == 0 ? (long)s.st_nlink : -1;
}

static int same(const char *a, const char *b)
{
	struct stat x, y;
	return stat(a, &x) == 0 && stat(b, &y) == 0 && x.st_ino == y.st_ino;
}

int main(void)
{
	t_scratch("file_exchange");
	chdir("/tmp/file_exchange");
	mkdir("p", 0755);
	mkdir("q", 0755);
	mkdir("p/d", 0755);
	mkdir("p/d/inner", 0755);
	close(open("q/f", O_CREAT | O_WRONLY, 0644));
	printf("before: p=%ld q=%ld\n", nl("p"), nl("q"));
	T_CHECK(xchg("p/d", "q/f"));
	printf("after: p=%ld q=%ld\n", nl("p"), nl("q"));
	printf("q/f is the directory: %s, its .. is q: %s\n",
	       access("q/f/inner", F_OK) == 0 ? "yes" : "no", same("q/f/..", "q") ? "yes" : "no");
	struct stat s;
	stat("p/d", &s);
	printf("p/d is a file: %s\n", S_ISREG(s.st_mode) ? "yes" : "no");
	mkdir("p/e", 0755);
	T_CHECK(xchg("p/e", "q/f"));          /* two directories */
	printf("p/e/inner: %s, q/f/.. is q: %s, p/e/.. is p: %s\n",
	       access("p/e/inner", F_OK) == 0 ? "yes" : "no", same("q/f/..", "q") ? "yes" : "no",
	       same("p/e/..", "p") ? "yes" : "no");
	printf("counts: p=%ld q=%ld\n", nl("p"), nl("q"));
	T_CHECK(xchg("p/e", "p/e/inner"));    /* a directory and its child */
	T_CHECK(xchg("p/e/inner", "p/e"));
	T_CHECK(xchg("p/d/", "q/f"));         /* p/d is a file */
	T_CHECK(xchg("p/e/", "q/f/"));
	T_CHECK(xchg("p", "/tmp/file_exchange/q"));
	T_CHECK(xchg(".", "q"));
	T_CHECK(xchg("p/e", "/proc/self"));
	mkdir("pub", 0777);
	chmod("pub", 01777);
	close(open("pub/mine", O_CREAT | O_WRONLY, 0644));
	pid_t pid = fork();
	if (pid == 0) {
		setuid(1000);
		close(open("pub/theirs", O_CREAT | O_WRONLY, 0644));
		int r = xchg("pub/theirs", "pub/mine");
		printf("exchange with root's file in a sticky directory: %s\n",
		       r == 0 ? "ok" : t_errname(errno));
		_exit(0);
	}
	t_wait(pid);
	chdir("/");
	t_rmtree("/tmp/file_exchange");
	return 0;
}
