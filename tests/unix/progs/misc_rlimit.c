/* SPDX-License-Identifier: BSD-2-Clause */
/* Resource limits: the defaults, lowering and raising the soft limit,
 * soft above hard is EINVAL, raising the hard limit needs root; prlimit
 * on self and a child; RLIMIT_FSIZE makes a long write SIGXFSZ/EFBIG. */
#include "t.h"
#include <sys/resource.h>

static void show(const char *name, int res)
{
	struct rlimit rl;

	getrlimit(res, &rl);
	printf("%s soft ", name);
	if (rl.rlim_cur == RLIM_INFINITY)
		printf("inf");
	else
		printf("%lu", (unsigned long)rl.rlim_cur);
	printf(" hard ");
	if (rl.rlim_max == RLIM_INFINITY)
		printf("inf\n");
	else
		printf("%lu\n", (unsigned long)rl.rlim_max);
}

int main(void)
{
	struct rlimit rl;

	show("RLIMIT_CORE", RLIMIT_CORE);
	show("RLIMIT_NOFILE", RLIMIT_NOFILE);
	show("RLIMIT_STACK", RLIMIT_STACK);
	show("RLIMIT_AS", RLIMIT_AS);
	show("RLIMIT_FSIZE", RLIMIT_FSIZE);
	show("RLIMIT_CPU", RLIMIT_CPU);
	rl.rlim_cur = 100;
	rl.rlim_max = 200;
	T_CHECK(setrlimit(RLIMIT_NOFILE, &rl));
	rl.rlim_cur = 300;
	T_CHECK(setrlimit(RLIMIT_NOFILE, &rl));
	struct rlimit old, new = { 150, 200 };
	T_CHECK(prlimit(0, RLIMIT_NOFILE, &new, &old));
	printf("prlimit old %lu %lu\n", (unsigned long)old.rlim_cur, (unsigned long)old.rlim_max);
	show("RLIMIT_NOFILE", RLIMIT_NOFILE);
	T_CHECK(getrlimit(99, &rl));
	pid_t pid = t_fork();
	if (pid == 0) {
		struct rlimit r = { 150, 250 };
		setuid(65534);
		T_CHECK(setrlimit(RLIMIT_NOFILE, &r));
		r.rlim_max = 100;
		T_CHECK(setrlimit(RLIMIT_NOFILE, &r));
		r.rlim_cur = 100;
		T_CHECK(setrlimit(RLIMIT_NOFILE, &r));
		_exit(0);
	}
	printf("child: %s\n", t_wait(pid));
	t_scratch("misc_rlimit");
	pid = t_fork();
	if (pid == 0) {
		struct rlimit r = { 1000, 1000 };
		char buf[1500] = { 0 };
		int fd = open("/tmp/misc_rlimit/f", O_CREAT | O_WRONLY, 0644);

		setrlimit(RLIMIT_FSIZE, &r);
		printf("write 1500 with a 1000-byte limit: %zd\n", write(fd, buf, sizeof buf));
		signal(SIGXFSZ, SIG_IGN);
		T_CHECK(write(fd, buf, 10));
		signal(SIGXFSZ, SIG_DFL);
		T_CHECK(write(fd, buf, 10));
		_exit(0);
	}
	printf("child: %s\n", t_wait(pid));
	return 0;
}
