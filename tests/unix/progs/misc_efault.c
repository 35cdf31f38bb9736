/* SPDX-License-Identifier: BSD-2-Clause */
/* Bad user pointers are EFAULT (never a crash of the process or of the
 * system): paths, buffers, structures, through raw system calls. */
#include "t.h"

int main(void)
{
	int fds[2];
	void *bad = (void *)8, *kernel = (void *)0xffffffff81000000UL;

	T_CHECK(syscall(SYS_open, bad, O_RDONLY));
	T_CHECK(syscall(SYS_open, kernel, O_RDONLY));
	T_CHECK(syscall(SYS_stat, "/", bad));
	T_CHECK(syscall(SYS_write, 1, bad, 10));
	T_CHECK(syscall(SYS_read, 0, kernel, 10));
	T_CHECK(syscall(SYS_pipe, bad));
	T_CHECK(syscall(SYS_uname, kernel));
	T_CHECK(syscall(SYS_clock_gettime, CLOCK_MONOTONIC, bad));
	T_CHECK(syscall(SYS_rt_sigaction, SIGUSR1, bad, NULL, 8));
	T_CHECK(syscall(SYS_rt_sigprocmask, SIG_BLOCK, bad, NULL, 8));
	T_CHECK(syscall(SYS_chdir, bad));
	T_CHECK(syscall(SYS_wait4, -1, bad, 0, NULL));
	T_CHECK(syscall(SYS_getcwd, bad, 100));
	T_CHECK(syscall(SYS_nanosleep, bad, NULL));
	if (pipe(fds) != 0)
		t_die("pipe");
	if (write(fds[1], "abc", 3) != 3)
		t_die("write");
	T_CHECK(syscall(SYS_read, fds[0], bad, 3));
	char c[4] = { 0 };
	printf("the data is still there: %zd\n", read(fds[0], c, 3));
	pid_t pid = t_fork();
	if (pid == 0)
		_exit(0);
	T_CHECK(syscall(SYS_wait4, pid, bad, 0, NULL));
	return 0;
}
