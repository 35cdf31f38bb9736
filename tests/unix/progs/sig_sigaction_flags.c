/* SPDX-License-Identifier: BSD-2-Clause */
/* sigaction gives back what was set: flags (with the restorer libc adds)
 * and the mask; the mask never holds SIGKILL or SIGSTOP. */
#include "t.h"

static void on_sig(int sig) { (void)sig; }

int main(void)
{
	struct sigaction sa, old;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_sig;
	sa.sa_flags = SA_RESTART | SA_NODEFER | SA_ONSTACK;
	sigaddset(&sa.sa_mask, SIGUSR2);
	sigaddset(&sa.sa_mask, SIGKILL);
	sigaddset(&sa.sa_mask, SIGRTMIN);
	T_CHECK(sigaction(SIGUSR1, &sa, NULL));
	T_CHECK(sigaction(SIGUSR1, NULL, &old));
	printf("flags %#x\n", (unsigned)old.sa_flags);
	printf("mask: USR2 %d KILL %d RTMIN %d TERM %d\n", sigismember(&old.sa_mask, SIGUSR2),
	       sigismember(&old.sa_mask, SIGKILL), sigismember(&old.sa_mask, SIGRTMIN),
	       sigismember(&old.sa_mask, SIGTERM));
	T_YES(old.sa_handler == on_sig);
	sa.sa_flags = SA_SIGINFO | SA_RESETHAND;
	T_CHECK(sigaction(SIGUSR1, &sa, &old));
	printf("old flags %#x\n", (unsigned)old.sa_flags);
	sigaction(SIGUSR1, NULL, &old);
	printf("new flags %#x\n", (unsigned)old.sa_flags);
	T_CHECK(syscall(SYS_rt_sigaction, SIGUSR1, NULL, &old, 4));
	T_CHECK(syscall(SYS_rt_sigaction, SIGUSR1, NULL, NULL, 8));
	return 0;
}
