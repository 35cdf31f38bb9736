/* SPDX-License-Identifier: BSD-2-Clause */
/* alarm: the previous alarm's remaining seconds, cancel with 0, SIGALRM
 * interrupts pause; the default action terminates. */
#include "t.h"

static volatile int rang;

static void on_alrm(int sig)
{
	(void)sig;
	rang++;
}

int main(void)
{
	signal(SIGALRM, on_alrm);
	printf("alarm(5) -> %u\n", alarm(5));
	printf("alarm(1) -> %u\n", alarm(1));
	struct timespec start = t_now();
	T_CHECK(pause());
	long ms = t_ms(start);
	printf("rang %d, waited >= 900ms %s, < 5s %s\n", rang, ms >= 900 ? "yes" : "no",
	       ms < 5000 ? "yes" : "no");
	printf("alarm(0) after it rang -> %u\n", alarm(0));
	alarm(3);
	printf("alarm(0) cancels -> %u\n", alarm(0));
	pid_t pid = t_fork();
	if (pid == 0) {
		signal(SIGALRM, SIG_DFL);
		alarm(1);
		for (;;)
			pause();
	}
	printf("child: %s\n", t_wait(pid));
	return 0;
}
