/* SPDX-License-Identifier: BSD-2-Clause */
/* prctl PR_SET_NAME/PR_GET_NAME (16 bytes with the NUL, truncated), the
 * initial name from the program file, /proc/self/comm, PR_SET_PDEATHSIG,
 * PR_GET_DUMPABLE, an unknown option. */
#include "t.h"
#include <sys/prctl.h>

static void comm(void)
{
	char buf[32] = { 0 };
	int fd = open("/proc/self/comm", O_RDONLY);

	if (fd >= 0 && read(fd, buf, sizeof buf - 1) > 0)
		printf("/proc/self/comm: %s", buf);
	close(fd);
}

int main(void)
{
	char name[32] = { 0 };

	T_CHECK(prctl(PR_GET_NAME, name));
	printf("initial name '%s'\n", name);
	comm();
	T_CHECK(prctl(PR_SET_NAME, "hello"));
	prctl(PR_GET_NAME, name);
	printf("name '%s'\n", name);
	comm();
	T_CHECK(prctl(PR_SET_NAME, "a-very-long-name-indeed"));
	memset(name, 0, sizeof name);
	prctl(PR_GET_NAME, name);
	printf("long name '%s' (%zu chars)\n", name, strlen(name));
	pid_t pid = t_fork();
	if (pid == 0) {
		char n2[32] = { 0 };
		prctl(PR_GET_NAME, n2);
		printf("child inherits '%s'\n", n2);
		_exit(0);
	}
	t_wait(pid);
	int sig = -1;
	T_CHECK(prctl(PR_GET_PDEATHSIG, &sig));
	printf("pdeathsig %d\n", sig);
	T_CHECK(prctl(PR_SET_PDEATHSIG, SIGUSR1));
	prctl(PR_GET_PDEATHSIG, &sig);
	printf("pdeathsig %s\n", t_signame(sig));
	printf("dumpable %d\n", prctl(PR_GET_DUMPABLE));
	T_CHECK(prctl(PR_SET_PDEATHSIG, 99));
	T_CHECK(prctl(9999));
	return 0;
}
