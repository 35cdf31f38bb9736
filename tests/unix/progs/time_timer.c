/* SPDX-License-Identifier: BSD-2-Clause */
/* POSIX timers: a periodic CLOCK_MONOTONIC timer delivers SIGRTMIN with
 * si_code SI_TIMER and its sival; timer_gettime; deletion stops it. */
#include "t.h"

static volatile int ticks, code, value;

static void on_tick(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	ticks++;
	code = si->si_code;
	value = si->si_value.sival_int;
}

int main(void)
{
	struct sigaction sa;
	struct sigevent ev;
	timer_t t;

	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_tick;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGRTMIN, &sa, NULL);
	memset(&ev, 0, sizeof ev);
	ev.sigev_notify = SIGEV_SIGNAL;
	ev.sigev_signo = SIGRTMIN;
	ev.sigev_value.sival_int = 42;
	T_CHECK(timer_create(CLOCK_MONOTONIC, &ev, &t));
	struct itimerspec its = { { 0, 30000000 }, { 0, 30000000 } }, cur;
	T_CHECK(timer_settime(t, 0, &its, NULL));
	T_CHECK(timer_gettime(t, &cur));
	T_YES(cur.it_interval.tv_nsec == 30000000 && cur.it_value.tv_nsec <= 30000000);
	while (ticks < 3)
		pause();
	printf("ticks >= 3, si_code %s, value %d\n", t_sicode(SIGRTMIN, code), value);
	T_CHECK(timer_delete(t));
	int seen = ticks;
	t_sleep_ms(100);
	printf("stopped after delete: %s\n", ticks == seen ? "yes" : "no");
	T_CHECK(timer_create(99, &ev, &t));
	return 0;
}
