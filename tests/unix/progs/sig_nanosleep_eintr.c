/* SPDX-License-Identifier: BSD-2-Clause */
/* A handled signal interrupts nanosleep: EINTR and the remaining time;
 * an ignored one does not. */
#include "t.h"
#include <sys/time.h>

static void on_alrm(int sig) { (void)sig; }

int main(void)
{
	struct itimerval it = { { 0, 0 }, { 0, 200000 } };
	struct timespec req = { 2, 0 }, rem = { 0, 0 };

	signal(SIGALRM, on_alrm);
	struct timespec start = t_now();  /* before the timer starts: >= 200ms holds */
	setitimer(ITIMER_REAL, &it, NULL);
	T_CHECK(nanosleep(&req, &rem));
	long ms = t_ms(start);
	long rem_ms = rem.tv_sec * 1000 + rem.tv_nsec / 1000000;
	printf("slept >= 200ms %s, < 2s %s\n", ms >= 200 ? "yes" : "no", ms < 2000 ? "yes" : "no");
	printf("remaining between 1s and 1.85s: %s\n", rem_ms > 1000 && rem_ms <= 1850 ? "yes" : "no");
	T_YES(rem_ms + ms >= 1900 && rem_ms + ms <= 2500);
	signal(SIGALRM, SIG_IGN);
	setitimer(ITIMER_REAL, &it, NULL);
	req.tv_sec = 0;
	req.tv_nsec = 400000000;
	start = t_now();
	T_CHECK(nanosleep(&req, NULL));
	printf("ignored signal: slept the whole 400ms %s\n", t_ms(start) >= 400 ? "yes" : "no");
	req.tv_nsec = 1000000000;
	T_CHECK(nanosleep(&req, NULL));
	req.tv_sec = -1;
	req.tv_nsec = 0;
	T_CHECK(nanosleep(&req, NULL));
	return 0;
}
