/* SPDX-License-Identifier: BSD-2-Clause */
/* kill, tgkill, tkill and sigqueue edges: signal 0 probes, invalid numbers
 * EINVAL, unknown targets ESRCH, a zombie still exists, a non-root user
 * cannot signal root's processes (EPERM). */
#include "t.h"

int main(void)
{
	signal(SIGUSR1, SIG_IGN);
	T_CHECK(kill(getpid(), 0));
	T_CHECK(kill(getpid(), 65));
	T_CHECK(kill(getpid(), -1));
	T_CHECK(kill(999999, 0));
	T_CHECK(kill(-999999, SIGTERM));
	T_CHECK(syscall(SYS_tgkill, getpid(), getpid(), 0));
	T_CHECK(syscall(SYS_tgkill, getpid() + 100000, getpid(), 0));
	T_CHECK(syscall(SYS_tgkill, 0, getpid(), 0));
	T_CHECK(syscall(SYS_tgkill, getpid(), -1, 0));
	T_CHECK(syscall(SYS_tkill, getpid(), 0));
	T_CHECK(syscall(SYS_tkill, 0, 0));
	union sigval v = { 0 };
	T_CHECK(sigqueue(999999, SIGUSR1, v));
	siginfo_t si = { 0 };
	si.si_code = SI_USER;
	T_CHECK(syscall(SYS_rt_sigqueueinfo, getpid(), SIGUSR1, &si));
	pid_t z = t_fork();
	if (z == 0)
		_exit(0);
	t_sleep_ms(100);
	T_CHECK(kill(z, 0));
	T_CHECK(kill(z, SIGKILL));
	t_wait(z);
	T_CHECK(kill(z, 0));
	pid_t r = t_fork();
	if (r == 0) {
		pause();
		_exit(0);
	}
	pid_t c = t_fork();
	if (c == 0) {
		setuid(1000);
		T_CHECK(kill(r, 0));
		T_CHECK(kill(r, SIGTERM));
		T_CHECK(kill(getppid(), SIGCONT));
		_exit(0);
	}
	t_wait(c);
	kill(r, SIGKILL);
	printf("%s\n", t_wait(r));
	return 0;
}
